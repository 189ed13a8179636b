"use client";
// A listing's photos: upload (with progress), remove, reorder and choose the cover.
// LOCAL: the file is POSTed as multipart form data straight to the tRPC mutation
// uploads.uploadLocal with XMLHttpRequest (fetch cannot report upload progress); the reply is
// tRPC's own JSON envelope, read with superjson like the tRPC client would.
// CLOUDINARY: next-cloudinary's upload widget (it shows its own progress) signs through
// /api/uploads/cloudinary-signature, then uploads.registerCloudinary checks the result.
// Either way the stored asset is then added with listings.addPhoto.
import { useCallback, useEffect, useId, useRef, useState } from "react";
import superjson from "superjson";
import { CldUploadWidget, type CloudinaryUploadWidgetInfo, type CloudinaryUploadWidgetResults } from "next-cloudinary";
import { api, errorMessage } from "@/components/trpc/react";
import { Alert, Badge, Button, EmptyState, Loading, cn } from "@/components/ui";
import { CLOUDINARY_ALLOWED_FORMATS, CLOUDINARY_FOLDERS, LISTING_PHOTO_LIMITS, MB } from "@/server/uploads/limits";

/** As server/listings/manage.ts MAX_PHOTOS. */
const MAX_PHOTOS = 8;

const LIMITS_TEXT = `JPEG, PNG or WebP, up to ${LISTING_PHOTO_LIMITS.maxBytes / MB} MB, at least ${LISTING_PHOTO_LIMITS.minSide} pixels on each side.`;

interface StoredUpload {
  assetId: string;
  url: string;
  width: number;
  height: number;
}

/** An error as the tRPC client would give it: a message and the formatter's data. */
class UploadError extends Error {
  constructor(
    message: string,
    readonly data: { appCode?: string | null; reason?: string | null; fieldErrors?: Record<string, string[]> | null } | null = null,
  ) {
    super(message);
    this.name = "UploadError";
  }
}

type TrpcEnvelope = { result?: { data?: unknown }; error?: unknown };

/**
 * POSTs the form to a tRPC mutation as httpLink would (multipart body, no batching, no
 * transformer on the input), reporting upload progress, and unwraps tRPC's reply:
 * `{ result: { data: <superjson> } }` or `{ error: <superjson of the error shape> }`.
 */
export function postFormToTrpc<T>(path: string, form: FormData, onProgress: (fraction: number) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/trpc/${path}`);
    xhr.responseType = "text";
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onerror = () => reject(new UploadError("The upload was interrupted. Check your connection and try again."));
    xhr.onabort = () => reject(new UploadError("The upload was cancelled."));
    xhr.onload = () => {
      let body: TrpcEnvelope | null;
      try {
        body = JSON.parse(xhr.responseText) as TrpcEnvelope | null;
      } catch {
        body = null;
      }
      if (body?.result && "data" in body.result) {
        resolve(superjson.deserialize(body.result.data as Parameters<typeof superjson.deserialize>[0]) as T);
        return;
      }
      if (body?.error) {
        const shape = superjson.deserialize(body.error as Parameters<typeof superjson.deserialize>[0]) as {
          message?: string;
          data?: UploadError["data"];
        };
        reject(new UploadError(shape?.message || "The upload was refused.", shape?.data ?? null));
        return;
      }
      reject(
        new UploadError(
          xhr.status === 413 ? "The file is too large for the server." : `The upload failed (HTTP ${xhr.status}). Please try again.`,
        ),
      );
    };
    xhr.send(form);
  });
}

/** The message for a refused upload, with the field message when the form itself was wrong. */
function uploadErrorText(error: unknown): string {
  if (error instanceof UploadError) {
    const field = error.data?.fieldErrors?.file?.[0] ?? error.data?.fieldErrors?._form?.[0];
    return field ?? error.message;
  }
  return errorMessage(error) ?? "The upload failed.";
}

interface UploadItem {
  key: string;
  name: string;
  /** 0–1 while the bytes travel; null once they arrived (the server is checking). */
  progress: number | null;
  stage: "uploading" | "checking" | "adding";
}

type Media = { assetId: string; url: string; width: number | null; height: number | null; position: number };

export function MediaManager({ listingId, provider }: { listingId: string; provider: "LOCAL" | "CLOUDINARY" }) {
  const utils = api.useUtils();
  const query = api.listings.forEdit.useQuery({ listingId });
  const addPhoto = api.listings.addPhoto.useMutation();
  const removePhoto = api.listings.removePhoto.useMutation();
  const arrange = api.listings.arrangePhotos.useMutation();
  const registerCloudinary = api.uploads.registerCloudinary.useMutation();

  const [uploads, setUploads] = useState<UploadItem[]>([]);
  const [errors, setErrors] = useState<string[]>([]);
  const [announcement, setAnnouncement] = useState("");
  const [confirmRemove, setConfirmRemove] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const inputId = useId();
  const hintId = `${inputId}-hint`;

  const media: Media[] = query.data?.media ?? [];
  const coverAssetId = query.data?.listing.coverAssetId ?? media[0]?.assetId ?? null;
  const busy = uploads.length > 0 || arrange.isPending || removePhoto.isPending;
  const full = media.length >= MAX_PHOTOS;

  const refresh = useCallback(() => utils.listings.forEdit.invalidate({ listingId }), [utils, listingId]);

  // After a change the list re-renders (and a moved item loses focus): put focus back on the
  // control that was used, or its neighbour when that one is now disabled.
  const [focusTarget, setFocusTarget] = useState<string | null>(null);
  useEffect(() => {
    if (!focusTarget || busy) return;
    setFocusTarget(null);
    const el = document.getElementById(focusTarget) as HTMLButtonElement | null;
    if (el && !el.disabled) return el.focus();
    const sibling = focusTarget.replace(/-(up|down)$/, (_, d: string) => (d === "up" ? "-down" : "-up"));
    (document.getElementById(sibling) ?? document.getElementById(`${inputId}-section`))?.focus();
  }, [focusTarget, busy, query.data, inputId]);

  async function attach(stored: StoredUpload, name: string) {
    await addPhoto.mutateAsync({ listingId, assetId: stored.assetId });
    await refresh();
    setAnnouncement(`${name} was added to the listing.`);
  }

  async function uploadLocalFiles(files: File[]) {
    const room = MAX_PHOTOS - media.length;
    const problems: string[] = [];
    if (files.length > room) problems.push(`Only ${room} more photo${room === 1 ? "" : "s"} fit on this listing (at most ${MAX_PHOTOS}).`);
    const queue = files.slice(0, Math.max(0, room)).filter((file) => {
      // Early refusals spare a useless upload; the server checks the bytes regardless.
      if (file.size > LISTING_PHOTO_LIMITS.maxBytes) {
        problems.push(`${file.name}: this file is ${(file.size / MB).toFixed(1)} MB; photos can be at most ${LISTING_PHOTO_LIMITS.maxBytes / MB} MB.`);
        return false;
      }
      if (file.size === 0) {
        problems.push(`${file.name}: the file is empty.`);
        return false;
      }
      return true;
    });
    setErrors(problems);
    const items = queue.map((file, i) => ({ key: `${Date.now()}-${i}-${file.name}`, name: file.name, progress: 0, stage: "uploading" as const }));
    setUploads(items);
    for (const [i, file] of queue.entries()) {
      const key = items[i]!.key;
      const update = (patch: Partial<UploadItem>) => setUploads((list) => list.map((u) => (u.key === key ? { ...u, ...patch } : u)));
      try {
        const form = new FormData();
        form.append("purpose", "LISTING_MEDIA");
        form.append("file", file);
        const stored = await postFormToTrpc<StoredUpload>("uploads.uploadLocal", form, (fraction) => {
          update(fraction >= 1 ? { progress: null, stage: "checking" } : { progress: fraction });
        });
        update({ progress: null, stage: "adding" });
        await attach(stored, file.name);
      } catch (error) {
        setErrors((list) => [...list, `${file.name}: ${uploadErrorText(error)}`]);
      } finally {
        setUploads((list) => list.filter((u) => u.key !== key));
      }
    }
    if (fileInput.current) fileInput.current.value = "";
  }

  async function onCloudinarySuccess(results: CloudinaryUploadWidgetResults) {
    const info = results.info;
    if (!info || typeof info === "string") return;
    const result = info as CloudinaryUploadWidgetInfo & { signature?: string };
    const name = result.original_filename ?? "The photo";
    const key = `cld-${result.public_id}`;
    setUploads((list) => [...list, { key, name, progress: null, stage: "checking" }]);
    try {
      const stored = await registerCloudinary.mutateAsync({
        purpose: "LISTING_MEDIA",
        public_id: result.public_id,
        version: Number(result.version),
        signature: result.signature ?? "",
        format: result.format,
        bytes: result.bytes,
        width: result.width,
        height: result.height,
        secure_url: result.secure_url,
        resource_type: result.resource_type,
      });
      setUploads((list) => list.map((u) => (u.key === key ? { ...u, stage: "adding" } : u)));
      await attach(stored, name);
    } catch (error) {
      setErrors((list) => [...list, `${name}: ${uploadErrorText(error)}`]);
    } finally {
      setUploads((list) => list.filter((u) => u.key !== key));
    }
  }

  async function saveArrangement(order: string[], cover: string, focusId: string | null, message: string) {
    setErrors([]);
    try {
      await arrange.mutateAsync({ listingId, order, coverAssetId: cover });
      await refresh();
      setFocusTarget(focusId);
      setAnnouncement(message);
    } catch (error) {
      setErrors([errorMessage(error) ?? "The photos could not be rearranged."]);
    }
  }

  function move(index: number, delta: -1 | 1) {
    const order = media.map((m) => m.assetId);
    const target = index + delta;
    if (target < 0 || target >= order.length) return;
    [order[index], order[target]] = [order[target]!, order[index]!];
    const assetId = media[index]!.assetId;
    void saveArrangement(order, coverAssetId ?? order[0]!, `${assetId}-${delta < 0 ? "up" : "down"}`, `Photo moved to position ${target + 1} of ${order.length}.`);
  }

  function makeCover(assetId: string, index: number) {
    void saveArrangement(media.map((m) => m.assetId), assetId, `${assetId}-cover`, `Photo ${index + 1} is now the cover.`);
  }

  async function remove(assetId: string, index: number) {
    setErrors([]);
    setConfirmRemove(null);
    try {
      await removePhoto.mutateAsync({ listingId, assetId });
      await refresh();
      setFocusTarget(`${inputId}-section`);
      setAnnouncement(`Photo ${index + 1} was removed.`);
    } catch (error) {
      setErrors([errorMessage(error) ?? "The photo could not be removed."]);
    }
  }

  if (query.isLoading) return <Loading label="Loading photos…" />;
  if (query.error) return <Alert title="Photos cannot be shown">{errorMessage(query.error)}</Alert>;

  return (
    <section id={`${inputId}-section`} tabIndex={-1} aria-label="Listing photos" className="space-y-4 outline-none">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-slate-700">
          <span className="font-medium text-slate-900">{media.length}</span> of {MAX_PHOTOS} photos
        </p>
        {provider === "LOCAL" ? (
          <div>
            <input
              ref={fileInput}
              id={inputId}
              type="file"
              accept={LISTING_PHOTO_LIMITS.accept}
              multiple
              className="peer sr-only"
              aria-describedby={hintId}
              disabled={busy || full}
              onChange={(e) => {
                const files = Array.from(e.target.files ?? []);
                if (files.length > 0) void uploadLocalFiles(files);
              }}
            />
            <label
              htmlFor={inputId}
              className={cn(
                "inline-flex cursor-pointer items-center justify-center gap-2 rounded-md bg-teal-700 px-3.5 py-2 text-sm font-medium text-white shadow-sm transition hover:bg-teal-800",
                "peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-teal-600",
                (busy || full) && "cursor-not-allowed opacity-50 hover:bg-teal-700",
              )}
            >
              Add photos
            </label>
          </div>
        ) : (
          <CloudinaryButton disabled={busy || full} onSuccess={onCloudinarySuccess} onError={(message) => setErrors([message])} />
        )}
      </div>
      <p id={hintId} className="text-xs text-slate-500">
        {full ? `This listing has the most photos it can have (${MAX_PHOTOS}). Remove one to add another.` : LIMITS_TEXT} Travelers see
        the cover first.
      </p>

      <div aria-live="polite" className="sr-only">
        {announcement}
      </div>

      {errors.length > 0 && (
        <Alert title={errors.length === 1 ? "A photo was not added" : "Some photos were not added"}>
          <ul className="list-disc space-y-0.5 pl-5">
            {errors.map((e, i) => (
              <li key={i}>{e}</li>
            ))}
          </ul>
        </Alert>
      )}

      {uploads.length > 0 && (
        <ul className="space-y-2" aria-label="Uploads in progress">
          {uploads.map((u) => {
            const percent = u.stage === "uploading" && u.progress !== null ? Math.round(u.progress * 100) : null;
            return (
              <li key={u.key} className="rounded-md bg-slate-50 p-3 ring-1 ring-slate-200">
                <div className="flex justify-between gap-2 text-sm">
                  <span className="truncate font-medium text-slate-800">{u.name}</span>
                  <span className="shrink-0 tabular-nums text-slate-600">{percent !== null ? `${percent}%` : u.stage === "checking" ? "Checking…" : "Adding…"}</span>
                </div>
                <div
                  role="progressbar"
                  aria-label={`Uploading ${u.name}`}
                  aria-valuemin={0}
                  aria-valuemax={100}
                  aria-valuenow={percent ?? undefined}
                  aria-valuetext={percent !== null ? `${percent}%` : u.stage === "checking" ? "Checking the photo" : "Adding it to the listing"}
                  className="mt-2 h-2 overflow-hidden rounded-full bg-slate-200"
                >
                  <div
                    className={cn("h-full rounded-full bg-teal-700 transition-[width] duration-200", percent === null && "w-full animate-pulse")}
                    style={percent !== null ? { width: `${Math.max(2, percent)}%` } : undefined}
                  />
                </div>
              </li>
            );
          })}
        </ul>
      )}

      {media.length === 0 ? (
        uploads.length === 0 && (
          <EmptyState title="No photos yet">Add at least one photo: travelers see the cover first, on the listing and in search.</EmptyState>
        )
      ) : (
        <ol className="space-y-2" aria-label="Photos, in the order travelers see them">
          {media.map((m, i) => {
            const isCover = m.assetId === coverAssetId;
            const n = i + 1;
            const confirming = confirmRemove === m.assetId;
            return (
              <li key={m.assetId} className={cn("flex gap-3 rounded-lg bg-white p-2 ring-1", isCover ? "ring-2 ring-teal-600" : "ring-slate-200")}>
                <div className="relative h-20 w-28 shrink-0 overflow-hidden rounded-md bg-slate-100">
                  {/* eslint-disable-next-line @next/next/no-img-element -- served by our authorised route or by Cloudinary */}
                  <img
                    src={m.url}
                    alt={`Photo ${n} of ${media.length}${isCover ? " (cover)" : ""}`}
                    width={m.width ?? undefined}
                    height={m.height ?? undefined}
                    className="h-full w-full object-cover"
                  />
                  <span aria-hidden="true" className="absolute left-1 top-1 rounded bg-white/90 px-1.5 text-xs font-semibold text-slate-800">
                    {n}
                  </span>
                </div>
                <div className="flex min-w-0 flex-1 flex-col justify-between gap-2">
                  <div className="flex items-center justify-between gap-2">
                    {isCover ? (
                      <span id={`${m.assetId}-cover`} tabIndex={-1} className="outline-none">
                        <Badge tone="good">Cover</Badge>
                      </span>
                    ) : (
                      <button
                        type="button"
                        className="rounded text-xs font-medium text-teal-700 hover:underline focus-visible:outline-2 focus-visible:outline-teal-600 disabled:text-slate-400 disabled:no-underline"
                        aria-label={`Make photo ${n} the cover`}
                        disabled={busy}
                        onClick={() => makeCover(m.assetId, i)}
                      >
                        Make cover
                      </button>
                    )}
                    {m.width && m.height && <span className="text-xs tabular-nums text-slate-500">{m.width}×{m.height}</span>}
                  </div>
                  {confirming ? (
                    <div key="confirm" className="flex flex-wrap items-center gap-1.5" role="group" aria-label={`Remove photo ${n}?`}>
                      <Button
                        variant="danger"
                        className="px-2 py-1 text-xs"
                        aria-label={`Confirm removing photo ${n}`}
                        autoFocus
                        busy={removePhoto.isPending}
                        onClick={() => void remove(m.assetId, i)}
                      >
                        Remove
                      </Button>
                      <Button
                        variant="secondary"
                        className="px-2 py-1 text-xs"
                        aria-label={`Keep photo ${n}`}
                        onClick={() => {
                          setConfirmRemove(null);
                          setFocusTarget(`${m.assetId}-remove`);
                        }}
                      >
                        Keep
                      </Button>
                    </div>
                  ) : (
                    <div key="controls" className="flex flex-wrap items-center gap-1">
                      <Button
                        id={`${m.assetId}-up`}
                        variant="secondary"
                        className="h-8 w-8 px-0 py-0"
                        aria-label={`Move photo ${n} earlier`}
                        title="Move earlier"
                        disabled={busy || i === 0}
                        onClick={() => move(i, -1)}
                      >
                        <span aria-hidden="true">↑</span>
                      </Button>
                      <Button
                        id={`${m.assetId}-down`}
                        variant="secondary"
                        className="h-8 w-8 px-0 py-0"
                        aria-label={`Move photo ${n} later`}
                        title="Move later"
                        disabled={busy || i === media.length - 1}
                        onClick={() => move(i, 1)}
                      >
                        <span aria-hidden="true">↓</span>
                      </Button>
                      <Button
                        id={`${m.assetId}-remove`}
                        variant="ghost"
                        className="ml-auto px-2 py-1 text-xs text-rose-700 hover:bg-rose-50"
                        aria-label={`Remove photo ${n}`}
                        disabled={busy}
                        onClick={() => setConfirmRemove(m.assetId)}
                      >
                        Remove
                      </Button>
                    </div>
                  )}
                </div>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

/** The Cloudinary widget behind a button; its settings come from uploads.signCloudinary. */
function CloudinaryButton({
  disabled,
  onSuccess,
  onError,
}: {
  disabled: boolean;
  onSuccess: (results: CloudinaryUploadWidgetResults) => void;
  onError: (message: string) => void;
}) {
  const settings = api.uploads.signCloudinary.useQuery(undefined, { staleTime: 30 * 60_000 });
  if (settings.error) return <Alert title="Uploads are unavailable">{errorMessage(settings.error)}</Alert>;
  if (!settings.data) return <Button disabled busy>Add photos</Button>;
  return (
    <CldUploadWidget
      signatureEndpoint="/api/uploads/cloudinary-signature"
      config={{ cloud: { cloudName: settings.data.cloudName, apiKey: settings.data.apiKey } }}
      options={{
        folder: CLOUDINARY_FOLDERS.LISTING_MEDIA,
        sources: ["local", "camera"],
        multiple: false,
        maxFiles: 1,
        resourceType: "image",
        clientAllowedFormats: CLOUDINARY_ALLOWED_FORMATS.split(","),
        maxFileSize: LISTING_PHOTO_LIMITS.maxBytes,
      }}
      onSuccess={(results) => onSuccess(results)}
      onError={(error) => onError(typeof error === "string" ? error : (error?.statusText ?? "The upload to Cloudinary failed."))}
    >
      {({ open, isLoading }) => (
        <Button type="button" disabled={disabled} busy={isLoading} onClick={() => open()}>
          {isLoading ? "Loading the uploader…" : "Add photos"}
        </Button>
      )}
    </CldUploadWidget>
  );
}

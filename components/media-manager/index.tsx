"use client";
// A listing's photos: upload (with progress), remove, reorder and choose the cover. The sections
// live beside this file: upload-transport.ts (LOCAL multipart POST with progress),
// cloudinary-button.tsx (CLOUDINARY widget), upload-progress.tsx, photo-row.tsx.
// Either way the stored asset is then added with listings.addPhoto.
import { useCallback, useEffect, useId, useRef, useState } from "react";
import type { CloudinaryUploadWidgetInfo, CloudinaryUploadWidgetResults } from "next-cloudinary";
import { api, errorMessage } from "@/components/trpc/react";
import { Alert, EmptyState, Loading, cn } from "@/components/ui";
import { LISTING_PHOTO_LIMITS, MB } from "@/shared/upload-limits";
import { CloudinaryButton } from "./cloudinary-button";
import { PhotoRow, type Media } from "./photo-row";
import { UploadProgress, type UploadItem } from "./upload-progress";
import { postFormToTrpc, uploadErrorText } from "./upload-transport";

/** As server/listings/manage.ts MAX_PHOTOS. */
const MAX_PHOTOS = 8;

const LIMITS_TEXT = `JPEG, PNG or WebP, up to ${LISTING_PHOTO_LIMITS.maxBytes / MB} MB, at least ${LISTING_PHOTO_LIMITS.minSide} pixels on each side.`;

interface StoredUpload {
  assetId: string;
  url: string;
  width: number | null;
  height: number | null;
}

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
    if (files.length > room)
      problems.push(`Only ${room} more photo${room === 1 ? "" : "s"} fit on this listing (at most ${MAX_PHOTOS}).`);
    const queue = files.slice(0, Math.max(0, room)).filter((file) => {
      // Early refusals spare a useless upload; the server checks the bytes regardless.
      if (file.size > LISTING_PHOTO_LIMITS.maxBytes) {
        problems.push(
          `${file.name}: this file is ${(file.size / MB).toFixed(1)} MB; photos can be at most ${LISTING_PHOTO_LIMITS.maxBytes / MB} MB.`,
        );
        return false;
      }
      if (file.size === 0) {
        problems.push(`${file.name}: the file is empty.`);
        return false;
      }
      return true;
    });
    setErrors(problems);
    const items = queue.map((file, i) => ({
      key: `${Date.now()}-${i}-${file.name}`,
      name: file.name,
      progress: 0,
      stage: "uploading" as const,
    }));
    setUploads(items);
    for (const [i, file] of queue.entries()) {
      const key = items[i]!.key;
      const update = (patch: Partial<UploadItem>) =>
        setUploads((list) => list.map((u) => (u.key === key ? { ...u, ...patch } : u)));
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
    void saveArrangement(
      order,
      coverAssetId ?? order[0]!,
      `${assetId}-${delta < 0 ? "up" : "down"}`,
      `Photo moved to position ${target + 1} of ${order.length}.`,
    );
  }

  function makeCover(assetId: string, index: number) {
    void saveArrangement(
      media.map((m) => m.assetId),
      assetId,
      `${assetId}-cover`,
      `Photo ${index + 1} is now the cover.`,
    );
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
        {full ? `This listing has the most photos it can have (${MAX_PHOTOS}). Remove one to add another.` : LIMITS_TEXT}{" "}
        Travelers see the cover first.
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

      <UploadProgress uploads={uploads} />

      {media.length === 0 ? (
        uploads.length === 0 && (
          <EmptyState title="No photos yet">
            Add at least one photo: travelers see the cover first, on the listing and in search.
          </EmptyState>
        )
      ) : (
        <ol className="space-y-2" aria-label="Photos, in the order travelers see them">
          {media.map((m, i) => (
            <PhotoRow
              key={m.assetId}
              photo={m}
              index={i}
              count={media.length}
              isCover={m.assetId === coverAssetId}
              confirming={confirmRemove === m.assetId}
              busy={busy}
              removing={removePhoto.isPending}
              onMakeCover={() => makeCover(m.assetId, i)}
              onMove={(delta) => move(i, delta)}
              onAskRemove={() => setConfirmRemove(m.assetId)}
              onRemove={() => void remove(m.assetId, i)}
              onKeep={() => {
                setConfirmRemove(null);
                setFocusTarget(`${m.assetId}-remove`);
              }}
            />
          ))}
        </ol>
      )}
    </section>
  );
}

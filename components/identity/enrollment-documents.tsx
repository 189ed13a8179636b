"use client";
// The enrollment's papers: one slot per document, uploaded through the server's checks.
import { useId, useState } from "react";
import { api } from "@/components/trpc/react";
import { postFormToTrpc } from "@/components/media-manager/upload-transport";
import { Button } from "@/components/ui";
import type { EnrollmentDocumentKind } from "@/db/schema/values";
import { ENROLLMENT_DOCUMENT_LIMITS } from "@/shared/upload-limits";

export const DOCUMENTS: { kind: EnrollmentDocumentKind; label: string; hint: string; required: boolean }[] = [
  { kind: "ID_FRONT", label: "ID card, front", hint: "A clear photo or scan of the side with your name.", required: true },
  { kind: "ID_BACK", label: "ID card, back", hint: "The other side of the same card.", required: true },
  {
    kind: "PROOF_OF_ADDRESS",
    label: "Proof of address (optional)",
    hint: "A recent bill or statement; a PDF is fine here.",
    required: false,
  },
];

export type Provider = "LOCAL" | "CLOUDINARY";

type Uploaded = { kind: EnrollmentDocumentKind; assetId: string; url: string | null; format: string; label: string };

/**
 * CLOUDINARY: the browser posts the file straight to Cloudinary with parameters the server signed
 * (private `authenticated` delivery, the documents folder), then the server registers the result
 * after checking Cloudinary's signature and the same rules.
 */
async function uploadToCloudinary(
  file: File,
  sign: () => Promise<{ uploadUrl: string; apiKey: string; signature: string; params: Record<string, string | number> }>,
) {
  const signed = await sign();
  const form = new FormData();
  form.append("file", file);
  for (const [k, v] of Object.entries(signed.params)) form.append(k, String(v));
  form.append("api_key", signed.apiKey);
  form.append("signature", signed.signature);
  const res = await fetch(signed.uploadUrl, { method: "POST", body: form });
  const body = (await res.json().catch(() => null)) as Record<string, unknown> | null;
  if (!res.ok || !body)
    throw new Error(
      (body?.error as { message?: string } | undefined)?.message ?? "The upload to Cloudinary failed. Please try again.",
    );
  return body as {
    public_id: string;
    version: number;
    signature: string;
    format: string;
    bytes: number;
    width?: number;
    height?: number;
    secure_url: string;
    resource_type: string;
  };
}

export function DocumentSlot({
  doc,
  uploaded,
  provider,
}: {
  doc: (typeof DOCUMENTS)[number];
  uploaded: Uploaded | null;
  provider: Provider;
}) {
  const utils = api.useUtils();
  const remove = api.identity.removeDocument.useMutation({ onSuccess: () => utils.identity.mine.invalidate() });
  const register = api.identity.registerCloudinaryDocument.useMutation();
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const inputId = useId();

  async function upload(file: File) {
    setError(null);
    setProgress(0);
    const form = new FormData();
    form.append("kind", doc.kind);
    form.append("file", file, file.name);
    try {
      if (provider === "CLOUDINARY") {
        const result = await uploadToCloudinary(file, () => utils.identity.signDocumentUpload.fetch(undefined, { staleTime: 0 }));
        await register.mutateAsync({
          kind: doc.kind,
          public_id: result.public_id,
          version: Number(result.version),
          signature: result.signature,
          format: result.format,
          bytes: result.bytes,
          width: result.width ?? 0,
          height: result.height ?? 0,
          secure_url: result.secure_url,
          resource_type: result.resource_type,
        });
      } else {
        await postFormToTrpc("identity.uploadDocument", form, setProgress);
      }
      await utils.identity.mine.invalidate();
    } catch (err) {
      const e = err as { message?: string; data?: { fieldErrors?: Record<string, string[]> | null } | null };
      setError(e.data?.fieldErrors?.file?.[0] ?? e.message ?? "The upload failed.");
    } finally {
      setProgress(null);
    }
  }

  return (
    <li className="space-y-2">
      <p className="text-sm font-medium text-slate-800">{doc.label}</p>
      {uploaded?.url ? (
        uploaded.format === "pdf" ? (
          <a
            href={uploaded.url}
            target="_blank"
            rel="noopener"
            className="block rounded-md bg-slate-50 p-4 text-sm text-teal-700 ring-1 ring-slate-200"
          >
            PDF uploaded: open it<span className="sr-only"> (opens in a new tab)</span>
          </a>
        ) : (
          // eslint-disable-next-line @next/next/no-img-element -- private and no-store: not through the image optimiser
          <img
            src={uploaded.url}
            alt={`${doc.label} as uploaded`}
            className="aspect-[3/2] w-full rounded-md object-cover ring-1 ring-slate-200"
          />
        )
      ) : (
        <div className="flex aspect-[3/2] items-center justify-center rounded-md border-2 border-dashed border-slate-300 text-xs text-slate-500">
          Not uploaded yet
        </div>
      )}
      <label htmlFor={inputId} className="block text-xs text-slate-600">
        {uploaded ? "Replace" : "Upload"} {doc.label.replace(" (optional)", "")}
      </label>
      <input
        id={inputId}
        type="file"
        accept={doc.kind === "PROOF_OF_ADDRESS" ? ENROLLMENT_DOCUMENT_LIMITS.accept : "image/jpeg,image/png,image/webp"}
        disabled={progress !== null}
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          e.currentTarget.value = "";
          if (file) void upload(file);
        }}
        className="block w-full text-sm text-slate-700 file:mr-3 file:rounded-md file:border-0 file:bg-teal-50 file:px-3 file:py-1.5 file:text-sm file:font-medium file:text-teal-800 hover:file:bg-teal-100"
      />
      <p className="text-xs text-slate-500">{doc.hint}</p>
      {progress !== null && (
        <p role="status" className="text-xs text-slate-600">
          Uploading… {Math.round(progress * 100)}%
        </p>
      )}
      {error && (
        <p role="alert" className="text-sm text-rose-700">
          {error}
        </p>
      )}
      {uploaded && !doc.required && (
        <Button variant="secondary" onClick={() => remove.mutate({ kind: doc.kind })} busy={remove.isPending}>
          Remove
        </Button>
      )}
    </li>
  );
}

// The shapes identity procedures accept and answer with (tRPC input and output schemas). The national
// ID number has no field in any output.
import { z } from "zod";
import { ENROLLMENT_DOCUMENT_KINDS, ENROLLMENT_STATUSES } from "@/db/schema/values";
import { strictInput } from "@/server/validation";

export const kind = z.enum(ENROLLMENT_DOCUMENT_KINDS, { error: "Choose which document this is." });
export const status = z.enum(ENROLLMENT_STATUSES);

/** A multipart form with one `file` and its `kind`; nothing else. */
export const documentForm = z
  .instanceof(FormData, { error: "Send the document as a multipart form." })
  .transform((form, ctx) => {
    const unknown = [...new Set(form.keys())].filter((k) => k !== "file" && k !== "kind");
    if (unknown.length > 0) {
      ctx.addIssue({ code: "custom", message: `Unexpected field(s): ${unknown.join(", ")}.` });
      return z.NEVER;
    }
    if (form.getAll("file").length > 1) {
      ctx.addIssue({ code: "custom", path: ["file"], message: "Upload one document at a time." });
      return z.NEVER;
    }
    return { file: form.get("file"), kind: form.get("kind") } as Record<string, unknown>;
  })
  .pipe(z.object({ file: z.instanceof(Blob, { error: "Choose a file to upload." }), kind }));

export const documentView = z.object({
  kind,
  label: z.string(),
  assetId: z.string().uuid(),
  format: z.string(),
  bytes: z.number(),
  width: z.number().nullable(),
  height: z.number().nullable(),
  /** The authorised route (LOCAL) or a short-lived signed URL (Cloudinary); null when not for this viewer. */
  url: z.string().nullable(),
});

export const profileView = z
  .object({
    legalName: z.string(),
    dateOfBirth: z.string(),
    districtId: z.string().uuid(),
    districtName: z.string(),
    nidLast4: z.string(),
  })
  .nullable();

export const historyRow = z.object({
  id: z.string().uuid(),
  status,
  decisionNote: z.string().nullable(),
  createdAt: z.date(),
  submittedAt: z.date().nullable(),
  decidedAt: z.date().nullable(),
});

export const cloudinaryDocument = strictInput({
  kind,
  public_id: z.string().min(1).max(255),
  version: z.number().int().positive(),
  signature: z.string().regex(/^[0-9a-f]{40}([0-9a-f]{24})?$/, "Not a Cloudinary signature."),
  format: z.string().min(1).max(10),
  bytes: z.number().int().nonnegative(),
  width: z.number().int().nonnegative(),
  height: z.number().int().nonnegative(),
  secure_url: z.string().url().max(1000),
  resource_type: z.string().max(20),
});

export const attached = z.object({ kind, assetId: z.string().uuid() });

// The LOCAL provider: validated files written under UPLOADS_DIR with a random name (nothing the
// uploader sends becomes part of a path), registered in upload_assets, served by
// /api/uploads/<assetId> through `serveUpload`.
import "server-only";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdir, readFile, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Database } from "@/db/client";
import { uploadAssets } from "@/db/schema/uploads";
import { AppError } from "@/server/errors";
import type { Subject } from "@/server/policy/subject";
import type { AuditFn } from "@/server/audit";
import { EXTENSIONS, makeVariant, type VariantName } from "./image";
import { localUploadsDir, uploadProvider } from "./provider";
import { checkSize, inspectUpload, rulesFor } from "./rules";
import type { UploadPurpose } from "./rules";

export interface StoredUpload {
  assetId: string;
  url: string;
  format: string;
  bytes: number;
  /** Null for a PDF. */
  width: number | null;
  height: number | null;
}

/** A LOCAL file name: 32 hex characters and one of our extensions. Anything else is never read. */
const LOCAL_NAME = /^[0-9a-f]{32}\.(jpg|png|webp|pdf)$/;

/** Where a stored file's responsive variant lives: beside it, `<name>-<variant>.webp`. */
function variantName(publicId: string, variant: VariantName): string {
  return `${publicId.slice(0, 32)}-${variant}.webp`;
}

export function localUrl(assetId: string): string {
  return `/api/uploads/${assetId}`;
}

export async function storeLocalUpload(
  deps: { db: Database; user: Subject; audit: AuditFn },
  input: { file: Blob; purpose: UploadPurpose },
): Promise<StoredUpload> {
  if (uploadProvider() !== "LOCAL") {
    throw new AppError("INVALID_STATE", "This server stores uploads with Cloudinary; use the Cloudinary upload.");
  }
  const rules = rulesFor(input.purpose);
  // The declared size first, so an oversize file is not copied again to be refused.
  checkSize(input.file.size, rules);
  const image = await inspectUpload(Buffer.from(await input.file.arrayBuffer()), input.purpose);

  const assetId = randomUUID();
  const name = `${randomBytes(16).toString("hex")}.${image.format === "pdf" ? "pdf" : EXTENSIONS[image.format]}`;
  const dir = localUploadsDir();
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, name);
  await writeFile(file, image.cleaned, { flag: "wx", mode: 0o640 });
  try {
    await deps.db.insert(uploadAssets).values({
      id: assetId,
      ownerId: deps.user.id,
      provider: "LOCAL",
      publicId: name,
      url: localUrl(assetId),
      format: image.format,
      bytes: image.cleaned.length,
      width: image.width,
      height: image.height,
      purpose: input.purpose,
    });
  } catch (err) {
    await unlink(file).catch(() => {});
    throw err;
  }
  const stored = {
    assetId,
    url: localUrl(assetId),
    format: image.format,
    bytes: image.cleaned.length,
    width: image.width,
    height: image.height,
  };
  deps.audit({
    action: "UPLOAD_STORED",
    targetType: "upload_asset",
    targetId: assetId,
    changes: {
      provider: "LOCAL",
      purpose: input.purpose,
      format: stored.format,
      bytes: stored.bytes,
      width: stored.width,
      height: stored.height,
    },
  });
  return stored;
}

/** A LOCAL file's bytes by its stored name; null when the name is not ours or the file is gone. */
export async function readLocalFile(publicId: string): Promise<Buffer | null> {
  if (!LOCAL_NAME.test(publicId)) return null;
  try {
    return await readFile(path.join(localUploadsDir(), publicId));
  } catch {
    return null;
  }
}

/**
 * A LOCAL file's responsive variant (WebP) by the original's stored name: made from the cleaned
 * original on its first request and kept beside it. Null when the original is gone.
 */
export async function readLocalVariant(publicId: string, variant: VariantName): Promise<Buffer | null> {
  if (!LOCAL_NAME.test(publicId)) return null;
  const file = path.join(localUploadsDir(), variantName(publicId, variant));
  try {
    return await readFile(file);
  } catch {
    const original = await readLocalFile(publicId);
    if (!original) return null;
    const made = await makeVariant(original, variant);
    await writeFile(file, made, { mode: 0o640 }).catch(() => {});
    return made;
  }
}

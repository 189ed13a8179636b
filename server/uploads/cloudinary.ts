// The CLOUDINARY provider: the server signs upload parameters with the official SDK (the browser
// uploads straight to Cloudinary), then registers the result only after checking Cloudinary's
// response signature, the forced folder and the same type, size and dimension rules.
import "server-only";
import { v2 as cloudinary } from "cloudinary";
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { uploadAssets } from "@/db/schema/uploads";
import { AppError } from "@/server/errors";
import type { Subject } from "@/server/policy/subject";
import type { AuditFn } from "@/server/audit";
import { cloudinarySettings, type CloudinarySettings } from "./provider";
import { checkReportedDocument, checkReportedImage, formatList, rejectUpload, rulesFor } from "./rules";
import type { UploadPurpose } from "./rules";
import { CLOUDINARY_ALLOWED_FORMATS, CLOUDINARY_DOCUMENT_FORMATS, CLOUDINARY_FOLDERS } from "@/shared/upload-limits";
import type { StoredUpload } from "./local";

export { CLOUDINARY_ALLOWED_FORMATS, CLOUDINARY_FOLDERS };

/** How far a widget's timestamp may be from the server's clock (Cloudinary itself allows an hour). */
const TIMESTAMP_SKEW_SECONDS = 10 * 60;

/** The upload widget's parameters we sign; anything else (public_id, eager, notification_url…) is refused. */
const WIDGET_PARAMS = new Set(["timestamp", "folder", "source", "allowed_formats", "custom_coordinates"]);

type ResponseSignatureVerifier = (publicId: string, version: number | string, signature: string) => boolean;

export function requireCloudinary(): CloudinarySettings {
  const settings = cloudinarySettings();
  if (!settings) throw new AppError("INVALID_STATE", "Cloudinary is not configured on this server; photos are stored locally.");
  return settings;
}

/** The SDK reads its secret from its global config (verify_api_response_signature does). */
function configure(settings: CloudinarySettings): void {
  cloudinary.config({ cloud_name: settings.cloudName, api_key: settings.apiKey, api_secret: settings.apiSecret, secure: true });
}

function sign(settings: CloudinarySettings, params: Record<string, string | number>): string {
  configure(settings);
  return cloudinary.utils.api_sign_request(params, settings.apiSecret);
}

/** Signed parameters for a direct browser upload (a plain form POST to `uploadUrl`). */
export function signUpload(settings: CloudinarySettings, purpose: UploadPurpose, now = new Date()) {
  rulesFor(purpose);
  const params = {
    timestamp: Math.floor(now.getTime() / 1000),
    folder: CLOUDINARY_FOLDERS[purpose],
    allowed_formats: CLOUDINARY_ALLOWED_FORMATS,
  };
  return {
    cloudName: settings.cloudName,
    apiKey: settings.apiKey,
    uploadUrl: `https://api.cloudinary.com/v1_1/${encodeURIComponent(settings.cloudName)}/image/upload`,
    params,
    signature: sign(settings, params),
  };
}

/**
 * Signs the parameters next-cloudinary's upload widget asks for, after checking them: only known
 * keys, the purpose's folder, a current timestamp, no formats beyond the accepted ones.
 */
export function signWidgetParams(
  settings: CloudinarySettings,
  paramsToSign: Record<string, string | number>,
  purpose: UploadPurpose,
  now = new Date(),
): string {
  rulesFor(purpose);
  const unknown = Object.keys(paramsToSign).filter((k) => !WIDGET_PARAMS.has(k));
  if (unknown.length > 0) rejectUpload("PARAM_NOT_ALLOWED", `These upload parameters cannot be signed: ${unknown.join(", ")}.`);
  const folder = CLOUDINARY_FOLDERS[purpose];
  if (paramsToSign.folder !== folder) rejectUpload("WRONG_FOLDER", `Uploads must go to the folder ${folder}.`);
  const timestamp = Number(paramsToSign.timestamp);
  if (!Number.isInteger(timestamp) || Math.abs(timestamp - now.getTime() / 1000) > TIMESTAMP_SKEW_SECONDS) {
    rejectUpload(
      "STALE_TIMESTAMP",
      "The upload's timestamp is missing or too far from the current time. Check the device clock and try again.",
    );
  }
  if (paramsToSign.source !== undefined && paramsToSign.source !== "uw") {
    rejectUpload("PARAM_NOT_ALLOWED", "Only uploads from the upload widget can be signed here.");
  }
  if (paramsToSign.allowed_formats !== undefined) {
    const allowed = new Set(CLOUDINARY_ALLOWED_FORMATS.split(","));
    const asked = String(paramsToSign.allowed_formats)
      .split(",")
      .map((f) => f.trim());
    if (asked.some((f) => !allowed.has(f)))
      rejectUpload("UNSUPPORTED_TYPE", `Photos must be ${formatList(rulesFor(purpose).formats)} images.`);
  }
  if (paramsToSign.custom_coordinates !== undefined && !/^\d+(,\d+){3}$/.test(String(paramsToSign.custom_coordinates))) {
    rejectUpload("PARAM_NOT_ALLOWED", "The crop area is not valid.");
  }
  return sign(settings, paramsToSign);
}

export interface CloudinaryUploadResult {
  public_id: string;
  version: number;
  signature: string;
  format: string;
  bytes: number;
  width: number;
  height: number;
  secure_url: string;
  resource_type: string;
}

/** Cloudinary's response signature, checked with the SDK (SHA-1 of public_id and version with the secret). */
export function verifyResponseSignature(
  settings: CloudinarySettings,
  result: Pick<CloudinaryUploadResult, "public_id" | "version" | "signature">,
): boolean {
  configure(settings);
  const verify = (cloudinary.utils as unknown as { verify_api_response_signature: ResponseSignatureVerifier })
    .verify_api_response_signature;
  return verify(result.public_id, result.version, result.signature);
}

/** The delivery URL: transformed (so Cloudinary strips metadata such as GPS) and versioned. */
export function deliveryUrl(settings: CloudinarySettings, publicId: string, version: number): string {
  configure(settings);
  return cloudinary.url(publicId, {
    secure: true,
    version,
    resource_type: "image",
    type: "upload",
    fetch_format: "auto",
    quality: "auto",
    urlAnalytics: false,
  });
}

/** Registers a browser upload after checking it really came from Cloudinary and fits the rules. */
export async function registerCloudinaryUpload(
  deps: { db: Database; user: Subject; audit: AuditFn },
  settings: CloudinarySettings,
  result: CloudinaryUploadResult,
  purpose: UploadPurpose,
): Promise<StoredUpload> {
  rulesFor(purpose);
  if (!verifyResponseSignature(settings, result)) {
    rejectUpload(
      "BAD_SIGNATURE",
      "Cloudinary's signature on this upload does not match, so it was not registered. Upload the photo again.",
    );
  }
  const folder = CLOUDINARY_FOLDERS[purpose];
  const rest = result.public_id.startsWith(`${folder}/`) ? result.public_id.slice(folder.length + 1) : "";
  if (!rest || rest.split("/").some((part) => part === "" || part === "." || part === "..")) {
    rejectUpload("WRONG_FOLDER", `This upload is not in the folder ${folder}.`);
  }
  if (result.resource_type !== "image") rejectUpload("NOT_AN_IMAGE_RESOURCE", "Only images can be added as photos.");
  const format = checkReportedImage(result, purpose);
  // The reported URL is not stored (the delivery URL is built from the signed id and version),
  // but one that names another file means the result was pieced together: refused.
  if (
    !result.secure_url.startsWith("https://") ||
    !result.secure_url.endsWith(`/image/upload/v${result.version}/${result.public_id}.${result.format}`)
  ) {
    rejectUpload("MISMATCHED_URL", "The upload's address does not match its id.");
  }
  const [existing] = await deps.db
    .select({ id: uploadAssets.id })
    .from(uploadAssets)
    .where(eq(uploadAssets.publicId, result.public_id))
    .limit(1);
  if (existing) throw new AppError("CONFLICT", "This upload is already registered.");
  const url = deliveryUrl(settings, result.public_id, result.version);
  const [row] = await deps.db
    .insert(uploadAssets)
    .values({
      ownerId: deps.user.id,
      provider: "CLOUDINARY",
      publicId: result.public_id,
      url,
      format,
      bytes: result.bytes,
      width: result.width,
      height: result.height,
      purpose,
    })
    .returning({ id: uploadAssets.id });
  const stored = { assetId: row!.id, url, format, bytes: result.bytes, width: result.width, height: result.height };
  deps.audit({
    action: "UPLOAD_STORED",
    targetType: "upload_asset",
    targetId: stored.assetId,
    changes: {
      provider: "CLOUDINARY",
      purpose,
      publicId: result.public_id,
      format,
      bytes: stored.bytes,
      width: stored.width,
      height: stored.height,
    },
  });
  return stored;
}

// ------------------------------------------------------------------ private enrollment documents
// Identity papers never get a public delivery URL: they are uploaded with `type: authenticated`
// (Cloudinary refuses unsigned delivery of them), and each view gets a download URL signed with
// the API secret that expires within minutes.

/** How long a signed document URL works. */
export const DOCUMENT_URL_TTL_SECONDS = 5 * 60;

/** Signed parameters for a direct browser upload of an enrollment document (authenticated delivery). */
export function signDocumentUpload(settings: CloudinarySettings, now = new Date()) {
  const params = {
    timestamp: Math.floor(now.getTime() / 1000),
    folder: CLOUDINARY_FOLDERS.ENROLLMENT_DOCUMENT,
    type: "authenticated",
    allowed_formats: CLOUDINARY_DOCUMENT_FORMATS,
  };
  return {
    cloudName: settings.cloudName,
    apiKey: settings.apiKey,
    uploadUrl: `https://api.cloudinary.com/v1_1/${encodeURIComponent(settings.cloudName)}/image/upload`,
    params,
    signature: sign(settings, params),
  };
}

/** A download URL for an authenticated document that stops working after `ttlSeconds`. */
export function signedDocumentUrl(
  settings: CloudinarySettings,
  publicId: string,
  format: string,
  now = new Date(),
  ttlSeconds = DOCUMENT_URL_TTL_SECONDS,
): string {
  configure(settings);
  return cloudinary.utils.private_download_url(publicId, format, {
    type: "authenticated",
    resource_type: "image",
    expires_at: Math.floor(now.getTime() / 1000) + ttlSeconds,
  });
}

/** Registers a browser upload of an enrollment document after the same checks as photos (PDF allowed). */
export async function registerCloudinaryDocument(
  deps: { db: Database; user: Subject; audit: AuditFn },
  settings: CloudinarySettings,
  result: CloudinaryUploadResult & { type?: string },
): Promise<StoredUpload> {
  if (!verifyResponseSignature(settings, result)) {
    rejectUpload(
      "BAD_SIGNATURE",
      "Cloudinary's signature on this upload does not match, so it was not registered. Upload the file again.",
    );
  }
  const folder = CLOUDINARY_FOLDERS.ENROLLMENT_DOCUMENT;
  const rest = result.public_id.startsWith(`${folder}/`) ? result.public_id.slice(folder.length + 1) : "";
  if (!rest || rest.split("/").some((part) => part === "" || part === "." || part === "..")) {
    rejectUpload("WRONG_FOLDER", `This upload is not in the folder ${folder}.`);
  }
  if (result.resource_type !== "image") rejectUpload("NOT_AN_IMAGE_RESOURCE", "Only images and PDFs can be added as documents.");
  const format = checkReportedDocument(result, "ENROLLMENT_DOCUMENT");
  const escaped = `${result.public_id}.${result.format}`.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  if (
    !new RegExp(`^https://[^/]+/[^/]+/image/authenticated/(s--[A-Za-z0-9_-]+--/)?v${result.version}/${escaped}$`).test(
      result.secure_url,
    )
  ) {
    rejectUpload("MISMATCHED_URL", "The upload's address does not match its id, or it was not uploaded as a private document.");
  }
  const [existing] = await deps.db
    .select({ id: uploadAssets.id })
    .from(uploadAssets)
    .where(eq(uploadAssets.publicId, result.public_id))
    .limit(1);
  if (existing) throw new AppError("CONFLICT", "This upload is already registered.");
  // No delivery URL is kept: each view signs a short-lived one (signedDocumentUrl).
  const url = `cloudinary-authenticated:${result.public_id}`;
  const width = format === "pdf" ? null : result.width;
  const height = format === "pdf" ? null : result.height;
  const [row] = await deps.db
    .insert(uploadAssets)
    .values({
      ownerId: deps.user.id,
      provider: "CLOUDINARY",
      publicId: result.public_id,
      url,
      format,
      bytes: result.bytes,
      width,
      height,
      purpose: "ENROLLMENT_DOCUMENT",
    })
    .returning({ id: uploadAssets.id });
  deps.audit({
    action: "UPLOAD_STORED",
    targetType: "upload_asset",
    targetId: row!.id,
    changes: { provider: "CLOUDINARY", purpose: "ENROLLMENT_DOCUMENT", format, bytes: result.bytes },
  });
  return { assetId: row!.id, url, format, bytes: result.bytes, width, height };
}

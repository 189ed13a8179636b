// What an upload must be, per purpose, for both providers: the type sniffed from the bytes (LOCAL)
// or reported by Cloudinary, a size limit, and sane dimensions. Every refusal is an
// UPLOAD_REJECTED AppError whose message says what is wrong and whose reason names the rule.
import type { UPLOAD_PURPOSES } from "@/db/schema/values";
import { AppError } from "@/server/errors";
import { ENROLLMENT_DOCUMENT_LIMITS, LISTING_PHOTO_LIMITS, MB } from "@/shared/upload-limits";
import { inspectPdf, isPdf, type InspectedPdf } from "./pdf";
import { describeOtherFile, detectFormat, inspectImage, readImageInfo, type ImageFormat, type InspectedImage } from "./image";

export type UploadPurpose = (typeof UPLOAD_PURPOSES)[number];

export interface UploadRules {
  formats: readonly ImageFormat[];
  maxBytes: number;
  minSide: number;
  maxSide: number;
  maxPixels: number;
  /** Whether a PDF is accepted too (enrollment documents). */
  pdf?: boolean;
}

export const UPLOAD_RULES: Record<UploadPurpose, UploadRules | null> = {
  LISTING_MEDIA: LISTING_PHOTO_LIMITS,
  ENROLLMENT_DOCUMENT: ENROLLMENT_DOCUMENT_LIMITS,
};

export type RejectReason =
  | "PURPOSE_NOT_ACCEPTED"
  | "EMPTY"
  | "TOO_LARGE"
  | "UNSUPPORTED_TYPE"
  | "DAMAGED"
  | "TOO_SMALL_DIMENSIONS"
  | "TOO_LARGE_DIMENSIONS"
  | "BAD_SIGNATURE"
  | "WRONG_FOLDER"
  | "MISMATCHED_URL"
  | "NOT_AN_IMAGE_RESOURCE"
  | "PARAM_NOT_ALLOWED"
  | "STALE_TIMESTAMP";

export function rejectUpload(reason: RejectReason, message: string): never {
  throw new AppError("UPLOAD_REJECTED", message, { reason });
}

const FORMAT_NAMES: Record<ImageFormat, string> = { jpeg: "JPEG", png: "PNG", webp: "WebP" };

export function formatList(formats: readonly ImageFormat[]): string {
  const names = formats.map((f) => FORMAT_NAMES[f]);
  return names.length > 1 ? `${names.slice(0, -1).join(", ")} or ${names.at(-1)}` : (names[0] ?? "");
}

export function humanBytes(bytes: number): string {
  if (bytes >= MB) return `${(bytes / MB).toFixed(1).replace(/\.0$/, "")} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

export function rulesFor(purpose: UploadPurpose): UploadRules {
  const rules = UPLOAD_RULES[purpose];
  if (!rules) rejectUpload("PURPOSE_NOT_ACCEPTED", "Files of this kind cannot be uploaded.");
  return rules;
}

/** The size limit alone: checked before the bytes are read when the size is known up front. */
export function checkSize(bytes: number, rules: UploadRules): void {
  if (bytes <= 0) rejectUpload("EMPTY", "The file is empty.");
  if (bytes > rules.maxBytes) {
    rejectUpload("TOO_LARGE", `This file is ${humanBytes(bytes)}; photos can be at most ${humanBytes(rules.maxBytes)}.`);
  }
}

export function checkDimensions(width: number, height: number, rules: UploadRules): void {
  if (width < rules.minSide || height < rules.minSide) {
    rejectUpload(
      "TOO_SMALL_DIMENSIONS",
      `The image is ${width}×${height} pixels; photos must be at least ${rules.minSide} pixels on each side.`,
    );
  }
  if (width > rules.maxSide || height > rules.maxSide || width * height > rules.maxPixels) {
    rejectUpload(
      "TOO_LARGE_DIMENSIONS",
      `The image is ${width}×${height} pixels; photos can be at most ${rules.maxSide} pixels on a side and ${rules.maxPixels / 1_000_000} megapixels.`,
    );
  }
}

/**
 * Checks a file's bytes against the purpose's rules: the kind from its signature (a PDF where the
 * purpose takes one), the size from its header (before any pixel is decoded), then a full decode
 * and re-encode by sharp. Returns the picture upright and without metadata.
 */
export async function inspectUpload(bytes: Buffer, purpose: "LISTING_MEDIA"): Promise<InspectedImage>;
export async function inspectUpload(bytes: Buffer, purpose: UploadPurpose): Promise<InspectedImage | InspectedPdf>;
export async function inspectUpload(bytes: Buffer, purpose: UploadPurpose): Promise<InspectedImage | InspectedPdf> {
  const rules = rulesFor(purpose);
  checkSize(bytes.length, rules);
  if (rules.pdf && isPdf(bytes)) {
    const pdf = inspectPdf(bytes);
    if (!pdf) rejectUpload("DAMAGED", "This PDF file is damaged or incomplete; it could not be read.");
    return pdf;
  }
  const format = detectFormat(bytes);
  if (!format || !rules.formats.includes(format)) {
    const what = format ? `a ${FORMAT_NAMES[format]} image` : describeOtherFile(bytes);
    rejectUpload(
      "UNSUPPORTED_TYPE",
      `${what ? `This file is ${what}, not` : "This file is not"} a ${formatList(rules.formats)} image${rules.pdf ? " or a PDF" : ""}. Whatever its name says, the type is read from its contents.`,
    );
  }
  function damaged(): never {
    rejectUpload("DAMAGED", `This ${FORMAT_NAMES[format!]} file is damaged or incomplete; it could not be read.`);
  }
  const header = await readImageInfo(bytes);
  if (!header) damaged();
  checkDimensions(header.width, header.height, rules);
  const image = await inspectImage(bytes, rules.maxPixels);
  if (!image) damaged();
  return image;
}

/** Cloudinary's names for the accepted formats. */
const CLOUDINARY_FORMATS: Record<string, ImageFormat> = { jpg: "jpeg", jpeg: "jpeg", png: "png", webp: "webp" };

/** What Cloudinary reports for an enrollment document: an image under the rules, or a PDF. */
export function checkReportedDocument(
  reported: { format: string; bytes: number; width: number; height: number },
  purpose: UploadPurpose,
): ImageFormat | "pdf" {
  const rules = rulesFor(purpose);
  if (rules.pdf && reported.format.toLowerCase() === "pdf") {
    checkSize(reported.bytes, rules);
    return "pdf";
  }
  return checkReportedImage(reported, purpose);
}

/** The same rules over what Cloudinary reports about an upload it analysed. */
export function checkReportedImage(
  reported: { format: string; bytes: number; width: number; height: number },
  purpose: UploadPurpose,
): ImageFormat {
  const rules = rulesFor(purpose);
  const format = CLOUDINARY_FORMATS[reported.format.toLowerCase()];
  if (!format || !rules.formats.includes(format)) {
    rejectUpload("UNSUPPORTED_TYPE", `This file is ${reported.format.toUpperCase()}, not a ${formatList(rules.formats)} image.`);
  }
  checkSize(reported.bytes, rules);
  checkDimensions(reported.width, reported.height, rules);
  return format;
}

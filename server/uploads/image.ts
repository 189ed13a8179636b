// Image files read from their bytes, never from a name or a declared type. The kind is first told
// from the file's signature (so a refusal can say what the file is); then sharp (libvips) decodes
// it, which proves it is a whole picture of that kind, and re-encodes it: the copy that is kept
// carries no metadata block at all (EXIF with GPS, XMP, IPTC, ICC, comments, text chunks), because
// Tessera never stores where a photo was taken. EXIF orientation is applied to the pixels first.
import sharp, { type Sharp } from "sharp";
import { PHOTO_VARIANTS, type PhotoVariant } from "@/shared/upload-limits";

export type ImageFormat = "jpeg" | "png" | "webp";

export const MIME_TYPES: Record<ImageFormat, string> = {
  jpeg: "image/jpeg",
  png: "image/png",
  webp: "image/webp",
};

export const EXTENSIONS: Record<ImageFormat, string> = { jpeg: "jpg", png: "png", webp: "webp" };

export interface ImageInfo {
  format: ImageFormat;
  /** As displayed: a JPEG whose EXIF orientation turns it a quarter has its sides swapped. */
  width: number;
  height: number;
}

export interface InspectedImage extends ImageInfo {
  /** The picture re-encoded in its own format, upright, without any metadata. */
  cleaned: Buffer;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function ascii(b: Buffer, start: number, length: number): string {
  return b.toString("latin1", start, start + length);
}

/** Which of the accepted formats the bytes claim to be, from their signature alone. */
export function detectFormat(b: Buffer): ImageFormat | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return "jpeg";
  if (b.length >= 8 && b.subarray(0, 8).equals(PNG_SIGNATURE)) return "png";
  if (b.length >= 12 && ascii(b, 0, 4) === "RIFF" && ascii(b, 8, 4) === "WEBP") return "webp";
  return null;
}

/** A few common files that are not accepted, named so a refusal can say what the file is. */
export function describeOtherFile(b: Buffer): string | null {
  if (b.length >= 6 && /^GIF8[79]a$/.test(ascii(b, 0, 6))) return "a GIF image";
  if (b.length >= 5 && ascii(b, 0, 5) === "%PDF-") return "a PDF document";
  if (b.length >= 12 && ascii(b, 4, 4) === "ftyp") {
    const brand = ascii(b, 8, 4);
    if (/^(heic|heix|hevc|hevx|mif1|msf1)$/.test(brand)) return "a HEIC/HEIF photo (export it as JPEG first)";
    if (/^avi[fs]$/.test(brand)) return "an AVIF image";
    return "a video or other media file";
  }
  if (b.length >= 2 && ascii(b, 0, 2) === "BM") return "a BMP image";
  if (b.length >= 4 && (ascii(b, 0, 4) === "II*\0" || ascii(b, 0, 4) === "MM\0*")) return "a TIFF image";
  if (b.length >= 4 && ascii(b, 0, 4) === "PK\u0003\u0004") return "a ZIP archive or office document";
  const head = b.subarray(0, 512).toString("utf8").trimStart().toLowerCase();
  if (head.startsWith("<svg") || (head.startsWith("<?xml") && head.includes("<svg"))) return "an SVG drawing";
  if (head.startsWith("<!doctype html") || head.startsWith("<html")) return "an HTML page";
  // Mostly printable ASCII/UTF-8: text.
  const sample = b.subarray(0, 512);
  if (sample.length > 0 && sample.every((c) => c === 9 || c === 10 || c === 13 || (c >= 32 && c !== 127))) return "a text file";
  return null;
}

/**
 * The format and displayed size from the file's header (sharp reads no pixels for this), or null
 * when the header is not a readable JPEG, PNG or WebP header of the kind the signature claims.
 */
export async function readImageInfo(b: Buffer): Promise<ImageInfo | null> {
  const claimed = detectFormat(b);
  if (!claimed) return null;
  try {
    const meta = await sharp(b).metadata();
    if (meta.format !== claimed || !meta.width || !meta.height) return null;
    const quarterTurn = (meta.orientation ?? 1) >= 5;
    return {
      format: claimed,
      width: quarterTurn ? meta.height : meta.width,
      height: quarterTurn ? meta.width : meta.height,
    };
  } catch {
    return null;
  }
}

/** The encoder settings a kept copy is written with, per format (metadata is never written). */
function encode(pipeline: Sharp, format: ImageFormat): Sharp {
  switch (format) {
    case "jpeg":
      return pipeline.jpeg({ quality: 90, mozjpeg: true });
    case "png":
      return pipeline.png({ compressionLevel: 9 });
    case "webp":
      return pipeline.webp({ quality: 90 });
  }
}

/**
 * Decodes the whole picture and re-encodes it upright without metadata. `null` when the bytes are
 * not a JPEG, PNG or WebP file, or one that does not decode (truncated, damaged). `maxPixels`
 * bounds what is decoded (check the header's size with `readImageInfo` first to say why).
 */
export async function inspectImage(b: Buffer, maxPixels = 100_000_000): Promise<InspectedImage | null> {
  const info = await readImageInfo(b);
  if (!info) return null;
  try {
    const { data, info: out } = await encode(
      sharp(b, { failOn: "error", limitInputPixels: maxPixels }).rotate(),
      info.format,
    ).toBuffer({
      resolveWithObject: true,
    });
    return { format: info.format, width: out.width, height: out.height, cleaned: data };
  } catch {
    return null;
  }
}

// ------------------------------------------------------------------ responsive variants

export { PHOTO_VARIANTS as VARIANTS, type PhotoVariant as VariantName } from "@/shared/upload-limits";

/** A WebP copy of an (already cleaned) image at most `PHOTO_VARIANTS[name].width` wide. */
export async function makeVariant(cleaned: Buffer, name: PhotoVariant): Promise<Buffer> {
  return sharp(cleaned, { failOn: "error" })
    .resize({ width: PHOTO_VARIANTS[name].width, withoutEnlargement: true })
    .webp({ quality: 80 })
    .toBuffer();
}

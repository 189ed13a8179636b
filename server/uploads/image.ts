// Image files read from their bytes, never from a name or a declared type: which format the bytes
// are (JPEG, PNG, WebP), the picture's size, and a copy without the metadata that can carry where a
// photo was taken (EXIF GPS, XMP, IPTC, text chunks): Tessera never stores coordinates.
// Pure functions over a Buffer; no image library.

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
  /** The file without location-bearing metadata (JPEG orientation kept). */
  cleaned: Buffer;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function ascii(b: Buffer, start: number, length: number): string {
  return b.toString("latin1", start, start + length);
}

/** Which of the accepted formats the bytes are, from their signature alone. */
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

// ------------------------------------------------------------------ JPEG

/** SOFn markers carry the frame size; C4 (DHT), C8 (JPG) and CC (DAC) are not frames. */
function isStartOfFrame(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

/** Markers without a length field. */
function isStandalone(marker: number): boolean {
  return marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8);
}

interface JpegSegment {
  marker: number;
  /** Offset of the 0xFF that starts the segment. */
  start: number;
  /** Offset just past the segment. */
  end: number;
  /** Offset of the segment's data (after its length field). */
  data: number;
}

/** The segments before the scan data, and where the scan starts; null when the structure is broken. */
function jpegSegments(b: Buffer): { segments: JpegSegment[]; scanStart: number } | null {
  const segments: JpegSegment[] = [];
  let i = 2; // after SOI
  while (i + 4 <= b.length) {
    if (b[i] !== 0xff) return null;
    const start = i;
    while (b[i + 1] === 0xff && i + 2 < b.length) i += 1; // fill bytes
    const marker = b[i + 1]!;
    i += 2;
    if (isStandalone(marker)) continue;
    if (marker === 0xd9) return null; // EOI before any scan
    const length = b.readUInt16BE(i);
    if (length < 2 || i + length > b.length) return null;
    segments.push({ marker, start, end: i + length, data: i + 2 });
    if (marker === 0xda) return { segments, scanStart: i + length };
    i += length;
  }
  return null;
}

/** EXIF orientation (1–8) from an APP1 "Exif" segment's data, 1 when absent or unreadable. */
function exifOrientation(seg: Buffer): number {
  if (seg.length < 14 || ascii(seg, 0, 6) !== "Exif\0\0") return 1;
  const tiff = seg.subarray(6);
  const order = ascii(tiff, 0, 2);
  if (order !== "II" && order !== "MM") return 1;
  const le = order === "II";
  const u16 = (o: number) => (le ? tiff.readUInt16LE(o) : tiff.readUInt16BE(o));
  const u32 = (o: number) => (le ? tiff.readUInt32LE(o) : tiff.readUInt32BE(o));
  if (u16(2) !== 42) return 1;
  const ifd = u32(4);
  if (ifd + 2 > tiff.length) return 1;
  const count = u16(ifd);
  for (let n = 0; n < count; n += 1) {
    const entry = ifd + 2 + n * 12;
    if (entry + 12 > tiff.length) return 1;
    if (u16(entry) === 0x0112 && u16(entry + 2) === 3) {
      const value = u16(entry + 8);
      return value >= 1 && value <= 8 ? value : 1;
    }
  }
  return 1;
}

/** A minimal APP1 EXIF segment holding only the orientation. */
function orientationSegment(orientation: number): Buffer {
  const tiff = Buffer.alloc(8 + 2 + 12 + 4);
  tiff.write("MM", 0, "latin1");
  tiff.writeUInt16BE(42, 2);
  tiff.writeUInt32BE(8, 4);
  tiff.writeUInt16BE(1, 8); // one entry
  tiff.writeUInt16BE(0x0112, 10); // Orientation
  tiff.writeUInt16BE(3, 12); // SHORT
  tiff.writeUInt32BE(1, 14); // count
  tiff.writeUInt16BE(orientation, 18);
  // next IFD offset: 0 (already zero)
  const payload = Buffer.concat([Buffer.from("Exif\0\0", "latin1"), tiff]);
  const header = Buffer.from([0xff, 0xe1, 0, 0]);
  header.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([header, payload]);
}

/** APP1 (EXIF, XMP), APP13 (IPTC/Photoshop) and comments can say where and by whom: dropped. */
const JPEG_DROPPED = new Set([0xe1, 0xed, 0xfe]);

function inspectJpeg(b: Buffer): InspectedImage | null {
  const parsed = jpegSegments(b);
  if (!parsed) return null;
  const frame = parsed.segments.find((s) => isStartOfFrame(s.marker));
  if (!frame || frame.end - frame.data < 5) return null;
  const height = b.readUInt16BE(frame.data + 1);
  const width = b.readUInt16BE(frame.data + 3);
  const exif = parsed.segments.find((s) => s.marker === 0xe1 && ascii(b, s.data, 6) === "Exif\0\0");
  const orientation = exif ? exifOrientation(b.subarray(exif.data, exif.end)) : 1;
  const kept: Buffer[] = [b.subarray(0, 2)];
  let orientationWritten = orientation === 1;
  for (const s of parsed.segments) {
    // The orientation goes right after SOI / JFIF, where EXIF lives.
    if (!orientationWritten && s.marker !== 0xe0) {
      kept.push(orientationSegment(orientation));
      orientationWritten = true;
    }
    if (!JPEG_DROPPED.has(s.marker)) kept.push(b.subarray(s.start, s.end));
  }
  kept.push(b.subarray(parsed.scanStart));
  const quarterTurn = orientation >= 5;
  return {
    format: "jpeg",
    width: quarterTurn ? height : width,
    height: quarterTurn ? width : height,
    cleaned: Buffer.concat(kept),
  };
}

// ------------------------------------------------------------------ PNG

/** Text, EXIF and time chunks: dropped. Everything needed to draw the picture stays. */
const PNG_DROPPED = new Set(["tEXt", "zTXt", "iTXt", "eXIf", "tIME"]);

function inspectPng(b: Buffer): InspectedImage | null {
  if (b.length < 33 || ascii(b, 12, 4) !== "IHDR") return null;
  const width = b.readUInt32BE(16);
  const height = b.readUInt32BE(20);
  const kept: Buffer[] = [b.subarray(0, 8)];
  let i = 8;
  let sawEnd = false;
  while (i + 12 <= b.length) {
    const length = b.readUInt32BE(i);
    const type = ascii(b, i + 4, 4);
    const end = i + 12 + length;
    if (!/^[A-Za-z]{4}$/.test(type) || end > b.length) return null;
    if (!PNG_DROPPED.has(type)) kept.push(b.subarray(i, end));
    i = end;
    if (type === "IEND") {
      sawEnd = true;
      break;
    }
  }
  if (!sawEnd) return null;
  return { format: "png", width, height, cleaned: Buffer.concat(kept) };
}

// ------------------------------------------------------------------ WebP

function inspectWebp(b: Buffer): InspectedImage | null {
  if (b.length < 30) return null;
  const riffSize = b.readUInt32LE(4);
  if (riffSize + 8 > b.length || riffSize < 4) return null;
  const body = b.subarray(0, riffSize + 8);
  const chunks: { type: string; start: number; end: number; data: number; size: number }[] = [];
  let i = 12;
  while (i + 8 <= body.length) {
    const type = ascii(body, i, 4);
    const size = body.readUInt32LE(i + 4);
    const end = i + 8 + size + (size % 2);
    if (i + 8 + size > body.length) return null;
    chunks.push({ type, start: i, end: Math.min(end, body.length), data: i + 8, size });
    i = end;
  }
  const first = chunks[0];
  if (!first) return null;
  let width: number;
  let height: number;
  if (first.type === "VP8 ") {
    // Frame tag (3 bytes), start code 9D 01 2A, then 14-bit width and height.
    if (first.size < 10 || body[first.data + 3] !== 0x9d || body[first.data + 4] !== 0x01 || body[first.data + 5] !== 0x2a) return null;
    width = body.readUInt16LE(first.data + 6) & 0x3fff;
    height = body.readUInt16LE(first.data + 8) & 0x3fff;
  } else if (first.type === "VP8L") {
    if (first.size < 5 || body[first.data] !== 0x2f) return null;
    const bits = body.readUInt32LE(first.data + 1);
    width = (bits & 0x3fff) + 1;
    height = ((bits >>> 14) & 0x3fff) + 1;
  } else if (first.type === "VP8X") {
    if (first.size < 10) return null;
    width = body.readUIntLE(first.data + 4, 3) + 1;
    height = body.readUIntLE(first.data + 7, 3) + 1;
  } else {
    return null;
  }
  let cleaned = body;
  if (first.type === "VP8X" && chunks.some((c) => c.type === "EXIF" || c.type === "XMP ")) {
    const kept = chunks.filter((c) => c.type !== "EXIF" && c.type !== "XMP ").map((c) => Buffer.from(body.subarray(c.start, c.end)));
    // The VP8X flags announce EXIF (0x08) and XMP (0x04): no longer present.
    kept[0]![8] = kept[0]![8]! & ~0x0c;
    const payload = Buffer.concat(kept);
    const header = Buffer.from("RIFF\0\0\0\0WEBP", "latin1");
    header.writeUInt32LE(payload.length + 4, 4);
    cleaned = Buffer.concat([header, payload]);
  }
  return { format: "webp", width, height, cleaned: Buffer.from(cleaned) };
}

/**
 * Reads an image's format and size from its bytes and returns it without location-bearing
 * metadata. `null` when the bytes are not a JPEG, PNG or WebP file, or one whose structure is
 * broken (see `detectFormat` to tell the two apart).
 */
export function inspectImage(b: Buffer): InspectedImage | null {
  switch (detectFormat(b)) {
    case "jpeg":
      return inspectJpeg(b);
    case "png":
      return inspectPng(b);
    case "webp":
      return inspectWebp(b);
    default:
      return null;
  }
}

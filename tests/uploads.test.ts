// Uploads: type sniffed from the bytes, size and dimension limits, metadata stripped; the LOCAL
// provider (store, audit, the authorised serving route, tRPC's FormData wire format); the
// CLOUDINARY provider's signing and response verification against Cloudinary's documented
// algorithm (Cloudinary itself cannot be reached from here).
import { createHash, randomUUID } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { crc32, deflateSync } from "node:zlib";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import superjson from "superjson";
import { v2 as cloudinary } from "cloudinary";
import { createTRPCClient, httpLink } from "@trpc/client";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { listingMedia, listings } from "@/db/schema/listings";
import { uploadAssets } from "@/db/schema/uploads";
import { env, loadEnv } from "@/server/env";
import { appRouter, type AppRouter } from "@/server/root";
import { createContextInner } from "@/server/context";
import { assetForViewer, serveUpload } from "@/server/uploads/access";
import { deliveryUrl } from "@/server/uploads/cloudinary";
import { inspectImage } from "@/server/uploads/image";
import { uploadProvider } from "@/server/uploads/provider";
import { inspectUpload } from "@/server/uploads/rules";
import { AppError } from "@/server/errors";
import { AEGEAN, auditRows, expectError, HIGHLANDS, NAXOS, seededWorld, ZAGORI, type DemoUser, type TestWorld } from "./helpers";

// ------------------------------------------------------------------ images made here

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([length, body, crc]);
}

/** A real, decodable RGB PNG (a gradient), optionally with text and EXIF chunks. */
function makePng(width: number, height: number, opts: { text?: string; exif?: boolean; pixels?: boolean } = {}): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // RGB
  const rowsToDraw = opts.pixels === false ? 1 : height;
  const raw = Buffer.alloc(rowsToDraw * (1 + width * 3));
  for (let y = 0; y < rowsToDraw; y += 1) {
    const row = y * (1 + width * 3);
    for (let x = 0; x < width; x += 1) {
      raw[row + 1 + x * 3] = (x * 255) / width;
      raw[row + 2 + x * 3] = (y * 255) / height;
      raw[row + 3 + x * 3] = 128;
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", ihdr),
    ...(opts.text ? [pngChunk("tEXt", Buffer.from(`Comment\0${opts.text}`, "latin1"))] : []),
    ...(opts.exif ? [pngChunk("eXIf", Buffer.from("MM\0*\0\0\0\x08GPS 37.1050,25.3760", "latin1"))] : []),
    pngChunk("IDAT", deflateSync(raw)),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}

function segment(marker: number, data: Buffer): Buffer {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(data.length + 2, 2);
  return Buffer.concat([head, data]);
}

/** An EXIF block with an orientation and a stand-in for GPS data. */
function exifWithOrientation(orientation: number): Buffer {
  const tiff = Buffer.alloc(26);
  tiff.write("II", 0, "latin1");
  tiff.writeUInt16LE(42, 2);
  tiff.writeUInt32LE(8, 4);
  tiff.writeUInt16LE(1, 8);
  tiff.writeUInt16LE(0x0112, 10);
  tiff.writeUInt16LE(3, 12);
  tiff.writeUInt32LE(1, 14);
  tiff.writeUInt16LE(orientation, 18);
  return Buffer.concat([
    Buffer.from("Exif\0\0", "latin1"),
    tiff,
    Buffer.from("GPSLatitude 37.1050 GPSLongitude 25.3760", "latin1"),
  ]);
}

/**
 * A real baseline JPEG: one grey component, all quantisation steps 1, Huffman tables with a
 * single one-bit code (DC difference 0, AC end-of-block), so every 8×8 block is the bits "00".
 */
function makeJpeg(width: number, height: number, opts: { orientation?: number; comment?: string } = {}): Buffer {
  const jfif = Buffer.from([0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]);
  const dqt = Buffer.concat([Buffer.from([0x00]), Buffer.alloc(64, 1)]);
  const sof = Buffer.alloc(9);
  sof[0] = 8;
  sof.writeUInt16BE(height, 1);
  sof.writeUInt16BE(width, 3);
  sof[5] = 1; // components
  sof[6] = 1; // id
  sof[7] = 0x11; // sampling
  sof[8] = 0; // quant table
  const counts = (n: number) => Buffer.from([n, ...Array(15).fill(0)]);
  const dhtDc = Buffer.concat([Buffer.from([0x00]), counts(1), Buffer.from([0x00])]);
  const dhtAc = Buffer.concat([Buffer.from([0x10]), counts(1), Buffer.from([0x00])]);
  const sos = Buffer.from([1, 1, 0x00, 0, 63, 0]);
  const blocks = Math.ceil(width / 8) * Math.ceil(height / 8);
  const bits = blocks * 2;
  const scan = Buffer.alloc(Math.ceil(bits / 8));
  if (bits % 8 !== 0) scan[scan.length - 1] = (1 << (8 - (bits % 8))) - 1; // pad with ones
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    segment(0xe0, jfif),
    ...(opts.orientation ? [segment(0xe1, exifWithOrientation(opts.orientation))] : []),
    ...(opts.comment ? [segment(0xfe, Buffer.from(opts.comment, "latin1"))] : []),
    segment(0xdb, dqt),
    segment(0xc0, sof),
    segment(0xc4, dhtDc),
    segment(0xc4, dhtAc),
    segment(0xda, sos),
    scan,
    Buffer.from([0xff, 0xd9]),
  ]);
}

function riff(chunks: Buffer[]): Buffer {
  const payload = Buffer.concat(chunks);
  const head = Buffer.from("RIFF\0\0\0\0WEBP", "latin1");
  head.writeUInt32LE(payload.length + 4, 4);
  return Buffer.concat([head, payload]);
}

function webpChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.write(type, 0, "latin1");
  head.writeUInt32LE(data.length, 4);
  return Buffer.concat([head, data, data.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)]);
}

/** WebP headers alone, as the three bitstream kinds write them, with no picture behind them. */
function webpHeaderOnly(kind: "VP8" | "VP8L" | "VP8X", width: number, height: number): Buffer {
  if (kind === "VP8") {
    const data = Buffer.alloc(20);
    data.set([0x50, 0x02, 0x00, 0x9d, 0x01, 0x2a]);
    data.writeUInt16LE(width, 6);
    data.writeUInt16LE(height, 8);
    return riff([webpChunk("VP8 ", data)]);
  }
  if (kind === "VP8L") {
    const data = Buffer.alloc(10);
    data[0] = 0x2f;
    data.writeUInt32LE(((width - 1) & 0x3fff) | (((height - 1) & 0x3fff) << 14), 1);
    return riff([webpChunk("VP8L", data)]);
  }
  const vp8x = Buffer.alloc(10);
  vp8x[0] = 0x08 | 0x04; // EXIF and XMP present
  vp8x.writeUIntLE(width - 1, 4, 3);
  vp8x.writeUIntLE(height - 1, 7, 3);
  const inner = webpHeaderOnly("VP8", width, height).subarray(12);
  return riff([
    webpChunk("VP8X", vp8x),
    inner,
    webpChunk("EXIF", Buffer.from("MM\0*GPS 37.1050,25.3760", "latin1")),
    webpChunk("XMP ", Buffer.from("<x:xmpmeta>exif:GPSLatitude</x:xmpmeta>", "latin1")),
  ]);
}

/**
 * Real WebP files as the three bitstream kinds are written (lossy, lossless, extended with EXIF
 * and XMP), encoded by libwebp before the tests run. Sizes not encoded beforehand (a 9000×9000
 * picture takes too long) are headers alone: enough for the size limit, refused before decoding.
 */
const WEBP_FILES: [kind: "VP8" | "VP8L" | "VP8X", width: number, height: number][] = [
  ["VP8", 400, 300],
  ["VP8", 640, 480],
  ["VP8L", 1024, 768],
  ["VP8X", 5000, 2000],
];
const webps = new Map<string, Buffer>();

async function encodeWebp(kind: "VP8" | "VP8L" | "VP8X", width: number, height: number): Promise<Buffer> {
  const picture = sharp({ create: { width, height, channels: 3, background: { r: 40, g: 120, b: 160 } } });
  if (kind === "VP8") return picture.webp({ quality: 80 }).toBuffer();
  if (kind === "VP8L") return picture.webp({ lossless: true }).toBuffer();
  return picture
    .webp({ quality: 80 })
    .withExif({ IFD0: { ImageDescription: "GPS 37.1050,25.3760" } })
    .withXmp("<x:xmpmeta>exif:GPSLatitude</x:xmpmeta>")
    .toBuffer();
}

function makeWebp(kind: "VP8" | "VP8L" | "VP8X", width: number, height: number): Buffer {
  return webps.get(`${kind} ${width}×${height}`) ?? webpHeaderOnly(kind, width, height);
}

beforeAll(async () => {
  for (const [kind, width, height] of WEBP_FILES) webps.set(`${kind} ${width}×${height}`, await encodeWebp(kind, width, height));
  // The extended file really carries the metadata the upload must drop.
  expect(makeWebp("VP8X", 5000, 2000).toString("latin1")).toContain("GPS");
});

async function rejection(fn: () => unknown): Promise<{ reason?: string; message: string }> {
  try {
    await fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe("UPLOAD_REJECTED");
    return { reason: (err as AppError).reason, message: (err as AppError).message };
  }
  throw new Error("expected a refusal");
}

// ------------------------------------------------------------------ sniffing and rules

describe("the type comes from the bytes, with limits on size and dimensions", async () => {
  it("reads a real PNG and drops its text and EXIF chunks", async () => {
    const png = makePng(320, 240, { text: "taken at 37.1050,25.3760", exif: true });
    const image = await inspectUpload(png, "LISTING_MEDIA");
    expect(image).toMatchObject({ format: "png", width: 320, height: 240 });
    expect(image.cleaned.toString("latin1")).not.toContain("37.1050");
    expect(image.cleaned.includes(Buffer.from("tEXt"))).toBe(false);
    expect(image.cleaned.includes(Buffer.from("eXIf"))).toBe(false);
    // Still a whole PNG: the same picture data, chunk by chunk.
    expect(await inspectImage(image.cleaned)).toMatchObject({ format: "png", width: 320, height: 240 });
    // The same picture, pixel for pixel, re-encoded without the metadata.
    expect((await sharp(image.cleaned).raw().toBuffer()).equals(await sharp(makePng(320, 240)).raw().toBuffer())).toBe(true);
  });

  it("reads a real JPEG, turns it upright and drops its EXIF and comments", async () => {
    const plain = await inspectUpload(makeJpeg(256, 200), "LISTING_MEDIA");
    expect(plain).toMatchObject({ format: "jpeg", width: 256, height: 200 });

    const rotated = makeJpeg(320, 240, { orientation: 6, comment: "GPS 37.1050,25.3760" });
    const image = await inspectUpload(rotated, "LISTING_MEDIA");
    // Orientation 6 turns the picture a quarter: it is shown 240 wide and 320 high.
    expect(image).toMatchObject({ format: "jpeg", width: 240, height: 320 });
    const text = image.cleaned.toString("latin1");
    expect(text).not.toContain("37.1050");
    expect(text).not.toContain("GPSLatitude");
    // Turned upright in the pixels, so no EXIF block is needed to show it the right way up.
    expect(text).not.toContain("Exif");
    expect(await inspectImage(image.cleaned)).toMatchObject({ width: 240, height: 320 });
    expect(image.cleaned.subarray(-2).equals(Buffer.from([0xff, 0xd9]))).toBe(true);
  });

  it("reads WebP lossy, lossless and extended headers, dropping EXIF and XMP chunks", async () => {
    expect(await inspectUpload(makeWebp("VP8", 400, 300), "LISTING_MEDIA")).toMatchObject({
      format: "webp",
      width: 400,
      height: 300,
    });
    expect(await inspectUpload(makeWebp("VP8L", 1024, 768), "LISTING_MEDIA")).toMatchObject({
      format: "webp",
      width: 1024,
      height: 768,
    });
    const extended = await inspectUpload(makeWebp("VP8X", 5000, 2000), "LISTING_MEDIA");
    expect(extended).toMatchObject({ format: "webp", width: 5000, height: 2000 });
    expect(extended.cleaned.toString("latin1")).not.toContain("GPS");
    expect(extended.cleaned.readUInt32LE(4)).toBe(extended.cleaned.length - 8);
    expect(extended.cleaned[20]! & 0x0c).toBe(0);
    expect(await inspectImage(extended.cleaned)).toMatchObject({ format: "webp", width: 5000, height: 2000 });
  });

  it("refuses a text file, an HTML page and a GIF, saying what they are", async () => {
    const textFile = await rejection(() => inspectUpload(Buffer.from("just some notes about the place\n"), "LISTING_MEDIA"));
    expect(textFile.reason).toBe("UNSUPPORTED_TYPE");
    expect(textFile.message).toContain("a text file");
    expect(textFile.message).toContain("JPEG, PNG or WebP");
    expect(
      (await rejection(() => inspectUpload(Buffer.from("<!DOCTYPE html><script>alert(1)</script>"), "LISTING_MEDIA"))).message,
    ).toContain("HTML page");
    expect(
      (await rejection(() => inspectUpload(Buffer.from("GIF89a\x01\x00\x01\x00", "latin1"), "LISTING_MEDIA"))).message,
    ).toContain("GIF");
  });

  it("refuses an oversize file, an empty one, a damaged one", async () => {
    const big = Buffer.concat([makePng(300, 300), Buffer.alloc(8 * 1024 * 1024)]);
    const oversize = await rejection(() => inspectUpload(big, "LISTING_MEDIA"));
    expect(oversize.reason).toBe("TOO_LARGE");
    expect(oversize.message).toMatch(/at most 8 MB/);
    expect((await rejection(() => inspectUpload(Buffer.alloc(0), "LISTING_MEDIA"))).reason).toBe("EMPTY");
    const png = makePng(300, 300);
    expect((await rejection(() => inspectUpload(png.subarray(0, png.length - 20), "LISTING_MEDIA"))).reason).toBe("DAMAGED");
    expect((await rejection(() => inspectUpload(makeJpeg(300, 300).subarray(0, 120), "LISTING_MEDIA"))).reason).toBe("DAMAGED");
  });

  it("refuses images that are too small or absurdly large", async () => {
    const small = await rejection(() => inspectUpload(makePng(120, 90), "LISTING_MEDIA"));
    expect(small.reason).toBe("TOO_SMALL_DIMENSIONS");
    expect(small.message).toContain("120×90");
    expect((await rejection(() => inspectUpload(makeJpeg(640, 150), "LISTING_MEDIA"))).reason).toBe("TOO_SMALL_DIMENSIONS");
    expect((await rejection(() => inspectUpload(makePng(12_000, 300, { pixels: false }), "LISTING_MEDIA"))).reason).toBe(
      "TOO_LARGE_DIMENSIONS",
    );
    expect((await rejection(() => inspectUpload(makeWebp("VP8X", 9000, 9000), "LISTING_MEDIA"))).reason).toBe(
      "TOO_LARGE_DIMENSIONS",
    );
  });

  it("enrollment documents: images under the same checks, PDFs by their signature, nothing else", async () => {
    expect(await inspectUpload(makePng(300, 300), "ENROLLMENT_DOCUMENT")).toMatchObject({
      format: "png",
      width: 300,
      height: 300,
    });
    expect((await rejection(() => inspectUpload(makePng(120, 90), "ENROLLMENT_DOCUMENT"))).reason).toBe("TOO_SMALL_DIMENSIONS");
    const pdf = Buffer.from("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n", "latin1");
    expect(await inspectUpload(pdf, "ENROLLMENT_DOCUMENT")).toMatchObject({ format: "pdf", width: null, height: null });
    expect((await rejection(() => inspectUpload(pdf.subarray(0, 20), "ENROLLMENT_DOCUMENT"))).reason).toBe("DAMAGED");
    expect((await rejection(() => inspectUpload(pdf, "LISTING_MEDIA"))).message).toContain("PDF document");
    expect((await rejection(() => inspectUpload(Buffer.from("<html></html>"), "ENROLLMENT_DOCUMENT"))).reason).toBe(
      "UNSUPPORTED_TYPE",
    );
  });
});

describe("settings choose the provider", () => {
  it("needs all three Cloudinary settings or none; empty values count as unset", () => {
    expect(() => loadEnv({ CLOUDINARY_CLOUD_NAME: "demo" })).toThrow(
      /CLOUDINARY_CLOUD_NAME, CLOUDINARY_API_KEY and CLOUDINARY_API_SECRET/,
    );
    const none = loadEnv({ CLOUDINARY_CLOUD_NAME: "", CLOUDINARY_API_KEY: " ", CLOUDINARY_API_SECRET: "" });
    expect(none.CLOUDINARY_CLOUD_NAME).toBeUndefined();
    expect(none.UPLOADS_DIR).toBe(".data/uploads");
    const all = loadEnv({
      CLOUDINARY_CLOUD_NAME: "demo",
      CLOUDINARY_API_KEY: "1234",
      CLOUDINARY_API_SECRET: "abcd",
      UPLOADS_DIR: "/srv/uploads",
    });
    expect(all).toMatchObject({ CLOUDINARY_CLOUD_NAME: "demo", UPLOADS_DIR: "/srv/uploads" });
  });
});

// ------------------------------------------------------------------ with the database

let world: TestWorld;
let host: DemoUser;
let otherHost: DemoUser;
let uploadsDir: string;
const savedEnv = { ...env };

beforeAll(async () => {
  world = await seededWorld();
  host = world.demo.HOST;
  otherHost = await world.addUser({ role: "HOST", district: NAXOS });
  uploadsDir = mkdtempSync(path.join(tmpdir(), "tessera-uploads-"));
  Object.assign(env, {
    UPLOADS_DIR: uploadsDir,
    CLOUDINARY_CLOUD_NAME: undefined,
    CLOUDINARY_API_KEY: undefined,
    CLOUDINARY_API_SECRET: undefined,
  });
});

afterAll(async () => {
  Object.assign(env, savedEnv);
  rmSync(uploadsDir, { recursive: true, force: true });
  await world?.close();
});

function form(file: Blob | null, fields: Record<string, string> = { purpose: "LISTING_MEDIA" }, name = "photo.jpg"): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  if (file) fd.append("file", file, name);
  return fd;
}

const blob = (bytes: Buffer, type = "image/jpeg") => new Blob([new Uint8Array(bytes)], { type });

async function assetRow(id: string) {
  const [row] = await world.db.select().from(uploadAssets).where(eq(uploadAssets.id, id));
  return row;
}

async function draftListing(hostId: string, status: "DRAFT" | "APPROVED" | "PENDING_REVIEW" = "DRAFT") {
  const [row] = await world.db
    .insert(listings)
    .values({
      hostId,
      districtId: world.district(NAXOS),
      kind: "SERVICE",
      title: "Kitron tasting in the old town",
      description: "A slow afternoon of kitron and stories in the old town lanes.",
      category: "food-drink",
      status,
    })
    .returning();
  return row!;
}

describe("uploads.uploadLocal", () => {
  it("stores a PNG sent as photo.jpg as a PNG (the bytes decide), on disk and in upload_assets, and audits it", async () => {
    const caller = await world.as(host);
    const png = makePng(320, 240, { text: "GPS 37.1050,25.3760" });
    const stored = await caller.uploads.uploadLocal(form(blob(png, "image/jpeg"), { purpose: "LISTING_MEDIA" }, "photo.jpg"));
    expect(stored).toMatchObject({ format: "png", width: 320, height: 240, url: `/api/uploads/${stored.assetId}` });

    const row = await assetRow(stored.assetId);
    expect(row).toMatchObject({
      ownerId: host.id,
      provider: "LOCAL",
      format: "png",
      width: 320,
      height: 240,
      purpose: "LISTING_MEDIA",
      status: "READY",
    });
    expect(row!.publicId).toMatch(/^[0-9a-f]{32}\.png$/);
    expect(row!.publicId).not.toContain("photo");
    const onDisk = readFileSync(path.join(uploadsDir, row!.publicId));
    expect(onDisk.length).toBe(row!.bytes);
    expect(onDisk.toString("latin1")).not.toContain("37.1050");

    const audit = await auditRows(world.db, { action: "UPLOAD_STORED", targetId: stored.assetId });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: host.id, targetType: "upload_asset" });
    expect(audit[0]!.changes).toMatchObject({ provider: "LOCAL", format: "png", width: 320, height: 240 });
  });

  it("refuses a text file renamed photo.jpg with a typed error, and keeps nothing", async () => {
    const caller = await world.as(host);
    const before = (await world.db.select().from(uploadAssets)).length;
    const beforeAudit = (await auditRows(world.db, { action: "UPLOAD_STORED" })).length;
    const out = await expectError(
      caller.uploads.uploadLocal(form(blob(Buffer.from("not a photo at all\n")))),
      "BAD_REQUEST",
      "UPLOAD_REJECTED",
      "UNSUPPORTED_TYPE",
    );
    expect(out.message).toContain("text file");
    await expectError(
      caller.uploads.uploadLocal(form(blob(makePng(100, 100)))),
      "BAD_REQUEST",
      "UPLOAD_REJECTED",
      "TOO_SMALL_DIMENSIONS",
    );
    await expectError(
      caller.uploads.uploadLocal(form(blob(Buffer.concat([makeJpeg(300, 300), Buffer.alloc(8 * 1024 * 1024)])))),
      "BAD_REQUEST",
      "UPLOAD_REJECTED",
      "TOO_LARGE",
    );
    expect((await world.db.select().from(uploadAssets)).length).toBe(before);
    expect((await auditRows(world.db, { action: "UPLOAD_STORED" })).length).toBe(beforeAudit);
  });

  it("checks the form: one file, known fields, a known purpose", async () => {
    const caller = await world.as(host);
    const missing = await expectError(caller.uploads.uploadLocal(form(null)), "BAD_REQUEST", "INVALID_INPUT");
    expect(missing.fieldErrors?.file?.[0]).toMatch(/Choose a photo/);
    await expectError(
      caller.uploads.uploadLocal(form(blob(makePng(300, 300)), { purpose: "LISTING_MEDIA", path: "../../etc" })),
      "BAD_REQUEST",
      "INVALID_INPUT",
    );
    await expectError(
      caller.uploads.uploadLocal(form(blob(makePng(300, 300)), { purpose: "AVATAR" })),
      "BAD_REQUEST",
      "INVALID_INPUT",
    );
    const two = form(blob(makePng(300, 300)));
    two.append("file", blob(makePng(300, 300)), "b.png");
    await expectError(caller.uploads.uploadLocal(two), "BAD_REQUEST", "INVALID_INPUT");
    // Identity papers go through identity.uploadDocument, which files them in a case.
    const enrollment = await expectError(
      caller.uploads.uploadLocal(form(blob(makePng(300, 300)), { purpose: "ENROLLMENT_DOCUMENT" })),
      "BAD_REQUEST",
      "INVALID_INPUT",
    );
    expect(enrollment.fieldErrors?.purpose?.[0]).toContain("Identity page");
  });

  it("is for hosts only", async () => {
    await expectError(
      (await world.as(world.demo.TRAVELER)).uploads.uploadLocal(form(blob(makePng(300, 300)))),
      "FORBIDDEN",
      "ROLE_REQUIRED",
    );
    await expectError(
      (await world.as(world.demo.MODERATOR)).uploads.uploadLocal(form(blob(makePng(300, 300)))),
      "FORBIDDEN",
      "ROLE_REQUIRED",
    );
    await expectError(
      (await world.anonymous()).uploads.uploadLocal(form(blob(makePng(300, 300)))),
      "UNAUTHORIZED",
      "UNAUTHENTICATED",
    );
  });

  it("works over HTTP as the browser sends it: multipart POST, tRPC's superjson envelope back", async () => {
    const handle = (req: Request) =>
      fetchRequestHandler({
        endpoint: "/api/trpc",
        req,
        router: appRouter,
        createContext: () =>
          createContextInner({
            db: world.db,
            session: { userId: host.id, sessionVersion: host.sessionVersion },
            request: { ip: "127.0.0.1", userAgent: "vitest", requestId: randomUUID() },
          }),
      });

    // What the media manager's XMLHttpRequest sends and reads.
    const res = await handle(
      new Request("http://localhost/api/trpc/uploads.uploadLocal", { method: "POST", body: form(blob(makeJpeg(400, 300))) }),
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { result: { data: Parameters<typeof superjson.deserialize>[0] } };
    const stored = superjson.deserialize(body.result.data) as { assetId: string; format: string; width: number };
    expect(stored).toMatchObject({ format: "jpeg", width: 400 });
    expect(await assetRow(stored.assetId)).toBeTruthy();

    const refused = await handle(
      new Request("http://localhost/api/trpc/uploads.uploadLocal", { method: "POST", body: form(blob(Buffer.from("hello"))) }),
    );
    expect(refused.status).toBe(400);
    const error = superjson.deserialize((await refused.json()).error) as {
      message: string;
      data: { appCode: string; reason: string };
    };
    expect(error.data).toMatchObject({ appCode: "UPLOAD_REJECTED", reason: "UNSUPPORTED_TYPE" });
    expect(error.message).toContain("text file");

    // And what the tRPC client's httpLink sends for a FormData input (the splitLink's true branch).
    const client = createTRPCClient<AppRouter>({
      links: [
        httpLink({
          url: "http://localhost/api/trpc",
          transformer: superjson,
          fetch: (input, init) => handle(new Request(input as string, init as RequestInit)),
        }),
      ],
    });
    const viaClient = await client.uploads.uploadLocal.mutate(form(blob(makeWebp("VP8", 640, 480))));
    expect(viaClient).toMatchObject({ format: "webp", width: 640, height: 480 });
  });

  it("gives an asset that listings.addPhoto accepts, for its owner only", async () => {
    const caller = await world.as(host);
    const stored = await caller.uploads.uploadLocal(form(blob(makePng(300, 300))));
    const listing = await draftListing(host.id);
    await caller.listings.addPhoto({ listingId: listing.id, assetId: stored.assetId });
    const edit = await caller.listings.forEdit({ listingId: listing.id });
    expect(edit.media.map((m) => m.url)).toEqual([`/api/uploads/${stored.assetId}`]);
    expect(edit.listing.coverAssetId).toBe(stored.assetId);

    const theirs = await draftListing(otherHost.id);
    await expectError(
      (await world.as(otherHost)).listings.addPhoto({ listingId: theirs.id, assetId: stored.assetId }),
      "NOT_FOUND",
    );
  });
});

// ------------------------------------------------------------------ serving

describe("GET /api/uploads/<assetId>: who may see a file", () => {
  let assetId: string;
  let listingId: string;
  let looseAssetId: string;

  beforeAll(async () => {
    const caller = await world.as(host);
    assetId = (await caller.uploads.uploadLocal(form(blob(makePng(300, 200))))).assetId;
    looseAssetId = (await caller.uploads.uploadLocal(form(blob(makeJpeg(300, 200))))).assetId;
    const listing = await draftListing(host.id, "PENDING_REVIEW");
    listingId = listing.id;
    await world.db.insert(listingMedia).values({ listingId, assetId, position: 0 });
  });

  // As the session gives them: an admin's region is their district's.
  const viewer = (u: DemoUser, regionId: string | null = null) => ({ id: u.id, role: u.role, regionId });

  it("an unapproved listing's photo: its owner, moderators, super admins and its region's admins see it, privately", async () => {
    expect(await assetForViewer(world.db, viewer(host), assetId)).toMatchObject({ visibility: "private" });
    expect(await assetForViewer(world.db, viewer(world.demo.MODERATOR), assetId)).toMatchObject({ visibility: "private" });
    expect(await assetForViewer(world.db, viewer(world.demo.ADMIN, world.region(AEGEAN)), assetId)).toMatchObject({
      visibility: "private",
    });
    expect(await assetForViewer(world.db, viewer(world.demo.SUPER_ADMIN), assetId)).toMatchObject({ visibility: "private" });
    // An admin of another region sees neither the photo of a listing in review nor one on no listing yet.
    const highlandAdmin = viewer(await world.addUser({ role: "ADMIN", district: ZAGORI }), world.region(HIGHLANDS));
    expect(await assetForViewer(world.db, highlandAdmin, assetId)).toBeNull();
    expect((await serveUpload(world.db, highlandAdmin, assetId)).status).toBe(404);
    expect(await assetForViewer(world.db, highlandAdmin, looseAssetId)).toBeNull();
    expect(await assetForViewer(world.db, viewer(world.demo.ADMIN, world.region(AEGEAN)), looseAssetId)).toMatchObject({
      visibility: "private",
    });

    const res = await serveUpload(world.db, viewer(host), assetId);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    const row = await assetRow(assetId);
    expect(Buffer.from(await res.arrayBuffer()).equals(readFileSync(path.join(uploadsDir, row!.publicId)))).toBe(true);
  });

  it("a stranger, another host, a traveler and an anonymous visitor get 404", async () => {
    for (const who of [viewer(otherHost), viewer(world.demo.TRAVELER), viewer(world.demo.ORG_USER), null]) {
      expect(await assetForViewer(world.db, who, assetId)).toBeNull();
      const res = await serveUpload(world.db, who, assetId);
      expect(res.status).toBe(404);
      expect(res.headers.get("cache-control")).toBe("private, no-store");
    }
    // A photo on no listing yet is its owner's alone.
    expect(await assetForViewer(world.db, null, looseAssetId)).toBeNull();
    expect((await serveUpload(world.db, viewer(host), looseAssetId)).headers.get("content-type")).toBe("image/jpeg");
  });

  it("an approved listing's photo is public (and cacheable), until the listing is no longer approved", async () => {
    await world.db.update(listings).set({ status: "APPROVED" }).where(eq(listings.id, listingId));
    for (const who of [null, viewer(world.demo.TRAVELER), viewer(otherHost)]) {
      expect(await assetForViewer(world.db, who, assetId)).toMatchObject({ visibility: "public" });
    }
    const res = await serveUpload(world.db, null, assetId);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toMatch(/^public, max-age=300/);
    const etag = res.headers.get("etag")!;
    expect((await serveUpload(world.db, null, assetId, new Headers({ "if-none-match": etag }))).status).toBe(304);

    await world.db.update(listings).set({ status: "REJECTED" }).where(eq(listings.id, listingId));
    expect((await serveUpload(world.db, null, assetId)).status).toBe(404);
    expect((await serveUpload(world.db, viewer(host), assetId)).status).toBe(200);
  });

  it("unknown, malformed and deleted ids look the same: 404", async () => {
    expect((await serveUpload(world.db, viewer(host), randomUUID())).status).toBe(404);
    expect((await serveUpload(world.db, viewer(host), "../../etc/passwd")).status).toBe(404);
    expect((await serveUpload(world.db, viewer(host), "' or 1=1 --")).status).toBe(404);
    await world.db.update(uploadAssets).set({ status: "DELETED" }).where(eq(uploadAssets.id, looseAssetId));
    expect((await serveUpload(world.db, viewer(host), looseAssetId)).status).toBe(404);
    expect((await serveUpload(world.db, viewer(world.demo.ADMIN, world.region(AEGEAN)), looseAssetId)).status).toBe(404);
  });

  it("a LOCAL row whose stored name is not one of ours is never read from disk", async () => {
    const [row] = await world.db
      .insert(uploadAssets)
      .values({
        ownerId: host.id,
        provider: "LOCAL",
        publicId: "../../package.json",
        url: "/x",
        format: "png",
        bytes: 1,
        width: 300,
        height: 300,
        purpose: "LISTING_MEDIA",
      })
      .returning();
    expect((await serveUpload(world.db, viewer(host), row!.id)).status).toBe(404);
  });
});

// ------------------------------------------------------------------ Cloudinary

describe("the CLOUDINARY provider", () => {
  const settings = { cloudName: "tessera-test", apiKey: "123456789012345", apiSecret: "test-secret-abcdefghijklmnop" };
  const FOLDER = "tessera/listing-media";

  beforeAll(() => {
    Object.assign(env, {
      CLOUDINARY_CLOUD_NAME: settings.cloudName,
      CLOUDINARY_API_KEY: settings.apiKey,
      CLOUDINARY_API_SECRET: settings.apiSecret,
    });
  });
  afterAll(() => {
    Object.assign(env, { CLOUDINARY_CLOUD_NAME: undefined, CLOUDINARY_API_KEY: undefined, CLOUDINARY_API_SECRET: undefined });
  });

  /** Cloudinary's documented signature: the parameters sorted by name as k=v joined with &, then the secret; SHA-1, hex. */
  function documentedSignature(params: Record<string, string | number>, secret = settings.apiSecret): string {
    const toSign = Object.keys(params)
      .sort()
      .map((k) => `${k}=${params[k]}`)
      .join("&");
    return createHash("sha1")
      .update(toSign + secret)
      .digest("hex");
  }

  it("is chosen when its three settings are present; the LOCAL upload is then refused", async () => {
    expect(uploadProvider()).toBe("CLOUDINARY");
    await expectError((await world.as(host)).uploads.uploadLocal(form(blob(makePng(300, 300)))), "BAD_REQUEST", "INVALID_STATE");
  });

  it("signCloudinary signs the forced folder, the formats and a timestamp, as Cloudinary documents", async () => {
    const signed = await (await world.as(host)).uploads.signCloudinary();
    expect(signed).toMatchObject({
      cloudName: settings.cloudName,
      apiKey: settings.apiKey,
      uploadUrl: "https://api.cloudinary.com/v1_1/tessera-test/image/upload",
    });
    expect(signed.params.folder).toBe(FOLDER);
    expect(signed.params.allowed_formats).toBe("jpg,png,webp");
    expect(Math.abs(signed.params.timestamp - Date.now() / 1000)).toBeLessThan(5);
    expect(signed.signature).toBe(documentedSignature(signed.params));
    expect(signed.signature).toBe(cloudinary.utils.api_sign_request(signed.params, settings.apiSecret));
    expect(JSON.stringify(signed)).not.toContain(settings.apiSecret);
    await expectError((await world.as(world.demo.TRAVELER)).uploads.signCloudinary(), "FORBIDDEN", "ROLE_REQUIRED");
  });

  it("signCloudinaryParams signs what the upload widget sends, and refuses other folders and parameters", async () => {
    const caller = await world.as(host);
    const timestamp = Math.floor(Date.now() / 1000);
    const params = { timestamp, source: "uw", folder: FOLDER };
    const { signature } = await caller.uploads.signCloudinaryParams({ paramsToSign: params });
    expect(signature).toBe(documentedSignature(params));

    await expectError(
      caller.uploads.signCloudinaryParams({ paramsToSign: { ...params, folder: "elsewhere" } }),
      "BAD_REQUEST",
      "UPLOAD_REJECTED",
      "WRONG_FOLDER",
    );
    await expectError(
      caller.uploads.signCloudinaryParams({ paramsToSign: { timestamp, source: "uw" } }),
      "BAD_REQUEST",
      "UPLOAD_REJECTED",
      "WRONG_FOLDER",
    );
    await expectError(
      caller.uploads.signCloudinaryParams({ paramsToSign: { ...params, public_id: "tessera/listing-media/mine" } }),
      "BAD_REQUEST",
      "UPLOAD_REJECTED",
      "PARAM_NOT_ALLOWED",
    );
    await expectError(
      caller.uploads.signCloudinaryParams({ paramsToSign: { ...params, notification_url: "https://evil.example" } }),
      "BAD_REQUEST",
      "UPLOAD_REJECTED",
      "PARAM_NOT_ALLOWED",
    );
    await expectError(
      caller.uploads.signCloudinaryParams({ paramsToSign: { ...params, allowed_formats: "svg" } }),
      "BAD_REQUEST",
      "UPLOAD_REJECTED",
      "UNSUPPORTED_TYPE",
    );
    await expectError(
      caller.uploads.signCloudinaryParams({ paramsToSign: { ...params, timestamp: timestamp - 7200 } }),
      "BAD_REQUEST",
      "UPLOAD_REJECTED",
      "STALE_TIMESTAMP",
    );
    await expectError((await world.anonymous()).uploads.signCloudinaryParams({ paramsToSign: params }), "UNAUTHORIZED");
  });

  function uploadResult(overrides: Partial<Record<string, unknown>> = {}) {
    const publicId = (overrides.public_id as string) ?? `${FOLDER}/${randomUUID().replaceAll("-", "").slice(0, 20)}`;
    const version = (overrides.version as number) ?? 1_712_345_678;
    const format = (overrides.format as string) ?? "jpg";
    return {
      public_id: publicId,
      version,
      // What Cloudinary returns: the documented signature over public_id and version.
      signature: documentedSignature({ public_id: publicId, version }),
      format,
      bytes: 245_000,
      width: 1600,
      height: 1200,
      secure_url: `https://res.cloudinary.com/${settings.cloudName}/image/upload/v${version}/${publicId}.${format}`,
      resource_type: "image",
      ...overrides,
    };
  }

  it("registerCloudinary accepts a result whose signature checks out, and audits it", async () => {
    const caller = await world.as(host);
    const result = uploadResult();
    // The SDK's own verification agrees with the documented algorithm.
    cloudinary.config({ api_secret: settings.apiSecret });
    expect(cloudinary.utils.api_sign_request({ public_id: result.public_id, version: result.version }, settings.apiSecret)).toBe(
      result.signature,
    );

    const stored = await caller.uploads.registerCloudinary(result);
    expect(stored).toMatchObject({ format: "jpeg", width: 1600, height: 1200, bytes: 245_000 });
    expect(stored.url).toBe(
      `https://res.cloudinary.com/${settings.cloudName}/image/upload/f_auto,q_auto/v${result.version}/${result.public_id}`,
    );
    expect(stored.url).toBe(deliveryUrl(settings, result.public_id, result.version));
    expect(await assetRow(stored.assetId)).toMatchObject({
      provider: "CLOUDINARY",
      publicId: result.public_id,
      ownerId: host.id,
      purpose: "LISTING_MEDIA",
    });
    const audit = await auditRows(world.db, { action: "UPLOAD_STORED", targetId: stored.assetId });
    expect(audit[0]!.changes).toMatchObject({ provider: "CLOUDINARY", publicId: result.public_id });

    // Listings take it like any photo; the local route does not serve it (Cloudinary does).
    const listing = await draftListing(host.id);
    await caller.listings.addPhoto({ listingId: listing.id, assetId: stored.assetId });
    expect((await serveUpload(world.db, { id: host.id, role: "HOST" }, stored.assetId)).status).toBe(404);

    await expectError(caller.uploads.registerCloudinary(result), "CONFLICT", "CONFLICT");
  });

  it("registerCloudinary refuses a tampered or forged result", async () => {
    const caller = await world.as(host);
    const count = async () => (await world.db.select().from(uploadAssets).where(eq(uploadAssets.provider, "CLOUDINARY"))).length;
    const before = await count();
    const good = uploadResult();
    // Another public id or version under the same signature.
    await expectError(
      caller.uploads.registerCloudinary({
        ...good,
        public_id: `${FOLDER}/someone-elses`,
        secure_url: good.secure_url.replace(good.public_id, `${FOLDER}/someone-elses`),
      }),
      "BAD_REQUEST",
      "UPLOAD_REJECTED",
      "BAD_SIGNATURE",
    );
    await expectError(
      caller.uploads.registerCloudinary({ ...good, version: good.version + 1 }),
      "BAD_REQUEST",
      "UPLOAD_REJECTED",
      "BAD_SIGNATURE",
    );
    // Signed with another secret.
    await expectError(
      caller.uploads.registerCloudinary({
        ...good,
        signature: documentedSignature({ public_id: good.public_id, version: good.version }, "not-the-secret"),
      }),
      "BAD_REQUEST",
      "UPLOAD_REJECTED",
      "BAD_SIGNATURE",
    );
    // Properly signed, but outside the forced folder.
    await expectError(
      caller.uploads.registerCloudinary(uploadResult({ public_id: "elsewhere/photo" })),
      "BAD_REQUEST",
      "UPLOAD_REJECTED",
      "WRONG_FOLDER",
    );
    await expectError(
      caller.uploads.registerCloudinary(uploadResult({ public_id: `${FOLDER}/../escape` })),
      "BAD_REQUEST",
      "UPLOAD_REJECTED",
      "WRONG_FOLDER",
    );
    // The same rules as LOCAL on the reported metadata.
    await expectError(
      caller.uploads.registerCloudinary(uploadResult({ format: "gif" })),
      "BAD_REQUEST",
      "UPLOAD_REJECTED",
      "UNSUPPORTED_TYPE",
    );
    await expectError(
      caller.uploads.registerCloudinary(uploadResult({ bytes: 9 * 1024 * 1024 })),
      "BAD_REQUEST",
      "UPLOAD_REJECTED",
      "TOO_LARGE",
    );
    await expectError(
      caller.uploads.registerCloudinary(uploadResult({ width: 120 })),
      "BAD_REQUEST",
      "UPLOAD_REJECTED",
      "TOO_SMALL_DIMENSIONS",
    );
    await expectError(
      caller.uploads.registerCloudinary(uploadResult({ height: 20_000 })),
      "BAD_REQUEST",
      "UPLOAD_REJECTED",
      "TOO_LARGE_DIMENSIONS",
    );
    await expectError(
      caller.uploads.registerCloudinary(uploadResult({ resource_type: "video" })),
      "BAD_REQUEST",
      "UPLOAD_REJECTED",
      "NOT_AN_IMAGE_RESOURCE",
    );
    await expectError(
      caller.uploads.registerCloudinary(uploadResult({ secure_url: "https://res.cloudinary.com/x/image/upload/v1/other.jpg" })),
      "BAD_REQUEST",
      "UPLOAD_REJECTED",
      "MISMATCHED_URL",
    );
    await expectError(
      caller.uploads.registerCloudinary({ ...good, purpose: "ENROLLMENT_DOCUMENT" }),
      "BAD_REQUEST",
      "INVALID_INPUT",
    );
    await expectError((await world.as(world.demo.TRAVELER)).uploads.registerCloudinary(good), "FORBIDDEN", "ROLE_REQUIRED");
    expect(await count()).toBe(before);
  });

  it("without Cloudinary settings its procedures say so", async () => {
    Object.assign(env, { CLOUDINARY_API_SECRET: undefined });
    try {
      expect(uploadProvider()).toBe("LOCAL");
      await expectError((await world.as(host)).uploads.signCloudinary(), "BAD_REQUEST", "INVALID_STATE");
      await expectError((await world.as(host)).uploads.registerCloudinary(uploadResult()), "BAD_REQUEST", "INVALID_STATE");
    } finally {
      Object.assign(env, { CLOUDINARY_API_SECRET: settings.apiSecret });
    }
  });
});

it("leaves no stray files: the uploads folder holds exactly the stored LOCAL files", async () => {
  const rows = await world.db.select().from(uploadAssets).where(eq(uploadAssets.provider, "LOCAL"));
  const names = rows
    .map((r) => r.publicId)
    .filter((n) => /^[0-9a-f]{32}\./.test(n))
    .sort();
  expect(readdirSync(uploadsDir).sort()).toEqual(names);
});

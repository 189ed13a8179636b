// Photos through sharp, as travelers get them: a real camera-like JPEG with GPS in its EXIF is kept
// without any metadata, and served in two WebP sizes (cards, the listing page) that explore and the
// listing page point at with srcset; public variants are cached for a year by browsers (immutable),
// minutes by shared caches, and private or hidden ones by nobody.
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { listings } from "@/db/schema/listings";
import { env } from "@/server/env";
import { serveUpload } from "@/server/uploads/access";
import { variantUrl } from "@/server/uploads/variants";
import { listingIn, NAXOS, seededWorld, type DemoUser, type TestWorld } from "./helpers";

let world: TestWorld;
let host: DemoUser;
let uploadsDir: string;
const savedEnv = { ...env };
let assetId: string;
let listingId: string;

/** A 2400×1600 photo as a phone writes it: JPEG, with GPS and a camera model in EXIF. */
async function phonePhoto(): Promise<Buffer> {
  return sharp({ create: { width: 2400, height: 1600, channels: 3, background: { r: 30, g: 110, b: 150 } } })
    .jpeg({ quality: 85 })
    .withExif({ IFD0: { Model: "PhoneCam 12", ImageDescription: "GPS 37.1050 N 25.3760 E" } })
    .toBuffer();
}

beforeAll(async () => {
  world = await seededWorld();
  host = world.demo.HOST;
  uploadsDir = mkdtempSync(path.join(tmpdir(), "tessera-variants-"));
  Object.assign(env, {
    UPLOADS_DIR: uploadsDir,
    CLOUDINARY_CLOUD_NAME: undefined,
    CLOUDINARY_API_KEY: undefined,
    CLOUDINARY_API_SECRET: undefined,
  });
  const caller = await world.as(host);
  const fd = new FormData();
  fd.append("purpose", "LISTING_MEDIA");
  fd.append("file", new Blob([new Uint8Array(await phonePhoto())], { type: "image/jpeg" }), "IMG_0001.jpg");
  assetId = (await caller.uploads.uploadLocal(fd)).assetId;
  listingId = await listingIn(world, host, "DRAFT");
  await caller.listings.addPhoto({ listingId, assetId });
});

afterAll(async () => {
  Object.assign(env, savedEnv);
  rmSync(uploadsDir, { recursive: true, force: true });
  await world?.close();
});

const viewer = (u: DemoUser) => ({ id: u.id, role: u.role });

describe("an uploaded photo", () => {
  it("is kept decoded and re-encoded, with no metadata block left", async () => {
    const res = await serveUpload(world.db, viewer(host), assetId);
    const kept = Buffer.from(await res.arrayBuffer());
    const meta = await sharp(kept).metadata();
    expect(meta).toMatchObject({ format: "jpeg", width: 2400, height: 1600 });
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(meta.icc).toBeUndefined();
    expect(kept.toString("latin1")).not.toContain("37.1050");
    expect(kept.toString("latin1")).not.toContain("PhoneCam");
  });

  it("has a card and a large WebP variant, no wider than their slots, made once and kept", async () => {
    for (const [size, width] of [
      ["card", 640],
      ["large", 1600],
    ] as const) {
      const res = await serveUpload(world.db, viewer(host), assetId, undefined, size);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("image/webp");
      const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata();
      expect(meta).toMatchObject({ format: "webp", width, height: Math.round((width * 1600) / 2400) });
      expect(meta.exif).toBeUndefined();
    }
    expect(readdirSync(uploadsDir).filter((n) => n.endsWith("-card.webp") || n.endsWith("-large.webp"))).toHaveLength(2);
  });

  it("a draft's variants are private: its host sees them uncached, a stranger gets 404", async () => {
    const mine = await serveUpload(world.db, viewer(host), assetId, undefined, "card");
    expect(mine.headers.get("cache-control")).toBe("private, no-store");
    const other = await world.addUser({ role: "HOST", district: NAXOS });
    for (const who of [viewer(other), viewer(world.demo.TRAVELER), null]) {
      const res = await serveUpload(world.db, who, assetId, undefined, "large");
      expect(res.status).toBe(404);
    }
  });

  it("once approved: explore and the listing page point at the variants, served public and immutable", async () => {
    await world.db.update(listings).set({ status: "APPROVED", approvedAt: new Date() }).where(eq(listings.id, listingId));
    const traveler = await world.as(world.demo.TRAVELER);
    const page = await traveler.listings.get({ listingId });
    expect(page.listing.cover).toMatchObject({
      url: `/api/uploads/${assetId}`,
      cardUrl: `/api/uploads/${assetId}?size=card`,
      largeUrl: `/api/uploads/${assetId}?size=large`,
    });
    const explore = await traveler.listings.explore({ districtId: "all", sort: "newest", limit: 50 });
    expect(explore.items.find((i) => i.id === listingId)?.cover?.cardUrl).toBe(`/api/uploads/${assetId}?size=card`);

    const res = await serveUpload(world.db, null, assetId, undefined, "card");
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, s-maxage=300, immutable");
    const etag = res.headers.get("etag")!;
    expect(etag).toBe(`"${assetId}-card"`);
    expect((await serveUpload(world.db, null, assetId, new Headers({ "if-none-match": etag }), "card")).status).toBe(304);
    // The original keeps its short public lifetime.
    expect((await serveUpload(world.db, null, assetId)).headers.get("cache-control")).toMatch(/^public, max-age=300/);

    // Hidden again: strangers get 404 for the variants too.
    await world.db.update(listings).set({ status: "REJECTED" }).where(eq(listings.id, listingId));
    expect((await serveUpload(world.db, null, assetId, undefined, "card")).status).toBe(404);
  });
});

describe("variant URLs", () => {
  it("LOCAL files by the uploads route; Cloudinary files by a resize-and-WebP transformation", () => {
    expect(variantUrl("/api/uploads/abc", "card")).toBe("/api/uploads/abc?size=card");
    expect(
      variantUrl("https://res.cloudinary.com/demo/image/upload/f_auto,q_auto/v17/tessera/listing-media/x.jpg", "large"),
    ).toBe(
      "https://res.cloudinary.com/demo/image/upload/c_limit,w_1600,f_webp,q_auto/f_auto,q_auto/v17/tessera/listing-media/x.jpg",
    );
  });
});

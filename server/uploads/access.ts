// Who may see an uploaded file, and the response that serves a LOCAL one.
//   - Listing media of an APPROVED listing: anyone (public, cacheable).
//   - Anything else (drafts, listings in review, enrollment documents later): only its owner and
//     moderators or admins (private, never stored by shared caches).
//   - Everyone else, deleted files and unknown ids alike: 404, so ids cannot be probed.
import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { listingMedia, listings } from "@/db/schema/listings";
import { uploadAssets, type UploadAsset } from "@/db/schema/uploads";
import { isAtLeast } from "@/server/policy/roles";
import type { Subject } from "@/server/policy/subject";
import { MIME_TYPES, type ImageFormat } from "./image";
import { readLocalFile } from "./local";

export type AssetVisibility = "public" | "private";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The asset and how it may be served to `viewer`, or null when the viewer may not see it. */
export async function assetForViewer(
  db: Database,
  viewer: Pick<Subject, "id" | "role"> | null,
  assetId: string,
): Promise<{ asset: UploadAsset; visibility: AssetVisibility } | null> {
  if (!UUID.test(assetId)) return null;
  const [asset] = await db.select().from(uploadAssets).where(eq(uploadAssets.id, assetId)).limit(1);
  if (!asset || asset.status !== "READY") return null;
  if (asset.purpose === "LISTING_MEDIA") {
    const [published] = await db
      .select({ id: listings.id })
      .from(listingMedia)
      .innerJoin(listings, eq(listings.id, listingMedia.listingId))
      .where(and(eq(listingMedia.assetId, asset.id), eq(listings.status, "APPROVED")))
      .limit(1);
    if (published) return { asset, visibility: "public" };
  }
  if (viewer && (viewer.id === asset.ownerId || isAtLeast(viewer.role, "MODERATOR"))) {
    return { asset, visibility: "private" };
  }
  return null;
}

function notFound(): Response {
  return new Response("Not found", {
    status: 404,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff" },
  });
}

/** The HTTP response for GET /api/uploads/<assetId>. */
export async function serveUpload(
  db: Database,
  viewer: Pick<Subject, "id" | "role"> | null,
  assetId: string,
  requestHeaders?: Headers,
): Promise<Response> {
  const found = await assetForViewer(db, viewer, assetId);
  // Cloudinary files are delivered by Cloudinary at their own URL.
  if (!found || found.asset.provider !== "LOCAL") return notFound();
  const contentType = MIME_TYPES[found.asset.format as ImageFormat];
  if (!contentType) return notFound();
  const headers = new Headers({
    "Content-Type": contentType,
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "Content-Disposition": "inline",
    // A file never changes under its id; who may see it can (a listing is hidden), so public
    // copies live minutes, not forever, and private ones are never kept by a shared cache.
    "Cache-Control": found.visibility === "public" ? "public, max-age=300, stale-while-revalidate=60" : "private, no-store",
    ETag: `"${found.asset.id}"`,
  });
  if (found.visibility === "public" && requestHeaders?.get("if-none-match") === `"${found.asset.id}"`) {
    return new Response(null, { status: 304, headers });
  }
  const body = await readLocalFile(found.asset.publicId);
  if (!body) return notFound();
  headers.set("Content-Length", String(body.length));
  return new Response(new Uint8Array(body), { status: 200, headers });
}

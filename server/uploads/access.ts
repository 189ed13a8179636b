// Who may see an uploaded file, and the response that serves a LOCAL one.
//   - Listing media of an APPROVED listing: anyone (public, cacheable).
//   - Enrollment documents: only their owner and the moderator holding the case's queue item.
//   - Anything else (drafts, listings in review): only its owner, moderators, super admins and the
//     admins of its listing's region (private, never stored by shared caches).
//   - Everyone else, deleted files and unknown ids alike: 404, so ids cannot be probed.
import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { users } from "@/db/schema/accounts";
import { districts } from "@/db/schema/geography";
import { listingMedia, listings } from "@/db/schema/listings";
import { uploadAssets, type UploadAsset } from "@/db/schema/uploads";
import { check } from "@/server/policy/authorize";
import { isUuid } from "@/shared/uuid";
import type { Subject } from "@/server/policy/subject";
import { documentCaseHolder } from "@/server/identity/documents";
import { MIME_TYPES, type ImageFormat, type VariantName } from "./image";
import { PDF_MIME_TYPE } from "./pdf";
import { readLocalFile, readLocalVariant } from "./local";

export type AssetVisibility = "public" | "private";

/** Who is asking: an admin's region bounds what they see (none given: no admin scope). */
export type UploadViewer = Pick<Subject, "id" | "role"> & { regionId?: string | null };

/** The asset and how it may be served to `viewer` (rule `upload.view`), or null when the viewer may not see it. */
export async function assetForViewer(
  db: Database,
  viewer: UploadViewer | null,
  assetId: string,
): Promise<{ asset: UploadAsset; visibility: AssetVisibility } | null> {
  if (!isUuid(assetId)) return null;
  const [asset] = await db.select().from(uploadAssets).where(eq(uploadAssets.id, assetId)).limit(1);
  if (!asset || asset.status !== "READY") return null;
  const onApprovedListing = asset.purpose === "LISTING_MEDIA" && (await onApprovedListingMedia(db, asset.id));
  const caseHolderId = asset.purpose === "ENROLLMENT_DOCUMENT" ? await documentCaseHolder(db, asset.id) : null;
  // Only an admin's answer depends on the region; nobody else pays for reading it.
  const regionId = viewer?.role === "ADMIN" && !onApprovedListing ? await regionOfAsset(db, asset) : null;
  const decision = check("upload.view", viewer, {
    purpose: asset.purpose,
    ownerId: asset.ownerId,
    onApprovedListing,
    caseHolderId,
    regionId,
  });
  if (!decision.allow) return null;
  return { asset, visibility: onApprovedListing ? "public" : "private" };
}

async function onApprovedListingMedia(db: Database, assetId: string): Promise<boolean> {
  const [published] = await db
    .select({ id: listings.id })
    .from(listingMedia)
    .innerJoin(listings, eq(listings.id, listingMedia.listingId))
    .where(and(eq(listingMedia.assetId, assetId), eq(listings.status, "APPROVED")))
    .limit(1);
  return Boolean(published);
}

/** The region a file belongs to: its listing's district's, or, on no listing yet, its owner's district's. */
async function regionOfAsset(db: Database, asset: UploadAsset): Promise<string | null> {
  const [onListing] = await db
    .select({ regionId: districts.regionId })
    .from(listingMedia)
    .innerJoin(listings, eq(listings.id, listingMedia.listingId))
    .innerJoin(districts, eq(districts.id, listings.districtId))
    .where(eq(listingMedia.assetId, asset.id))
    .limit(1);
  if (onListing) return onListing.regionId;
  const [owner] = await db
    .select({ regionId: districts.regionId })
    .from(users)
    .innerJoin(districts, eq(districts.id, users.districtId))
    .where(eq(users.id, asset.ownerId))
    .limit(1);
  return owner?.regionId ?? null;
}

function notFound(): Response {
  return new Response("Not found", {
    status: 404,
    headers: {
      "Content-Type": "text/plain; charset=utf-8",
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

/**
 * The HTTP response for GET /api/uploads/<assetId>, or for one of its responsive variants
 * (`?size=card|large`, WebP). A variant's bytes never change under its URL, so a public one is
 * kept by browsers for a year (immutable); shared caches keep it minutes, like the original, so a
 * listing that stops being public stops being served by them soon.
 */
export async function serveUpload(
  db: Database,
  viewer: UploadViewer | null,
  assetId: string,
  requestHeaders?: Headers,
  variant?: VariantName,
  /** Called before someone other than its owner is sent an enrollment document (the view is audited). */
  onReviewerView?: (asset: UploadAsset) => Promise<void>,
): Promise<Response> {
  const found = await assetForViewer(db, viewer, assetId);
  // Cloudinary files are delivered by Cloudinary at their own URL.
  if (!found || found.asset.provider !== "LOCAL") return notFound();
  // Variants exist for listing photos only; documents (PDFs above all) are served as stored.
  const isPdf = found.asset.format === "pdf";
  const contentType = variant
    ? isPdf || found.asset.purpose !== "LISTING_MEDIA"
      ? undefined
      : MIME_TYPES.webp
    : isPdf
      ? PDF_MIME_TYPE
      : MIME_TYPES[found.asset.format as ImageFormat];
  if (!contentType) return notFound();
  if (found.asset.purpose === "ENROLLMENT_DOCUMENT" && viewer && viewer.id !== found.asset.ownerId) {
    await onReviewerView?.(found.asset);
  }
  const etag = variant ? `"${found.asset.id}-${variant}"` : `"${found.asset.id}"`;
  const headers = new Headers({
    "Content-Type": contentType,
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "Content-Disposition": "inline",
    // A file never changes under its id; who may see it can (a listing is hidden), so public
    // copies live minutes, not forever, and private ones are never kept by a shared cache.
    "Cache-Control":
      found.visibility !== "public"
        ? "private, no-store"
        : variant
          ? "public, max-age=31536000, s-maxage=300, immutable"
          : "public, max-age=300, stale-while-revalidate=60",
    ETag: etag,
  });
  if (found.visibility === "public" && requestHeaders?.get("if-none-match") === etag) {
    return new Response(null, { status: 304, headers });
  }
  const body = variant ? await readLocalVariant(found.asset.publicId, variant) : await readLocalFile(found.asset.publicId);
  if (!body) return notFound();
  headers.set("Content-Length", String(body.length));
  return new Response(new Uint8Array(body), { status: 200, headers });
}

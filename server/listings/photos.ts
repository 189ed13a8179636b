// A listing's photos: add, remove, order and choose the cover (the host's own listings only).
import { and, asc, eq } from "drizzle-orm";
import { listingMedia, listings } from "@/db/schema/listings";
import { uploadAssets } from "@/db/schema/uploads";
import { AppError } from "@/server/errors";
import type { Deps } from "@/server/context";
import { targetChanged } from "@/server/moderation/queue";
import { hostMayEdit } from "./transitions";
import { ownListing, sendToReview } from "./manage";

export const MAX_PHOTOS = 8;

export async function addPhoto(deps: Deps, listingId: string, assetId: string) {
  const listing = await ownListing(deps, listingId);
  if (!hostMayEdit(listing.status)) throw new AppError("INVALID_STATE", "An archived listing cannot be edited.");
  const [asset] = await deps.db.select().from(uploadAssets).where(eq(uploadAssets.id, assetId)).limit(1);
  if (!asset || asset.ownerId !== deps.user.id || asset.purpose !== "LISTING_MEDIA" || asset.status !== "READY") {
    throw new AppError("NOT_FOUND", "That photo does not exist.");
  }
  const media = await deps.db.select().from(listingMedia).where(eq(listingMedia.listingId, listingId));
  if (media.some((m) => m.assetId === assetId)) throw new AppError("INVALID_STATE", "That photo is already on this listing.");
  if (media.length >= MAX_PHOTOS) throw new AppError("INVALID_STATE", `A listing can have at most ${MAX_PHOTOS} photos.`);
  await deps.db.insert(listingMedia).values({ listingId, assetId, position: media.length });
  if (!listing.coverAssetId) await deps.db.update(listings).set({ coverAssetId: assetId }).where(eq(listings.id, listingId));
  deps.audit({ action: "LISTING_PHOTO_ADDED", targetType: "listing", targetId: listingId, changes: { assetId } });
  // A new photo on an approved listing is new public content: back to review.
  if (listing.status === "APPROVED")
    await sendToReview(deps, { ...listing, coverAssetId: listing.coverAssetId ?? assetId }, "reviewEdit");
  // On one under review, the moderator has not seen it yet.
  if (listing.status === "PENDING_REVIEW") await targetChanged(deps.db, { type: "LISTING", id: listingId }, deps.user.id);
}

export async function removePhoto(deps: Deps, listingId: string, assetId: string) {
  const listing = await ownListing(deps, listingId);
  const removed = await deps.db
    .delete(listingMedia)
    .where(and(eq(listingMedia.listingId, listingId), eq(listingMedia.assetId, assetId)))
    .returning();
  if (removed.length === 0) throw new AppError("NOT_FOUND", "That photo is not on this listing.");
  const rest = await deps.db
    .select()
    .from(listingMedia)
    .where(eq(listingMedia.listingId, listingId))
    .orderBy(asc(listingMedia.position));
  for (const [i, m] of rest.entries()) {
    if (m.position !== i)
      await deps.db
        .update(listingMedia)
        .set({ position: i })
        .where(and(eq(listingMedia.listingId, listingId), eq(listingMedia.assetId, m.assetId)));
  }
  if (listing.coverAssetId === assetId) {
    await deps.db
      .update(listings)
      .set({ coverAssetId: rest[0]?.assetId ?? null })
      .where(eq(listings.id, listingId));
  }
  deps.audit({ action: "LISTING_PHOTO_REMOVED", targetType: "listing", targetId: listingId, changes: { assetId } });
}

export async function arrangePhotos(deps: Deps, listingId: string, input: { order: string[]; coverAssetId: string }) {
  const listing = await ownListing(deps, listingId);
  const media = await deps.db.select().from(listingMedia).where(eq(listingMedia.listingId, listingId));
  const current = new Set(media.map((m) => m.assetId));
  const listed = new Set(input.order);
  if (
    listed.size !== input.order.length ||
    input.order.length !== current.size ||
    input.order.some((id) => !current.has(id)) ||
    !current.has(input.coverAssetId)
  ) {
    throw new AppError(
      "INVALID_STATE",
      "The photo order must list exactly this listing's photos, and the cover must be one of them.",
    );
  }
  for (const [i, assetId] of input.order.entries()) {
    await deps.db
      .update(listingMedia)
      .set({ position: i })
      .where(and(eq(listingMedia.listingId, listingId), eq(listingMedia.assetId, assetId)));
  }
  await deps.db.update(listings).set({ coverAssetId: input.coverAssetId }).where(eq(listings.id, listingId));
  deps.audit({
    action: "LISTING_PHOTOS_ARRANGED",
    targetType: "listing",
    targetId: listingId,
    changes: { order: input.order, cover: { before: listing.coverAssetId, after: input.coverAssetId } },
  });
}

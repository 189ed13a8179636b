// Hosts' listings: create, edit, submit, archive, photos; and how a listing is shown to a viewer.
import { and, asc, desc, eq, gt, isNull, lte, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { users } from "@/db/schema/accounts";
import { districts, regions } from "@/db/schema/geography";
import { listingMedia, listings, promotions, type Listing } from "@/db/schema/listings";
import { uploadAssets } from "@/db/schema/uploads";
import type { ListingCategory, ListingKind, ListingStatus } from "@/db/schema/values";
import type { AuditEntry } from "@/server/audit";
import { diff } from "@/server/audit";
import { AppError } from "@/server/errors";
import { check, enforce, enforceHidden } from "@/server/policy/authorize";
import type { Subject } from "@/server/policy/subject";
import type { Deps } from "@/server/context";
import { holdsItemOn, openItem, targetChanged } from "@/server/moderation/queue";
import { refuseBlocked, scanKeywords, type KeywordHit } from "@/server/moderation/keywords";
import { withVariants } from "@/server/uploads/variants";
import { hostMayEdit, nextListingStatus, type ListingAction } from "./transitions";
import type { PublicListing } from "./views";
import { hasOrderOnListing } from "@/server/orders/queries";

export interface ListingInput {
  kind: ListingKind;
  title: string;
  description: string;
  category: ListingCategory;
  price: { amountMinor: number; currency: string } | null;
  contact: string | null;
  meetingPoint: string | null;
}

/** Fields travelers see; changing them on an approved listing sends it back to review. */
const PUBLIC_FIELDS = ["kind", "title", "description", "category", "priceMinor", "currency"] as const;

function columnsOf(input: Partial<ListingInput>) {
  const out: Partial<Listing> = {};
  if (input.kind !== undefined) out.kind = input.kind;
  if (input.title !== undefined) out.title = input.title;
  if (input.description !== undefined) out.description = input.description;
  if (input.category !== undefined) out.category = input.category;
  if (input.price !== undefined) {
    out.priceMinor = input.price?.amountMinor ?? null;
    out.currency = input.price?.currency ?? null;
  }
  if (input.contact !== undefined) out.contact = input.contact;
  if (input.meetingPoint !== undefined) out.meetingPoint = input.meetingPoint;
  return out;
}

export async function createListing(deps: Deps, input: ListingInput, env: { hostOnboardingEnabled: boolean }) {
  enforce(deps.securityEvents, "listing.create", deps.user, null, env);
  if (!deps.user.districtId) throw new AppError("INVALID_STATE", "Your account has no district to list in.");
  const [row] = await deps.db
    .insert(listings)
    .values({ ...columnsOf(input), hostId: deps.user.id, districtId: deps.user.districtId } as typeof listings.$inferInsert)
    .returning();
  deps.audit({
    action: "LISTING_CREATED",
    targetType: "listing",
    targetId: row!.id,
    changes: { title: row!.title, kind: row!.kind },
  });
  return row!;
}

/** What a host is told about a listing that is missing or not theirs. */
export const LISTING_NOT_FOUND = "That listing does not exist.";

export async function ownListing(deps: { db: Database; user: Subject; securityEvents: AuditEntry[] }, listingId: string) {
  const [row] = await deps.db.select().from(listings).where(eq(listings.id, listingId)).limit(1);
  if (!row) throw new AppError("NOT_FOUND", LISTING_NOT_FOUND);
  // Someone else's listing looks the same as a missing one: ids are not for probing.
  enforceHidden(
    deps.securityEvents,
    { type: "listing", id: listingId, notFound: LISTING_NOT_FOUND },
    "listing.own",
    deps.user,
    row,
  );
  return row;
}

export async function moveListing(
  db: Database,
  listing: Listing,
  action: ListingAction,
  actor: "HOST" | "MODERATOR",
  extra: Partial<Listing> = {},
) {
  const to = nextListingStatus(actor, action, listing.status);
  const [row] = await db
    .update(listings)
    .set({ ...extra, status: to, updatedAt: new Date() })
    // The status it was read in: a concurrent move makes this match nothing.
    .where(and(eq(listings.id, listing.id), eq(listings.status, listing.status)))
    .returning();
  if (!row) throw new AppError("STALE_VERSION", "This listing changed in the meantime. Reload and try again.");
  return row;
}

/** The free-text fields keywords are matched against. */
const TEXT_FIELDS = ["title", "description", "contact", "meetingPoint"] as const;

async function queueKeywordHits(deps: Deps, listingId: string, hits: KeywordHit[]) {
  for (const hit of hits.filter((h) => h.action !== "BLOCK")) {
    await openItem(deps.db, { type: "LISTING", id: listingId }, { kind: "KEYWORD", term: hit.term, action: hit.action }, null);
  }
}

/** Keyword check and the queue: every submission, and every re-review of edited text. */
async function sendToReview(deps: Deps, listing: Listing, action: ListingAction, extra: Partial<Listing> = {}) {
  const merged = { ...listing, ...extra };
  const scan = await scanKeywords(
    deps.db,
    TEXT_FIELDS.map((f) => merged[f]),
  );
  refuseBlocked(scan.blocked);
  const moved = await moveListing(deps.db, listing, action, "HOST", { ...extra, submittedAt: new Date(), moderationNote: null });
  await openItem(deps.db, { type: "LISTING", id: listing.id }, { kind: "SUBMITTED" }, deps.user.id);
  await queueKeywordHits(deps, listing.id, scan.hits);
  deps.audit({
    action: "LISTING_SUBMITTED",
    targetType: "listing",
    targetId: listing.id,
    changes: {
      status: { before: listing.status, after: moved.status },
      ...(scan.hits.length ? { keywords: scan.hits.map((h) => `${h.term} (${h.action})`) } : {}),
      ...(Object.keys(extra).length ? { edited: diff(listing, extra) } : {}),
    },
  });
  return moved;
}

export async function updateListing(deps: Deps, listingId: string, input: Partial<ListingInput>) {
  const listing = await ownListing(deps, listingId);
  if (!hostMayEdit(listing.status)) throw new AppError("INVALID_STATE", "An archived listing cannot be edited.");
  const patch = columnsOf(input);
  const changes = diff(listing, patch);
  if (Object.keys(changes).length === 0) throw new AppError("INVALID_STATE", "Nothing to change.");
  const publicTextChanged = PUBLIC_FIELDS.some((f) => f in changes);
  if (listing.status === "APPROVED" && publicTextChanged) {
    return sendToReview(deps, listing, "reviewEdit", patch);
  }
  // Text that is live (approved) or about to be judged (pending) meets the keywords now, as a
  // submission would: otherwise an edit after submitting, or of the contact details, skips them.
  const underReview = listing.status === "PENDING_REVIEW";
  if (listing.status === "APPROVED" || underReview) {
    const scan = await scanKeywords(
      deps.db,
      TEXT_FIELDS.filter((f) => f in changes).map((f) => patch[f]),
    );
    refuseBlocked(scan.blocked);
    // In live contact details, a held term takes the listing back to review until a moderator
    // approves it; a flagged term puts it in the queue while it stays up.
    if (!underReview && scan.held.length > 0) return sendToReview(deps, listing, "reviewEdit", patch);
    await queueKeywordHits(deps, listing.id, scan.hits);
  }
  const [row] = await deps.db
    .update(listings)
    .set({ ...patch, updatedAt: new Date() })
    // Only in the status it was read in: had a moderator decided meanwhile, this edit would land
    // on text they approved without seeing it.
    .where(and(eq(listings.id, listing.id), eq(listings.status, listing.status)))
    .returning();
  if (!row) throw new AppError("STALE_VERSION", "This listing changed in the meantime. Reload and try again.");
  // A moderator may be reading the old text: a decision made on it must be refused as stale.
  if (underReview) await targetChanged(deps.db, { type: "LISTING", id: listing.id }, deps.user.id);
  deps.audit({ action: "LISTING_UPDATED", targetType: "listing", targetId: listing.id, changes });
  return row!;
}

export async function submitListing(deps: Deps, listingId: string) {
  const listing = await ownListing(deps, listingId);
  return sendToReview(deps, listing, listing.status === "REJECTED" ? "resubmit" : "submit");
}

export async function archiveListing(deps: Deps, listingId: string) {
  const listing = await ownListing(deps, listingId);
  const moved = await moveListing(deps.db, listing, "archive", "HOST");
  deps.audit({
    action: "LISTING_ARCHIVED",
    targetType: "listing",
    targetId: listing.id,
    changes: { status: { before: listing.status, after: moved.status } },
  });
  return moved;
}

// ------------------------------------------------------------------ photos

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

// ------------------------------------------------------------------ reading

export async function loadListingView(db: Database, listingId: string, now = new Date()) {
  const [row] = await db
    .select({
      listing: listings,
      districtName: districts.name,
      regionName: regions.name,
      regionId: regions.id,
      hostName: users.displayName,
    })
    .from(listings)
    .innerJoin(districts, eq(districts.id, listings.districtId))
    .innerJoin(regions, eq(regions.id, districts.regionId))
    .innerJoin(users, eq(users.id, listings.hostId))
    .where(eq(listings.id, listingId))
    .limit(1);
  if (!row) return null;
  const media = await db
    .select({
      assetId: uploadAssets.id,
      url: uploadAssets.url,
      width: uploadAssets.width,
      height: uploadAssets.height,
      position: listingMedia.position,
    })
    .from(listingMedia)
    .innerJoin(uploadAssets, eq(uploadAssets.id, listingMedia.assetId))
    .where(eq(listingMedia.listingId, listingId))
    .orderBy(asc(listingMedia.position))
    .then((rows) => rows.map(withVariants));
  const [promotion] = await db
    .select({ title: promotions.title, discountPercent: promotions.discountPercent, endsAt: promotions.endsAt })
    .from(promotions)
    .where(
      and(
        eq(promotions.listingId, listingId),
        isNull(promotions.cancelledAt),
        lte(promotions.startsAt, now),
        gt(promotions.endsAt, now),
      ),
    )
    .orderBy(desc(promotions.startsAt))
    .limit(1);
  const l = row.listing;
  const view: PublicListing = {
    id: l.id,
    kind: l.kind,
    title: l.title,
    description: l.description,
    category: l.category,
    priceMinor: l.priceMinor,
    currency: l.currency,
    status: l.status,
    districtId: l.districtId,
    districtName: row.districtName,
    regionName: row.regionName,
    hostId: l.hostId,
    hostName: row.hostName,
    ratingAverage: l.ratingAverage === null ? null : Number(l.ratingAverage),
    ratingCount: l.ratingCount,
    cover: media.find((m) => m.assetId === l.coverAssetId) ?? media[0] ?? null,
    media,
    promotion: promotion ?? null,
    approvedAt: l.approvedAt,
  };
  return { view, listing: l, regionId: row.regionId };
}

/**
 * A listing as `viewer` may see it: approved listings are public; others only to their host,
 * moderators and admins. Sensitive fields only where `listing.viewSensitive` allows.
 */
export async function viewListing(
  db: Database,
  viewer: Subject | null,
  listingId: string,
  environment: { emergencyIn: EmergencyIn },
  events?: AuditEntry[],
) {
  const loaded = await loadListingView(db, listingId);
  if (!loaded || !check("listing.view", viewer, loaded.listing).allow) {
    throw new AppError("NOT_FOUND", "That listing does not exist or is not published.");
  }
  // In a district in emergency mode nothing is promoted, running promotions included.
  if (loaded.view.promotion && (await environment.emergencyIn(loaded.listing.districtId))) loaded.view.promotion = null;
  const resource = { ...loaded.listing, regionId: loaded.regionId };
  const viewerHasOrder = viewer ? await hasOrderOnListing(db, viewer.id, listingId) : false;
  let decision = check("listing.viewSensitive", viewer, resource, { viewerHasOrder });
  if (!decision.allow && viewer?.role === "MODERATOR" && (await holdsItemOn(db, viewer.id, "LISTING", listingId))) {
    // Inside a moderation item they hold, a moderator sees what they judge; that view is audited.
    decision = check("listing.viewSensitive", viewer, resource, { viewerHasOrder, holdsModerationItem: true });
    if (decision.allow)
      events?.push({
        action: "LISTING_SENSITIVE_VIEWED",
        targetType: "listing",
        targetId: listingId,
        changes: { via: "moderation item" },
      });
  }
  return {
    listing: loaded.view,
    sensitive: decision.allow ? { contact: loaded.listing.contact, meetingPoint: loaded.listing.meetingPoint } : null,
    sensitiveHiddenReason: decision.allow ? null : decision.message,
    moderationNote: viewer?.id === loaded.listing.hostId ? loaded.listing.moderationNote : null,
  };
}

/** Whether EMERGENCY_MODE is on in a district (for the viewer), as the flags decide it. */
export type EmergencyIn = (districtId: string) => boolean | Promise<boolean>;

export async function hostListings(db: Database, hostId: string) {
  const rows = await db
    .select({
      id: listings.id,
      title: listings.title,
      kind: listings.kind,
      category: listings.category,
      status: listings.status,
      moderationNote: listings.moderationNote,
      updatedAt: listings.updatedAt,
      photoCount: sql<number>`(select count(*)::int from ${listingMedia} where ${listingMedia.listingId} = ${listings.id})`,
      coverUrl: sql<
        string | null
      >`(select ${uploadAssets.url} from ${uploadAssets} where ${uploadAssets.id} = ${listings.coverAssetId})`,
    })
    .from(listings)
    .where(eq(listings.hostId, hostId))
    .orderBy(desc(listings.updatedAt));
  const counts: Record<ListingStatus, number> = { DRAFT: 0, PENDING_REVIEW: 0, APPROVED: 0, REJECTED: 0, ARCHIVED: 0 };
  for (const r of rows) counts[r.status] += 1;
  return { listings: rows, counts };
}

/** For the host's edit form: everything, sensitive fields included (it is their own listing). */
export async function listingForEdit(deps: { db: Database; user: Subject; securityEvents: AuditEntry[] }, listingId: string) {
  const listing = await ownListing(deps, listingId);
  const loaded = await loadListingView(deps.db, listingId);
  return { listing, media: loaded?.view.media ?? [] };
}

// Reading one listing as a viewer may see it, and a host's own listings for the dashboard and editor.
import { and, asc, desc, eq, gt, isNull, lte, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { users } from "@/db/schema/accounts";
import { districts, regions } from "@/db/schema/geography";
import { listingMedia, listings, promotions } from "@/db/schema/listings";
import { uploadAssets } from "@/db/schema/uploads";
import type { ListingStatus } from "@/db/schema/values";
import type { AuditEntry } from "@/server/audit";
import { AppError } from "@/server/errors";
import { check } from "@/server/policy/authorize";
import type { Subject } from "@/server/policy/subject";
import { holdsItemOn } from "@/server/moderation/queue";
import { withVariants } from "@/server/uploads/variants";
import type { PublicListing } from "./views";
import { hasOrderOnListing } from "@/server/orders/queries";
import { ownListing } from "./manage";
import { flagOn } from "@/server/context";
import type { FlagSnapshot } from "@/server/flags/evaluate";

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
        // Not while a moderator holds it (a keyword in its title), nor once one hid it.
        eq(promotions.status, "VISIBLE"),
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

const LISTING_HIDDEN = "That listing does not exist or is not published.";

/**
 * Refuses (NOT_FOUND, as for a missing one) a listing `viewer` may not see (`listing.view`), for
 * what hangs off a listing (its reviews); reads only what the rule needs.
 */
export async function requireVisibleListing(
  db: Database,
  viewer: Pick<Subject, "id" | "role" | "regionId"> | null,
  listingId: string,
): Promise<void> {
  const [row] = await db
    .select({ hostId: listings.hostId, status: listings.status, regionId: districts.regionId })
    .from(listings)
    .innerJoin(districts, eq(districts.id, listings.districtId))
    .where(eq(listings.id, listingId))
    .limit(1);
  if (!row || !check("listing.view", viewer, row).allow) throw new AppError("NOT_FOUND", LISTING_HIDDEN);
}

/**
 * A listing as `viewer` may see it: approved listings are public; others only to their host,
 * moderators, super admins and the admins of its region. Sensitive fields only where
 * `listing.viewSensitive` allows.
 */
export async function viewListing(
  deps: {
    db: Database;
    user: Subject | null;
    flagSnapshot: (db: Database) => Promise<FlagSnapshot>;
    securityEvents?: AuditEntry[];
  },
  listingId: string,
) {
  const { db, user: viewer, securityEvents: events } = deps;
  const loaded = await loadListingView(db, listingId);
  if (!loaded || !check("listing.view", viewer, { ...loaded.listing, regionId: loaded.regionId }).allow) {
    throw new AppError("NOT_FOUND", LISTING_HIDDEN);
  }
  // In a district in emergency mode nothing is promoted, running promotions included.
  if (loaded.view.promotion && (await flagOn(deps, "EMERGENCY_MODE", loaded.listing.districtId))) loaded.view.promotion = null;
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

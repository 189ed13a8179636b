// Hosts edit their listings: create, edit, submit for review, archive, each through the transition table.
import { and, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { listings, type Listing } from "@/db/schema/listings";
import type { ListingCategory, ListingKind } from "@/db/schema/values";
import type { AuditEntry } from "@/server/audit";
import { diff } from "@/server/audit";
import { AppError } from "@/server/errors";
import { enforce, enforceHidden } from "@/server/policy/authorize";
import type { Subject } from "@/server/policy/subject";
import type { Deps } from "@/server/context";
import { openItem, targetChanged } from "@/server/moderation/queue";
import { refuseBlocked, scanKeywords, type KeywordHit } from "@/server/moderation/keywords";
import { hostMayEdit, nextListingStatus, type ListingAction } from "./transitions";

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
export async function sendToReview(deps: Deps, listing: Listing, action: ListingAction, extra: Partial<Listing> = {}) {
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

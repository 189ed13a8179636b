// How the moderation queue judges a listing: which decisions fit, and what each one does to it.
import { eq, inArray } from "drizzle-orm";
import { users } from "@/db/schema/accounts";
import { districts } from "@/db/schema/geography";
import { listings } from "@/db/schema/listings";
import type { ModerationDecision } from "@/db/schema/values";
import { AppError } from "@/server/errors";
import type { TargetHandler } from "@/server/moderation/registry";
import { moveListing } from "./manage";
import type { ListingAction } from "./transitions";

const LISTING_DECISION_ACTIONS: Partial<Record<ModerationDecision, ListingAction>> = {
  APPROVE: "approve",
  REJECT: "reject",
  HIDE: "hide",
};

export const listingModerationTarget: TargetHandler = {
  async owner(db, listingId) {
    const [row] = await db.select({ hostId: listings.hostId }).from(listings).where(eq(listings.id, listingId)).limit(1);
    return row ? { userId: row.hostId, link: `/host/listings/${listingId}`, contentType: "listing" } : null;
  },
  decisions: ["APPROVE", "REJECT", "HIDE"],
  async availableDecisions(db, id) {
    const [row] = await db.select({ status: listings.status }).from(listings).where(eq(listings.id, id)).limit(1);
    // Waiting for review: approve or reject. Live (reported): keep it up, or hide it.
    if (row?.status === "PENDING_REVIEW") return ["APPROVE", "REJECT"];
    if (row?.status === "APPROVED") return ["APPROVE", "HIDE"];
    return ["APPROVE", "REJECT", "HIDE"];
  },
  async exists(db, id) {
    // Only what the reporter can see: anything unpublished is NOT_FOUND to strangers (listings.get),
    // and a report must not tell them otherwise.
    const [row] = await db
      .select({ id: listings.id, status: listings.status })
      .from(listings)
      .where(eq(listings.id, id))
      .limit(1);
    return row?.status === "APPROVED";
  },
  async apply(db, targetId, decision, reason, audit) {
    const [listing] = await db.select().from(listings).where(eq(listings.id, targetId)).limit(1);
    if (!listing) throw new AppError("NOT_FOUND", "The listing no longer exists.");
    const action = LISTING_DECISION_ACTIONS[decision]!;
    // A reported, already-approved listing that the moderator approves stays as it is.
    if (decision === "APPROVE" && listing.status === "APPROVED") return;
    // The host withdrew it while it waited: nothing to apply, but the item must still be decidable
    // (otherwise it sits in the queue forever, every decision refused).
    if (listing.status === "ARCHIVED") return;
    // Rejecting an approved (reported) listing means hiding it.
    const effective: ListingAction = action === "reject" && listing.status === "APPROVED" ? "hide" : action;
    const moved = await moveListing(db, listing, effective, "MODERATOR", {
      moderationNote: decision === "APPROVE" ? null : reason,
      ...(decision === "APPROVE" ? { approvedAt: new Date() } : {}),
    });
    audit({
      action: { APPROVE: "LISTING_APPROVED", REJECT: "LISTING_REJECTED", HIDE: "LISTING_HIDDEN" }[
        decision as "APPROVE" | "REJECT" | "HIDE"
      ],
      targetType: "listing",
      targetId: listing.id,
      changes: { status: { before: listing.status, after: moved.status }, reason },
    });
  },
  async summarize(db, ids) {
    const rows = await db
      .select({
        id: listings.id,
        title: listings.title,
        status: listings.status,
        hostName: users.displayName,
        districtName: districts.name,
      })
      .from(listings)
      .innerJoin(users, eq(users.id, listings.hostId))
      .innerJoin(districts, eq(districts.id, listings.districtId))
      .where(inArray(listings.id, ids));
    return new Map(
      rows.map((r) => [
        r.id,
        {
          title: r.title,
          detail: `${r.hostName} · ${r.districtName} · ${r.status.replace("_", " ").toLowerCase()}`,
          href: `/listings/${r.id}`,
        },
      ]),
    );
  },
};

// How the moderation queue judges a listing: which decisions fit, and what each one does to it; and
// a host's promotion on one, whose title a keyword caught.
import { eq, inArray } from "drizzle-orm";
import { users } from "@/db/schema/accounts";
import { districts } from "@/db/schema/geography";
import { listings, promotions } from "@/db/schema/listings";
import type { ModerationDecision } from "@/db/schema/values";
import { AppError } from "@/server/errors";
import type { TargetHandler } from "@/server/moderation/registry";
import { warnUser } from "@/server/moderation/warnings";
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

/** A promotion: approve (run a held one), hide (take it down), or warn its host. */
export const promotionModerationTarget: TargetHandler = {
  async owner(db, promotionId) {
    const [row] = await db.select({ hostId: promotions.hostId }).from(promotions).where(eq(promotions.id, promotionId)).limit(1);
    return row ? { userId: row.hostId, link: "/host/promotions", contentType: "promotion" } : null;
  },
  decisions: ["APPROVE", "HIDE", "WARN"],
  async exists() {
    // Promotions enter the queue by their keywords only; people report the listing.
    return false;
  },
  async apply(db, targetId, decision, reason, audit) {
    const [promotion] = await db.select().from(promotions).where(eq(promotions.id, targetId)).limit(1);
    if (!promotion) throw new AppError("NOT_FOUND", "The promotion no longer exists.");
    if (decision === "WARN") {
      await warnUser(db, audit, { userId: promotion.hostId, reason, targetType: "promotion", targetId });
      return;
    }
    const after = decision === "HIDE" ? "HIDDEN" : "VISIBLE";
    if (after === promotion.status) return;
    await db.update(promotions).set({ status: after }).where(eq(promotions.id, targetId));
    audit({
      action: after === "HIDDEN" ? "PROMOTION_HIDDEN" : "PROMOTION_APPROVED",
      targetType: "promotion",
      targetId,
      changes: { status: { before: promotion.status, after }, reason },
    });
  },
  async summarize(db, ids) {
    const rows = await db
      .select({
        id: promotions.id,
        title: promotions.title,
        status: promotions.status,
        listingId: promotions.listingId,
        listingTitle: listings.title,
        hostName: users.displayName,
      })
      .from(promotions)
      .innerJoin(listings, eq(listings.id, promotions.listingId))
      .innerJoin(users, eq(users.id, promotions.hostId))
      .where(inArray(promotions.id, ids));
    return new Map(
      rows.map((r) => [
        r.id,
        {
          title: `Promotion “${r.title}”`,
          detail: `${r.hostName} · on “${r.listingTitle}” · ${r.status.toLowerCase()}`,
          href: `/listings/${r.listingId}`,
        },
      ]),
    );
  },
};

// Reviews: the traveler of a completed order reviews it once (1–5 and text); the host replies once.
// Keywords apply to both (BLOCK refuses, REQUIRE_APPROVAL holds the review or the reply until a
// moderator approves it, FLAG queues it); the listing's rating follows in the same transaction.
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { users } from "@/db/schema/accounts";
import { reviews } from "@/db/schema/reviews";
import type { Deps } from "@/server/context";
import { AppError } from "@/server/errors";
import { denied, enforce } from "@/server/policy/authorize";
import { openItem } from "@/server/moderation/queue";
import { refuseBlocked, scanKeywords } from "@/server/moderation/keywords";
import { orderForParticipant } from "@/server/orders/move-order";
import { notifyOtherSide } from "@/server/orders/notify-order";
import { orders } from "@/db/schema/orders";
import { uniqueViolation } from "@/server/db-errors";
import { refreshListingRating } from "./rating";
import { reviewWindow } from "./window";

export async function createReview(deps: Deps, input: { orderId: string; rating: number; body: string }, now: Date = new Date()) {
  const order = await orderForParticipant(deps, input.orderId);
  const [existing] = await deps.db.select({ id: reviews.id }).from(reviews).where(eq(reviews.orderId, order.id)).limit(1);
  enforce(deps.securityEvents, "review.create", deps.user, order, {
    hasReview: Boolean(existing),
    ...(await reviewWindow(deps.db, order.id, now)),
  });
  const scan = await scanKeywords(deps.db, [input.body]);
  refuseBlocked(scan.blocked);
  const status: "HELD" | "VISIBLE" = scan.held.length > 0 ? "HELD" : "VISIBLE";
  let row;
  try {
    [row] = await deps.db
      .insert(reviews)
      .values({
        orderId: order.id,
        listingId: order.listingId,
        travelerId: order.travelerId,
        hostId: order.hostId,
        rating: input.rating,
        body: input.body,
        status,
      })
      .returning();
  } catch (err) {
    // Two submissions at once: the unique order id lets one through.
    if (uniqueViolation(err)) throw denied("ALREADY_REVIEWED");
    throw err;
  }
  for (const hit of scan.hits) {
    await openItem(deps.db, { type: "REVIEW", id: row!.id }, { kind: "KEYWORD", term: hit.term, action: hit.action }, null);
  }
  const rating = await refreshListingRating(deps.db, order.listingId);
  deps.audit({
    action: "REVIEW_CREATED",
    targetType: "review",
    targetId: row!.id,
    changes: { orderId: order.id, listingId: order.listingId, rating: input.rating, status, listingRating: rating },
  });
  // A held review reaches the host once a moderator lets it through.
  if (status === "VISIBLE") await notifyOtherSide(deps.db, order, deps.user, "REVIEW_RECEIVED", { rating: input.rating });
  // Both sides' order pages refresh live, from this event once sequenced (server/live).
  return { id: row!.id, status };
}

export async function replyToReview(deps: Deps, input: { reviewId: string; reply: string }) {
  const [review] = await deps.db.select().from(reviews).where(eq(reviews.id, input.reviewId)).limit(1);
  if (!review) throw new AppError("NOT_FOUND", "That review does not exist.");
  enforce(deps.securityEvents, "review.reply", deps.user, review);
  const scan = await scanKeywords(deps.db, [input.reply]);
  refuseBlocked(scan.blocked);
  const replyStatus: "HELD" | "VISIBLE" = scan.held.length > 0 ? "HELD" : "VISIBLE";
  const [row] = await deps.db
    .update(reviews)
    .set({ reply: input.reply, replyStatus, repliedAt: new Date() })
    // Once, and only while public: of two replies at once the second matches nothing, and so does
    // a reply racing a moderator who hides the review.
    .where(and(eq(reviews.id, review.id), isNull(reviews.reply), eq(reviews.status, "VISIBLE")))
    .returning();
  if (!row) {
    const [now] = await deps.db.select({ status: reviews.status }).from(reviews).where(eq(reviews.id, review.id)).limit(1);
    throw denied(now?.status === "VISIBLE" ? "ALREADY_REPLIED" : "REVIEW_NOT_VISIBLE");
  }
  // The reply is the host's text: it is judged as its own target, so a decision (hide, warn) lands
  // on the reply and the host, never on the traveler's review.
  for (const hit of scan.hits) {
    await openItem(
      deps.db,
      { type: "REVIEW_REPLY", id: review.id },
      { kind: "KEYWORD", term: hit.term, action: hit.action },
      null,
    );
  }
  deps.audit({
    action: "REVIEW_REPLIED",
    targetType: "review",
    targetId: review.id,
    changes: { orderId: review.orderId, replyStatus },
  });
  // A held reply reaches the traveler once a moderator lets it through (server/reviews/moderation.ts).
  if (replyStatus === "VISIBLE") {
    const [order] = await deps.db.select().from(orders).where(eq(orders.id, review.orderId)).limit(1);
    if (order) await notifyOtherSide(deps.db, order, deps.user, "REVIEW_REPLIED");
  }
  return { id: row.id, status: replyStatus };
}

/** The reply as everyone but its author sees it: only once it is public. */
export const publicReply = {
  reply: sql<string | null>`case when ${reviews.replyStatus} = 'VISIBLE' then ${reviews.reply} end`,
  repliedAt: sql<Date | null>`case when ${reviews.replyStatus} = 'VISIBLE' then ${reviews.repliedAt} end`.mapWith(
    reviews.repliedAt,
  ),
};

/** Visible reviews of a listing (with their replies once public), newest first, for its public page. */
export async function listingReviews(db: Database, listingId: string) {
  return db
    .select({
      id: reviews.id,
      rating: reviews.rating,
      body: reviews.body,
      ...publicReply,
      travelerName: users.displayName,
      createdAt: reviews.createdAt,
    })
    .from(reviews)
    .innerJoin(users, eq(users.id, reviews.travelerId))
    .where(and(eq(reviews.listingId, listingId), eq(reviews.status, "VISIBLE")))
    .orderBy(desc(reviews.createdAt))
    .limit(50);
}

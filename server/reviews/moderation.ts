// How the moderation queue judges a review: approve (publish a held one), hide, or warn its author;
// and, as a target of its own, the host's reply to one (its author is the host, not the traveler).
import { eq, inArray } from "drizzle-orm";
import { users } from "@/db/schema/accounts";
import { orders } from "@/db/schema/orders";
import { reviews } from "@/db/schema/reviews";
import type { Database } from "@/db/client";
import { AppError } from "@/server/errors";
import type { TargetHandler } from "@/server/moderation/registry";
import { warnUser } from "@/server/moderation/warnings";
import { notifyOtherSide } from "@/server/orders/notify-order";
import { orderLinkFor } from "@/server/notifications/links";
import { refreshListingRating } from "./rating";

/** A held text made public: the other side of its order hears of it now (nobody did while it was held). */
async function announce(
  db: Database,
  review: { orderId: string },
  authorId: string,
  kind: "REVIEW_RECEIVED" | "REVIEW_REPLIED",
  data: Record<string, number> = {},
) {
  const [order] = await db.select().from(orders).where(eq(orders.id, review.orderId)).limit(1);
  const [author] = await db.select({ displayName: users.displayName }).from(users).where(eq(users.id, authorId));
  if (order && author) await notifyOtherSide(db, order, { id: authorId, ...author }, kind, data);
}

/** The queue's lines for reviews or replies: `author` is whose name shows (the traveler's, or the host's). */
async function summarizeReviews(
  db: Database,
  ids: string[],
  author: "travelerId" | "hostId",
  words: (r: {
    rating: number;
    body: string;
    reply: string | null;
    status: string;
    replyStatus: string | null;
    author: string;
  }) => { title: string; detail: string },
) {
  const rows = await db
    .select({
      id: reviews.id,
      rating: reviews.rating,
      body: reviews.body,
      reply: reviews.reply,
      status: reviews.status,
      replyStatus: reviews.replyStatus,
      listingId: reviews.listingId,
      author: users.displayName,
    })
    .from(reviews)
    .innerJoin(users, eq(users.id, reviews[author]))
    .where(inArray(reviews.id, ids));
  return new Map(rows.map((r) => [r.id, { ...words(r), href: `/listings/${r.listingId}` }]));
}

export const reviewModerationTarget: TargetHandler = {
  async owner(db, reviewId) {
    const [row] = await db
      .select({ travelerId: reviews.travelerId, orderId: reviews.orderId, hostId: reviews.hostId })
      .from(reviews)
      .where(eq(reviews.id, reviewId))
      .limit(1);
    // The reviewer may be a host (hosts book other hosts' listings): their order page is in the host area.
    return row
      ? {
          userId: row.travelerId,
          link: await orderLinkFor(db, row.travelerId, { id: row.orderId, hostId: row.hostId }),
          contentType: "review",
        }
      : null;
  },
  decisions: ["APPROVE", "HIDE", "WARN"],
  async exists(db, id) {
    // Reviews are public once visible: anyone signed in may report one.
    const [row] = await db.select({ status: reviews.status }).from(reviews).where(eq(reviews.id, id)).limit(1);
    return row?.status === "VISIBLE";
  },
  async apply(db, targetId, decision, reason, audit) {
    const [review] = await db.select().from(reviews).where(eq(reviews.id, targetId)).limit(1);
    if (!review) throw new AppError("NOT_FOUND", "The review no longer exists.");
    if (decision === "WARN") {
      await warnUser(db, audit, { userId: review.travelerId, reason, targetType: "review", targetId });
      return;
    }
    const after = decision === "HIDE" ? "HIDDEN" : "VISIBLE";
    if (after === review.status) return;
    await db.update(reviews).set({ status: after }).where(eq(reviews.id, targetId));
    const rating = await refreshListingRating(db, review.listingId);
    audit({
      action: after === "HIDDEN" ? "REVIEW_HIDDEN" : "REVIEW_APPROVED",
      targetType: "review",
      targetId,
      changes: { status: { before: review.status, after }, reason, listingRating: rating },
    });
    // A held review reaches its host now (createReview told nobody while it was held).
    if (review.status === "HELD" && after === "VISIBLE")
      await announce(db, review, review.travelerId, "REVIEW_RECEIVED", { rating: review.rating });
  },
  summarize: (db, ids) =>
    summarizeReviews(db, ids, "travelerId", (r) => ({
      title: `Review (${r.rating}★) by ${r.author}`,
      detail: `${r.status.toLowerCase()} · “${r.body.slice(0, 300)}”${r.reply ? ` · host's reply: “${r.reply.slice(0, 200)}”` : ""}`,
    })),
};

/** The host's reply to a review (target id: the review's): approve (publish a held one), hide, or warn the host. */
export const reviewReplyModerationTarget: TargetHandler = {
  async owner(db, reviewId) {
    const [row] = await db
      .select({ hostId: reviews.hostId, orderId: reviews.orderId })
      .from(reviews)
      .where(eq(reviews.id, reviewId))
      .limit(1);
    return row ? { userId: row.hostId, link: `/host/orders/${row.orderId}`, contentType: "reply to a review" } : null;
  },
  decisions: ["APPROVE", "HIDE", "WARN"],
  async exists(db, id) {
    const [row] = await db.select({ replyStatus: reviews.replyStatus }).from(reviews).where(eq(reviews.id, id)).limit(1);
    return row?.replyStatus === "VISIBLE";
  },
  async apply(db, targetId, decision, reason, audit) {
    const [review] = await db.select().from(reviews).where(eq(reviews.id, targetId)).limit(1);
    if (!review?.replyStatus) throw new AppError("NOT_FOUND", "The reply no longer exists.");
    if (decision === "WARN") {
      await warnUser(db, audit, { userId: review.hostId, reason, targetType: "review_reply", targetId });
      return;
    }
    const after = decision === "HIDE" ? "HIDDEN" : "VISIBLE";
    if (after === review.replyStatus) return;
    await db.update(reviews).set({ replyStatus: after }).where(eq(reviews.id, targetId));
    audit({
      action: after === "HIDDEN" ? "REVIEW_REPLY_HIDDEN" : "REVIEW_REPLY_APPROVED",
      targetType: "review",
      targetId,
      changes: { replyStatus: { before: review.replyStatus, after }, reason },
    });
    // A held reply reaches the traveler now, as a reply that needed no approval did at once.
    if (review.replyStatus === "HELD" && after === "VISIBLE") await announce(db, review, review.hostId, "REVIEW_REPLIED");
  },
  summarize: (db, ids) =>
    summarizeReviews(db, ids, "hostId", (r) => ({
      title: `Reply by ${r.author} to a review (${r.rating}★)`,
      detail: `${(r.replyStatus ?? "gone").toLowerCase()} · “${(r.reply ?? "").slice(0, 300)}” · on the review “${r.body.slice(0, 200)}”`,
    })),
};

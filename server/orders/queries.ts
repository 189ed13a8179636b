// Reading orders: lists for each side, the order page, and whether someone has an order on a listing.
import { aliasedTable, and, asc, desc, eq, inArray, or, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { users } from "@/db/schema/accounts";
import { messages } from "@/db/schema/messages";
import { orderEvents, orders } from "@/db/schema/orders";
import { reviews } from "@/db/schema/reviews";
import type { OrderStatus } from "@/db/schema/values";
import { flagOn, type Deps } from "@/server/context";
import { check } from "@/server/policy/authorize";
import { reviewWindow } from "@/server/reviews/window";
import { messageColumns } from "@/server/messages/columns";
import { actorIn, orderForParticipant } from "./move-order";
import { availableActions, type OrderAction } from "./transitions";
import type { OrderDetail, OrderSummary } from "./views";

const traveler = aliasedTable(users, "traveler");
const host = aliasedTable(users, "host");

function unreadFor(viewerId: string) {
  return sql<number>`(select count(*)::int from ${messages} m where m.order_id = ${orders.id} and m.sender_id <> ${viewerId} and m.status = 'VISIBLE'
    and m.seq > coalesce((select r.last_read_seq from message_reads r where r.order_id = ${orders.id} and r.user_id = ${viewerId}), 0))`;
}

function lastMessageFor(viewerId: string) {
  return sql<
    string | null
  >`(select left(m.body, 140) from ${messages} m where m.order_id = ${orders.id} and (m.status = 'VISIBLE' or m.sender_id = ${viewerId}) order by m.seq desc limit 1)`;
}

async function summaries(db: Database, viewerId: string, where: ReturnType<typeof and>, limit = 200): Promise<OrderSummary[]> {
  return db
    .select({
      id: orders.id,
      listingId: orders.listingId,
      listingTitle: orders.listingTitle,
      status: orders.status,
      priceMinor: orders.priceMinor,
      currency: orders.currency,
      paymentStatus: orders.paymentStatus,
      travelerName: traveler.displayName,
      hostName: host.displayName,
      unread: unreadFor(viewerId),
      lastMessage: lastMessageFor(viewerId),
      createdAt: orders.createdAt,
      updatedAt: orders.updatedAt,
    })
    .from(orders)
    .innerJoin(traveler, eq(traveler.id, orders.travelerId))
    .innerJoin(host, eq(host.id, orders.hostId))
    .where(where)
    .orderBy(desc(orders.updatedAt), asc(orders.id))
    .limit(limit);
}

/** "My orders": the traveler's orders, newest activity first. */
export function travelerOrders(db: Database, userId: string) {
  return summaries(db, userId, and(eq(orders.travelerId, userId)));
}

/** The host's orders, optionally of some statuses (the tabs), with counts per status. */
export async function hostOrders(db: Database, userId: string, statuses?: readonly OrderStatus[]) {
  const items = await summaries(
    db,
    userId,
    and(eq(orders.hostId, userId), statuses?.length ? inArray(orders.status, statuses) : undefined),
  );
  const counts = await db
    .select({ status: orders.status, count: sql<number>`count(*)::int`, unread: sql<number>`sum(${unreadFor(userId)})::int` })
    .from(orders)
    .where(eq(orders.hostId, userId))
    .groupBy(orders.status);
  return { items, counts };
}

/** Has this person an order the host accepted on this listing (for `listing.viewSensitive`)? */
export async function hasOrderOnListing(db: Database, userId: string, listingId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: orders.id })
    .from(orders)
    .where(
      and(
        eq(orders.listingId, listingId),
        eq(orders.travelerId, userId),
        inArray(orders.status, ["ACCEPTED", "IN_PROGRESS", "COMPLETED"]),
      ),
    )
    .limit(1);
  return Boolean(row);
}

/** The viewer's most recent order on a listing (the listing page's "your order" link). */
export async function latestOrderOnListing(db: Database, userId: string, listingId: string) {
  const [row] = await db
    .select({ id: orders.id, status: orders.status })
    .from(orders)
    .where(and(eq(orders.listingId, listingId), eq(orders.travelerId, userId)))
    .orderBy(desc(orders.createdAt))
    .limit(1);
  return row ?? null;
}

/** Messages of a thread as `viewerId` sees them: visible ones, and their own held ones. */
export async function threadMessages(db: Database, orderId: string, viewerId: string) {
  return db
    .select(messageColumns)
    .from(messages)
    .innerJoin(users, eq(users.id, messages.senderId))
    .where(
      and(
        eq(messages.orderId, orderId),
        or(eq(messages.status, "VISIBLE"), and(eq(messages.status, "HELD"), eq(messages.senderId, viewerId))),
      ),
    )
    .orderBy(asc(messages.seq))
    .limit(1000);
}

export async function orderDetail(
  deps: Pick<Deps, "db" | "user" | "securityEvents" | "flagSnapshot">,
  orderId: string,
): Promise<OrderDetail> {
  const order = await orderForParticipant(deps, orderId);
  const viewerIs = actorIn(order, deps.user.id);
  const [summary] = await summaries(deps.db, deps.user.id, and(eq(orders.id, order.id)), 1);
  const timeline = await deps.db
    .select({
      event: orderEvents.event,
      fromStatus: orderEvents.fromStatus,
      toStatus: orderEvents.toStatus,
      actorName: users.displayName,
      createdAt: orderEvents.createdAt,
    })
    .from(orderEvents)
    .leftJoin(users, eq(users.id, orderEvents.actorId))
    .where(eq(orderEvents.orderId, order.id))
    .orderBy(asc(orderEvents.createdAt));
  const [written] = await deps.db
    .select({
      id: reviews.id,
      rating: reviews.rating,
      body: reviews.body,
      status: reviews.status,
      reply: reviews.reply,
      replyStatus: reviews.replyStatus,
      repliedAt: reviews.repliedAt,
      travelerName: users.displayName,
      createdAt: reviews.createdAt,
    })
    .from(reviews)
    .innerJoin(users, eq(users.id, reviews.travelerId))
    .where(eq(reviews.orderId, order.id))
    .limit(1);
  // Its author sees the review in every state (held: "waiting for a moderator"); the host only
  // once it is public, as everyone else. Likewise the reply: the host sees theirs held, the traveler
  // only once it is public.
  const shown = written && (written.status === "VISIBLE" || deps.user.id === order.travelerId) ? written : null;
  const review =
    shown && shown.replyStatus !== "VISIBLE" && deps.user.id !== order.hostId
      ? { ...shown, reply: null, replyStatus: null, repliedAt: null }
      : shown;
  const actions: OrderAction[] = availableActions(viewerIs, order.status);
  return {
    ...summary!,
    travelerId: order.travelerId,
    hostId: order.hostId,
    paymentProvider: order.paymentProvider,
    viewerIs,
    actions,
    timeline,
    messages: await threadMessages(deps.db, order.id, deps.user.id),
    review: review ?? null,
    canReview: check("review.create", deps.user, order, {
      hasReview: Boolean(written),
      ...(await reviewWindow(deps.db, order.id)),
    }).allow,
    canReply:
      Boolean(review) &&
      check("review.reply", deps.user, { hostId: order.hostId, status: written!.status, reply: written!.reply }).allow,
    canMarkPaid: viewerIs === "HOST" && order.paymentStatus === "PENDING",
    messagingEnabled: await flagOn(deps, "MESSAGING_ENABLED"),
  };
}

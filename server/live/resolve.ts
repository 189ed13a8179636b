// What a sequenced audit event means to open streams: a message to show (sent, or approved by a
// moderator), an order that changed (its own moves, a review on it), or news for someone's bell (a
// notification written in the same transaction, or notifications read on another device). Read
// from the tables as they are now, in one query per kind for a whole batch.
import { and, eq, inArray, isNotNull, isNull, like, or, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { users } from "@/db/schema/accounts";
import { auditEvents, auditLogLeaves } from "@/db/schema/audit";
import { messages } from "@/db/schema/messages";
import { notifications } from "@/db/schema/notifications";
import { orders } from "@/db/schema/orders";
import { reviews } from "@/db/schema/reviews";
import { messageColumns } from "@/server/messages/columns";
import type { LiveEvent } from "@/server/messages/views";

/** An event for the streams of `to`; `id` is its place in the audit log plus one. */
export interface LiveItem {
  id: number;
  to: string[];
  event: LiveEvent;
}

const MESSAGE_ACTIONS = ["MESSAGE_SENT", "MESSAGE_APPROVED"];
const REVIEW_ACTIONS = ["REVIEW_CREATED", "REVIEW_REPLIED"];
/** The reader's other tabs and devices refresh their counts. */
const READ_ACTIONS = ["NOTIFICATIONS_READ", "MESSAGES_READ"];

/** Audit events a stream cares about: this keeps the scan to a few actions and target types. */
const relevant = or(
  inArray(auditEvents.action, MESSAGE_ACTIONS),
  and(eq(auditEvents.targetType, "order"), like(auditEvents.action, "ORDER\\_%")),
  inArray(auditEvents.action, REVIEW_ACTIONS),
  inArray(auditEvents.action, READ_ACTIONS),
);

/** The live items among the leaves [from, to) of the log, in log order. */
export async function liveItemsBetween(db: Database, from: number, to: number, limit = 1000): Promise<LiveItem[]> {
  if (to <= from) return [];
  const rows = await db
    .select({
      logIndex: auditLogLeaves.logIndex,
      action: auditEvents.action,
      targetType: auditEvents.targetType,
      targetId: auditEvents.targetId,
      actorId: auditEvents.actorId,
    })
    .from(auditLogLeaves)
    .innerJoin(
      auditEvents,
      and(eq(auditEvents.id, auditLogLeaves.eventId), eq(auditEvents.createdAt, auditLogLeaves.eventCreatedAt)),
    )
    .where(and(sql`${auditLogLeaves.logIndex} >= ${from} and ${auditLogLeaves.logIndex} < ${to}`, relevant))
    .orderBy(auditLogLeaves.logIndex)
    .limit(limit);
  const bells = await bellNewsBetween(db, from, to);
  if (rows.length === 0) return bells;
  const uuid = /^[0-9a-f-]{36}$/i;
  const ids = (pick: (r: (typeof rows)[number]) => boolean) =>
    [...new Set(rows.filter(pick).map((r) => r.targetId ?? ""))].filter((id) => uuid.test(id));
  const messageIds = ids((r) => MESSAGE_ACTIONS.includes(r.action));
  const reviewIds = ids((r) => REVIEW_ACTIONS.includes(r.action));
  const orderIds = ids((r) => r.targetType === "order");

  const shown = messageIds.length
    ? await db
        .select({ ...messageColumns, travelerId: orders.travelerId, hostId: orders.hostId })
        .from(messages)
        .innerJoin(orders, eq(orders.id, messages.orderId))
        .innerJoin(users, eq(users.id, messages.senderId))
        .where(and(inArray(messages.id, messageIds), eq(messages.status, "VISIBLE")))
    : [];
  const reviewed = reviewIds.length
    ? await db.select({ id: reviews.id, orderId: reviews.orderId }).from(reviews).where(inArray(reviews.id, reviewIds))
    : [];
  const allOrderIds = [...new Set([...orderIds, ...reviewed.map((r) => r.orderId)])];
  const orderRows = allOrderIds.length
    ? await db
        .select({ id: orders.id, status: orders.status, travelerId: orders.travelerId, hostId: orders.hostId })
        .from(orders)
        .where(inArray(orders.id, allOrderIds))
    : [];
  const messageById = new Map(shown.map((m) => [m.id, m]));
  const orderOfReview = new Map(reviewed.map((r) => [r.id, r.orderId]));
  const orderById = new Map(orderRows.map((o) => [o.id, o]));

  const items: LiveItem[] = [];
  for (const row of rows) {
    const id = row.logIndex + 1;
    if (READ_ACTIONS.includes(row.action)) {
      if (row.actorId && uuid.test(row.actorId)) items.push({ id, to: [row.actorId], event: { kind: "notification" } });
      continue;
    }
    if (MESSAGE_ACTIONS.includes(row.action)) {
      const m = messageById.get(row.targetId ?? "");
      if (!m) continue;
      const { travelerId, hostId, ...message } = m;
      items.push({ id, to: [travelerId, hostId], event: { kind: "message", orderId: message.orderId, message } });
      continue;
    }
    const orderId = row.targetType === "order" ? row.targetId : orderOfReview.get(row.targetId ?? "");
    const order = orderById.get(orderId ?? "");
    if (order)
      items.push({ id, to: [order.travelerId, order.hostId], event: { kind: "order", orderId: order.id, status: order.status } });
  }
  // In log order; a notification shares its id with the last event of its transaction and comes
  // after it (the sort is stable).
  return [...items, ...bells].sort((a, b) => a.id - b.id);
}

/**
 * The people with a new unread notification among the transactions whose events are the leaves
 * [from, to): one item per person and transaction, at the transaction's last leaf. Every
 * notification is written in the transaction of an audited change, so it is committed by the time
 * that change is sequenced.
 */
async function bellNewsBetween(db: Database, from: number, to: number): Promise<LiveItem[]> {
  const rows = await db
    .select({ userId: notifications.userId, at: sql<string>`max(${auditLogLeaves.logIndex})` })
    .from(notifications)
    .innerJoin(auditLogLeaves, eq(auditLogLeaves.eventXid, notifications.xid))
    .where(
      and(
        sql`${auditLogLeaves.logIndex} >= ${from} and ${auditLogLeaves.logIndex} < ${to}`,
        isNotNull(notifications.userId),
        isNull(notifications.readAt),
      ),
    )
    .groupBy(notifications.userId, notifications.xid);
  return rows.map((r) => ({ id: Number(r.at) + 1, to: [r.userId!], event: { kind: "notification" as const } }));
}

/** The log's size now: every leaf below it is sequenced and committed. */
export async function treeSize(db: Database): Promise<number> {
  const [row] = await db.select({ max: sql<string | null>`max(${auditLogLeaves.logIndex})` }).from(auditLogLeaves);
  return row?.max == null ? 0 : Number(row.max) + 1;
}

// The order lifecycle's timed moves, taken by the SYSTEM actor through the same transition table
// as people's moves. A question is "idle" when nothing at all happened on the order (updatedAt:
// every status change and every message bumps it). A request is "unanswered" while its host has
// done nothing since it was made: the traveler's own nudges ("are you there?") do not keep it
// alive, a message from the host does (he answered, even if not yet yes or no).
import { and, asc, eq, inArray, lte, sql, type SQL } from "drizzle-orm";
import type { Database } from "@/db/client";
import { messages } from "@/db/schema/messages";
import { orderEvents, orders } from "@/db/schema/orders";
import type { OrderStatus } from "@/db/schema/values";
import { appendAuditEvents } from "@/server/audit/log";
import { env } from "@/server/env";
import { notifyTimedTransition } from "@/server/scheduler/notify-hook";
import { DAY_MS, HOUR_MS, SYSTEM_ACTOR, TIMER_BATCH, type Timer } from "@/server/scheduler/timer";
import { nextOrderStatus, type SystemOrderAction } from "./transitions";

interface TimedMove {
  action: SystemOrderAction;
  from: OrderStatus;
  /** How long an order may wait in `from` before the move. */
  periodMs: () => number;
  event: string;
  /** Which orders in `from` have waited since `cutoff` or longer. */
  waited: (cutoff: Date) => SQL | undefined;
}

/** Nothing happened on the order after the cutoff. */
const idleSince = (cutoff: Date) => lte(orders.updatedAt, cutoff);

/** Requested at or before the cutoff, and no message from its host after it. */
const unansweredSince = (cutoff: Date) =>
  and(
    sql`not exists (select 1 from ${orderEvents} where ${orderEvents.orderId} = ${orders.id}
          and ${orderEvents.toStatus} = 'REQUESTED' and ${orderEvents.createdAt} > ${cutoff.toISOString()}::timestamptz)`,
    sql`not exists (select 1 from ${messages} where ${messages.orderId} = ${orders.id}
          and ${messages.senderId} = ${orders.hostId} and ${messages.createdAt} > ${cutoff.toISOString()}::timestamptz)`,
  );

/**
 * Moves every order that has waited in `from` for at least the period (exactly at the boundary:
 * waiting since `now - period` is due). Due rows are locked with SKIP LOCKED, so two servers
 * running this at once split the work, and the UPDATE re-checks the status, so a person's move
 * that commits first (a host accepting as the request expires) wins and the order is left alone;
 * if the scheduler commits first, the person's conditional UPDATE matches nothing and they are told
 * the order changed.
 */
async function moveDue(db: Database, now: Date, move: TimedMove): Promise<number> {
  const cutoff = new Date(now.getTime() - move.periodMs());
  const to = nextOrderStatus("SYSTEM", move.action, move.from);
  let total = 0;
  for (;;) {
    const moved = await db.transaction(async (txRaw) => {
      const tx = txRaw as unknown as Database;
      const due = await tx
        .select({ id: orders.id })
        .from(orders)
        .where(and(eq(orders.status, move.from), move.waited(cutoff)))
        .orderBy(asc(orders.updatedAt))
        .limit(TIMER_BATCH)
        .for("update", { skipLocked: true });
      if (due.length === 0) return 0;
      const rows = await tx
        .update(orders)
        .set({ status: to, version: sql`${orders.version} + 1`, updatedAt: now })
        .where(
          and(
            inArray(
              orders.id,
              due.map((d) => d.id),
            ),
            eq(orders.status, move.from),
            // Again here: this statement's snapshot sees an answer committed while the rows were
            // being locked (the SELECT's did not), so a host who just wrote keeps the request.
            move.waited(cutoff),
          ),
        )
        .returning({ id: orders.id, travelerId: orders.travelerId, hostId: orders.hostId });
      if (rows.length === 0) return 0;
      await tx.insert(orderEvents).values(
        rows.map((r) => ({
          orderId: r.id,
          actorId: null,
          event: move.event,
          fromStatus: move.from,
          toStatus: to,
          createdAt: now,
        })),
      );
      await appendAuditEvents(
        tx,
        SYSTEM_ACTOR,
        rows.map((r) => ({
          action: move.event,
          targetType: "order",
          targetId: r.id,
          changes: { status: { before: move.from, after: to }, waitingSince: { atOrBefore: cutoff.toISOString() } },
        })),
      );
      for (const r of rows)
        await notifyTimedTransition(tx, {
          kind: move.event,
          userIds: [r.travelerId, r.hostId],
          targetType: "order",
          targetId: r.id,
        });
      return rows.length;
    });
    total += moved;
    if (moved < TIMER_BATCH) return total;
  }
}

/** REQUESTED and not answered by its host for ORDER_REQUEST_EXPIRY_HOURS (48 h) → EXPIRED. */
export const expireRequests: Timer = {
  name: "orders.expireRequests",
  run: (db, now) =>
    moveDue(db, now, {
      action: "expire",
      from: "REQUESTED",
      periodMs: () => env.ORDER_REQUEST_EXPIRY_HOURS * HOUR_MS,
      event: "ORDER_EXPIRED",
      waited: unansweredSince,
    }),
};

/** INQUIRY with no message or change for ORDER_INQUIRY_IDLE_DAYS (14 d) → CANCELLED. */
export const closeIdleInquiries: Timer = {
  name: "orders.closeIdleInquiries",
  run: (db, now) =>
    moveDue(db, now, {
      action: "close",
      from: "INQUIRY",
      periodMs: () => env.ORDER_INQUIRY_IDLE_DAYS * DAY_MS,
      event: "ORDER_INQUIRY_CLOSED",
      waited: idleSince,
    }),
};

export const ORDER_TIMERS: readonly Timer[] = [expireRequests, closeIdleInquiries];

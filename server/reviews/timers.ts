// The review window closes REVIEW_WINDOW_DAYS after an order is completed. `review.create` already
// refuses from that moment (it compares the completion time with now, so nothing depends on this
// tick's timing); the scheduler records the closing on the order, audited as the system, so the
// log says when each window closed and whether a review came in. Nobody is notified: the traveler
// was offered the review on the order page all along, and a notice that it is too late helps no one.
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { orderEvents, orders } from "@/db/schema/orders";
import { reviews } from "@/db/schema/reviews";
import { appendAuditEvents } from "@/server/audit/log";
import { env } from "@/server/env";
import { DAY_MS, SYSTEM_ACTOR, TIMER_BATCH, type Timer } from "@/server/scheduler/timer";

export const closeReviewWindows: Timer = {
  name: "reviews.closeWindows",
  async run(db, now) {
    const cutoff = new Date(now.getTime() - env.REVIEW_WINDOW_DAYS * DAY_MS);
    let total = 0;
    for (;;) {
      const closed = await db.transaction(async (txRaw) => {
        const tx = txRaw as unknown as Database;
        const due = await tx
          .select({ id: orders.id })
          .from(orders)
          .where(
            and(
              eq(orders.status, "COMPLETED"),
              isNull(orders.reviewWindowClosedAt),
              sql`exists (select 1 from ${orderEvents} where ${orderEvents.orderId} = ${orders.id}
                    and ${orderEvents.toStatus} = 'COMPLETED' and ${orderEvents.createdAt} <= ${cutoff.toISOString()}::timestamptz)`,
            ),
          )
          .orderBy(asc(orders.updatedAt))
          .limit(TIMER_BATCH)
          .for("update", { skipLocked: true });
        if (due.length === 0) return { due: 0, closed: 0 };
        const rows = await tx
          .update(orders)
          .set({ reviewWindowClosedAt: now })
          .where(
            and(
              inArray(
                orders.id,
                due.map((d) => d.id),
              ),
              isNull(orders.reviewWindowClosedAt),
            ),
          )
          .returning({ id: orders.id });
        const reviewed = new Set(
          rows.length === 0
            ? []
            : (
                await tx
                  .select({ orderId: reviews.orderId })
                  .from(reviews)
                  .where(
                    inArray(
                      reviews.orderId,
                      rows.map((r) => r.id),
                    ),
                  )
              ).map((r) => r.orderId),
        );
        await appendAuditEvents(
          tx,
          SYSTEM_ACTOR,
          rows.map((r) => ({
            action: "REVIEW_WINDOW_CLOSED",
            targetType: "order",
            targetId: r.id,
            changes: {
              reviewWindowClosedAt: { before: null, after: now.toISOString() },
              reviewed: reviewed.has(r.id),
              completedAtOrBefore: cutoff.toISOString(),
            },
          })),
        );
        return { due: due.length, closed: rows.length };
      });
      total += closed.closed;
      if (closed.due < TIMER_BATCH) return total;
    }
  },
};

export const REVIEW_TIMERS: readonly Timer[] = [closeReviewWindows];

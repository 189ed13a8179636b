// The review window: a traveler may review an order for REVIEW_WINDOW_DAYS after it was completed.
// `review.create` compares the completion time (from the order's timeline) with `now`, and this
// loads both for it; the scheduler records the closing afterwards (server/reviews/timers.ts).
import { and, desc, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { orderEvents } from "@/db/schema/orders";
import { env } from "@/server/env";

export interface ReviewWindow {
  completedAt: Date | null;
  now: Date;
  windowMs: number;
}

export async function reviewWindow(db: Database, orderId: string, now: Date = new Date()): Promise<ReviewWindow> {
  const [done] = await db
    .select({ at: orderEvents.createdAt })
    .from(orderEvents)
    .where(and(eq(orderEvents.orderId, orderId), eq(orderEvents.toStatus, "COMPLETED")))
    .orderBy(desc(orderEvents.createdAt))
    .limit(1);
  return { completedAt: done?.at ?? null, now, windowMs: env.REVIEW_WINDOW_DAYS * 86_400_000 };
}

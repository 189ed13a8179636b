// Read state: how far each participant has read a thread, and the unread counts for the navigation.
import { and, eq, or, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { messages } from "@/db/schema/messages";
import { orders } from "@/db/schema/orders";
import type { Deps } from "@/server/context";
import { orderForParticipant } from "@/server/orders/move-order";
import { markReadUpTo } from "./send";

export async function markThreadRead(deps: Deps, orderId: string) {
  const order = await orderForParticipant(deps, orderId);
  const [row] = await deps.db
    .select({ max: sql<string | null>`max(${messages.seq})` })
    .from(messages)
    .where(and(eq(messages.orderId, order.id), eq(messages.status, "VISIBLE")));
  const upTo = Number(row?.max ?? 0);
  await markReadUpTo(deps.db, order.id, deps.user.id, upTo);
  deps.audit({ action: "MESSAGES_READ", targetType: "order", targetId: order.id, changes: { upTo } });
  return { upTo };
}

export async function unreadCounts(db: Database, userId: string) {
  const rows = await db
    .select({ orderId: messages.orderId, count: sql<number>`count(*)::int` })
    .from(messages)
    .innerJoin(orders, eq(orders.id, messages.orderId))
    .where(
      and(
        or(eq(orders.travelerId, userId), eq(orders.hostId, userId)),
        sql`${messages.senderId} <> ${userId}`,
        eq(messages.status, "VISIBLE"),
        sql`${messages.seq} > coalesce((select r.last_read_seq from message_reads r where r.order_id = ${messages.orderId} and r.user_id = ${userId}), 0)`,
      ),
    )
    .groupBy(messages.orderId);
  return { total: rows.reduce((n, r) => n + r.count, 0), byOrder: rows };
}

// Sending a message inside an order: participants only, MESSAGING_ENABLED, keywords (BLOCK refuses,
// REQUIRE_APPROVAL holds it for a moderator, FLAG queues it while it stays visible). Both
// participants' live streams hear of it from the audit log once it is sequenced (server/live).
import { and, eq, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { users } from "@/db/schema/accounts";
import { messageReads, messages } from "@/db/schema/messages";
import { orders, type Order } from "@/db/schema/orders";
import { flagOn, type Deps } from "@/server/context";
import { enforce } from "@/server/policy/authorize";
import { openItem } from "@/server/moderation/queue";
import { refuseBlocked, scanKeywords } from "@/server/moderation/keywords";
import { markThreadNotificationsRead, notify } from "@/server/notifications/notify";
import { orderLinkFor } from "@/server/notifications/links";
import type { MessageView } from "./views";

export const MESSAGE_MAX = 2000;

export async function sendMessage(
  deps: Deps,
  order: Order,
  body: string,
  opts: { notifyRecipient?: boolean } = {},
): Promise<MessageView> {
  enforce(deps.securityEvents, "message.send", deps.user, order, { messagingEnabled: await flagOn(deps, "MESSAGING_ENABLED") });
  const scan = await scanKeywords(deps.db, [body]);
  refuseBlocked(scan.blocked);
  const status: "HELD" | "VISIBLE" = scan.held.length > 0 ? "HELD" : "VISIBLE";
  const [row] = await deps.db.insert(messages).values({ orderId: order.id, senderId: deps.user.id, body, status }).returning();
  const message: MessageView = {
    id: row!.id,
    seq: row!.seq,
    orderId: order.id,
    senderId: deps.user.id,
    senderName: deps.user.displayName,
    body,
    status,
    createdAt: row!.createdAt,
  };
  for (const hit of scan.hits) {
    await openItem(deps.db, { type: "MESSAGE", id: row!.id }, { kind: "KEYWORD", term: hit.term, action: hit.action }, null);
  }
  // What you wrote yourself is read.
  await markReadUpTo(deps.db, order.id, deps.user.id, row!.seq);
  await deps.db.update(orders).set({ updatedAt: new Date() }).where(eq(orders.id, order.id));
  deps.audit({
    action: "MESSAGE_SENT",
    targetType: "message",
    targetId: row!.id,
    // Never the text itself: the audit log is not a copy of people's conversations.
    changes: {
      orderId: order.id,
      status,
      ...(scan.hits.length ? { keywords: scan.hits.map((h) => `${h.term} (${h.action})`) } : {}),
    },
  });
  if (status === "VISIBLE" && opts.notifyRecipient !== false) await notifyOfMessage(deps.db, order, deps.user, row!.seq);
  return message;
}

export async function markReadUpTo(db: Database, orderId: string, userId: string, seq: number) {
  await db
    .insert(messageReads)
    .values({ orderId, userId, lastReadSeq: seq })
    .onConflictDoUpdate({
      target: [messageReads.orderId, messageReads.userId],
      set: { lastReadSeq: sql`greatest(${messageReads.lastReadSeq}, ${seq})`, updatedAt: new Date() },
    });
  // Whoever has read the thread needs no mail about its messages.
  await markThreadNotificationsRead(db, userId, orderId);
}

/** The other participant hears of a message: in the app at once, by mail only if still unread later (one digest per thread). */
async function notifyOfMessage(db: Database, order: Order, sender: { id: string; displayName: string }, seq: number) {
  const to = sender.id !== order.hostId ? order.hostId : order.travelerId;
  await notify(db, {
    userId: to,
    kind: "MESSAGE_RECEIVED",
    subjectType: "order",
    subjectId: order.id,
    link: await orderLinkFor(db, to, order),
    data: { listingTitle: order.listingTitle, actorName: sender.displayName, seq },
  });
}

/** Publishes a held message a moderator approved (the participants receive it live, from its MESSAGE_APPROVED event). */
export async function publishMessage(db: Database, messageId: string) {
  const [row] = await db
    .update(messages)
    .set({ status: "VISIBLE" })
    .where(and(eq(messages.id, messageId), eq(messages.status, "HELD")))
    .returning();
  if (!row) return null;
  const [order] = await db.select().from(orders).where(eq(orders.id, row.orderId)).limit(1);
  const [sender] = await db.select({ name: users.displayName }).from(users).where(eq(users.id, row.senderId)).limit(1);
  await notifyOfMessage(db, order!, { id: row.senderId, displayName: sender?.name ?? "" }, row.seq);
  return row;
}

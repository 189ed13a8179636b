// How the moderation queue judges a message, and the only window a moderator gets on a thread:
// a few messages around one that someone reported, for the moderator holding its item, nothing more.
import { and, asc, desc, eq, gte, inArray, lt } from "drizzle-orm";
import type { Database } from "@/db/client";
import { users } from "@/db/schema/accounts";
import { messages } from "@/db/schema/messages";
import { orders } from "@/db/schema/orders";
import { moderationItems, type ModerationItem } from "@/db/schema/moderation";
import type { AuditEntry } from "@/server/audit";
import { AppError } from "@/server/errors";
import { claimLapsed } from "@/server/moderation/claims";
import { enforce } from "@/server/policy/authorize";
import type { TargetHandler } from "@/server/moderation/registry";
import { warnUser } from "@/server/moderation/warnings";
import { publishMessage } from "./send";
import { orderLinkFor } from "@/server/notifications/links";

export const messageModerationTarget: TargetHandler = {
  async owner(db, messageId) {
    const [row] = await db
      .select({ senderId: messages.senderId, orderId: messages.orderId, hostId: orders.hostId })
      .from(messages)
      .innerJoin(orders, eq(orders.id, messages.orderId))
      .where(eq(messages.id, messageId))
      .limit(1);
    if (!row) return null;
    // The sender's own order page: a traveler's, or in the host area (for the host, or a host who booked).
    const link = await orderLinkFor(db, row.senderId, { id: row.orderId, hostId: row.hostId });
    return { userId: row.senderId, link, contentType: "message" };
  },
  decisions: ["APPROVE", "HIDE", "WARN"],
  async exists(db, id, reporterId) {
    // Only a participant of the thread can report one of its messages (nobody else can see it).
    const [row] = await db
      .select({ status: messages.status, travelerId: orders.travelerId, hostId: orders.hostId, senderId: messages.senderId })
      .from(messages)
      .innerJoin(orders, eq(orders.id, messages.orderId))
      .where(eq(messages.id, id))
      .limit(1);
    return Boolean(
      row &&
      row.status === "VISIBLE" &&
      (row.travelerId === reporterId || row.hostId === reporterId) &&
      row.senderId !== reporterId,
    );
  },
  async apply(db, targetId, decision, reason, audit) {
    const [message] = await db.select().from(messages).where(eq(messages.id, targetId)).limit(1);
    if (!message) throw new AppError("NOT_FOUND", "The message no longer exists.");
    if (decision === "WARN") {
      await warnUser(db, audit, { userId: message.senderId, reason, targetType: "message", targetId });
      return;
    }
    if (decision === "APPROVE") {
      if (message.status === "HELD") {
        await publishMessage(db, targetId);
        audit({
          action: "MESSAGE_APPROVED",
          targetType: "message",
          targetId,
          changes: { status: { before: "HELD", after: "VISIBLE" }, reason },
        });
      }
      return;
    }
    if (message.status === "HIDDEN") return;
    await db.update(messages).set({ status: "HIDDEN" }).where(eq(messages.id, targetId));
    audit({
      action: "MESSAGE_HIDDEN",
      targetType: "message",
      targetId,
      changes: { status: { before: message.status, after: "HIDDEN" }, reason },
    });
  },
  async summarize(db, ids) {
    const rows = await db
      .select({
        id: messages.id,
        body: messages.body,
        status: messages.status,
        sender: users.displayName,
        listingTitle: orders.listingTitle,
      })
      .from(messages)
      .innerJoin(users, eq(users.id, messages.senderId))
      .innerJoin(orders, eq(orders.id, messages.orderId))
      .where(inArray(messages.id, ids));
    return new Map(
      rows.map((r) => [
        r.id,
        {
          title: `Message from ${r.sender} about “${r.listingTitle}”`,
          detail: `${r.status.toLowerCase()} · “${r.body.slice(0, 300)}”`,
          href: null,
        },
      ]),
    );
  },
};

/** What the rule `moderation.viewThread` judges of a message's queue item. */
export function threadViewResource(item: ModerationItem) {
  return {
    status: item.status,
    claimedBy: item.claimedBy,
    claimLapsed: claimLapsed(item.claimedAt),
    reported: item.reasons.some((r) => r.kind === "REPORTED"),
  };
}

export const CONTEXT_BEFORE = 3;
export const CONTEXT_AFTER = 3;

/**
 * The messages around a reported message, for the moderator holding its open item (rule
 * `moderation.viewThread`): at most three before and three after it in its thread, and the view is
 * audited. A message that is not in the queue, or that only a keyword caught, opens no window at all.
 */
export async function messageContext(deps: { db: Database; user: { id: string }; securityEvents: AuditEntry[] }, itemId: string) {
  const { db } = deps;
  const [item] = await db.select().from(moderationItems).where(eq(moderationItems.id, itemId)).limit(1);
  if (!item || item.targetType !== "MESSAGE") throw new AppError("NOT_FOUND", "That queue item is not about a message.");
  enforce(deps.securityEvents, "moderation.viewThread", deps.user, threadViewResource(item));
  const [target] = await db.select().from(messages).where(eq(messages.id, item.targetId)).limit(1);
  if (!target) throw new AppError("NOT_FOUND", "The message no longer exists.");
  const columns = {
    id: messages.id,
    seq: messages.seq,
    senderName: users.displayName,
    senderId: messages.senderId,
    body: messages.body,
    status: messages.status,
    createdAt: messages.createdAt,
  };
  const before = await db
    .select(columns)
    .from(messages)
    .innerJoin(users, eq(users.id, messages.senderId))
    .where(and(eq(messages.orderId, target.orderId), lt(messages.seq, target.seq)))
    .orderBy(desc(messages.seq))
    .limit(CONTEXT_BEFORE);
  const from = await db
    .select(columns)
    .from(messages)
    .innerJoin(users, eq(users.id, messages.senderId))
    .where(and(eq(messages.orderId, target.orderId), gte(messages.seq, target.seq)))
    .orderBy(asc(messages.seq))
    .limit(CONTEXT_AFTER + 1);
  const shown = [...before.reverse(), ...from];
  // Written after the call, like the listing's contact details seen inside a moderation item.
  deps.securityEvents.push({
    action: "MESSAGE_THREAD_VIEWED",
    targetType: "message",
    targetId: target.id,
    changes: { via: "moderation item", itemId: item.id, orderId: target.orderId, messagesShown: shown.length },
  });
  return {
    reportedId: target.id,
    messages: shown.map((m) => ({ ...m, reported: m.id === target.id })),
  };
}

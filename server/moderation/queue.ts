// The one moderation queue. The core (open/reopen, claim, release, versioned decisions, history)
// knows nothing of listings; each target type plugs in a handler that applies decisions to it.
import { notify } from "@/server/notifications/notify";
import { and, asc, desc, eq, isNull, or, sql, type SQL } from "drizzle-orm";
import type { Database } from "@/db/client";
import { moderationHistory, moderationItems, reports, type ModerationReason } from "@/db/schema/moderation";
import { users } from "@/db/schema/accounts";
import type { ModerationDecision, ModerationTargetType } from "@/db/schema/values";
import { AppError } from "@/server/errors";
import { takePage } from "@/server/pagination";
import type { AuditFn } from "@/server/audit";
import { check } from "@/server/policy/authorize";
import { claimFree, claimLapsed, claimLive, holderOf } from "./claims";
import { targetHandler, type TargetHandler, type TargetSummary } from "./registry";

function handlerFor(type: ModerationTargetType): TargetHandler {
  const handler = targetHandler(type);
  if (!handler) throw new AppError("INVALID_STATE", `Items of type ${type} cannot be moderated yet.`);
  return handler;
}

/**
 * Puts a target in the queue: one item per (target type, target id); an item already there gets
 * the new reason, and a resolved one is reopened rather than duplicated.
 */
export async function openItem(
  db: Database,
  target: { type: ModerationTargetType; id: string },
  reason: ModerationReason,
  actorId: string | null,
) {
  const isReport = reason.kind === "REPORTED";
  const [item] = await db
    .insert(moderationItems)
    .values({ targetType: target.type, targetId: target.id, reasons: [reason], reportCount: isReport ? 1 : 0 })
    .onConflictDoUpdate({
      target: [moderationItems.targetType, moderationItems.targetId],
      set: {
        reasons: sql`case when ${moderationItems.status} = 'RESOLVED' then ${JSON.stringify([reason])}::jsonb else ${moderationItems.reasons} || ${JSON.stringify([reason])}::jsonb end`,
        reportCount: sql`case when ${moderationItems.status} = 'RESOLVED' then 0 else ${moderationItems.reportCount} end + ${isReport ? 1 : 0}`,
        openedAt: sql`case when ${moderationItems.status} = 'RESOLVED' then now() else ${moderationItems.openedAt} end`,
        claimedBy: sql`case when ${moderationItems.status} = 'RESOLVED' then null else ${moderationItems.claimedBy} end`,
        claimedAt: sql`case when ${moderationItems.status} = 'RESOLVED' then null else ${moderationItems.claimedAt} end`,
        decision: null,
        decisionReason: null,
        decidedBy: null,
        decidedAt: null,
        status: "OPEN",
        version: sql`${moderationItems.version} + 1`,
        updatedAt: new Date(),
      },
    })
    .returning();
  // A new item has version 1; a reopened one starts again from this single reason; an open one
  // had reasons already and gains another.
  const event = item!.version === 1 ? "OPENED" : item!.reasons.length === 1 ? "REOPENED" : "REASON_ADDED";
  await db.insert(moderationHistory).values({ itemId: item!.id, actorId, event, details: { reason } });
  return item!;
}

/**
 * The target changed while its item is open (a host edited the listing under review): the version
 * moves, so a decision made on what the moderator saw before is refused as stale. No open item, no-op.
 */
export async function targetChanged(db: Database, target: { type: ModerationTargetType; id: string }, actorId: string | null) {
  const [item] = await db
    .update(moderationItems)
    .set({ version: sql`${moderationItems.version} + 1`, updatedAt: new Date() })
    .where(
      and(
        eq(moderationItems.targetType, target.type),
        eq(moderationItems.targetId, target.id),
        eq(moderationItems.status, "OPEN"),
      ),
    )
    .returning();
  if (item) await db.insert(moderationHistory).values({ itemId: item.id, actorId, event: "TARGET_CHANGED" });
  return item ?? null;
}

/** Whether `userId` holds (has claimed, not lapsed) an open moderation item on this target. */
export async function holdsItemOn(
  db: Database,
  userId: string,
  targetType: ModerationTargetType,
  targetId: string,
): Promise<boolean> {
  return (await holderOf(db, targetType, targetId)) === userId;
}

export async function claimItem(deps: { db: Database; user: { id: string }; audit: AuditFn }, itemId: string) {
  const [item] = await deps.db
    .update(moderationItems)
    .set({ claimedBy: deps.user.id, claimedAt: new Date(), version: sql`${moderationItems.version} + 1`, updatedAt: new Date() })
    .where(and(eq(moderationItems.id, itemId), eq(moderationItems.status, "OPEN"), claimFree()))
    .returning();
  if (!item) {
    // Claiming what you already hold is a no-op, not a conflict.
    const [held] = await deps.db
      .select()
      .from(moderationItems)
      .where(and(eq(moderationItems.id, itemId), eq(moderationItems.status, "OPEN"), eq(moderationItems.claimedBy, deps.user.id)))
      .limit(1);
    if (held) {
      deps.audit({
        action: "MODERATION_CLAIMED",
        targetType: "moderation_item",
        targetId: itemId,
        changes: { alreadyHeld: true },
      });
      return held;
    }
    throw await whyNot(deps.db, itemId, deps.user.id, "claim");
  }
  await targetHandler(item.targetType)?.onClaim?.(deps.db, item.targetId, deps.user, deps.audit);
  await deps.db.insert(moderationHistory).values({ itemId, actorId: deps.user.id, event: "CLAIMED" });
  deps.audit({ action: "MODERATION_CLAIMED", targetType: "moderation_item", targetId: itemId });
  return item;
}

export async function releaseItem(deps: { db: Database; user: { id: string }; audit: AuditFn }, itemId: string) {
  const [item] = await deps.db
    .update(moderationItems)
    .set({ claimedBy: null, claimedAt: null, version: sql`${moderationItems.version} + 1`, updatedAt: new Date() })
    .where(and(eq(moderationItems.id, itemId), eq(moderationItems.status, "OPEN"), eq(moderationItems.claimedBy, deps.user.id)))
    .returning();
  if (!item) throw await whyNot(deps.db, itemId, deps.user.id, "release");
  await targetHandler(item.targetType)?.onRelease?.(deps.db, item.targetId, deps.user, deps.audit);
  await deps.db.insert(moderationHistory).values({ itemId, actorId: deps.user.id, event: "RELEASED" });
  deps.audit({ action: "MODERATION_RELEASED", targetType: "moderation_item", targetId: itemId });
  return item;
}

/**
 * Decides an item. `version` is the version the moderator saw: if anyone changed the item since
 * (another decision, a claim, a new report), the update matches nothing and the loser is told.
 */
/** How a decision reads to the person whose content it is about. */
const DECISION_WORDS: Partial<Record<ModerationDecision, string>> = {
  APPROVE: "approved",
  REJECT: "rejected",
  HIDE: "hid",
  REQUEST_CHANGES: "asked for changes to",
  WARN: "warned you about",
};

export async function decideItem(
  deps: { db: Database; user: { id: string }; audit: AuditFn },
  input: { itemId: string; version: number; decision: ModerationDecision; reason: string },
) {
  const [current] = await deps.db.select().from(moderationItems).where(eq(moderationItems.id, input.itemId)).limit(1);
  if (!current) throw new AppError("NOT_FOUND", "That queue item does not exist.");
  const handler = handlerFor(current.targetType);
  if (!handler.decisions.includes(input.decision)) {
    throw new AppError("INVALID_STATE", `“${input.decision.toLowerCase()}” is not a decision for this kind of item.`);
  }
  const [item] = await deps.db
    .update(moderationItems)
    .set({
      status: "RESOLVED",
      decision: input.decision,
      decisionReason: input.reason,
      decidedBy: deps.user.id,
      decidedAt: new Date(),
      claimedBy: null,
      claimedAt: null,
      version: sql`${moderationItems.version} + 1`,
      updatedAt: new Date(),
    })
    .where(
      and(
        eq(moderationItems.id, input.itemId),
        eq(moderationItems.version, input.version),
        eq(moderationItems.status, "OPEN"),
        handler.decideNeedsClaim
          ? and(eq(moderationItems.claimedBy, deps.user.id), claimLive())
          : or(claimFree(), eq(moderationItems.claimedBy, deps.user.id)),
      ),
    )
    .returning();
  if (!item) throw await whyNot(deps.db, input.itemId, deps.user.id, "decide", input.version, handler.decideNeedsClaim);
  await handler.apply(deps.db, item.targetId, input.decision, input.reason, deps.audit, deps.user);
  const owner = await handler.owner?.(deps.db, item.targetId);
  if (owner) {
    await notify(deps.db, {
      userId: owner.userId,
      kind: "CONTENT_DECISION",
      subjectType: item.targetType.toLowerCase(),
      subjectId: item.targetId,
      link: owner.link,
      data: {
        decision: DECISION_WORDS[input.decision] ?? "decided about",
        contentType: owner.contentType,
        reason: input.decision === "APPROVE" ? null : input.reason,
      },
    });
  }
  await deps.db.insert(moderationHistory).values({
    itemId: item.id,
    actorId: deps.user.id,
    event: "DECIDED",
    details: { decision: input.decision, reason: input.reason },
  });
  deps.audit({
    action: `MODERATION_${input.decision}`,
    targetType: item.targetType.toLowerCase(),
    targetId: item.targetId,
    changes: { decision: input.decision, reason: input.reason, itemId: item.id },
  });
  return item;
}

async function whyNot(
  db: Database,
  itemId: string,
  userId: string,
  what: "claim" | "release" | "decide",
  version?: number,
  needsClaim = false,
) {
  const [item] = await db.select().from(moderationItems).where(eq(moderationItems.id, itemId)).limit(1);
  if (!item) return new AppError("NOT_FOUND", "That queue item does not exist.");
  if (item.status === "RESOLVED")
    return new AppError("STALE_VERSION", "This item has already been decided.", { reason: "ALREADY_DECIDED" });
  const hold = check("moderation.hold", { id: userId }, { claimedBy: item.claimedBy, claimLapsed: claimLapsed(item.claimedAt) });
  if (!hold.allow) return new AppError("CONFLICT", hold.message, { reason: hold.reason });
  if (what === "release") return new AppError("INVALID_STATE", "You have not claimed this item.");
  if (what === "decide" && needsClaim && (item.claimedBy !== userId || claimLapsed(item.claimedAt))) {
    return new AppError(
      "INVALID_STATE",
      item.claimedBy === userId
        ? "Your claim on this item lapsed. Claim it again, then decide."
        : "Claim this item first: it is decided only by the moderator holding it.",
      { reason: "NOT_CLAIMED" },
    );
  }
  if (version !== undefined && item.version !== version) {
    return new AppError("STALE_VERSION", "This item changed while you were looking at it. Reload it and decide again.", {
      reason: "STALE_VERSION",
    });
  }
  return new AppError("CONFLICT", `This item cannot be ${what === "claim" ? "claimed" : "decided"} right now.`);
}

export async function listQueue(
  db: Database,
  viewerId: string,
  input: {
    status: "OPEN" | "RESOLVED";
    targetType?: ModerationTargetType;
    claimed?: "mine" | "unclaimed";
    reportedOnly?: boolean;
    limit: number;
    offset: number;
  },
) {
  const filters: (SQL | undefined)[] = [
    eq(moderationItems.status, input.status),
    input.targetType ? eq(moderationItems.targetType, input.targetType) : undefined,
    input.claimed === "mine"
      ? eq(moderationItems.claimedBy, viewerId)
      : input.claimed === "unclaimed"
        ? isNull(moderationItems.claimedBy)
        : undefined,
    input.reportedOnly ? sql`${moderationItems.reportCount} > 0` : undefined,
  ];
  const rows = await db
    .select()
    .from(moderationItems)
    .where(and(...filters))
    .orderBy(input.status === "OPEN" ? asc(moderationItems.openedAt) : desc(moderationItems.decidedAt), asc(moderationItems.id))
    .limit(input.limit + 1)
    .offset(input.offset);
  const { items, nextCursor: nextOffset } = takePage(rows, input.limit, () => input.offset + input.limit);
  const summaries = await summarize(db, items);
  return {
    items: items.map((item) => ({ ...item, target: summaries.get(`${item.targetType}:${item.targetId}`) ?? null })),
    nextOffset,
  };
}

async function summarize(db: Database, items: { targetType: ModerationTargetType; targetId: string }[]) {
  const out = new Map<string, TargetSummary>();
  const byType = new Map<ModerationTargetType, string[]>();
  for (const i of items) byType.set(i.targetType, [...(byType.get(i.targetType) ?? []), i.targetId]);
  for (const [type, ids] of byType) {
    const handler = targetHandler(type);
    if (!handler) continue;
    for (const [id, s] of await handler.summarize(db, ids)) out.set(`${type}:${id}`, s);
  }
  return out;
}

export async function itemDetail(db: Database, itemId: string) {
  const [item] = await db.select().from(moderationItems).where(eq(moderationItems.id, itemId)).limit(1);
  if (!item) throw new AppError("NOT_FOUND", "That queue item does not exist.");
  const history = await db
    .select()
    .from(moderationHistory)
    .where(eq(moderationHistory.itemId, itemId))
    .orderBy(asc(moderationHistory.createdAt));
  const target = (await summarize(db, [item]))?.get(`${item.targetType}:${item.targetId}`) ?? null;
  const handler = targetHandler(item.targetType);
  const decisions = handler ? ((await handler.availableDecisions?.(db, item.targetId)) ?? handler.decisions) : [];
  return { item, history, target, decisions };
}

/** Any signed-in user reports a target with a reason; it enters the queue. */
export async function reportTarget(
  deps: { db: Database; user: { id: string }; audit: AuditFn },
  input: { targetType: ModerationTargetType; targetId: string; reason: string },
) {
  const handler = targetHandler(input.targetType);
  if (!handler || !(await handler.exists(deps.db, input.targetId, deps.user.id))) {
    throw new AppError("NOT_FOUND", "There is nothing to report there.");
  }
  // One report per person while the item is open: repeating it would only inflate the count.
  const [open] = await deps.db
    .select({ id: reports.id })
    .from(reports)
    .innerJoin(
      moderationItems,
      and(
        eq(moderationItems.targetType, reports.targetType),
        eq(moderationItems.targetId, reports.targetId),
        eq(moderationItems.status, "OPEN"),
      ),
    )
    .where(
      and(
        eq(reports.reporterId, deps.user.id),
        eq(reports.targetType, input.targetType),
        eq(reports.targetId, input.targetId),
        sql`${reports.createdAt} >= ${moderationItems.openedAt}`,
      ),
    )
    .limit(1);
  if (open)
    throw new AppError("CONFLICT", "You have already reported this. Moderators will look at it.", { reason: "ALREADY_REPORTED" });
  const [report] = await deps.db
    .insert(reports)
    .values({ reporterId: deps.user.id, targetType: input.targetType, targetId: input.targetId, reason: input.reason })
    .returning();
  await openItem(
    deps.db,
    { type: input.targetType, id: input.targetId },
    { kind: "REPORTED", reportId: report!.id },
    deps.user.id,
  );
  deps.audit({
    action: "CONTENT_REPORTED",
    targetType: input.targetType.toLowerCase(),
    targetId: input.targetId,
    changes: { reportId: report!.id, reason: input.reason },
  });
  return { reportId: report!.id };
}

export async function reportsFor(db: Database, targetType: ModerationTargetType, targetId: string) {
  return db
    .select({ id: reports.id, reason: reports.reason, createdAt: reports.createdAt, reporterName: users.displayName })
    .from(reports)
    .innerJoin(users, eq(users.id, reports.reporterId))
    .where(and(eq(reports.targetType, targetType), eq(reports.targetId, targetId)))
    .orderBy(desc(reports.createdAt));
}

export async function queueCounts(db: Database) {
  return db
    .select({ targetType: moderationItems.targetType, count: sql<number>`count(*)::int` })
    .from(moderationItems)
    .where(eq(moderationItems.status, "OPEN"))
    .groupBy(moderationItems.targetType);
}

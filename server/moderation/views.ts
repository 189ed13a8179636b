// What the moderation queue sends out to moderators.
import { z } from "zod";
import { KEYWORD_ACTIONS, MODERATION_DECISIONS, MODERATION_TARGET_TYPES } from "@/db/schema/values";
import { decisionView } from "@/server/policy/decision-view";

const reasonView = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("SUBMITTED") }),
  z.object({ kind: z.literal("REPORTED"), reportId: z.string() }),
  z.object({ kind: z.literal("KEYWORD"), term: z.string(), action: z.string() }),
  z.object({ kind: z.literal("DISPUTED") }),
]);

export const targetSummaryView = z.object({ title: z.string(), detail: z.string(), href: z.string().nullable() });

export const queueItemView = z.object({
  id: z.string().uuid(),
  targetType: z.enum(MODERATION_TARGET_TYPES),
  targetId: z.string().uuid(),
  status: z.enum(["OPEN", "RESOLVED"]),
  reasons: z.array(reasonView),
  reportCount: z.number().int(),
  claimedBy: z.string().uuid().nullable(),
  claimedAt: z.date().nullable(),
  version: z.number().int(),
  decision: z.enum(MODERATION_DECISIONS).nullable(),
  decisionReason: z.string().nullable(),
  decidedBy: z.string().uuid().nullable(),
  decidedAt: z.date().nullable(),
  openedAt: z.date(),
  updatedAt: z.date(),
});

export const queuePageView = z.object({
  items: z.array(queueItemView.extend({ target: targetSummaryView.nullable() })),
  nextOffset: z.number().int().nullable(),
});

export const queueCountView = z.object({ targetType: z.enum(MODERATION_TARGET_TYPES), count: z.number().int() });

export const itemDetailView = z.object({
  item: queueItemView,
  target: targetSummaryView.nullable(),
  history: z.array(
    z.object({
      id: z.string().uuid(),
      itemId: z.string().uuid(),
      actorId: z.string().uuid().nullable(),
      event: z.string(),
      details: z.record(z.string(), z.unknown()).nullable(),
      createdAt: z.date(),
    }),
  ),
  decisions: z.array(z.enum(MODERATION_DECISIONS)).readonly(),
  reports: z.array(z.object({ id: z.string().uuid(), reason: z.string(), createdAt: z.date(), reporterName: z.string() })),
  /**
   * For a message's item: whether this moderator may see the thread around it now (rule
   * `moderation.viewThread`), so the page asks for it only then, and otherwise says why.
   */
  threadView: decisionView.nullable(),
});

export const keywordView = z.object({
  id: z.string().uuid(),
  term: z.string(),
  action: z.enum(KEYWORD_ACTIONS),
  createdBy: z.string().uuid().nullable(),
  createdAt: z.date(),
});

export const reportCreatedView = z.object({ reportId: z.string().uuid() });

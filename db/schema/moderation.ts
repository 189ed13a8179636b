// Safety: keywords, reports, and the one moderation queue over every kind of target.
import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./accounts";
import { KEYWORD_ACTIONS, MODERATION_DECISIONS, MODERATION_TARGET_TYPES } from "./values";

export const keywordActionEnum = pgEnum("keyword_action", KEYWORD_ACTIONS);
export const moderationTargetEnum = pgEnum("moderation_target_type", MODERATION_TARGET_TYPES);
export const moderationDecisionEnum = pgEnum("moderation_decision", MODERATION_DECISIONS);
export const moderationStatusEnum = pgEnum("moderation_status", ["OPEN", "RESOLVED"]);

export const keywords = pgTable("keywords", {
  id: uuid("id").primaryKey().defaultRandom(),
  /** Lower-cased; matched as a whole word or phrase, case-insensitively. */
  term: text("term").notNull().unique(),
  action: keywordActionEnum("action").notNull(),
  createdBy: uuid("created_by").references(() => users.id),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const reports = pgTable(
  "reports",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    reporterId: uuid("reporter_id")
      .notNull()
      .references(() => users.id),
    targetType: moderationTargetEnum("target_type").notNull(),
    targetId: uuid("target_id").notNull(),
    reason: text("reason").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("reports_target_idx").on(t.targetType, t.targetId)],
);

/** Why an item is in the queue: submitted for review, reported, or caught by keywords. */
export type ModerationReason =
  | { kind: "SUBMITTED" }
  | { kind: "REPORTED"; reportId: string }
  | { kind: "KEYWORD"; term: string; action: string }
  /** A traveler said a verification of them was not them ("this wasn't me"). */
  | { kind: "DISPUTED" };

export const moderationItems = pgTable(
  "moderation_items",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    targetType: moderationTargetEnum("target_type").notNull(),
    targetId: uuid("target_id").notNull(),
    status: moderationStatusEnum("status").notNull().default("OPEN"),
    reasons: jsonb("reasons")
      .$type<ModerationReason[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    reportCount: integer("report_count").notNull().default(0),
    claimedBy: uuid("claimed_by").references(() => users.id),
    claimedAt: timestamp("claimed_at", { withTimezone: true }),
    /** Bumped by every change: a decision names the version it saw, so two cannot both win. */
    version: integer("version").notNull().default(1),
    decision: moderationDecisionEnum("decision"),
    decisionReason: text("decision_reason"),
    decidedBy: uuid("decided_by").references(() => users.id),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    openedAt: timestamp("opened_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("moderation_items_target_uq").on(t.targetType, t.targetId),
    index("moderation_items_queue_idx").on(t.status, t.openedAt),
  ],
);

export const moderationHistory = pgTable(
  "moderation_history",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    itemId: uuid("item_id")
      .notNull()
      .references(() => moderationItems.id),
    actorId: uuid("actor_id").references(() => users.id),
    event: text("event").notNull(),
    details: jsonb("details").$type<Record<string, unknown>>(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("moderation_history_item_idx").on(t.itemId, t.createdAt)],
);

export type ModerationItem = typeof moderationItems.$inferSelect;

// The moderation queue's target handlers, registered from the top (server/moderation/targets.ts, loaded
// by the app router) so the queue core never imports the domains that import it.
import type { Database } from "@/db/client";
import type { ModerationDecision, ModerationTargetType } from "@/db/schema/values";
import type { AuditFn } from "@/server/audit";

export interface TargetSummary {
  title: string;
  detail: string;
  href: string | null;
}

export interface TargetHandler {
  /** Decisions that make sense for this kind of target. */
  decisions: readonly ModerationDecision[];
  /**
   * Decided only by the moderator holding the item (claimed, not lapsed), never straight from the
   * queue: for targets whose judgement rests on what only the holder is shown (identity papers).
   */
  decideNeedsClaim?: boolean;
  /** The decisions that fit the target as it is now (all of `decisions` when absent). */
  availableDecisions?(db: Database, targetId: string): Promise<readonly ModerationDecision[]>;
  /** Whether the target exists and can be reported (by `reporterId`, who must be able to see it). */
  exists(db: Database, targetId: string, reporterId: string): Promise<boolean>;
  /** Applies a decision to the target (inside the decision's transaction); `actor` is who decides. */
  apply(
    db: Database,
    targetId: string,
    decision: ModerationDecision,
    reason: string,
    audit: AuditFn,
    actor: { id: string },
  ): Promise<void>;
  /** Called when a moderator claims the item (may refuse, e.g. their own case). */
  onClaim?(db: Database, targetId: string, actor: { id: string }, audit: AuditFn): Promise<void>;
  /** Called when the claimant releases the item. */
  onRelease?(db: Database, targetId: string, actor: { id: string }, audit: AuditFn): Promise<void>;
  summarize(db: Database, targetIds: string[]): Promise<Map<string, TargetSummary>>;
  /** Whose content it is, where they see it and what it is called, so a decision can be told to them. */
  owner?(db: Database, targetId: string): Promise<{ userId: string; link: string; contentType: string } | null>;
}

const handlers = new Map<ModerationTargetType, TargetHandler>();

export function registerTargetHandlers(entries: Partial<Record<ModerationTargetType, TargetHandler>>): void {
  for (const [type, handler] of Object.entries(entries) as [ModerationTargetType, TargetHandler][]) handlers.set(type, handler);
}

export function targetHandler(type: ModerationTargetType): TargetHandler | undefined {
  return handlers.get(type);
}

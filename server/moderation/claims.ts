// A moderator's claim on a queue item, and when it lapses: the one definition, in memory and in SQL,
// used by the queue, by the domains that let a claimant see more (enrollment documents, message
// context), and by the rule `moderation.hold`.
import { and, eq, isNull, or, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { moderationItems } from "@/db/schema/moderation";
import type { ModerationTargetType } from "@/db/schema/values";

/** A claim lapses after this long, so an item held by someone who went away is not stuck. */
export const CLAIM_LAPSES_AFTER_MS = 4 * 60 * 60 * 1000;

export function claimLapsed(claimedAt: Date | null, now = new Date()): boolean {
  return !claimedAt || now.getTime() - claimedAt.getTime() > CLAIM_LAPSES_AFTER_MS;
}

function lapsedBefore(now = new Date()): string {
  return new Date(now.getTime() - CLAIM_LAPSES_AFTER_MS).toISOString();
}

/** SQL: the item is claimed and the claim has not lapsed. */
export function claimLive() {
  return sql`${moderationItems.claimedAt} >= ${lapsedBefore()}::timestamptz`;
}

/** SQL: unclaimed, or claimed so long ago that the claim has lapsed. */
export function claimFree() {
  return or(isNull(moderationItems.claimedBy), sql`${moderationItems.claimedAt} < ${lapsedBefore()}::timestamptz`)!;
}

/** The moderator holding (claimed, not lapsed) the open item on this target, or null. */
export async function holderOf(db: Database, targetType: ModerationTargetType, targetId: string): Promise<string | null> {
  const [row] = await db
    .select({ claimedBy: moderationItems.claimedBy })
    .from(moderationItems)
    .where(
      and(
        eq(moderationItems.targetType, targetType),
        eq(moderationItems.targetId, targetId),
        eq(moderationItems.status, "OPEN"),
        claimLive(),
      ),
    )
    .limit(1);
  return row?.claimedBy ?? null;
}

// moderation: the one queue (claim, release, decide), keywords, and reports from anyone signed in.
import { z } from "zod";
import { KEYWORD_ACTIONS, MODERATION_DECISIONS, MODERATION_TARGET_TYPES } from "@/db/schema/values";
import { addKeyword, listKeywords, removeKeyword } from "@/server/moderation/keywords";
import {
  claimItem,
  decideItem,
  itemDetail,
  listQueue,
  queueCounts,
  releaseItem,
  reportTarget,
  reportsFor,
} from "@/server/moderation/queue";
import { auditedAuthedProcedure, auditedHasRole, hasRole, router } from "@/server/trpc";
import { int32, okOutput, strictInput, text } from "@/server/validation";
import {
  itemDetailView,
  keywordView,
  queueCountView,
  queueItemView,
  queuePageView,
  reportCreatedView,
} from "@/server/moderation/views";
import { MODERATORS } from "@/server/policy/roles";
import { check } from "@/server/policy/authorize";
import { toDecisionView } from "@/server/policy/decision-view";
import { threadViewResource } from "@/server/messages/moderation";

// The queue is the moderators' own: admins govern from the admin pages (users, bans), and a
// regional admin deciding items from every region would step outside admin.scope.
const itemId = z.string().uuid();

export const moderationRouter = router({
  queue: hasRole(MODERATORS)
    .input(
      strictInput({
        status: z.enum(["OPEN", "RESOLVED"]).default("OPEN"),
        targetType: z.enum(MODERATION_TARGET_TYPES).optional(),
        claimed: z.enum(["mine", "unclaimed"]).optional(),
        reportedOnly: z.boolean().optional(),
        offset: z.number().int().min(0).max(100_000).default(0),
        limit: z.number().int().min(1).max(100).default(25),
      }),
    )
    .output(queuePageView)
    .query(({ ctx, input }) => listQueue(ctx.db, ctx.user.id, input)),

  counts: hasRole(MODERATORS)
    .output(z.array(queueCountView))
    .query(({ ctx }) => queueCounts(ctx.db)),

  item: hasRole(MODERATORS)
    .input(strictInput({ itemId }))
    .output(itemDetailView)
    .query(async ({ ctx, input }) => {
      const detail = await itemDetail(ctx.db, input.itemId);
      const { item } = detail;
      return {
        ...detail,
        reports: await reportsFor(ctx.db, item.targetType, item.targetId),
        threadView:
          item.targetType === "MESSAGE"
            ? toDecisionView(check("moderation.viewThread", ctx.user, threadViewResource(item)))
            : null,
      };
    }),

  claim: auditedHasRole(MODERATORS)
    .input(strictInput({ itemId }))
    .output(queueItemView)
    .mutation(({ ctx, input }) => claimItem(ctx, input.itemId)),

  release: auditedHasRole(MODERATORS)
    .input(strictInput({ itemId }))
    .output(queueItemView)
    .mutation(({ ctx, input }) => releaseItem(ctx, input.itemId)),

  decide: auditedHasRole(MODERATORS)
    .input(
      strictInput({
        itemId,
        version: int32().positive(),
        // Bans are for admins only (the users page); each kind of target takes its own decisions.
        decision: z.enum(MODERATION_DECISIONS).refine((d) => d !== "BAN", "Only admins ban, from the users page."),
        reason: text(1000, 3, "Say why (3 characters or more)."),
      }),
    )
    .output(queueItemView)
    .mutation(({ ctx, input }) => decideItem(ctx, input)),

  keywords: hasRole(MODERATORS)
    .output(z.array(keywordView))
    .query(({ ctx }) => listKeywords(ctx.db)),

  addKeyword: auditedHasRole(MODERATORS)
    .input(strictInput({ term: text(80, 2, "At least 2 characters."), action: z.enum(KEYWORD_ACTIONS) }))
    .output(keywordView)
    .mutation(({ ctx, input }) => addKeyword(ctx, input)),

  removeKeyword: auditedHasRole(MODERATORS)
    .input(strictInput({ keywordId: z.string().uuid() }))
    .output(okOutput)
    .mutation(async ({ ctx, input }) => {
      await removeKeyword(ctx, input.keywordId);
      return { ok: true as const };
    }),

  /**
   * Any signed-in user reports a listing, a review, a host's reply to a review (REVIEW_REPLY: its
   * author is the host, so decisions reach the reply and the host, never the traveler's review), a
   * message in their own order, or a person.
   */
  report: auditedAuthedProcedure
    .input(
      strictInput({
        targetType: z.enum(["LISTING", "REVIEW", "REVIEW_REPLY", "MESSAGE", "USER"]),
        targetId: z.string().uuid(),
        reason: text(1000, 5, "Tell the moderators what is wrong (5 characters or more)."),
      }),
    )
    .output(reportCreatedView)
    .mutation(({ ctx, input }) => reportTarget(ctx, input)),
});

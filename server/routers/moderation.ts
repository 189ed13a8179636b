// moderation: the one queue (claim, release, decide), keywords, and reports from anyone signed in.
import { z } from "zod";
import { KEYWORD_ACTIONS, MODERATION_DECISIONS, MODERATION_TARGET_TYPES } from "@/db/schema/values";
import "@/server/listings/manage"; // registers the LISTING target handler
import { addKeyword, listKeywords, removeKeyword } from "@/server/safety/keywords";
import { claimItem, decideItem, itemDetail, listQueue, queueCounts, releaseItem, reportTarget, reportsFor } from "@/server/safety/queue";
import { auditedAuthedProcedure, auditedHasRole, hasRole, router } from "@/server/trpc";
import { strictInput, text } from "@/server/validation";

// The queue is the moderators' own: admins govern from the admin pages (users, bans), and a
// regional admin deciding items from every region would step outside admin.scope.
const MODERATORS = ["MODERATOR"] as const;
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
    .query(({ ctx, input }) => listQueue(ctx.db, ctx.user.id, input)),

  counts: hasRole(MODERATORS).query(({ ctx }) => queueCounts(ctx.db)),

  item: hasRole(MODERATORS)
    .input(strictInput({ itemId }))
    .query(async ({ ctx, input }) => {
      const detail = await itemDetail(ctx.db, input.itemId);
      return { ...detail, reports: await reportsFor(ctx.db, detail.item.targetType, detail.item.targetId) };
    }),

  claim: auditedHasRole(MODERATORS)
    .input(strictInput({ itemId }))
    .mutation(({ ctx, input }) => claimItem(ctx, input.itemId)),

  release: auditedHasRole(MODERATORS)
    .input(strictInput({ itemId }))
    .mutation(({ ctx, input }) => releaseItem(ctx, input.itemId)),

  decide: auditedHasRole(MODERATORS)
    .input(
      strictInput({
        itemId,
        version: z.number().int().positive(),
        // Bans are for admins only and arrive with user targets; listings take these three.
        decision: z.enum(MODERATION_DECISIONS).refine((d) => d !== "BAN" && d !== "SUSPEND", "Only admins suspend or ban, from the users page."),
        reason: text(1000, 3, "Say why (3 characters or more)."),
      }),
    )
    .mutation(({ ctx, input }) => decideItem(ctx, input)),

  keywords: hasRole(MODERATORS).query(({ ctx }) => listKeywords(ctx.db)),

  addKeyword: auditedHasRole(MODERATORS)
    .input(strictInput({ term: text(80, 2, "At least 2 characters."), action: z.enum(KEYWORD_ACTIONS) }))
    .mutation(({ ctx, input }) => addKeyword(ctx, input)),

  removeKeyword: auditedHasRole(MODERATORS)
    .input(strictInput({ keywordId: z.string().uuid() }))
    .mutation(async ({ ctx, input }) => {
      await removeKeyword(ctx, input.keywordId);
      return { ok: true as const };
    }),

  /** Any signed-in user reports a listing (reviews, messages and users arrive with their domains). */
  report: auditedAuthedProcedure
    .input(
      strictInput({
        targetType: z.enum(["LISTING"]),
        targetId: z.string().uuid(),
        reason: text(1000, 5, "Tell the moderators what is wrong (5 characters or more)."),
      }),
    )
    .mutation(({ ctx, input }) => reportTarget(ctx, input)),
});

// promotions: hosts issue time-boxed offers on approved listings (rule `promotion.issue`).
import { z } from "zod";
import { cancelPromotion, hostPromotions, issuePromotion } from "@/server/listings/promotions";
import { auditedHasRole, hasRole, router } from "@/server/trpc";
import { okOutput, strictInput, text } from "@/server/validation";
import { promotionView } from "@/server/listings/views";
import { CONTENT_STATUSES } from "@/db/schema/values";
import { HOSTS } from "@/server/policy/roles";

export const promotionsRouter = router({
  mine: hasRole(HOSTS)
    .output(z.array(promotionView))
    .query(({ ctx }) => hostPromotions(ctx.db, ctx.user.id)),

  issue: auditedHasRole(HOSTS)
    .input(
      strictInput({
        listingId: z.string().uuid(),
        title: text(120, 3, "A title of at least 3 characters."),
        discountPercent: z.number().int().min(1, "1 to 90.").max(90, "1 to 90.").nullable(),
        startsAt: z.date(),
        endsAt: z.date(),
      }),
    )
    .output(z.object({ id: z.string().uuid(), status: z.enum(CONTENT_STATUSES) }))
    .mutation(async ({ ctx, input }) => {
      const promotion = await issuePromotion(ctx, input);
      return { id: promotion.id, status: promotion.status };
    }),

  cancel: auditedHasRole(HOSTS)
    .input(strictInput({ promotionId: z.string().uuid() }))
    .output(okOutput)
    .mutation(async ({ ctx, input }) => {
      await cancelPromotion(ctx, input.promotionId);
      return { ok: true as const };
    }),
});

// reviews: the traveler of a completed order reviews it; the host replies once; whoever may see the listing reads them.
import { z } from "zod";
import { createReview, listingReviews, replyToReview } from "@/server/reviews/write";
import { requireVisibleListing } from "@/server/listings/read-listing";
import { auditedHasRole, publicProcedure, router } from "@/server/trpc";
import { strictInput, text } from "@/server/validation";
import { CITIZENS, HOSTS } from "@/server/policy/roles";
import { CONTENT_STATUSES } from "@/db/schema/values";

export const reviewsRouter = router({
  create: auditedHasRole(CITIZENS)
    .input(
      strictInput({
        orderId: z.string().uuid(),
        rating: z.number().int().min(1, "From 1 to 5 stars.").max(5, "From 1 to 5 stars."),
        body: text(2000, 10, "Say a little more (10 characters or more)."),
      }),
    )
    .output(z.object({ id: z.string().uuid(), status: z.enum(CONTENT_STATUSES) }))
    .mutation(({ ctx, input }) => createReview(ctx, input)),

  reply: auditedHasRole(HOSTS)
    .input(strictInput({ reviewId: z.string().uuid(), reply: text(2000, 2, "Write a reply.") }))
    .output(z.object({ id: z.string().uuid(), status: z.enum(CONTENT_STATUSES) }))
    .mutation(({ ctx, input }) => replyToReview(ctx, input)),

  /** A listing's visible reviews, with their replies once public (public, like the listing page). */
  forListing: publicProcedure
    .input(strictInput({ listingId: z.string().uuid() }))
    .output(
      z.array(
        z.object({
          id: z.string().uuid(),
          rating: z.number().int(),
          body: z.string(),
          reply: z.string().nullable(),
          repliedAt: z.date().nullable(),
          travelerName: z.string(),
          createdAt: z.date(),
        }),
      ),
    )
    .query(async ({ ctx, input }) => {
      // Only the reviews of a listing the caller may see (`listing.view`): an unpublished one's read like a missing one's.
      await requireVisibleListing(ctx.db, ctx.user, input.listingId);
      return listingReviews(ctx.db, input.listingId);
    }),
});

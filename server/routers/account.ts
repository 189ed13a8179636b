// account: a signed-in person's own account page (display name; password changes are auth.changePassword).
import { z } from "zod";
import { KYC_STATUSES, ROLES } from "@/db/schema/values";
import { ownAccount, renameAccount } from "@/server/accounts/profile";
import { auditedAuthedProcedure, authedProcedure, router } from "@/server/trpc";
import { strictInput, text } from "@/server/validation";

export const accountRouter = router({
  profile: authedProcedure
    .output(
      z.object({
        displayName: z.string(),
        email: z.string().nullable(),
        phone: z.string().nullable(),
        role: z.enum(ROLES),
        kycStatus: z.enum(KYC_STATUSES),
        districtName: z.string().nullable(),
        createdAt: z.date(),
      }),
    )
    .query(({ ctx }) => ownAccount(ctx)),

  rename: auditedAuthedProcedure
    .input(strictInput({ displayName: text(80, 2, "Enter the name others will see (2 characters or more).") }))
    .output(z.object({ ok: z.literal(true), displayName: z.string() }))
    .mutation(({ ctx, input }) => renameAccount(ctx, input.displayName)),
});

// invites: create (code shown once), list, revoke. Who may invite whom is the `invite.create` rule.
import { z } from "zod";
import { ROLES } from "@/db/schema/accounts";
import { ORG_ROLES } from "@/db/schema/values";
import { createInvite, inviteOptions, listInvites, revokeInvite } from "@/server/accounts/invites";
import { districtNameView } from "@/server/geography/views";
import { env } from "@/server/env";
import { emailSchema } from "@/server/accounts/identifiers";
import { cursorInput } from "@/server/pagination";
import { auditedHasRole, hasRole, router } from "@/server/trpc";
import { okOutput, strictInput, text } from "@/server/validation";
import { inviteCreatedView, invitePageView } from "@/server/accounts/views";
import { INVITERS } from "@/server/policy/roles";

export const invitesRouter = router({
  /** The roles and districts the caller may invite into (the `invite.create` rule), for the form. */
  options: hasRole(INVITERS)
    .output(z.object({ roles: z.array(z.enum(ROLES)), districts: z.array(districtNameView) }))
    .query(({ ctx }) => inviteOptions(ctx)),

  create: auditedHasRole(INVITERS)
    .input(
      strictInput({
        role: z.enum(ROLES),
        districtId: z.string().uuid("Choose a district."),
        maxUses: z.number().int().min(1, "At least 1 use.").max(500, "At most 500 uses."),
        expiresInDays: z.number().int().min(1, "At least 1 day.").max(90, "At most 90 days."),
        note: text(200).optional(),
        /** A verifier staff invite: whoever signs up joins this organization. */
        organizationId: z.string().uuid().optional(),
        orgRole: z.enum(ORG_ROLES).optional(),
        /** Mail the signup link to this address. */
        email: z
          .union([emailSchema, z.literal("").transform(() => undefined)], { error: "Enter a valid email address." })
          .optional(),
      }),
    )
    .output(inviteCreatedView)
    .mutation(({ ctx, input }) => createInvite(ctx, input, env.APP_URL)),

  list: hasRole(INVITERS)
    .input(strictInput({ ...cursorInput, activeOnly: z.boolean().optional() }))
    .output(invitePageView)
    .query(({ ctx, input }) => listInvites(ctx, input)),

  revoke: auditedHasRole(INVITERS)
    .input(strictInput({ inviteId: z.string().uuid() }))
    .output(okOutput)
    .mutation(async ({ ctx, input }) => {
      await revokeInvite(ctx, input.inviteId);
      return { ok: true as const };
    }),
});

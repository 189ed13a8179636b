// invites: create (code shown once), list, revoke. Who may invite whom is the `invite.create` rule.
import { z } from "zod";
import { ROLES } from "@/db/schema/accounts";
import { createInvite, listInvites, revokeInvite } from "@/server/accounts/invites";
import { env } from "@/server/env";
import { cursorInput } from "@/server/pagination";
import { auditedHasRole, hasRole, router } from "@/server/trpc";
import { text } from "@/server/validation";

const INVITERS = ["HOST", "ADMIN", "SUPER_ADMIN"] as const;

export const invitesRouter = router({
  create: auditedHasRole(INVITERS)
    .input(
      z.object({
        role: z.enum(ROLES),
        districtId: z.string().uuid("Choose a district."),
        maxUses: z.number().int().min(1, "At least 1 use.").max(500, "At most 500 uses."),
        expiresInDays: z.number().int().min(1, "At least 1 day.").max(90, "At most 90 days."),
        note: text(200).optional(),
      }),
    )
    .mutation(({ ctx, input }) => createInvite(ctx, input, env.APP_URL)),

  list: hasRole(INVITERS)
    .input(z.object({ ...cursorInput, activeOnly: z.boolean().optional() }))
    .query(({ ctx, input }) => listInvites(ctx, input)),

  revoke: auditedHasRole(INVITERS)
    .input(z.object({ inviteId: z.string().uuid() }))
    .mutation(async ({ ctx, input }) => {
      await revokeInvite(ctx, input.inviteId);
      return { ok: true as const };
    }),
});

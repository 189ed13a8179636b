// flags: the admin feature-flag page (list, global switch, districts, rollout).
import { z } from "zod";
import { flagView } from "@/server/flags/views";
import { okOutput, strictInput } from "@/server/validation";
import { FLAG_KEYS } from "@/server/flags";
import { listFlags, updateFlag } from "@/server/flags/manage";
import { auditedHasRole, hasRole, router } from "@/server/trpc";
import { ADMINS } from "@/server/policy/roles";

export const flagsRouter = router({
  list: hasRole(ADMINS)
    .output(z.array(flagView))
    .query(({ ctx }) => listFlags(ctx.db, ctx.user)),

  update: auditedHasRole(ADMINS)
    .input(
      strictInput({
        key: z.enum(FLAG_KEYS as [string, ...string[]]),
        isGlobalEnabled: z.boolean().optional(),
        rolloutPercentage: z.number().int().min(0, "0 to 100.").max(100, "0 to 100.").optional(),
        districtIds: z.array(z.string().uuid()).max(500).optional(),
      }),
    )
    .output(okOutput)
    .mutation(async ({ ctx, input }) => {
      await updateFlag(ctx, input);
      return { ok: true as const };
    }),
});

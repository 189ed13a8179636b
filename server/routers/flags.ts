// flags: the admin feature-flag page (list, global switch, districts, rollout).
import { z } from "zod";
import { FLAG_KEYS } from "@/server/flags";
import { listFlags, updateFlag } from "@/server/features/manage";
import { auditedHasRole, hasRole, router } from "@/server/trpc";

export const flagsRouter = router({
  list: hasRole(["ADMIN", "SUPER_ADMIN"]).query(({ ctx }) => listFlags(ctx.db)),

  update: auditedHasRole(["ADMIN", "SUPER_ADMIN"])
    .input(
      z.object({
        key: z.enum(FLAG_KEYS as [string, ...string[]]),
        isGlobalEnabled: z.boolean().optional(),
        rolloutPercentage: z.number().int().min(0, "0 to 100.").max(100, "0 to 100.").optional(),
        districtIds: z.array(z.string().uuid()).max(500).optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      await updateFlag(ctx, input);
      return { ok: true as const };
    }),
});

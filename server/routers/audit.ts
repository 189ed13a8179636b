// audit: the admin audit-log browser.
import { z } from "zod";
import { auditActions, auditDaily, browseAudit } from "@/server/audit/browse";
import { hasRole, router } from "@/server/trpc";

export const auditRouter = router({
  list: hasRole(["ADMIN", "SUPER_ADMIN"])
    .input(
      z.object({
        actorId: z.string().trim().max(64).optional(),
        action: z.string().trim().max(64).optional(),
        targetType: z.string().trim().max(64).optional(),
        targetId: z.string().trim().max(128).optional(),
        from: z.date().optional(),
        to: z.date().optional(),
        cursor: z.number().int().positive().nullish(),
        limit: z.number().int().min(1).max(100).default(50),
      }),
    )
    .query(({ ctx, input }) => browseAudit(ctx.db, input)),

  daily: hasRole(["ADMIN", "SUPER_ADMIN"]).query(({ ctx }) => auditDaily(ctx.db)),

  actions: hasRole(["ADMIN", "SUPER_ADMIN"]).query(({ ctx }) => auditActions(ctx.db)),
});

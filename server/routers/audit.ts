// audit: the admin audit-log browser.
import { z } from "zod";
import { auditDayView, auditPageView, auditStatusView, eventProofView } from "@/server/audit/views";
import { sequencerStatus } from "@/server/audit/sequencer";
import { proveEvent } from "@/server/audit/prove";
import { strictInput } from "@/server/validation";
import { pagingDirection } from "@/server/pagination";
import { auditActions, auditDaily, browseAudit } from "@/server/audit/browse";
import { hasRole, router } from "@/server/trpc";
import { ADMINS } from "@/server/policy/roles";

export const auditRouter = router({
  list: hasRole(ADMINS)
    .input(
      strictInput({
        actorId: z.string().trim().max(64).optional(),
        action: z.string().trim().max(64).optional(),
        targetType: z.string().trim().max(64).optional(),
        targetId: z.string().trim().max(128).optional(),
        from: z.date().optional(),
        to: z.date().optional(),
        cursor: z.number().int().positive().nullish(),
        limit: z.number().int().min(1).max(100).default(50),
        direction: pagingDirection,
      }),
    )
    .output(auditPageView)
    .query(({ ctx, input }) => browseAudit(ctx.db, ctx.user, input)),

  daily: hasRole(ADMINS)
    .output(z.array(auditDayView))
    .query(({ ctx }) => auditDaily(ctx.db, ctx.user)),

  actions: hasRole(ADMINS)
    .output(z.array(z.string()))
    .query(({ ctx }) => auditActions(ctx.db, ctx.user)),

  /** The newest signed checkpoint, how many events wait to be sequenced, and the sequencer's lag. */
  status: hasRole(ADMINS)
    .output(auditStatusView)
    .query(({ ctx }) => sequencerStatus(ctx.db)),

  /**
   * An event's inclusion proof against the newest signed checkpoint (admin.scope applies: an event
   * outside the viewer's region is "not found"). `npm run audit:check-proof` checks it offline.
   */
  prove: hasRole(ADMINS)
    .input(strictInput({ eventId: z.string().uuid() }))
    .output(eventProofView)
    .query(({ ctx, input }) => proveEvent(ctx.db, ctx.user, input.eventId)),
});

// people: the admin users page (search, filter, suspend, ban, reinstate, change role, reset link).
import { z } from "zod";
import { ROLES, USER_STATUSES } from "@/db/schema/accounts";
import { changeRole, listPeople, peopleStats, setStatus } from "@/server/accounts/people";
import { cursorInput } from "@/server/pagination";
import { auditedHasRole, hasRole, router } from "@/server/trpc";
import { okOutput, strictInput, text } from "@/server/validation";
import { passwordResetIssuedView, peoplePageView, peopleStatsView } from "@/server/accounts/views";
import { issueAssistedReset } from "@/server/accounts/password-reset";
import { env } from "@/server/env";
import { ADMINS } from "@/server/policy/roles";

const reason = text(500, 3, "Say why (3 characters or more).");

export const peopleRouter = router({
  stats: hasRole(ADMINS)
    .output(peopleStatsView)
    .query(({ ctx }) => peopleStats(ctx)),

  list: hasRole(ADMINS)
    .input(
      strictInput({
        ...cursorInput,
        search: text(100).optional(),
        role: z.enum(ROLES).optional(),
        districtId: z.string().uuid().optional(),
        status: z.enum(USER_STATUSES).optional(),
      }),
    )
    .output(peoplePageView)
    .query(({ ctx, input }) => listPeople(ctx, input)),

  suspend: auditedHasRole(ADMINS)
    .input(strictInput({ userId: z.string().uuid(), reason }))
    .output(okOutput)
    .mutation(async ({ ctx, input }) => {
      await setStatus(ctx, { ...input, status: "SUSPENDED" });
      return { ok: true as const };
    }),

  ban: auditedHasRole(ADMINS)
    .input(strictInput({ userId: z.string().uuid(), reason }))
    .output(okOutput)
    .mutation(async ({ ctx, input }) => {
      await setStatus(ctx, { ...input, status: "BANNED" });
      return { ok: true as const };
    }),

  reinstate: auditedHasRole(ADMINS)
    .input(strictInput({ userId: z.string().uuid(), reason }))
    .output(okOutput)
    .mutation(async ({ ctx, input }) => {
      await setStatus(ctx, { ...input, status: "ACTIVE" });
      return { ok: true as const };
    }),

  /** A one-time password-reset link for the person, shown once (rule `password.assistReset`). */
  issuePasswordReset: auditedHasRole(ADMINS)
    .input(strictInput({ userId: z.string().uuid() }))
    .output(passwordResetIssuedView)
    .mutation(({ ctx, input }) => issueAssistedReset(ctx, { userId: input.userId, appUrl: env.APP_URL })),

  changeRole: auditedHasRole(ADMINS)
    .input(strictInput({ userId: z.string().uuid(), role: z.enum(ROLES), reason }))
    .output(okOutput)
    .mutation(async ({ ctx, input }) => {
      await changeRole(ctx, input);
      return { ok: true as const };
    }),
});

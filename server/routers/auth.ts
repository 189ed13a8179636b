// auth: signup with an invite, who am I, change password.
import { z } from "zod";
import { eq, sql } from "drizzle-orm";
import { users } from "@/db/schema/accounts";
import { emailSchema, phoneSchema } from "@/server/accounts/identifiers";
import { signup } from "@/server/accounts/signup";
import { hashPassword, passwordProblem, verifyPassword } from "@/server/auth/password";
import { AppError } from "@/server/errors";
import { auditedAuthedProcedure, auditedPublicProcedure, authedProcedure, router } from "@/server/trpc";
import { ROLE_HOME } from "@/server/policy/roles";
import { text } from "@/server/validation";

const signupInput = z
  .object({
    inviteCode: z.string().trim().min(1, "Enter your invite code.").max(40),
    // A union's own error is a bare "Invalid input"; say what the field needs instead.
    email: z
      .union([emailSchema, z.literal("").transform(() => undefined)], { error: "Enter a valid email address." })
      .optional(),
    phone: z
      .union([phoneSchema, z.literal("").transform(() => undefined)], {
        error: "Enter the phone number with its country code, e.g. +30 21 0123 4567.",
      })
      .optional(),
    password: z.string().max(256),
    displayName: text(80, 2, "Enter the name others will see (2 characters or more)."),
  })
  .refine((v) => v.email || v.phone, { message: "Enter an email address or a phone number.", path: ["email"] });

export const authRouter = router({
  signup: auditedPublicProcedure
    .input(signupInput)
    .output(z.object({ userId: z.string().uuid(), role: z.string(), home: z.string() }))
    .mutation(async ({ ctx, input }) => {
      const result = await signup({ db: ctx.db, audit: ctx.audit }, input);
      return { ...result, home: ROLE_HOME[result.role as keyof typeof ROLE_HOME] };
    }),

  me: authedProcedure.query(({ ctx }) => ({
    id: ctx.user.id,
    displayName: ctx.user.displayName,
    role: ctx.user.role,
    districtId: ctx.user.districtId,
    kycStatus: ctx.user.kycStatus,
  })),

  changePassword: auditedAuthedProcedure
    .input(z.object({ currentPassword: z.string().max(256), newPassword: z.string().max(256) }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      const [row] = await ctx.db.select().from(users).where(eq(users.id, ctx.user.id)).limit(1);
      if (!row || !(await verifyPassword(row.passwordHash, input.currentPassword))) {
        throw new AppError("WRONG_PASSWORD", "Your current password is not right.", {
          fieldErrors: { currentPassword: ["Your current password is not right."] },
        });
      }
      const problem = passwordProblem(input.newPassword, [row.email, row.phone]);
      if (problem) throw new AppError("WEAK_PASSWORD", problem, { fieldErrors: { newPassword: [problem] } });
      await ctx.db
        .update(users)
        .set({
          passwordHash: await hashPassword(input.newPassword),
          sessionVersion: sql`${users.sessionVersion} + 1`,
          updatedAt: new Date(),
        })
        .where(eq(users.id, ctx.user.id));
      ctx.audit({ action: "PASSWORD_CHANGED", targetType: "user", targetId: ctx.user.id });
      return { ok: true as const };
    }),
});

// auth: signup with an invite, who am I, change password, reset a password through a one-time link.
import { z } from "zod";
import { emailSchema, phoneSchema } from "@/server/accounts/identifiers";
import { signup } from "@/server/accounts/signup";
import { changePassword } from "@/server/accounts/change-password";
import { redeemPasswordReset } from "@/server/accounts/password-reset";
import { audited, authedProcedure, publicProcedure, router, throttle } from "@/server/trpc";
import { ROLE_HOME } from "@/server/policy/roles";
import { okOutput, strictInput, text } from "@/server/validation";
import { meView, signupResultView } from "@/server/accounts/views";

const signupInput = strictInput({
  inviteCode: z.string().trim().min(1, "Enter your invite code.").max(40),
  // A union's own error is a bare "Invalid input"; say what the field needs instead.
  email: z.union([emailSchema, z.literal("").transform(() => undefined)], { error: "Enter a valid email address." }).optional(),
  phone: z
    .union([phoneSchema, z.literal("").transform(() => undefined)], {
      error: "Enter the phone number with its country code, e.g. +30 21 0123 4567.",
    })
    .optional(),
  password: z.string().max(256),
  displayName: text(80, 2, "Enter the name others will see (2 characters or more)."),
}).refine((v) => v.email || v.phone, { message: "Enter an email address or a phone number.", path: ["email"] });

export const authRouter = router({
  // Throttled per address before the transaction opens (a refused signup still counts).
  signup: publicProcedure
    .input(signupInput)
    .use(throttle("signup", "address"))
    .meta({ audited: true })
    .use(audited)
    .output(signupResultView)
    .mutation(async ({ ctx, input }) => {
      const result = await signup({ db: ctx.db, audit: ctx.audit }, input);
      return { ...result, home: ROLE_HOME[result.role as keyof typeof ROLE_HOME] };
    }),

  me: authedProcedure.output(meView).query(({ ctx }) => ({
    id: ctx.user.id,
    displayName: ctx.user.displayName,
    role: ctx.user.role,
    districtId: ctx.user.districtId,
    kycStatus: ctx.user.kycStatus,
  })),

  /**
   * Sets a new password through a reset link (an admin's or, later, an e-mailed one). Public: the
   * link is the credential. Refusals count against the address; every session of the person ends.
   */
  resetPassword: publicProcedure
    .input(
      strictInput({
        token: z.string().trim().min(1, "This reset link is not complete.").max(200, "This reset link is not valid."),
        newPassword: z.string().max(256),
      }),
    )
    .use(throttle("reset", "address"))
    .meta({ audited: true })
    .use(audited)
    .output(okOutput)
    .mutation(async ({ ctx, input }) => {
      await redeemPasswordReset(ctx, input.token, input.newPassword);
      return { ok: true as const };
    }),

  changePassword: authedProcedure
    .input(strictInput({ currentPassword: z.string().max(256), newPassword: z.string().max(256) }))
    .use(throttle("password", "user"))
    .meta({ audited: true })
    .use(audited)
    .output(okOutput)
    .mutation(async ({ ctx, input }) => {
      await changePassword(ctx, input);
      return { ok: true as const };
    }),
});

// auth: signup with an invite, who am I, change password, reset a password through a one-time link.
import { z } from "zod";
import { emailSchema, phoneSchema } from "@/server/accounts/identifiers";
import { signup } from "@/server/accounts/signup";
import { changePassword } from "@/server/accounts/change-password";
import { redeemPasswordReset } from "@/server/accounts/password-reset";
import { audited, authedProcedure, publicProcedure, router, throttle } from "@/server/trpc";
import { middleware as tMiddleware } from "@/server/trpc";
import { confirmEmail, requestPasswordReset, revertEmailChange } from "@/server/accounts/recovery";
import { accountKey, reserveAttempt } from "@/server/auth/throttle";
import { AppError } from "@/server/errors";
import { ROLE_HOME } from "@/server/policy/roles";
import { okOutput, strictInput, text } from "@/server/validation";
import { meView, signupResultView } from "@/server/accounts/views";

/** A token from a mailed link (43 base64url characters): checked for shape before any lookup. */
const mailedToken = z
  .string()
  .trim()
  .min(20)
  .max(100)
  .regex(/^[A-Za-z0-9_-]+$/, "This link is not complete.");

/**
 * A mailed link's action: public (the link is the credential), its token checked for shape, refusals
 * counted against the address (shared with password resets), audited.
 */
const mailedLinkProcedure = publicProcedure
  .input(strictInput({ token: mailedToken }))
  .use(throttle("resetLink", "address"))
  .meta({ audited: true })
  .use(audited)
  .output(okOutput);

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

/** The least time a reset request takes, found or not, so its timing says nothing of the account. */
const RESET_ANSWER_MS = 400;

const sameAnswerTime = tMiddleware(async ({ next }) => {
  const started = performance.now();
  const result = await next();
  const left = RESET_ANSWER_MS - (performance.now() - started);
  if (left > 0) await new Promise((r) => setTimeout(r, left));
  return result;
});

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
    .use(throttle("resetLink", "address"))
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

  /**
   * "Forgot password": the same answer (status, body and, padded, time) whether or not the address
   * has an account. Throttled per address here (a refusal says nothing of the account) and per
   * account inside (further requests are quietly not sent).
   */
  requestPasswordReset: publicProcedure
    .input(strictInput({ email: emailSchema }))
    .use(sameAnswerTime)
    .use(async ({ ctx, next, getRawInput }) => {
      // Outside the transaction (PGlite has one connection): the address first, then the account.
      const now = new Date();
      if (ctx.request.ip) {
        const wait = await reserveAttempt(ctx.rootDb, `reset:address:${ctx.request.ip}`, "reset", now);
        if (wait > 0)
          throw new AppError("THROTTLED", `Too many requests. Wait ${wait} seconds and try again.`, { reason: String(wait) });
      }
      const raw = (await getRawInput()) as { email?: unknown } | undefined;
      const email = typeof raw?.email === "string" ? raw.email.trim().toLowerCase() : "";
      // Counted for every address asked about, existing or not, so the work done is the same.
      const accountWait = await reserveAttempt(ctx.rootDb, `reset:${accountKey(email)}`, "resetAccount", now);
      return next({ ctx: { resetAccountThrottled: accountWait > 0 } });
    })
    .meta({ audited: true })
    .use(audited)
    .output(z.object({ ok: z.literal(true), message: z.string() }))
    .mutation(async ({ ctx, input }) => {
      await requestPasswordReset({ db: ctx.db, audit: ctx.audit }, input.email, { throttled: ctx.resetAccountThrottled });
      return {
        ok: true as const,
        message: "If an account uses this address, we have sent it a link to choose a new password. It works for 30 minutes.",
      };
    }),

  /** Confirms an e-mail address through its link. */
  confirmEmail: mailedLinkProcedure.mutation(async ({ ctx, input }) => {
    await confirmEmail({ db: ctx.db, audit: ctx.audit }, input.token);
    return { ok: true as const };
  }),

  /** "This wasn't me", from the mail to an address that was replaced: the change is undone. */
  revertEmailChange: mailedLinkProcedure.mutation(async ({ ctx, input }) => {
    await revertEmailChange({ db: ctx.db, audit: ctx.audit }, input.token);
    return { ok: true as const };
  }),
});

// account: a signed-in person's own account page (display name, e-mail address, device sessions;
// password changes are auth.changePassword).
import { z } from "zod";
import { KYC_STATUSES, ROLES } from "@/db/schema/values";
import { ownAccount, renameAccount } from "@/server/accounts/profile";
import { requestEmailChange, resendEmailConfirmation } from "@/server/accounts/email-change";
import { emailSchema } from "@/server/accounts/identifiers";
import { listOwnSessions, signOutEverywhere, signOutSession } from "@/server/accounts/sessions";
import { sessionListView, signedOutView } from "@/server/accounts/views";
import { AppError } from "@/server/errors";
import { audited, auditedAuthedProcedure, authedProcedure, router, throttle } from "@/server/trpc";
import { strictInput, text } from "@/server/validation";

export const accountRouter = router({
  profile: authedProcedure
    .output(
      z.object({
        displayName: z.string(),
        email: z.string().nullable(),
        emailConfirmed: z.boolean(),
        phone: z.string().nullable(),
        role: z.enum(ROLES),
        kycStatus: z.enum(KYC_STATUSES),
        districtName: z.string().nullable(),
        createdAt: z.date(),
      }),
    )
    .query(({ ctx }) => ownAccount(ctx)),

  rename: auditedAuthedProcedure
    .input(strictInput({ displayName: text(80, 2, "Enter the name others will see (2 characters or more).") }))
    .output(z.object({ ok: z.literal(true), displayName: z.string() }))
    .mutation(({ ctx, input }) => renameAccount(ctx, input.displayName)),

  /** Mails the confirmation link of the account's own (unconfirmed) address again. */
  resendConfirmation: auditedAuthedProcedure
    .output(z.object({ sentTo: z.string() }))
    .mutation(({ ctx }) => resendEmailConfirmation(ctx)),

  /**
   * Add or change the e-mail address: the current password, then a link mailed to the new address;
   * the account keeps its address until that link is opened.
   */
  changeEmail: authedProcedure
    .input(strictInput({ currentPassword: z.string().min(1, "Enter your current password.").max(256), newEmail: emailSchema }))
    // Password guesses count with auth.changePassword's.
    .use(throttle("password", "user"))
    .meta({ audited: true })
    .use(audited)
    .output(z.object({ sentTo: z.string() }))
    .mutation(({ ctx, input }) => requestEmailChange(ctx, input)),

  /** The caller's signed-in devices, newest activity first; the one making this call is marked. */
  sessions: authedProcedure.output(sessionListView).query(({ ctx }) => listOwnSessions(ctx, ctx.sessionId)),

  /** Sign out here: ends the session of this request only (the header's "Sign out"). */
  signOut: auditedAuthedProcedure.output(signedOutView).mutation(({ ctx }) => {
    if (!ctx.sessionId) throw new AppError("INVALID_STATE", "This request has no device session to end.");
    return signOutSession(ctx, ctx.sessionId, ctx.sessionId);
  }),

  /** "Sign out this device", for any session in the list (the caller's own only). */
  endSession: auditedAuthedProcedure
    .input(strictInput({ sessionId: z.string().uuid() }))
    .output(signedOutView)
    .mutation(({ ctx, input }) => signOutSession(ctx, ctx.sessionId, input.sessionId)),

  /** "Sign out everywhere": every session of the caller, this one included. */
  endAllSessions: auditedAuthedProcedure
    .output(z.object({ ok: z.literal(true), sessionsEnded: z.number().int() }))
    .mutation(({ ctx }) => signOutEverywhere(ctx)),
});

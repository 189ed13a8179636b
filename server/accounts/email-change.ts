// A signed-in person's own e-mail address: add or change it (the current password first; the new
// address is confirmed through a link mailed to it before it replaces the old one, which is then
// told), or send the confirmation link again. Confirmation mails are capped per account, and a
// request for an address another account uses answers the same as any other (nothing is sent), so
// the form does not tell who is registered.
import { randomBytes } from "node:crypto";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { users } from "@/db/schema/accounts";
import { accountTokens } from "@/db/schema/notifications";
import { requireCurrentPassword } from "./change-password";
import type { Deps } from "@/server/context";
import { AppError } from "@/server/errors";
import { lockPerson } from "./person-lock";
import { addressUsedByOther, hashAccountToken, sendEmailConfirmation } from "./recovery";

/** Confirmation links one account may have mailed in any 24 hours (signup's included). */
export const CONFIRMATIONS_PER_DAY = 5;
const DAY_MS = 86_400_000;

type EmailDeps = Pick<Deps, "db" | "user" | "audit" | "securityEvents">;

/** Refuses a sixth confirmation mail in 24 hours (the person's row locked, so a burst cannot pass together). */
async function underCap(deps: EmailDeps, now: Date) {
  await lockPerson(deps.db, deps.user.id);
  const [row] = await deps.db
    .select({ n: sql<number>`count(*)::int` })
    .from(accountTokens)
    .where(
      and(
        eq(accountTokens.userId, deps.user.id),
        eq(accountTokens.purpose, "EMAIL_CONFIRMATION"),
        gt(accountTokens.createdAt, new Date(now.getTime() - DAY_MS)),
      ),
    );
  if ((row?.n ?? 0) < CONFIRMATIONS_PER_DAY) return;
  deps.securityEvents.push({
    action: "THROTTLED",
    targetType: "procedure",
    targetId: "account.emailConfirmation",
    changes: { limit: CONFIRMATIONS_PER_DAY },
  });
  throw new AppError(
    "THROTTLED",
    `${CONFIRMATIONS_PER_DAY} confirmation links were mailed to this account in the last 24 hours, the most allowed. Use the newest one, or try again tomorrow.`,
  );
}

/** Earlier links stop working: only the newest confirmation link is good. */
async function voidPendingConfirmations(deps: EmailDeps, now: Date) {
  await deps.db
    .update(accountTokens)
    .set({ usedAt: now })
    .where(
      and(eq(accountTokens.userId, deps.user.id), eq(accountTokens.purpose, "EMAIL_CONFIRMATION"), isNull(accountTokens.usedAt)),
    );
}

async function me(deps: EmailDeps) {
  const [row] = await deps.db
    .select({ email: users.email, verifiedAt: users.emailVerifiedAt, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.id, deps.user.id))
    .limit(1);
  if (!row) throw new AppError("NOT_FOUND", "Your account no longer exists.");
  return row;
}

/** Mails the confirmation link for the account's own address again. */
export async function resendEmailConfirmation(deps: EmailDeps, now: Date = new Date()): Promise<{ sentTo: string }> {
  const row = await me(deps);
  if (!row.email) throw new AppError("INVALID_STATE", "Your account has no e-mail address to confirm. Add one below.");
  if (row.verifiedAt) throw new AppError("INVALID_STATE", "Your e-mail address is already confirmed.");
  await underCap(deps, now);
  await voidPendingConfirmations(deps, now);
  await sendEmailConfirmation(deps.db, deps.user.id, row.email, now);
  deps.audit({ action: "EMAIL_CONFIRMATION_RESENT", targetType: "user", targetId: deps.user.id });
  return { sentTo: row.email };
}

/**
 * Asks to use `newEmail` (normalised by the caller's schema): mails it a confirmation link; the
 * account keeps its current address until that link is opened (auth.confirmEmail).
 */
export async function requestEmailChange(
  deps: EmailDeps,
  input: { currentPassword: string; newEmail: string },
  now: Date = new Date(),
): Promise<{ sentTo: string }> {
  const row = await me(deps);
  await requireCurrentPassword(row.passwordHash, input.currentPassword);
  if (row.email === input.newEmail) {
    const message = row.verifiedAt ? "That is already your address." : "That is already your address: send its link again above.";
    throw new AppError("INVALID_STATE", message, { fieldErrors: { newEmail: [message] } });
  }
  await underCap(deps, now);
  const taken = await addressUsedByOther(deps.db, input.newEmail, deps.user.id);
  await voidPendingConfirmations(deps, now);
  if (!taken) await sendEmailConfirmation(deps.db, deps.user.id, input.newEmail, now);
  else {
    // Counted like a mailed link (so the daily cap cannot tell the two apart), never mailed, never usable.
    await deps.db.insert(accountTokens).values({
      userId: deps.user.id,
      purpose: "EMAIL_CONFIRMATION",
      tokenHash: hashAccountToken(randomBytes(32).toString("base64url")),
      email: input.newEmail,
      expiresAt: now,
      usedAt: now,
    });
  }
  // The log alone knows whether a link went out; the person is answered the same either way.
  deps.audit({ action: "EMAIL_CHANGE_REQUESTED", targetType: "user", targetId: deps.user.id, changes: { sent: !taken } });
  return { sentTo: input.newEmail };
}

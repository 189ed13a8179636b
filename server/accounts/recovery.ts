// Account recovery and address confirmation by e-mail: random single-use tokens, stored as SHA-256
// hashes, that travel only in a mail. A reset request answers the same whether or not the account
// exists (the router also pads its time); a reset ends every session and tells the person.
import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, isNull, ne, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { users } from "@/db/schema/accounts";
import { passwordResets } from "@/db/schema/sessions";
import { accountTokens } from "@/db/schema/notifications";
import type { AuditFn } from "@/server/audit";
import { AppError } from "@/server/errors";
import { queueSecretMail } from "@/server/notifications/notify";
import { endAllSessions } from "@/server/auth/device-sessions";
import { refuseDuplicates } from "@/server/db-errors";
import { createPasswordReset } from "./password-reset";

export const RESET_TTL_MS = 30 * 60_000;
export const CONFIRMATION_TTL_MS = 24 * 60 * 60_000;
/** How long the old address may undo a change of address ("this wasn't me"). */
export const REVERT_TTL_MS = 7 * 24 * 60 * 60_000;

export function hashAccountToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

function newToken(): string {
  return randomBytes(32).toString("base64url");
}

/**
 * "Forgot password": mails a reset link to the account's confirmed address, if there is such an
 * account and it has not asked too often (per account: further requests are quietly not sent).
 * Always resolves the same way; only the audit log knows whether a link was sent.
 */
export async function requestPasswordReset(
  deps: { db: Database; audit: AuditFn },
  email: string,
  opts: { throttled: boolean },
  now: Date = new Date(),
): Promise<void> {
  const [user] = await deps.db
    .select({ id: users.id, verifiedAt: users.emailVerifiedAt, status: users.status })
    .from(users)
    .where(eq(users.email, email))
    .limit(1);
  const sendable = Boolean(user && user.verifiedAt && user.status !== "BANNED" && !opts.throttled);
  if (user && sendable) {
    // A new link replaces any earlier one (createPasswordReset voids them): the same links as an
    // admin's, redeemed by auth.resetPassword (server/accounts/password-reset.ts).
    const { id, token } = await createPasswordReset(deps.db, {
      userId: user.id,
      purpose: "EMAILED",
      issuedBy: null,
      ttlMs: RESET_TTL_MS,
      now,
    });
    const row = { id };
    await queueSecretMail(deps.db, {
      kind: "PASSWORD_RESET",
      userId: user.id,
      subjectType: "password_reset",
      subjectId: row.id,
      secretLink: `/reset-password?token=${token}`,
    });
  }
  deps.audit({
    action: "PASSWORD_RESET_REQUESTED",
    targetType: "user",
    targetId: user?.id ?? null,
    changes: { sent: sendable, ...(user && !sendable ? { why: opts.throttled ? "throttled" : "no confirmed address" } : {}) },
  });
}

/** Takes a token for its purpose: exactly once (a conditional UPDATE), before it expires. */
async function takeToken(
  db: Database,
  token: string,
  purpose: "PASSWORD_RESET" | "EMAIL_CONFIRMATION" | "EMAIL_REVERT",
  now: Date,
) {
  const [row] = await db
    .update(accountTokens)
    .set({ usedAt: now })
    .where(
      and(
        eq(accountTokens.tokenHash, hashAccountToken(token)),
        eq(accountTokens.purpose, purpose),
        isNull(accountTokens.usedAt),
        gt(accountTokens.expiresAt, now),
      ),
    )
    .returning();
  if (!row) {
    throw new AppError(
      "LINK_INVALID",
      purpose === "PASSWORD_RESET"
        ? "This reset link has expired or was already used. Ask for a new one."
        : purpose === "EMAIL_REVERT"
          ? "This link has expired or was already used. Ask your region's admin for help."
          : "This confirmation link has expired or was already used. Ask for a new one from your account page.",
    );
  }
  return row;
}

/** Whether another account signs in with this address (the unique index has the last word on a race). */
export async function addressUsedByOther(db: Database, email: string, userId: string): Promise<boolean> {
  const [other] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.email, email), ne(users.id, userId)))
    .limit(1);
  return Boolean(other);
}

/** Mails a confirmation link to an address not yet confirmed (signup, or a change of address). */
export async function sendEmailConfirmation(db: Database, userId: string, email: string, now: Date = new Date()): Promise<void> {
  const token = newToken();
  const [row] = await db
    .insert(accountTokens)
    .values({
      userId,
      purpose: "EMAIL_CONFIRMATION",
      tokenHash: hashAccountToken(token),
      email,
      expiresAt: new Date(now.getTime() + CONFIRMATION_TTL_MS),
    })
    .returning({ id: accountTokens.id });
  await queueSecretMail(db, {
    kind: "EMAIL_CONFIRMATION",
    userId,
    toEmail: email,
    subjectType: "account_token",
    subjectId: row!.id,
    secretLink: `/confirm-email?token=${token}`,
  });
}

/**
 * Confirms an address through its link. The account's own address is marked confirmed; an address
 * the person asked to change to (account.changeEmail) replaces the old one, if no other account has
 * taken it meanwhile, and the old address, when it was confirmed, is told.
 */
export async function confirmEmail(deps: { db: Database; audit: AuditFn }, token: string, now: Date = new Date()): Promise<void> {
  const row = await takeToken(deps.db, token, "EMAIL_CONFIRMATION", now);
  const [user] = await deps.db
    .select({ id: users.id, email: users.email, verifiedAt: users.emailVerifiedAt })
    .from(users)
    .where(eq(users.id, row.userId))
    .limit(1);
  if (!user || !row.email) throw new AppError("LINK_INVALID", "This address is no longer the one on your account.");
  if (user.email === row.email) {
    await deps.db.update(users).set({ emailVerifiedAt: now, updatedAt: now }).where(eq(users.id, user.id));
    deps.audit({ action: "EMAIL_CONFIRMED", targetType: "user", targetId: user.id });
    return;
  }
  const takenMessage = "That address is now used by another account, so it cannot become yours.";
  if (await addressUsedByOther(deps.db, row.email, user.id)) throw new AppError("LINK_INVALID", takenMessage);
  await refuseDuplicates(
    () => deps.db.update(users).set({ email: row.email, emailVerifiedAt: now, updatedAt: now }).where(eq(users.id, user.id)),
    () => new AppError("LINK_INVALID", takenMessage),
  );
  if (user.email && user.verifiedAt) {
    // The old address is told, with a link that undoes the change: if someone who had the password
    // took the account this way, its owner can take it back (revertEmailChange).
    const revert = newToken();
    const [token] = await deps.db
      .insert(accountTokens)
      .values({
        userId: user.id,
        purpose: "EMAIL_REVERT",
        tokenHash: hashAccountToken(revert),
        email: user.email,
        expiresAt: new Date(now.getTime() + REVERT_TTL_MS),
      })
      .returning({ id: accountTokens.id });
    await queueSecretMail(deps.db, {
      kind: "EMAIL_CHANGED",
      userId: user.id,
      toEmail: user.email,
      subjectType: "account_token",
      subjectId: token!.id,
      secretLink: `/confirm-email?revert=${revert}`,
      data: { at: now.toISOString() },
    });
  }
  deps.audit({
    action: "EMAIL_CHANGED",
    targetType: "user",
    targetId: user.id,
    changes: {
      emailConfirmed: true,
      previousWasConfirmed: Boolean(user.email && user.verifiedAt),
      hadEmail: Boolean(user.email),
    },
  });
}

/**
 * "This wasn't me", from the mail to the old address: the old address comes back (confirmed), every
 * device is signed out, and every reset or confirmation link still waiting is void, so whoever made
 * the change holds nothing; the owner then chooses a new password through "forgot password".
 */
export async function revertEmailChange(
  deps: { db: Database; audit: AuditFn },
  token: string,
  now: Date = new Date(),
): Promise<void> {
  const row = await takeToken(deps.db, token, "EMAIL_REVERT", now);
  if (!row.email)
    throw new AppError("LINK_INVALID", "This link has expired or was already used. Ask your region's admin for help.");
  const takenMessage = "That address is now used by another account. Ask your region's admin for help.";
  if (await addressUsedByOther(deps.db, row.email, row.userId)) throw new AppError("LINK_INVALID", takenMessage);
  const [user] = await refuseDuplicates(
    () =>
      deps.db
        .update(users)
        .set({ email: row.email, emailVerifiedAt: now, sessionVersion: sql`${users.sessionVersion} + 1`, updatedAt: now })
        .where(eq(users.id, row.userId))
        .returning({ id: users.id }),
    () => new AppError("LINK_INVALID", takenMessage),
  );
  if (!user) throw new AppError("LINK_INVALID", "This account no longer exists.");
  const sessionsEnded = await endAllSessions(deps.db, user.id);
  await deps.db
    .update(passwordResets)
    .set({ usedAt: now })
    .where(and(eq(passwordResets.userId, user.id), isNull(passwordResets.usedAt)));
  await deps.db
    .update(accountTokens)
    .set({ usedAt: now })
    .where(and(eq(accountTokens.userId, user.id), isNull(accountTokens.usedAt)));
  deps.audit({ action: "EMAIL_CHANGE_REVERTED", targetType: "user", targetId: user.id, changes: { sessionsEnded } });
}

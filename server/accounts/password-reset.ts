// Password-reset links, whoever made them: an admin for someone who cannot receive mail (ASSISTED,
// shown once on the users page) or the person themselves by e-mail (EMAILED). Either way the token is
// random, stored only as its SHA-256, single use, and redeeming it sets the new password and ends
// every session. The e-mail flow reuses createPasswordReset, resetLink and redeemPasswordReset.
import { createHash, randomBytes } from "node:crypto";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { users } from "@/db/schema/accounts";
import { districts } from "@/db/schema/geography";
import { passwordResets, type PasswordResetPurpose } from "@/db/schema/sessions";
import type { AuditFn } from "@/server/audit";
import { endAllSessions } from "@/server/auth/device-sessions";
import { hashPassword, passwordProblem } from "@/server/auth/password";
import type { Deps } from "@/server/context";
import { AppError } from "@/server/errors";
import { enforce } from "@/server/policy/authorize";
import { notify } from "@/server/notifications/notify";

/** How long an admin's link holds: long enough to reach a person by phone or in person. */
export const ASSISTED_RESET_TTL_MS = 24 * 60 * 60 * 1000;
/** 256 random bits, base64url: 43 characters. */
const TOKEN_BYTES = 32;

export function hashResetToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** The page that redeems a link (public): `${APP_URL}/reset-password?token=…`. */
export function resetLink(appUrl: string, token: string): string {
  return `${appUrl.replace(/\/$/, "")}/reset-password?token=${encodeURIComponent(token)}`;
}

/**
 * Makes a new single-use link for `userId` and voids any older unused one of theirs (the newest link
 * is the only one that works). Returns the token, to be shown or mailed once and never stored. Runs
 * in the caller's transaction; the caller writes the audit event (never with the token in it).
 */
export async function createPasswordReset(
  db: Database,
  input: { userId: string; purpose: PasswordResetPurpose; issuedBy: string | null; ttlMs: number; now?: Date },
): Promise<{ id: string; token: string; expiresAt: Date }> {
  const now = input.now ?? new Date();
  await db
    .update(passwordResets)
    .set({ usedAt: now })
    .where(and(eq(passwordResets.userId, input.userId), isNull(passwordResets.usedAt)));
  const token = randomBytes(TOKEN_BYTES).toString("base64url");
  const expiresAt = new Date(now.getTime() + input.ttlMs);
  const [row] = await db
    .insert(passwordResets)
    .values({
      userId: input.userId,
      tokenHash: hashResetToken(token),
      purpose: input.purpose,
      issuedBy: input.issuedBy,
      createdAt: now,
      expiresAt,
    })
    .returning({ id: passwordResets.id });
  return { id: row!.id, token, expiresAt };
}

/** An admin issues a one-time link for someone else (rule `password.assistReset`). */
export async function issueAssistedReset(deps: Deps, input: { userId: string; appUrl: string }) {
  const [target] = await deps.db
    .select({ id: users.id, role: users.role, regionId: districts.regionId, emailVerifiedAt: users.emailVerifiedAt })
    .from(users)
    .leftJoin(districts, eq(districts.id, users.districtId))
    .where(eq(users.id, input.userId))
    .limit(1);
  if (!target) throw new AppError("NOT_FOUND", "That person does not exist.");
  enforce(deps.securityEvents, "password.assistReset", deps.user, {
    id: target.id,
    role: target.role,
    regionId: target.regionId ?? null,
    emailConfirmed: target.emailVerifiedAt !== null,
  });
  const reset = await createPasswordReset(deps.db, {
    userId: target.id,
    purpose: "ASSISTED",
    issuedBy: deps.user.id,
    ttlMs: ASSISTED_RESET_TTL_MS,
  });
  deps.audit({
    action: "PASSWORD_RESET_ISSUED",
    targetType: "user",
    targetId: target.id,
    changes: { resetId: reset.id, purpose: "ASSISTED", expiresAt: reset.expiresAt.toISOString() },
  });
  return { url: resetLink(input.appUrl, reset.token), expiresAt: reset.expiresAt };
}

const LINK_PROBLEMS = {
  UNKNOWN: "This reset link is not valid. Ask for a new one.",
  USED: "This reset link has already been used, or a newer one replaced it. Ask for a new one if you still need it.",
  EXPIRED: "This reset link has expired. Ask for a new one.",
} as const;

function linkRefused(reason: keyof typeof LINK_PROBLEMS): AppError {
  return new AppError("RESET_LINK_INVALID", LINK_PROBLEMS[reason], { reason });
}

/**
 * Redeems a link: checks it, checks the new password as signup does, then (in the caller's
 * transaction) marks it used with a conditional update (of two concurrent redemptions one wins),
 * sets the password, ends every session and voids the person's other links. A weak password leaves
 * the link usable. Audited as the person (they proved they hold the link).
 */
export async function redeemPasswordReset(
  deps: { db: Database; audit: AuditFn },
  token: string,
  newPassword: string,
  now: Date = new Date(),
): Promise<{ userId: string }> {
  const [row] = await deps.db
    .select({
      id: passwordResets.id,
      userId: passwordResets.userId,
      purpose: passwordResets.purpose,
      expiresAt: passwordResets.expiresAt,
      usedAt: passwordResets.usedAt,
      email: users.email,
      phone: users.phone,
      role: users.role,
    })
    .from(passwordResets)
    .innerJoin(users, eq(users.id, passwordResets.userId))
    .where(eq(passwordResets.tokenHash, hashResetToken(token)))
    .limit(1);
  if (!row) throw linkRefused("UNKNOWN");
  if (row.usedAt) throw linkRefused("USED");
  if (row.expiresAt <= now) throw linkRefused("EXPIRED");
  const problem = passwordProblem(newPassword, [row.email, row.phone]);
  if (problem) throw new AppError("WEAK_PASSWORD", problem, { fieldErrors: { newPassword: [problem] } });

  const at = sql`${now.toISOString()}::timestamptz`;
  const claimed = await deps.db
    .update(passwordResets)
    .set({ usedAt: now })
    .where(and(eq(passwordResets.id, row.id), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, at)))
    .returning({ id: passwordResets.id });
  if (claimed.length === 0) throw linkRefused("USED");
  await deps.db
    .update(users)
    .set({ passwordHash: await hashPassword(newPassword), sessionVersion: sql`${users.sessionVersion} + 1`, updatedAt: now })
    .where(eq(users.id, row.userId));
  const sessionsEnded = await endAllSessions(deps.db, row.userId);
  await deps.db
    .update(passwordResets)
    .set({ usedAt: now })
    .where(and(eq(passwordResets.userId, row.userId), isNull(passwordResets.usedAt)));
  await notify(deps.db, {
    userId: row.userId,
    kind: "PASSWORD_CHANGED",
    subjectType: "user",
    subjectId: row.userId,
    link: "/login",
    data: { at: now.toISOString() },
  });
  deps.audit({
    action: "PASSWORD_RESET",
    targetType: "user",
    targetId: row.userId,
    changes: { resetId: row.id, purpose: row.purpose, sessionsEnded },
    actor: { actorType: "USER", actorId: row.userId, actorRole: row.role },
  });
  return { userId: row.userId };
}

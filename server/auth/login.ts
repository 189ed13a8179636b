// Sign-in: throttle, credentials, account standing, the `auth.login` rule, and the audit of each outcome.
import "server-only";
import { and, eq, gt, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { users, type User } from "@/db/schema/accounts";
import { sessions } from "@/db/schema/sessions";
import { appendAuditEvents, type AuditActor } from "@/server/audit";
import { isFlagOn, loadFlagSnapshot } from "@/server/flags";
import { normalizeIdentifier } from "@/server/accounts/identifiers";
import { authLogin } from "@/server/policy/rules";
import { notify } from "@/server/notifications/notify";
import { accountLink } from "@/server/notifications/links";
import { describeUserAgent } from "@/server/accounts/user-agent";
import { SESSION_USER_AGENT_CHARS, openSession } from "./device-sessions";
import { dummyPasswordHash, verifyPassword } from "./password";
import { accountKey, addressKey, isKnownAddress, pairKey, releaseAttempt, rememberAddress, reserveAttempt } from "./throttle";

import { LOGIN_ERRORS, type LoginErrorCode } from "@/shared/login-messages";

export { LOGIN_ERRORS, type LoginErrorCode };

/** How far back a browser counts as known: a sign-in from one not seen in this time is "new". */
export const KNOWN_DEVICE_DAYS = 90;

/**
 * Whether this sign-in comes from a browser (user agent) the account has not used in the last
 * KNOWN_DEVICE_DAYS, when it has signed in before at all: one indexed read of its sessions.
 */
async function isNewDevice(db: Database, userId: string, userAgent: string | null, now: Date): Promise<boolean> {
  const agent = userAgent?.slice(0, SESSION_USER_AGENT_CHARS) ?? null;
  const since = new Date(now.getTime() - KNOWN_DEVICE_DAYS * 86_400_000);
  const [row] = await db
    .select({
      any: sql<boolean>`count(*) > 0`,
      seen: sql<boolean>`coalesce(bool_or(${sessions.userAgent} is not distinct from ${agent}), false)`,
    })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), gt(sessions.createdAt, since)));
  return Boolean(row?.any) && !row?.seen;
}

export class LoginRefused extends Error {
  constructor(
    readonly code: LoginErrorCode,
    readonly retryAfterSeconds?: number,
    /** When sign-in opens (PILOT_NOT_STARTED). */
    readonly opensAt?: Date,
  ) {
    super(LOGIN_ERRORS[code]);
  }

  /** What the login page receives: the code, with the number or time it needs to say more. */
  get clientCode(): string {
    if (this.retryAfterSeconds) return `${this.code}:${this.retryAfterSeconds}`;
    if (this.opensAt) return `${this.code}:${this.opensAt.getTime()}`;
    return this.code;
  }
}

export interface LoginInput {
  identifier: string;
  password: string;
  ip: string | null;
  userAgent: string | null;
  requestId: string;
  pilotStartAt?: Date;
  now?: Date;
}

export type SignedInUser = Pick<User, "id" | "role" | "districtId" | "kycStatus" | "sessionVersion" | "displayName"> & {
  /** The device session this sign-in opened; its id goes into the session cookie. */
  sessionId: string;
};

export async function authenticate(db: Database, input: LoginInput): Promise<SignedInUser> {
  const now = input.now ?? new Date();
  const anonymous: AuditActor = {
    actorType: "ANONYMOUS",
    actorId: null,
    actorRole: null,
    ip: input.ip,
    userAgent: input.userAgent,
    requestId: input.requestId,
  };
  const identity = normalizeIdentifier(input.identifier);
  const account = accountKey(identity?.email ?? identity?.phone ?? input.identifier);
  const keys = {
    pair: pairKey(account, input.ip),
    account,
    address: input.ip ? addressKey(input.ip) : undefined,
  };

  // The account-wide ceiling does not hold an address its owner signed in from: a stranger who
  // knows the email cannot lock the owner out, and spraying from new addresses stays bounded.
  const known = await isKnownAddress(db, account, input.ip, now);
  const wait = Math.max(
    await reserveAttempt(db, keys.pair, "pair", now),
    known ? 0 : await reserveAttempt(db, keys.account, "account", now),
    keys.address ? await reserveAttempt(db, keys.address, "address", now) : 0,
  );
  if (wait > 0) {
    await appendAuditEvents(db, anonymous, [
      { action: "LOGIN_THROTTLED", targetType: "login", changes: { retryAfterSeconds: wait } },
    ]);
    throw new LoginRefused("THROTTLED", wait);
  }

  const [user] = identity
    ? await db
        .select()
        .from(users)
        .where(identity.email ? eq(users.email, identity.email) : eq(users.phone, identity.phone!))
        .limit(1)
    : [];
  const passwordOk = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), input.password);

  if (!user || !passwordOk) {
    // The attempt was already counted by reserveAttempt.
    await appendAuditEvents(db, anonymous, [
      {
        action: "LOGIN_FAILED",
        targetType: "user",
        targetId: user?.id ?? null,
        changes: { reason: user ? "wrong_password" : "unknown_account" },
      },
    ]);
    throw new LoginRefused("INVALID_CREDENTIALS");
  }

  await releaseAttempt(db, keys);
  await rememberAddress(db, account, input.ip, now);
  const asUser: AuditActor = { ...anonymous, actorType: "USER", actorId: user.id, actorRole: user.role };
  if (user.status !== "ACTIVE") {
    await appendAuditEvents(db, asUser, [
      { action: "LOGIN_REFUSED", targetType: "user", targetId: user.id, changes: { reason: user.status } },
    ]);
    throw new LoginRefused(user.status === "BANNED" ? "ACCOUNT_BANNED" : "ACCOUNT_SUSPENDED");
  }

  const flags = await loadFlagSnapshot(db);
  const decision = authLogin({ role: user.role }, null, {
    pilotActive: isFlagOn(flags.get("PILOT_ACTIVE"), user.id, user.districtId),
    pilotStartAt: input.pilotStartAt,
    now,
  });
  if (!decision.allow) {
    await appendAuditEvents(db, asUser, [
      { action: "LOGIN_REFUSED", targetType: "user", targetId: user.id, changes: { reason: decision.reason } },
    ]);
    if (decision.reason === "PILOT_NOT_STARTED") throw new LoginRefused("PILOT_NOT_STARTED", undefined, input.pilotStartAt);
    throw new LoginRefused("PILOT_INACTIVE");
  }

  // The device session and the record of the sign-in that opened it: both or neither.
  const sessionId = await db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Database;
    const newDevice = await isNewDevice(tx, user.id, input.userAgent, now);
    const id = await openSession(tx, { userId: user.id, ip: input.ip, userAgent: input.userAgent });
    // A browser this account has not signed in from lately: the person hears of it (a security
    // notice, always sent), so a stolen password shows itself. Never for the very first sign-in.
    if (newDevice) {
      await notify(tx, {
        userId: user.id,
        kind: "NEW_SIGN_IN",
        subjectType: "session",
        subjectId: id,
        link: accountLink(user.role),
        data: { at: now.toISOString(), userAgent: describeUserAgent(input.userAgent), ip: input.ip },
      });
    }
    await appendAuditEvents(
      tx,
      asUser,
      [{ action: "LOGIN_SUCCEEDED", targetType: "user", targetId: user.id, changes: { sessionId: id } }],
      {
        inTransaction: true,
      },
    );
    return id;
  });
  return {
    sessionId,
    id: user.id,
    role: user.role,
    districtId: user.districtId,
    kycStatus: user.kycStatus,
    sessionVersion: user.sessionVersion,
    displayName: user.displayName,
  };
}

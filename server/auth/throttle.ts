// Attempt throttling, kept in Postgres so every app server sees the same counts (policy in README).
// Sign-in keys: the account and the address together ("pair": a stranger's guesses lock only the
// stranger's address out of that account), the account alone (a higher ceiling that bounds spraying
// one account from many addresses; addresses where the owner signed in before are not held by it),
// and the address alone (one address guessing across accounts). Other keys: signups per address,
// password changes per account.
import { sql, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { loginThrottles } from "@/db/schema/accounts";

/** After the free failures, each further failure locks the key for base·2^n seconds, capped. */
export const THROTTLE = {
  pair: { freeFailures: 5, baseDelaySeconds: 5 },
  account: { freeFailures: 30, baseDelaySeconds: 5 },
  address: { freeFailures: 20, baseDelaySeconds: 5 },
  /** Refused signups (bad invite codes, taken addresses) per client address. */
  signup: { freeFailures: 10, baseDelaySeconds: 5 },
  /** Wrong current passwords in auth.changePassword, per account. */
  password: { freeFailures: 5, baseDelaySeconds: 5 },
  /** Password-reset requests per address, and per account (then quietly not sent), and uses of reset links per address. */
  reset: { freeFailures: 10, baseDelaySeconds: 60 },
  /** Unknown, used or expired reset and confirmation links tried from one address. */
  resetLink: { freeFailures: 20, baseDelaySeconds: 5 },
  resetAccount: { freeFailures: 3, baseDelaySeconds: 300 },
  maxDelaySeconds: 15 * 60,
  /** A quiet hour forgets earlier failures. */
  forgetAfterSeconds: 60 * 60,
  /** An address where the owner signed in is "known" to the account this long. */
  knownAddressDays: 30,
} as const;

export type ThrottleKind = Exclude<keyof typeof THROTTLE, "maxDelaySeconds" | "forgetAfterSeconds" | "knownAddressDays">;

export function accountKey(identifier: string): string {
  return `account:${identifier.trim().toLowerCase()}`;
}
export function addressKey(ip: string): string {
  return `ip:${ip}`;
}
export function pairKey(account: string, ip: string | null): string {
  return `pair:${ip ?? "unknown"}|${account}`;
}
function knownKey(account: string, ip: string): string {
  return `known:${ip}|${account}`;
}

/** Whether the account's owner signed in from this address recently (then the account-wide lock does not hold it). */
export async function isKnownAddress(db: Database, account: string, ip: string | null, now: Date): Promise<boolean> {
  if (!ip) return false;
  const since = new Date(now.getTime() - THROTTLE.knownAddressDays * 86_400_000).toISOString();
  const [row] = await db
    .select({ key: loginThrottles.key })
    .from(loginThrottles)
    .where(sql`${loginThrottles.key} = ${knownKey(account, ip)} and ${loginThrottles.lastFailureAt} > ${since}::timestamptz`)
    .limit(1);
  return Boolean(row);
}

/** Remembers a successful sign-in from this address (the row's time is the last success). */
export async function rememberAddress(db: Database, account: string, ip: string | null, now: Date): Promise<void> {
  if (!ip) return;
  await db
    .insert(loginThrottles)
    .values({ key: knownKey(account, ip), failures: 0, lastFailureAt: now })
    .onConflictDoUpdate({ target: loginThrottles.key, set: { lastFailureAt: now } });
}

/** Gives one counted attempt back (a signup or password change that succeeded). */
export async function forgiveAttempt(db: Database, key: string): Promise<void> {
  await db
    .update(loginThrottles)
    .set({ failures: sql`greatest(${loginThrottles.failures} - 1, 0)` })
    .where(eq(loginThrottles.key, key));
}

/**
 * Counts an attempt before its password is checked, in one statement per key, so a burst of
 * parallel guesses cannot all pass a check made before any of them failed. Returns the seconds
 * to wait (0: go ahead). A correct password gives the attempt back (releaseAttempt).
 */
export async function reserveAttempt(db: Database, key: string, kind: ThrottleKind, now: Date): Promise<number> {
  // A raw Date parameter breaks postgres.js ("must be of type string"); pass times as ISO text.
  const at = sql`${now.toISOString()}::timestamptz`;
  const forgetBefore = new Date(now.getTime() - THROTTLE.forgetAfterSeconds * 1000).toISOString();
  const { freeFailures, baseDelaySeconds } = THROTTLE[kind];
  const failures = sql`case when ${loginThrottles.lastFailureAt} < ${forgetBefore}::timestamptz then 1 else ${loginThrottles.failures} + 1 end`;
  // The lock is set in the same statement that counts, so no parallel attempt slips in between.
  const [row] = await db
    .insert(loginThrottles)
    .values({ key, failures: 1, lastFailureAt: now })
    .onConflictDoUpdate({
      target: loginThrottles.key,
      set: {
        failures,
        lastFailureAt: now,
        lockedUntil: sql`case when ${failures} >= ${freeFailures}
          then ${at} + make_interval(secs => least(${THROTTLE.maxDelaySeconds}, ${baseDelaySeconds} * power(2, ${failures} - ${freeFailures})))
          else null end`,
      },
      // A locked key is not touched: the attempt is refused without counting.
      setWhere: sql`${loginThrottles.lockedUntil} is null or ${loginThrottles.lockedUntil} <= ${at}`,
    })
    .returning({ failures: loginThrottles.failures });
  if (!row) {
    const [locked] = await db
      .select({ lockedUntil: loginThrottles.lockedUntil })
      .from(loginThrottles)
      .where(eq(loginThrottles.key, key));
    const until = locked?.lockedUntil?.getTime() ?? now.getTime() + 1000;
    return Math.max(1, Math.ceil((until - now.getTime()) / 1000));
  }
  return 0;
}

/**
 * A correct password: this address starts afresh on this account, and the address and the account
 * each get the attempt back (the account-wide count is not wiped: a stranger keeps what they spent).
 */
export async function releaseAttempt(db: Database, keys: { pair: string; account: string; address?: string }) {
  await db.delete(loginThrottles).where(eq(loginThrottles.key, keys.pair));
  await forgiveAttempt(db, keys.account);
  if (keys.address) await forgiveAttempt(db, keys.address);
}

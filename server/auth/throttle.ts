// Failed-login throttling, kept in Postgres so every app server sees the same counts.
// Keys are per account identifier (whether or not it exists) and per client address.
import { sql, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { loginThrottles } from "@/db/schema/accounts";

/** After the free failures, each further failure locks the key for base·2^n seconds, capped. */
export const THROTTLE = {
  account: { freeFailures: 5, baseDelaySeconds: 5 },
  address: { freeFailures: 20, baseDelaySeconds: 5 },
  maxDelaySeconds: 15 * 60,
  /** A quiet hour forgets earlier failures. */
  forgetAfterSeconds: 60 * 60,
} as const;

export function accountKey(identifier: string): string {
  return `account:${identifier.trim().toLowerCase()}`;
}
export function addressKey(ip: string): string {
  return `ip:${ip}`;
}


/**
 * Counts an attempt before its password is checked, in one statement per key, so a burst of
 * parallel guesses cannot all pass a check made before any of them failed. Returns the seconds
 * to wait (0: go ahead). A correct password gives the attempt back (releaseAttempt).
 */
export async function reserveAttempt(db: Database, key: string, kind: "account" | "address", now: Date): Promise<number> {
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
    const [locked] = await db.select({ lockedUntil: loginThrottles.lockedUntil }).from(loginThrottles).where(eq(loginThrottles.key, key));
    const until = locked?.lockedUntil?.getTime() ?? now.getTime() + 1000;
    return Math.max(1, Math.ceil((until - now.getTime()) / 1000));
  }
  return 0;
}

/** A correct password: the account starts afresh, and the address gets its attempt back. */
export async function releaseAttempt(db: Database, keys: { account: string; address?: string }) {
  await db.delete(loginThrottles).where(eq(loginThrottles.key, keys.account));
  if (keys.address) {
    await db
      .update(loginThrottles)
      .set({ failures: sql`greatest(${loginThrottles.failures} - 1, 0)` })
      .where(eq(loginThrottles.key, keys.address));
  }
}

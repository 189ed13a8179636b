// Failed-login throttling, kept in Postgres so every app server sees the same counts.
// Keys are per account identifier (whether or not it exists) and per client address.
import { inArray, sql, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { loginThrottles } from "@/db/schema/accounts";

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

/** Growing delay: none for the first free failures, then base·2^n seconds, capped. */
export function lockSeconds(failures: number, kind: "account" | "address"): number {
  const { freeFailures, baseDelaySeconds } = THROTTLE[kind];
  if (failures < freeFailures) return 0;
  return Math.min(THROTTLE.maxDelaySeconds, baseDelaySeconds * 2 ** (failures - freeFailures));
}

/** Seconds until a new attempt is allowed (0 = now). */
export async function throttleWait(db: Database, keys: string[], now: Date): Promise<number> {
  const rows = await db
    .select({ lockedUntil: loginThrottles.lockedUntil })
    .from(loginThrottles)
    .where(inArray(loginThrottles.key, keys));
  let wait = 0;
  for (const row of rows) {
    if (row.lockedUntil && row.lockedUntil > now) {
      wait = Math.max(wait, Math.ceil((row.lockedUntil.getTime() - now.getTime()) / 1000));
    }
  }
  return wait;
}

export async function recordFailure(db: Database, key: string, kind: "account" | "address", now: Date) {
  const forgetBefore = new Date(now.getTime() - THROTTLE.forgetAfterSeconds * 1000);
  const [row] = await db
    .insert(loginThrottles)
    .values({ key, failures: 1, lastFailureAt: now })
    .onConflictDoUpdate({
      target: loginThrottles.key,
      set: {
        // A raw Date parameter breaks postgres.js ("must be of type string"); pass it as ISO text.
        failures: sql`case when ${loginThrottles.lastFailureAt} < ${forgetBefore.toISOString()}::timestamptz then 1 else ${loginThrottles.failures} + 1 end`,
        lastFailureAt: now,
      },
    })
    .returning({ failures: loginThrottles.failures });
  const seconds = lockSeconds(row?.failures ?? 1, kind);
  if (seconds > 0) {
    await db
      .update(loginThrottles)
      .set({ lockedUntil: new Date(now.getTime() + seconds * 1000) })
      .where(eq(loginThrottles.key, key));
  }
}

export async function clearFailures(db: Database, key: string) {
  await db.delete(loginThrottles).where(eq(loginThrottles.key, key));
}

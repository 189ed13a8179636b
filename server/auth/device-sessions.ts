// Device sessions, low level: opened at sign-in, touched now and then by the context's check, ended
// one at a time or all at once. No Deps and no audit here: callers write the audit event of the
// change in the same transaction (sign-in, sign-out, password change or reset, ban, suspension).
import { and, eq, isNull, lt, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { sessions } from "@/db/schema/sessions";

/** "Last seen" moves on at most this often per session: a read-mostly request path stays read-only. */
export const SESSION_TOUCH_SECONDS = 5 * 60;
/** Stored user agents are cut to this many characters (enough to tell browser and system apart). */
export const SESSION_USER_AGENT_CHARS = 256;

export async function openSession(
  db: Database,
  input: { userId: string; ip: string | null; userAgent: string | null },
): Promise<string> {
  const [row] = await db
    .insert(sessions)
    .values({ userId: input.userId, ip: input.ip, userAgent: input.userAgent?.slice(0, SESSION_USER_AGENT_CHARS) ?? null })
    .returning({ id: sessions.id });
  return row!.id;
}

export function sessionNeedsTouch(lastSeenAt: Date, now = Date.now()): boolean {
  return now - lastSeenAt.getTime() > SESSION_TOUCH_SECONDS * 1000;
}

/**
 * Moves "last seen" (and the address) on. Conditional on the row still being stale and live, so
 * parallel requests of one device write once, and a revoked session stays as it ended.
 */
export async function touchSession(db: Database, sessionId: string, ip: string | null): Promise<void> {
  const staleBefore = new Date(Date.now() - SESSION_TOUCH_SECONDS * 1000).toISOString();
  await db
    .update(sessions)
    .set({ lastSeenAt: sql`now()`, ...(ip ? { ip } : {}) })
    .where(
      and(eq(sessions.id, sessionId), isNull(sessions.revokedAt), lt(sessions.lastSeenAt, sql`${staleBefore}::timestamptz`)),
    );
}

/** Ends one session of `userId` (only theirs); returns whether a live one was ended. */
export async function endSession(db: Database, userId: string, sessionId: string): Promise<boolean> {
  const rows = await db
    .update(sessions)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return rows.length > 0;
}

/**
 * Ends every live session of `userId`; returns how many. The caller also bumps the user's session
 * version in the same transaction (the switch the request check reads, for tokens of any age).
 */
export async function endAllSessions(db: Database, userId: string): Promise<number> {
  const rows = await db
    .update(sessions)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return rows.length;
}

// A person's own device sessions: the list on the account page, "sign out this device" (any of the
// list, the current one included) and "sign out everywhere".
import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { users } from "@/db/schema/accounts";
import { sessions } from "@/db/schema/sessions";
import { endAllSessions, endSession } from "@/server/auth/device-sessions";
import { SESSION_MAX_AGE_SECONDS } from "@/server/auth/config";
import type { Deps } from "@/server/context";
import { AppError } from "@/server/errors";
import { enforceHidden } from "@/server/policy/authorize";
import type { Subject } from "@/server/policy/subject";
import { describeUserAgent } from "./user-agent";

/** More than anyone signs in from at once; older ones are past their cookie's life anyway. */
const LIST_LIMIT = 50;

export async function listOwnSessions(deps: { db: Database; user: Subject }, currentSessionId: string | null) {
  // A session unseen for longer than a cookie lives cannot come back: it is not shown.
  const since = new Date(Date.now() - SESSION_MAX_AGE_SECONDS * 1000).toISOString();
  const rows = await deps.db
    .select({
      id: sessions.id,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      ip: sessions.ip,
      userAgent: sessions.userAgent,
    })
    .from(sessions)
    .where(
      and(eq(sessions.userId, deps.user.id), isNull(sessions.revokedAt), gt(sessions.lastSeenAt, sql`${since}::timestamptz`)),
    )
    .orderBy(desc(sessions.lastSeenAt), desc(sessions.id))
    .limit(LIST_LIMIT);
  // This device first, then the others by last activity.
  return rows
    .map((r) => ({ ...r, device: describeUserAgent(r.userAgent), current: r.id === currentSessionId }))
    .sort((a, b) => Number(b.current) - Number(a.current));
}

/**
 * Ends one of the caller's sessions. Someone else's session reads exactly like a missing one (and
 * the attempt is recorded). Returns whether it was the caller's current one (the page then leaves).
 */
export async function signOutSession(deps: Deps, currentSessionId: string | null, sessionId: string) {
  const notFound = "That session does not exist or has already ended.";
  const [row] = await deps.db
    .select({ userId: sessions.userId, revokedAt: sessions.revokedAt })
    .from(sessions)
    .where(eq(sessions.id, sessionId))
    .limit(1);
  if (!row) throw new AppError("NOT_FOUND", notFound);
  enforceHidden(deps.securityEvents, { type: "session", id: sessionId, notFound }, "session.own", deps.user, row);
  if (row.revokedAt || !(await endSession(deps.db, deps.user.id, sessionId))) throw new AppError("NOT_FOUND", notFound);
  const current = sessionId === currentSessionId;
  deps.audit({ action: "SIGNED_OUT", targetType: "session", targetId: sessionId, changes: { userId: deps.user.id, current } });
  return { ok: true as const, endedCurrent: current };
}

/** Ends every session of the caller, this one too: the session version moves on and every row ends. */
export async function signOutEverywhere(deps: Deps) {
  const [row] = await deps.db
    .update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1`, updatedAt: new Date() })
    .where(eq(users.id, deps.user.id))
    .returning({ sessionVersion: users.sessionVersion });
  const ended = await endAllSessions(deps.db, deps.user.id);
  deps.audit({
    action: "SIGNED_OUT_EVERYWHERE",
    targetType: "user",
    targetId: deps.user.id,
    changes: { sessionsEnded: ended, sessionVersion: { before: row!.sessionVersion - 1, after: row!.sessionVersion } },
  });
  return { ok: true as const, sessionsEnded: ended };
}

// Admin work on people: search, suspend, ban, reinstate, change role. Each bumps the session version
// and ends every device session of the person.
import { and, desc, eq, ilike, or, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { users, type Role, type UserStatus } from "@/db/schema/accounts";
import { districts } from "@/db/schema/geography";
import { AppError } from "@/server/errors";
import { check, enforce } from "@/server/policy/authorize";
import type { Subject } from "@/server/policy/subject";
import type { Deps } from "@/server/context";
import { olderThan, page } from "@/server/pagination";
import { regionScope } from "@/server/geography/districts";
import { endAllSessions } from "@/server/auth/device-sessions";
import { notify } from "@/server/notifications/notify";

export async function listPeople(
  deps: { db: Database; user: Subject },
  input: { search?: string; role?: Role; districtId?: string; status?: UserStatus; cursor?: string | null; limit: number },
) {
  const scope = regionScope(deps.db, deps.user, users.districtId);
  const term = input.search?.trim();
  const like = term ? `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const rows = await deps.db
    .select({
      id: users.id,
      displayName: users.displayName,
      email: users.email,
      phone: users.phone,
      role: users.role,
      status: users.status,
      kycStatus: users.kycStatus,
      districtId: users.districtId,
      districtName: districts.name,
      regionId: districts.regionId,
      emailVerifiedAt: users.emailVerifiedAt,
      createdAt: users.createdAt,
    })
    .from(users)
    .leftJoin(districts, eq(districts.id, users.districtId))
    .where(
      and(
        scope,
        like ? or(ilike(users.displayName, like), ilike(users.email, like), ilike(users.phone, like)) : undefined,
        input.role ? eq(users.role, input.role) : undefined,
        input.districtId ? eq(users.districtId, input.districtId) : undefined,
        input.status ? eq(users.status, input.status) : undefined,
        olderThan(users.createdAt, users.id, input.cursor),
      ),
    )
    .orderBy(desc(users.createdAt), desc(users.id))
    .limit(input.limit + 1);
  const result = page(rows, input.limit, (r) => [r.createdAt, r.id]);
  return {
    ...result,
    items: result.items.map(({ regionId, emailVerifiedAt, ...r }) => {
      // The page offers a reset link only where the rule would allow it, and otherwise says why.
      const reset = check("password.assistReset", deps.user, {
        id: r.id,
        role: r.role,
        regionId: regionId ?? null,
        emailConfirmed: emailVerifiedAt !== null,
      });
      return {
        ...r,
        canIssueReset: reset.allow,
        resetRefusal: reset.allow ? null : { reason: reset.reason, message: reset.message },
      };
    }),
  };
}

async function loadTarget(db: Database, userId: string) {
  const [row] = await db
    .select({
      id: users.id,
      role: users.role,
      status: users.status,
      regionId: districts.regionId,
      sessionVersion: users.sessionVersion,
    })
    .from(users)
    .leftJoin(districts, eq(districts.id, users.districtId))
    .where(eq(users.id, userId))
    .limit(1);
  if (!row) throw new AppError("NOT_FOUND", "That person does not exist.");
  return { ...row, regionId: row.regionId ?? null };
}

const STATUS_ACTIONS = {
  SUSPENDED: "USER_SUSPENDED",
  BANNED: "USER_BANNED",
  ACTIVE: "USER_REINSTATED",
} as const satisfies Record<UserStatus, string>;

export async function setStatus(deps: Deps, input: { userId: string; status: UserStatus; reason: string }) {
  const target = await loadTarget(deps.db, input.userId);
  enforce(deps.securityEvents, "user.manage", deps.user, target);
  if (target.status === input.status) {
    throw new AppError("INVALID_STATE", `This account is already ${input.status.toLowerCase()}.`);
  }
  await deps.db
    .update(users)
    .set({ status: input.status, sessionVersion: sql`${users.sessionVersion} + 1`, updatedAt: new Date() })
    .where(eq(users.id, target.id));
  const sessionsEnded = await endAllSessions(deps.db, target.id);
  deps.audit({
    action: STATUS_ACTIONS[input.status],
    targetType: "user",
    targetId: target.id,
    changes: { status: { before: target.status, after: input.status }, reason: input.reason, sessionsEnded },
  });
  // The person hears of it as from a moderator's suspension (server/accounts/moderation.ts); a ban
  // uses the same kind, and `status` says which.
  if (input.status !== "ACTIVE") {
    await notify(deps.db, {
      userId: target.id,
      kind: "ACCOUNT_SUSPENDED",
      subjectType: "user",
      subjectId: target.id,
      link: "/login",
      data: { reason: input.reason, status: input.status },
    });
  }
}

export async function changeRole(deps: Deps, input: { userId: string; role: Role; reason: string }) {
  const target = await loadTarget(deps.db, input.userId);
  enforce(deps.securityEvents, "user.manage", deps.user, { ...target, newRole: input.role });
  if (target.role === input.role) throw new AppError("INVALID_STATE", "This person already has that role.");
  await deps.db
    .update(users)
    .set({ role: input.role, sessionVersion: sql`${users.sessionVersion} + 1`, updatedAt: new Date() })
    .where(eq(users.id, target.id));
  const sessionsEnded = await endAllSessions(deps.db, target.id);
  deps.audit({
    action: "USER_ROLE_CHANGED",
    targetType: "user",
    targetId: target.id,
    changes: { role: { before: target.role, after: input.role }, reason: input.reason, sessionsEnded },
  });
}

/** Counts for the admin dashboard, scoped like the users list. */
export async function peopleStats(deps: { db: Database; user: Subject }) {
  const scope = regionScope(deps.db, deps.user, users.districtId);
  const byRole = await deps.db
    .select({ role: users.role, count: sql<number>`count(*)::int` })
    .from(users)
    .where(scope)
    .groupBy(users.role);
  const byStatus = await deps.db
    .select({ status: users.status, count: sql<number>`count(*)::int` })
    .from(users)
    .where(scope)
    .groupBy(users.status);
  const byKyc = await deps.db
    .select({ kycStatus: users.kycStatus, count: sql<number>`count(*)::int` })
    .from(users)
    .where(scope)
    .groupBy(users.kycStatus);
  return { byRole, byStatus, byKyc };
}

// How the moderation queue judges a reported person: warn them, or suspend them (bans stay with
// admins, on the users page). Only travelers and hosts can be reported.
import { notify } from "@/server/notifications/notify";
import { eq, inArray, sql } from "drizzle-orm";
import { users } from "@/db/schema/accounts";
import { AppError } from "@/server/errors";
import { CITIZENS, type Role } from "@/server/policy/roles";
import type { TargetHandler } from "@/server/moderation/registry";
import { warnUser } from "@/server/moderation/warnings";
import { endAllSessions } from "@/server/auth/device-sessions";

export const userModerationTarget: TargetHandler = {
  decisions: ["APPROVE", "WARN", "SUSPEND"],
  async exists(db, id, reporterId) {
    if (id === reporterId) return false;
    const [row] = await db.select({ role: users.role, status: users.status }).from(users).where(eq(users.id, id)).limit(1);
    return Boolean(row && (CITIZENS as readonly Role[]).includes(row.role) && row.status === "ACTIVE");
  },
  async apply(db, targetId, decision, reason, audit) {
    const [user] = await db.select().from(users).where(eq(users.id, targetId)).limit(1);
    if (!user) throw new AppError("NOT_FOUND", "That person no longer exists.");
    if (decision === "APPROVE") return; // nothing wrong: the report is closed
    if (decision === "WARN") {
      await warnUser(db, audit, { userId: targetId, reason, targetType: "user", targetId });
      return;
    }
    if (!(CITIZENS as readonly Role[]).includes(user.role))
      throw new AppError("INVALID_STATE", "Moderators suspend travelers and hosts only.");
    if (user.status !== "ACTIVE") return;
    await db
      .update(users)
      .set({ status: "SUSPENDED", sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(eq(users.id, targetId));
    const sessionsEnded = await endAllSessions(db, targetId);
    audit({
      action: "USER_SUSPENDED",
      targetType: "user",
      targetId,
      changes: { status: { before: user.status, after: "SUSPENDED" }, reason, sessionsEnded },
    });
    await notify(db, {
      userId: targetId,
      kind: "ACCOUNT_SUSPENDED",
      subjectType: "user",
      subjectId: targetId,
      link: "/login",
      data: { reason },
    });
  },
  async summarize(db, ids) {
    const rows = await db
      .select({ id: users.id, name: users.displayName, role: users.role, status: users.status })
      .from(users)
      .where(inArray(users.id, ids));
    return new Map(
      rows.map((r) => [r.id, { title: r.name, detail: `${r.role.toLowerCase()} · ${r.status.toLowerCase()}`, href: null }]),
    );
  },
};

// A signed-in person changes their password: the current one first, then the new one's strength.
// Every session ends, this one included (the session version moves on and every device session ends).
import { eq, sql } from "drizzle-orm";
import { users } from "@/db/schema/accounts";
import { endAllSessions } from "@/server/auth/device-sessions";
import { hashPassword, passwordProblem, verifyPassword } from "@/server/auth/password";
import type { Deps } from "@/server/context";
import { AppError } from "@/server/errors";
import { notify } from "@/server/notifications/notify";

/** A change to one's own account that asks for the current password first (password, e-mail address). */
export async function requireCurrentPassword(passwordHash: string, candidate: string): Promise<void> {
  if (!(await verifyPassword(passwordHash, candidate))) {
    throw new AppError("WRONG_PASSWORD", "Your current password is not right.", {
      fieldErrors: { currentPassword: ["Your current password is not right."] },
    });
  }
}

export async function changePassword(
  deps: Pick<Deps, "db" | "user" | "audit">,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const [row] = await deps.db.select().from(users).where(eq(users.id, deps.user.id)).limit(1);
  if (!row) throw new AppError("NOT_FOUND", "Your account no longer exists.");
  await requireCurrentPassword(row.passwordHash, input.currentPassword);
  const problem = passwordProblem(input.newPassword, [row.email, row.phone]);
  if (problem) throw new AppError("WEAK_PASSWORD", problem, { fieldErrors: { newPassword: [problem] } });
  await deps.db
    .update(users)
    .set({
      passwordHash: await hashPassword(input.newPassword),
      sessionVersion: sql`${users.sessionVersion} + 1`,
      updatedAt: new Date(),
    })
    .where(eq(users.id, deps.user.id));
  const sessionsEnded = await endAllSessions(deps.db, deps.user.id);
  await notify(deps.db, {
    userId: deps.user.id,
    kind: "PASSWORD_CHANGED",
    subjectType: "user",
    subjectId: deps.user.id,
    link: "/login",
    data: { at: new Date().toISOString() },
  });
  deps.audit({ action: "PASSWORD_CHANGED", targetType: "user", targetId: deps.user.id, changes: { sessionsEnded } });
}

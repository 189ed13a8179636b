// Moderators' warnings to people: recorded, audited, and shown to the person warned.
import { desc, eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { userWarnings } from "@/db/schema/orders";
import type { AuditFn } from "@/server/audit";
import { notify } from "@/server/notifications/notify";

export async function warnUser(
  db: Database,
  audit: AuditFn,
  input: { userId: string; reason: string; targetType: string; targetId: string },
) {
  const [row] = await db.insert(userWarnings).values(input).returning();
  await notify(db, {
    userId: input.userId,
    kind: "ACCOUNT_WARNING",
    subjectType: "user",
    subjectId: input.userId,
    link: "/",
    data: { reason: input.reason },
  });
  audit({
    action: "USER_WARNED",
    targetType: "user",
    targetId: input.userId,
    changes: { reason: input.reason, about: `${input.targetType}:${input.targetId}` },
  });
  return row!;
}

export async function warningsOf(db: Database, userId: string) {
  return db
    .select({ id: userWarnings.id, reason: userWarnings.reason, createdAt: userWarnings.createdAt })
    .from(userWarnings)
    .where(eq(userWarnings.userId, userId))
    .orderBy(desc(userWarnings.createdAt))
    .limit(5);
}

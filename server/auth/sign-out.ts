// Signing out ends the session on the server: the user's session version is bumped, so every token
// issued before (this one and any copy of it, on any device) is refused by the next request's
// context check (server/context.ts loadSubject), not only the cookie in this browser.
import { eq, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { users } from "@/db/schema/accounts";
import { appendAuditEvents, type AuditActor } from "@/server/audit";

export async function revokeSessions(db: Database, actor: AuditActor, userId: string): Promise<void> {
  const [row] = await db
    .update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1`, updatedAt: new Date() })
    .where(eq(users.id, userId))
    .returning({ sessionVersion: users.sessionVersion });
  if (!row) return;
  await appendAuditEvents(db, actor, [
    {
      action: "SIGNED_OUT",
      targetType: "user",
      targetId: userId,
      changes: { sessionVersion: { before: row.sessionVersion - 1, after: row.sessionVersion } },
    },
  ]);
}

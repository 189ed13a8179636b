// Tells a person of a step of their identity enrollment (in the caller's transaction). The words
// never carry the case's details: the identity page shows them to the person signed in.
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { users } from "@/db/schema/accounts";
import { identityLink } from "@/server/notifications/links";
import { notify, type NotificationKind } from "@/server/notifications/notify";

export async function notifyEnrollment(
  db: Database,
  userId: string,
  caseId: string,
  kind: Extract<NotificationKind, `ENROLLMENT_${string}`>,
): Promise<void> {
  const [person] = await db.select({ role: users.role }).from(users).where(eq(users.id, userId)).limit(1);
  await notify(db, {
    userId,
    kind,
    subjectType: "enrollment_case",
    subjectId: caseId,
    link: identityLink(person?.role ?? "TRAVELER"),
  });
}

// Tells a traveler that an organization asked to verify them, or verified them (in the caller's
// transaction). Only the organization's name and the time: never the disclosed attributes.
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { users } from "@/db/schema/accounts";
import { identityLink } from "@/server/notifications/links";
import { notify } from "@/server/notifications/notify";

export async function notifyTraveler(
  db: Database,
  travelerId: string,
  n: {
    kind: "VERIFICATION_REQUESTED" | "VERIFIED_BY_ORGANIZATION";
    subjectType: string;
    subjectId: string;
    organizationName: string;
    at: Date;
  },
): Promise<void> {
  const [person] = await db.select({ role: users.role }).from(users).where(eq(users.id, travelerId)).limit(1);
  await notify(db, {
    userId: travelerId,
    kind: n.kind,
    subjectType: n.subjectType,
    subjectId: n.subjectId,
    // A verification links to the history, where "this wasn't me" is; a request to the requests.
    link: identityLink(person?.role ?? "TRAVELER", n.kind === "VERIFIED_BY_ORGANIZATION" ? "/history" : "/requests"),
    data: { organizationName: n.organizationName, at: n.at.toISOString() },
  });
}

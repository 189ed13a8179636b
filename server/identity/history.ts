// Admins read a person's KYC status and enrollment history (never the national ID), within their scope.
import { eq } from "drizzle-orm";
import type { Database } from "@/db/client";
import { users } from "@/db/schema/accounts";
import { districts } from "@/db/schema/geography";
import type { AuditEntry } from "@/server/audit";
import { AppError } from "@/server/errors";
import { enforce } from "@/server/policy/authorize";
import type { Subject } from "@/server/policy/subject";
import { caseHistory } from "./enrollment-views";

export async function enrollmentHistoryOf(deps: { db: Database; user: Subject; securityEvents: AuditEntry[] }, userId: string) {
  const [person] = await deps.db
    .select({ id: users.id, kycStatus: users.kycStatus, regionId: districts.regionId })
    .from(users)
    .leftJoin(districts, eq(districts.id, users.districtId))
    .where(eq(users.id, userId))
    .limit(1);
  if (!person) throw new AppError("NOT_FOUND", "That person does not exist.");
  enforce(deps.securityEvents, "admin.scope", deps.user, { regionId: person.regionId ?? null });
  return { userId: person.id, kycStatus: person.kycStatus, cases: await caseHistory(deps.db, userId) };
}

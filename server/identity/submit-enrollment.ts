// A person sends their case to the moderators' queue.
import { eq } from "drizzle-orm";
import { citizenProfiles, enrollmentDocuments } from "@/db/schema/identity";
import type { Deps } from "@/server/context";
import { notifyEnrollment } from "./notify-enrollment";
import { AppError } from "@/server/errors";
import { openItem } from "@/server/moderation/queue";
import { type EnrollmentAction } from "./transitions";
import { editableCase, REQUIRED_DOCUMENTS, DOCUMENT_LABELS, moveCase, setKycStatus } from "./cases";

export async function submitEnrollment(deps: Deps) {
  const current = await editableCase(deps);
  const [profile] = await deps.db
    .select({ id: citizenProfiles.id })
    .from(citizenProfiles)
    .where(eq(citizenProfiles.userId, deps.user.id))
    .limit(1);
  const docs = await deps.db
    .select({ kind: enrollmentDocuments.kind })
    .from(enrollmentDocuments)
    .where(eq(enrollmentDocuments.caseId, current.id));
  const missing = [
    ...(profile ? [] : ["your details"]),
    ...REQUIRED_DOCUMENTS.filter((k) => !docs.some((d) => d.kind === k)).map((k) => DOCUMENT_LABELS[k].toLowerCase()),
  ];
  if (missing.length > 0) {
    throw new AppError("INVALID_STATE", `Before submitting, add ${missing.join(" and ")}.`, { reason: "INCOMPLETE" });
  }
  const action: EnrollmentAction = current.status === "CHANGES_REQUESTED" ? "resubmit" : "submit";
  const moved = await moveCase(deps.db, current, action, "CITIZEN", { submittedAt: new Date() });
  await openItem(deps.db, { type: "ENROLLMENT_CASE", id: moved.id }, { kind: "SUBMITTED" }, deps.user.id);
  deps.audit({
    action: "ENROLLMENT_SUBMITTED",
    targetType: "enrollment_case",
    targetId: moved.id,
    changes: { status: { before: current.status, after: moved.status } },
  });
  await setKycStatus(deps.db, deps.user.id, "PENDING", deps.audit, moved.id);
  await notifyEnrollment(deps.db, deps.user.id, moved.id, "ENROLLMENT_SUBMITTED");
  return { id: moved.id, status: moved.status };
}

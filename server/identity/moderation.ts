// How the moderation queue judges an enrollment case: claiming takes it into review, releasing puts
// it back, and the decisions approve / reject / request changes move the case and the person's KYC
// status in the decision's own transaction. Nobody claims or decides their own case.
import { eq, inArray } from "drizzle-orm";
import type { Database } from "@/db/client";
import { users } from "@/db/schema/accounts";
import { districts } from "@/db/schema/geography";
import { enrollmentCases, type EnrollmentCase } from "@/db/schema/identity";
import { moderationItems } from "@/db/schema/moderation";
import type { ModerationDecision } from "@/db/schema/values";
import type { AuditEntry } from "@/server/audit";
import { AppError } from "@/server/errors";
import { enforce } from "@/server/policy/authorize";
import type { Subject } from "@/server/policy/subject";
import type { TargetHandler } from "@/server/moderation/registry";
import { globalAlias } from "@/server/verification/aliases";
import { caseHolder } from "./documents";
import { caseHistory, documentViews, profileView } from "./enrollment-views";
import { moveCase, setKycStatus } from "./cases";
import { ENROLLMENT_STATUS_WORDS, type EnrollmentAction } from "./transitions";
import { notifyEnrollment } from "./notify-enrollment";

const DECISION_ACTIONS: Partial<Record<ModerationDecision, EnrollmentAction>> = {
  APPROVE: "approve",
  REJECT: "reject",
  REQUEST_CHANGES: "requestChanges",
};

const DECISION_AUDIT: Record<
  "approve" | "reject" | "requestChanges",
  "ENROLLMENT_APPROVED" | "ENROLLMENT_REJECTED" | "ENROLLMENT_CHANGES_REQUESTED"
> = {
  approve: "ENROLLMENT_APPROVED",
  reject: "ENROLLMENT_REJECTED",
  requestChanges: "ENROLLMENT_CHANGES_REQUESTED",
};

async function loadCase(db: Database, caseId: string): Promise<EnrollmentCase> {
  const [row] = await db.select().from(enrollmentCases).where(eq(enrollmentCases.id, caseId)).limit(1);
  if (!row) throw new AppError("NOT_FOUND", "That enrollment case does not exist.");
  return row;
}

async function actorRole(db: Database, actorId: string) {
  const [row] = await db.select({ role: users.role }).from(users).where(eq(users.id, actorId)).limit(1);
  return row?.role ?? "TRAVELER";
}

/**
 * Refuses a moderator's own case (rule enrollment.review). Inside the queue's transaction a
 * security event would roll back with the refused call, so the refusal is said in the error only.
 */
async function enforceReview(db: Database, actor: { id: string }, caseRow: EnrollmentCase) {
  enforce(null, "enrollment.review", { id: actor.id, role: await actorRole(db, actor.id) }, { userId: caseRow.userId });
}

export const enrollmentModerationTarget: TargetHandler = {
  decisions: ["APPROVE", "REJECT", "REQUEST_CHANGES"],
  // Judged on papers only the holder sees: nobody decides a case they do not hold (a lapsed claim
  // or an unclaimed case included).
  decideNeedsClaim: true,
  async exists() {
    // Enrollment cases enter the queue by submission only; nobody reports one.
    return false;
  },
  async onClaim(db, caseId, actor, audit) {
    const current = await loadCase(db, caseId);
    await enforceReview(db, actor, current);
    if (current.status !== "SUBMITTED") return; // taken over after a lapsed claim: already in review
    const moved = await moveCase(db, current, "review", "MODERATOR");
    audit({
      action: "ENROLLMENT_IN_REVIEW",
      targetType: "enrollment_case",
      targetId: caseId,
      changes: { status: { before: current.status, after: moved.status } },
    });
  },
  async onRelease(db, caseId, _actor, audit) {
    const current = await loadCase(db, caseId);
    if (current.status !== "IN_REVIEW") return;
    const moved = await moveCase(db, current, "release", "MODERATOR");
    audit({
      action: "ENROLLMENT_RELEASED",
      targetType: "enrollment_case",
      targetId: caseId,
      changes: { status: { before: current.status, after: moved.status } },
    });
  },
  async apply(db, caseId, decision, reason, audit, actor) {
    const current = await loadCase(db, caseId);
    await enforceReview(db, actor, current);
    const action = DECISION_ACTIONS[decision];
    if (!action) throw new AppError("INVALID_STATE", "Enrollment cases are approved, rejected or sent back for changes.");
    if (current.status === "SUBMITTED") {
      throw new AppError("INVALID_STATE", "Claim this case first: its documents are shown only to the moderator holding it.", {
        reason: "NOT_CLAIMED",
      });
    }
    const moved = await moveCase(db, current, action, "MODERATOR", {
      decidedBy: actor.id,
      decidedAt: new Date(),
      decisionNote: action === "approve" ? null : reason,
    });
    audit({
      action: DECISION_AUDIT[action as keyof typeof DECISION_AUDIT],
      targetType: "enrollment_case",
      targetId: caseId,
      changes: { status: { before: current.status, after: moved.status }, ...(action === "approve" ? {} : { reason }) },
    });
    if (action === "approve") {
      await setKycStatus(db, current.userId, "VERIFIED", audit, caseId);
      // Tessera's one stable reference for this person (support, their own wallet); never given to
      // an organization, which only ever sees its own pairwise alias.
      await globalAlias(db, current.userId);
    }
    if (action === "reject") await setKycStatus(db, current.userId, "REJECTED", audit, caseId);
    await notifyEnrollment(db, current.userId, caseId, DECISION_AUDIT[action as keyof typeof DECISION_AUDIT]);
  },
  async summarize(db, ids) {
    const rows = await db
      .select({
        id: enrollmentCases.id,
        status: enrollmentCases.status,
        name: users.displayName,
        role: users.role,
        districtName: districts.name,
      })
      .from(enrollmentCases)
      .innerJoin(users, eq(users.id, enrollmentCases.userId))
      .leftJoin(districts, eq(districts.id, users.districtId))
      .where(inArray(enrollmentCases.id, ids));
    return new Map(
      rows.map((r) => [
        r.id,
        {
          title: `Identity enrollment: ${r.name}`,
          detail: `${r.role === "HOST" ? "Host" : "Traveler"} · ${r.districtName ?? "no district"} · ${ENROLLMENT_STATUS_WORDS[r.status]}`,
          href: null,
        },
      ]),
    );
  },
};

/**
 * The case as its reviewer sees it: the typed details beside the documents. The person's identity
 * (legal name, date of birth, ID's last four) and the documents only for the moderator holding the
 * case's item, and that view is audited; never the national ID beyond its last four. Other
 * moderators see the case without them.
 */
export async function caseForReview(deps: { db: Database; user: Subject; securityEvents: AuditEntry[] }, itemId: string) {
  const [item] = await deps.db.select().from(moderationItems).where(eq(moderationItems.id, itemId)).limit(1);
  if (!item || item.targetType !== "ENROLLMENT_CASE")
    throw new AppError("NOT_FOUND", "That enrollment case is not in the queue.");
  const current = await loadCase(deps.db, item.targetId);
  enforce(deps.securityEvents, "enrollment.review", deps.user, { userId: current.userId });
  const holding = (await caseHolder(deps.db, current.id)) === deps.user.id;
  const [person] = await deps.db
    .select({
      displayName: users.displayName,
      role: users.role,
      districtName: districts.name,
      kycStatus: users.kycStatus,
      createdAt: users.createdAt,
    })
    .from(users)
    .leftJoin(districts, eq(districts.id, users.districtId))
    .where(eq(users.id, current.userId))
    .limit(1);
  const history = await caseHistory(deps.db, current.userId);
  if (holding) {
    // Written after the call, like other personal details seen inside a moderation item.
    deps.securityEvents.push({
      action: "ENROLLMENT_DETAILS_VIEWED",
      targetType: "enrollment_case",
      targetId: current.id,
      changes: { via: "moderation item", itemId: item.id },
    });
  }
  return {
    caseId: current.id,
    status: current.status,
    submittedAt: current.submittedAt,
    decisionNote: current.decisionNote,
    holding,
    person: { ...person!, districtName: person!.districtName ?? null },
    profile: holding ? await profileView(deps.db, current.userId) : null,
    documents: await documentViews(deps.db, current.id, holding),
    earlierCases: history
      .filter((h) => h.id !== current.id)
      .map((h) => ({ id: h.id, status: h.status, decidedAt: h.decidedAt, decisionNote: h.decisionNote })),
  };
}

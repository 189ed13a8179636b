// The enrollment case lifecycle as one table of (actor, action, from, to). Nothing else moves a
// case's status. The person (CITIZEN) fills and submits; a moderator takes the case into review by
// claiming its queue item (releasing it puts it back), then approves, rejects or asks for changes.
import type { EnrollmentStatus } from "@/db/schema/values";
import { transitionTable } from "@/server/transitions";

// SYSTEM is the scheduler (server/identity/timers.ts).
export type EnrollmentActor = "CITIZEN" | "MODERATOR" | "SYSTEM";
export type EnrollmentAction = "submit" | "resubmit" | "review" | "release" | "approve" | "reject" | "requestChanges" | "lapse";

export const ENROLLMENT_TRANSITIONS: readonly {
  actor: EnrollmentActor;
  action: EnrollmentAction;
  from: EnrollmentStatus;
  to: EnrollmentStatus;
}[] = [
  { actor: "CITIZEN", action: "submit", from: "DRAFT", to: "SUBMITTED" },
  { actor: "CITIZEN", action: "resubmit", from: "CHANGES_REQUESTED", to: "SUBMITTED" },
  { actor: "MODERATOR", action: "review", from: "SUBMITTED", to: "IN_REVIEW" },
  { actor: "MODERATOR", action: "release", from: "IN_REVIEW", to: "SUBMITTED" },
  { actor: "MODERATOR", action: "approve", from: "IN_REVIEW", to: "APPROVED" },
  { actor: "MODERATOR", action: "reject", from: "IN_REVIEW", to: "REJECTED" },
  { actor: "MODERATOR", action: "requestChanges", from: "IN_REVIEW", to: "CHANGES_REQUESTED" },
  // Changes asked for and never sent: the case closes as a rejection (with a note saying why), which
  // lets the person start a new case whenever they are ready, rather than a new state to explain.
  { actor: "SYSTEM", action: "lapse", from: "CHANGES_REQUESTED", to: "REJECTED" },
];

/** Where the person may still change their details and documents. */
export const EDITABLE_STATUSES: readonly EnrollmentStatus[] = ["DRAFT", "CHANGES_REQUESTED"];
/** Decided for good: a new case may be started after a rejection, never after an approval. */
export const CLOSED_STATUSES: readonly EnrollmentStatus[] = ["APPROVED", "REJECTED"];

export const ENROLLMENT_STATUS_WORDS: Record<EnrollmentStatus, string> = {
  DRAFT: "a draft",
  SUBMITTED: "waiting for review",
  IN_REVIEW: "in review",
  APPROVED: "approved",
  REJECTED: "rejected",
  CHANGES_REQUESTED: "waiting for your changes",
};

const ACTION_WORDS: Record<EnrollmentAction, string> = {
  submit: "submitted",
  resubmit: "submitted again",
  review: "taken into review",
  release: "put back in the queue",
  approve: "approved",
  reject: "rejected",
  requestChanges: "sent back for changes",
  lapse: "closed for lack of changes",
};

export const enrollmentTransitions = transitionTable({
  noun: "An enrollment",
  rows: ENROLLMENT_TRANSITIONS,
  statusWords: ENROLLMENT_STATUS_WORDS,
  actionWords: ACTION_WORDS,
});

/** The status after `action`, or a clear error when the table has no such move. */
export const nextEnrollmentStatus = enrollmentTransitions.next;

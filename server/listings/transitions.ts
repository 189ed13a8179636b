// The listing lifecycle as one table of (actor, from, to). Nothing else moves a listing's status.
import type { ListingStatus } from "@/db/schema/values";
import { transitionTable } from "@/server/transitions";

export type ListingActor = "HOST" | "MODERATOR";
export type ListingAction = "submit" | "resubmit" | "reviewEdit" | "archive" | "approve" | "reject" | "hide";

export const LISTING_TRANSITIONS: readonly {
  actor: ListingActor;
  action: ListingAction;
  from: ListingStatus;
  to: ListingStatus;
}[] = [
  { actor: "HOST", action: "submit", from: "DRAFT", to: "PENDING_REVIEW" },
  { actor: "HOST", action: "resubmit", from: "REJECTED", to: "PENDING_REVIEW" },
  // Editing an approved listing's public text sends it back to review.
  { actor: "HOST", action: "reviewEdit", from: "APPROVED", to: "PENDING_REVIEW" },
  { actor: "HOST", action: "archive", from: "DRAFT", to: "ARCHIVED" },
  { actor: "HOST", action: "archive", from: "PENDING_REVIEW", to: "ARCHIVED" },
  { actor: "HOST", action: "archive", from: "APPROVED", to: "ARCHIVED" },
  { actor: "HOST", action: "archive", from: "REJECTED", to: "ARCHIVED" },
  { actor: "MODERATOR", action: "approve", from: "PENDING_REVIEW", to: "APPROVED" },
  { actor: "MODERATOR", action: "reject", from: "PENDING_REVIEW", to: "REJECTED" },
  { actor: "MODERATOR", action: "hide", from: "APPROVED", to: "REJECTED" },
];

const STATUS_WORDS: Record<ListingStatus, string> = {
  DRAFT: "a draft",
  PENDING_REVIEW: "waiting for review",
  APPROVED: "approved",
  REJECTED: "rejected",
  ARCHIVED: "archived",
};

const ACTION_WORDS: Record<ListingAction, string> = {
  submit: "submitted",
  resubmit: "submitted again",
  reviewEdit: "sent back to review",
  archive: "archived",
  approve: "approved",
  reject: "rejected",
  hide: "hidden",
};

export const listingTransitions = transitionTable({
  noun: "A listing",
  rows: LISTING_TRANSITIONS,
  statusWords: STATUS_WORDS,
  actionWords: ACTION_WORDS,
});

/** The status after `action`, or a clear error when the table has no such move. */
export const nextListingStatus = listingTransitions.next;

/** Can the host still change this listing at all? */
export function hostMayEdit(status: ListingStatus): boolean {
  return status !== "ARCHIVED";
}

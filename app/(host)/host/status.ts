import type { ListingStatus } from "@/db/schema/values";

export const STATUS_LABEL: Record<ListingStatus, string> = {
  DRAFT: "Draft",
  PENDING_REVIEW: "In review",
  APPROVED: "Approved",
  REJECTED: "Sent back",
  ARCHIVED: "Archived",
};

export const STATUS_TONE = {
  DRAFT: "neutral",
  PENDING_REVIEW: "info",
  APPROVED: "good",
  REJECTED: "warn",
  ARCHIVED: "neutral",
} as const satisfies Record<ListingStatus, string>;

// Words for identity: enrollment statuses and KYC statuses, for every page that shows them.
import type { EnrollmentStatus, KycStatus } from "@/db/schema/values";

type Tone = "good" | "bad" | "warn" | "neutral" | "info";

export const ENROLLMENT_STATUS_LABELS: Record<EnrollmentStatus, { label: string; tone: Tone }> = {
  DRAFT: { label: "Draft", tone: "neutral" },
  SUBMITTED: { label: "Waiting for review", tone: "info" },
  IN_REVIEW: { label: "In review", tone: "info" },
  APPROVED: { label: "Approved", tone: "good" },
  REJECTED: { label: "Rejected", tone: "bad" },
  CHANGES_REQUESTED: { label: "Changes requested", tone: "warn" },
};

export const KYC_LABELS: Record<KycStatus, { label: string; tone: Tone }> = {
  UNVERIFIED: { label: "Not verified", tone: "neutral" },
  PENDING: { label: "Verification pending", tone: "info" },
  VERIFIED: { label: "Identity verified", tone: "good" },
  REJECTED: { label: "Verification refused", tone: "bad" },
};

/** "6 May 1990" from YYYY-MM-DD, without time zones moving the day. */
export function formatDate(isoDate: string): string {
  const [y, m, d] = isoDate.split("-").map(Number);
  return new Date(Date.UTC(y!, m! - 1, d!)).toLocaleDateString("en-GB", {
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  });
}

// Words for the moderation pages: target types, reasons, decisions, events, ages.
import type { KeywordAction, ModerationDecision, ModerationTargetType } from "@/db/schema/values";
import type { ModerationReason } from "@/db/schema/moderation";

export const TARGET_LABELS: Record<ModerationTargetType, { one: string; many: string }> = {
  LISTING: { one: "Listing", many: "Listings" },
  REVIEW: { one: "Review", many: "Reviews" },
  REVIEW_REPLY: { one: "Reply to a review", many: "Replies to reviews" },
  PROMOTION: { one: "Promotion", many: "Promotions" },
  MESSAGE: { one: "Message", many: "Messages" },
  USER: { one: "User", many: "Users" },
  ENROLLMENT_CASE: { one: "Enrollment case", many: "Enrollment cases" },
  VERIFICATION_EVENT: { one: "Disputed verification", many: "Disputed verifications" },
};

export const DECISION_LABELS: Record<
  ModerationDecision,
  { verb: string; past: string; tone: "good" | "bad" | "warn" | "neutral" }
> = {
  APPROVE: { verb: "Approve", past: "Approved", tone: "good" },
  REJECT: { verb: "Reject", past: "Rejected", tone: "bad" },
  HIDE: { verb: "Hide", past: "Hidden", tone: "warn" },
  WARN: { verb: "Warn", past: "Warned", tone: "warn" },
  SUSPEND: { verb: "Suspend", past: "Suspended", tone: "bad" },
  BAN: { verb: "Ban", past: "Banned", tone: "bad" },
  REQUEST_CHANGES: { verb: "Request changes", past: "Changes requested", tone: "warn" },
};

/** What each decision does to an enrollment case, said plainly in the decision dialog. */
export const ENROLLMENT_DECISION_EFFECTS: Partial<Record<ModerationDecision, string>> = {
  APPROVE: "The person becomes identity-verified at once (hosts can list, travelers see contact details). They are told.",
  REJECT: "The enrollment is refused. The person sees your reason and may start a new enrollment.",
  REQUEST_CHANGES: "The case goes back to the person with your note; they fix it and submit again.",
};

/** What each decision does to a listing, said plainly in the decision dialog. */
export const DECISION_EFFECTS: Partial<Record<ModerationDecision, string>> = {
  APPROVE: "The listing is published (or stays published) and travelers can find it. The host is told.",
  REJECT: "The listing is not published. The host sees your reason and can edit and submit again.",
  HIDE: "The listing, review or message is taken down at once. A listing's host sees your reason.",
  WARN: "The author (or the reported person) sees your reason as a warning on their orders page.",
  SUSPEND: "The person is signed out and cannot sign in until an admin reinstates them.",
};

export const KEYWORD_ACTION_INFO: Record<KeywordAction, { label: string; tone: "info" | "warn" | "bad"; explain: string }> = {
  FLAG: {
    label: "Flag",
    tone: "info",
    explain: "The text is published as usual, and an item opens in this queue so a moderator can take a look.",
  },
  REQUIRE_APPROVAL: {
    label: "Require approval",
    tone: "warn",
    explain: "The text is held back: it is published only after a moderator approves it here.",
  },
  BLOCK: {
    label: "Block",
    tone: "bad",
    explain: "The text is refused when submitted; the host is told which word to remove.",
  },
};

/** What each decision does to a disputed verification (the traveler's consent is already revoked). */
export const VERIFICATION_DECISION_EFFECTS: Partial<Record<ModerationDecision, string>> = {
  APPROVE: "Dismiss: the verification looks legitimate. The traveler's consent stays revoked until they give it again.",
  WARN: "Warn the organization: recorded against it in the audit log, for admins deciding whether to suspend it.",
};

/** The decision effects for a kind of target. */
export function decisionEffect(targetType: ModerationTargetType, decision: ModerationDecision): string | undefined {
  if (targetType === "VERIFICATION_EVENT") return VERIFICATION_DECISION_EFFECTS[decision];
  if (targetType === "ENROLLMENT_CASE") return ENROLLMENT_DECISION_EFFECTS[decision];
  return DECISION_EFFECTS[decision];
}

export type ReasonChip = { key: string; text: string; tone: "neutral" | "info" | "warn" | "bad" };

/** An item's reasons as short chips: submitted, reported ×N, keyword “term” (action). */
export function reasonChips(reasons: ModerationReason[], reportCount: number): ReasonChip[] {
  const chips: ReasonChip[] = [];
  if (reasons.some((r) => r.kind === "SUBMITTED"))
    chips.push({ key: "submitted", text: "Submitted for review", tone: "neutral" });
  if (reasons.some((r) => r.kind === "DISPUTED"))
    chips.push({ key: "disputed", text: "Traveler says “this wasn't me”", tone: "bad" });
  if (reportCount > 0) chips.push({ key: "reported", text: `Reported ×${reportCount}`, tone: "bad" });
  const seen = new Set<string>();
  for (const r of reasons) {
    if (r.kind !== "KEYWORD" || seen.has(r.term)) continue;
    seen.add(r.term);
    const info = KEYWORD_ACTION_INFO[r.action as KeywordAction];
    chips.push({
      key: `kw:${r.term}`,
      text: `Keyword “${r.term}” (${(info?.label ?? r.action).toLowerCase()})`,
      tone: r.action === "BLOCK" ? "bad" : r.action === "FLAG" ? "info" : "warn",
    });
  }
  return chips;
}

const relative = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
const absolute = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short" });

export function formatDateTime(date: Date): string {
  return absolute.format(date);
}

/** "5 minutes ago", "yesterday", "3 days ago". */
export function timeAgo(date: Date, now = Date.now()): string {
  const seconds = Math.round((date.getTime() - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return "just now";
  if (abs < 3600) return relative.format(Math.round(seconds / 60), "minute");
  if (abs < 86400) return relative.format(Math.round(seconds / 3600), "hour");
  if (abs < 86400 * 30) return relative.format(Math.round(seconds / 86400), "day");
  return absolute.format(date);
}

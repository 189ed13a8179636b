// The one place that says which kinds of target the moderation queue can judge, and who judges each.
// Imported once from the top (server/root.ts): the queue core reads the registry and never imports
// the domains, which import the queue.
import { registerTargetHandlers } from "./registry";
import { enrollmentModerationTarget } from "@/server/identity/moderation";
import { listingModerationTarget, promotionModerationTarget } from "@/server/listings/moderation";
import { verificationEventModerationTarget } from "@/server/verification/moderation";
import { messageModerationTarget } from "@/server/messages/moderation";
import { reviewModerationTarget, reviewReplyModerationTarget } from "@/server/reviews/moderation";
import { userModerationTarget } from "@/server/accounts/moderation";

registerTargetHandlers({
  LISTING: listingModerationTarget,
  PROMOTION: promotionModerationTarget,
  ENROLLMENT_CASE: enrollmentModerationTarget,
  VERIFICATION_EVENT: verificationEventModerationTarget,
  REVIEW: reviewModerationTarget,
  REVIEW_REPLY: reviewReplyModerationTarget,
  MESSAGE: messageModerationTarget,
  USER: userModerationTarget,
});

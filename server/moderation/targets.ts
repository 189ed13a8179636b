// The one place that says which kinds of target the moderation queue can judge, and who judges each.
// Resolved at call time (a function, not a table built at import), so domains may import the queue.
import type { ModerationTargetType } from "@/db/schema/values";
import { enrollmentModerationTarget } from "@/server/identity/moderation";
import { listingModerationTarget } from "@/server/listings/moderation";
import { verificationEventModerationTarget } from "@/server/verification/moderation";
import { messageModerationTarget } from "@/server/messages/moderation";
import { reviewModerationTarget } from "@/server/reviews/moderation";
import { userModerationTarget } from "@/server/accounts/moderation";
import type { TargetHandler } from "./queue";

export function targetHandler(type: ModerationTargetType): TargetHandler | undefined {
  switch (type) {
    case "LISTING":
      return listingModerationTarget;
    case "ENROLLMENT_CASE":
      return enrollmentModerationTarget;
    case "VERIFICATION_EVENT":
      return verificationEventModerationTarget;
    case "REVIEW":
      return reviewModerationTarget;
    case "MESSAGE":
      return messageModerationTarget;
    case "USER":
      return userModerationTarget;
    default:
      return undefined;
  }
}

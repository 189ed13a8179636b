// Where the scheduler's transitions would notify people. The notifications branch (notify(db, …) in
// server/notifications/) did not merge cleanly into this branch, so this is the one place to wire it:
// replace the body with `await notify(db, { … })` inside the same transaction once both are merged.
import type { Database } from "@/db/client";

export interface TimedTransitionNotice {
  /** e.g. "ORDER_EXPIRED", "ORDER_INQUIRY_CLOSED". */
  kind: string;
  /** Who should hear of it. */
  userIds: readonly string[];
  targetType: string;
  targetId: string;
}

export async function notifyTimedTransition(_db: Database, _notice: TimedTransitionNotice): Promise<void> {
  // NOTIFY-HOOK: intentionally empty until server/notifications is on this branch.
}

// The live stream of one user: new messages and changes of their orders, from the audit log. Each
// event's id is its place in the log (plus one), so a client that reconnects with the last id it
// saw (tRPC sends it as `lastEventId`) first receives everything for it it missed, then goes live.
import type { Database } from "@/db/client";
import type { LiveEvent } from "@/server/messages/views";
import { hubFor } from "./hub";
import { liveItemsBetween, type LiveItem } from "./resolve";

/** How far back a resumed stream looks (log entries, not only this user's). */
const MAX_CATCH_UP = 20_000;

/** How often an open stream checks that its session still holds. */
const RECHECK_MS = 30_000;

export interface StreamOptions {
  /** The kinds of event this stream carries (all when not given). */
  kinds?: readonly LiveEvent["kind"][];
  /**
   * Whether the session that opened the stream still holds (not signed out, banned, suspended or
   * ended by a password change). Asked every `recheckMs`; the stream ends when it says no, so a
   * revoked session stops hearing news within that time, not at the stream's maximum duration.
   */
  stillSignedIn?: () => Promise<boolean>;
  recheckMs?: number;
}

export async function* liveEventsFor(
  db: Database,
  userId: string,
  lastEventId: string | null | undefined,
  signal: AbortSignal | undefined,
  options: StreamOptions = {},
): AsyncGenerator<{ id: string; event: LiveEvent }> {
  const { kinds, stillSignedIn, recheckMs = RECHECK_MS } = options;
  const wanted = (item: LiveItem) => item.to.includes(userId) && (!kinds || kinds.includes(item.event.kind));
  const hub = await hubFor(db);
  const buffer: LiveItem[] = [];
  let wake: (() => void) | null = null;
  const off = hub.on(userId, (item) => {
    if (!wanted(item)) return;
    buffer.push(item);
    wake?.();
  });
  const onAbort = () => wake?.();
  signal?.addEventListener("abort", onAbort);
  try {
    const resumeFrom = lastEventId && /^\d{1,15}$/.test(lastEventId) ? Number(lastEventId) : null;
    let high = resumeFrom ?? hub.cursor;
    if (resumeFrom !== null) {
      // Everything sequenced after the id the client last saw, up to where the hub is now; what the
      // hub delivers from here on arrives through the buffer (and duplicates are dropped by id).
      const until = hub.cursor;
      let from = Math.max(resumeFrom, until - MAX_CATCH_UP);
      while (from < until && !signal?.aborted) {
        const to = Math.min(until, from + 1000);
        for (const item of await liveItemsBetween(db, from, to, 1000)) {
          if (!wanted(item)) continue;
          high = Math.max(high, item.id);
          yield { id: String(item.id), event: item.event };
        }
        from = to;
      }
      high = Math.max(high, until);
    }
    /** The kinds already yielded at `high`: everything there, for where the stream started. */
    let kindsAtHigh: Set<string> | "all" = "all";
    const sentMessages = new Set<string>();
    let checkAt = Date.now() + recheckMs;
    while (!signal?.aborted) {
      if (stillSignedIn && Date.now() >= checkAt) {
        if (!(await stillSignedIn())) return;
        checkAt = Date.now() + recheckMs;
      }
      const item = buffer.shift();
      if (!item) {
        let timer: ReturnType<typeof setTimeout> | undefined;
        await new Promise<void>((resolve) => {
          wake = resolve;
          if (stillSignedIn) timer = setTimeout(resolve, Math.max(0, checkAt - Date.now()));
        });
        clearTimeout(timer);
        wake = null;
        continue;
      }
      // Seen already, unless it is another kind of news from the same place in the log (a
      // transaction's notification shares the id of its last event).
      if (item.id < high || (item.id === high && (kindsAtHigh === "all" || kindsAtHigh.has(item.event.kind)))) continue;
      if (item.id > high || kindsAtHigh === "all") {
        high = item.id;
        kindsAtHigh = new Set();
      }
      kindsAtHigh.add(item.event.kind);
      // A held message is shown once, whether its sending or its approval is seen first.
      if (item.event.kind === "message") {
        if (sentMessages.has(item.event.message.id)) continue;
        sentMessages.add(item.event.message.id);
        if (sentMessages.size > 10_000) sentMessages.clear();
      }
      yield { id: String(item.id), event: item.event };
    }
  } finally {
    off();
    signal?.removeEventListener("abort", onAbort);
  }
}

// This process's fan-out of what is new to open streams. Nothing rides on business transactions:
// the audit sequencer sends one NOTIFY per batch (and tells this process directly), the hub reads
// the sequenced events above the last one it delivered and hands each to the streams of the people
// it concerns. Every server does the same from the same log, so any server delivers.
import type { Database } from "@/db/client";
import { AUDIT_CHANNEL, onSequenced, startSequencer } from "@/server/audit/sequencer";
import { liveItemsBetween, treeSize, type LiveItem } from "./resolve";

/** A missed NOTIFY (a listener reconnecting) costs at most this much delay. */
const POLL_MS = 1000;

type Listener = (item: LiveItem) => void;

export class Hub {
  private readonly byUser = new Map<string, Set<Listener>>();
  /** Leaves below this have been delivered. */
  cursor = 0;
  private pulling: Promise<void> | null = null;
  private again = false;

  constructor(private readonly db: Database) {}

  /** Reads and delivers what is new; calls that arrive meanwhile coalesce into one more pass. */
  pull(): Promise<void> {
    if (this.pulling) {
      this.again = true;
      return this.pulling;
    }
    this.pulling = (async () => {
      try {
        do {
          this.again = false;
          const size = await treeSize(this.db);
          while (this.cursor < size) {
            const to = Math.min(size, this.cursor + 1000);
            for (const item of await liveItemsBetween(this.db, this.cursor, to, 1000)) this.deliver(item);
            this.cursor = to;
          }
        } while (this.again);
      } finally {
        this.pulling = null;
      }
    })();
    return this.pulling;
  }

  private deliver(item: LiveItem) {
    for (const userId of new Set(item.to)) {
      for (const listener of this.byUser.get(userId) ?? []) listener(item);
    }
  }

  on(userId: string, listener: Listener): () => void {
    let set = this.byUser.get(userId);
    if (!set) this.byUser.set(userId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.byUser.delete(userId);
    };
  }

  get size(): number {
    let n = 0;
    for (const set of this.byUser.values()) n += set.size;
    return n;
  }
}

interface ListenClient {
  listen?(channel: string, cb: (payload: string) => void, ...rest: unknown[]): Promise<unknown>;
}

const hubs = new WeakMap<object, Promise<Hub>>();

/** This process's hub for a database: one LISTEN, one poll timer, the sequencer candidate started. */
export function hubFor(db: Database): Promise<Hub> {
  let hub = hubs.get(db);
  if (!hub) {
    hub = (async () => {
      const h = new Hub(db);
      h.cursor = await treeSize(db);
      const wake = () => void h.pull().catch(() => {});
      // Every process serving streams is a sequencer candidate (the server starts one anyway).
      try {
        startSequencer(db);
      } catch {
        // a database not opened by openDatabase(): sequenced elsewhere
      }
      onSequenced(wake);
      const client = (db as unknown as { $client?: ListenClient }).$client;
      // PGlite is one process: the in-process news above is all there is.
      if (client?.listen && typeof (client as { reserve?: unknown }).reserve === "function")
        await client.listen(AUDIT_CHANNEL, wake);
      setInterval(wake, POLL_MS).unref();
      return h;
    })();
    hub.catch(() => hubs.delete(db));
    hubs.set(db, hub);
  }
  return hub;
}

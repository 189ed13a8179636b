// Live delivery across application servers: a change is announced with PostgreSQL NOTIFY inside
// its own transaction (so only committed changes are announced, and every server hears them), and
// each process keeps ONE LISTEN connection that fans the announcements out to its subscribers.
// Nothing is shared in memory between processes: two servers both deliver.
import { and, asc, eq, gt, or, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { users } from "@/db/schema/accounts";
import { messages } from "@/db/schema/messages";
import { orders } from "@/db/schema/orders";
import type { LiveEvent, MessageView } from "./views";

export const LIVE_CHANNEL = "tessera_live";

/** What travels in a NOTIFY payload. */
interface Envelope {
  /** Who receives it: the order's traveler and host. */
  to: string[];
  event?: LiveEvent;
  /** A message too large for a payload: each server reads it once and fans it out. */
  messageId?: string;
}

/**
 * PostgreSQL refuses NOTIFY payloads of 8000 bytes or more, and every listener receives each one:
 * a message longer than this travels as its id, and each server reads it once.
 */
const MAX_PAYLOAD_BYTES = 4000;

/** Announces an event to the order's participants when (and only if) the transaction commits. */
export async function announce(db: Database, to: string[], event: LiveEvent): Promise<void> {
  let payload = JSON.stringify({ to, event } satisfies Envelope);
  if (Buffer.byteLength(payload) > MAX_PAYLOAD_BYTES && event.kind === "message") {
    payload = JSON.stringify({ to, messageId: event.message.id } satisfies Envelope);
  }
  await db.execute(sql`select pg_notify(${LIVE_CHANNEL}, ${payload})`);
}

type Listener = (event: LiveEvent) => void;

class Hub {
  private readonly byUser = new Map<string, Set<Listener>>();

  constructor(private readonly db: Database) {}

  async deliver(raw: string) {
    let envelope: Envelope;
    try {
      envelope = JSON.parse(raw) as Envelope;
    } catch {
      return;
    }
    let event = envelope.event;
    if (!event && envelope.messageId) {
      const [message] = await this.db
        .select(messageColumns)
        .from(messages)
        .innerJoin(users, eq(users.id, messages.senderId))
        .where(eq(messages.id, envelope.messageId))
        .limit(1);
      if (message) event = { kind: "message", orderId: message.orderId, message };
    }
    if (!event) return;
    if (event.kind === "message") event.message.createdAt = new Date(event.message.createdAt);
    for (const userId of envelope.to) {
      for (const listener of this.byUser.get(userId) ?? []) listener(event);
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
  listen(channel: string, cb: (payload: string) => void, ...rest: unknown[]): Promise<unknown>;
}

const hubs = new WeakMap<object, Promise<Hub>>();

/** This process's hub for a database (one LISTEN connection, opened on first use). */
export function hubFor(db: Database): Promise<Hub> {
  const client = (db as unknown as { $client?: ListenClient }).$client;
  if (!client || typeof client.listen !== "function") throw new Error("This database client cannot LISTEN.");
  let hub = hubs.get(client);
  if (!hub) {
    hub = (async () => {
      const h = new Hub(db);
      await client.listen(LIVE_CHANNEL, (payload: string) => void h.deliver(payload).catch(() => {}));
      return h;
    })();
    hub.catch(() => hubs.delete(client));
    hubs.set(client, hub);
  }
  return hub;
}

/** A message as the thread shows it. */
export const messageColumns = {
  id: messages.id,
  seq: messages.seq,
  orderId: messages.orderId,
  senderId: messages.senderId,
  senderName: users.displayName,
  body: messages.body,
  status: messages.status,
  createdAt: messages.createdAt,
};

/** The highest message id in the system (where a fresh stream starts). */
async function maxSeq(db: Database): Promise<number> {
  const [row] = await db.select({ max: sql<string | null>`max(${messages.seq})` }).from(messages);
  return Number(row?.max ?? 0);
}

/**
 * The live stream of one user: new messages and status changes of their orders. Each event
 * carries the id of the last message it accounts for, so a client that reconnects with that id
 * (tRPC sends it as `lastEventId`) first receives every visible message it missed.
 */
export async function* liveEventsFor(
  db: Database,
  userId: string,
  lastEventId: string | null | undefined,
  signal: AbortSignal | undefined,
): AsyncGenerator<{ id: string; event: LiveEvent }> {
  const hub = await hubFor(db);
  const buffer: LiveEvent[] = [];
  let wake: (() => void) | null = null;
  const off = hub.on(userId, (event) => {
    buffer.push(event);
    wake?.();
  });
  const onAbort = () => wake?.();
  signal?.addEventListener("abort", onAbort);
  try {
    const resumeFrom = lastEventId && /^\d{1,18}$/.test(lastEventId) ? Number(lastEventId) : null;
    let high = resumeFrom ?? (await maxSeq(db));
    const seen = new Set<number>();
    if (resumeFrom !== null) {
      const missed: MessageView[] = await db
        .select(messageColumns)
        .from(messages)
        .innerJoin(orders, eq(orders.id, messages.orderId))
        .innerJoin(users, eq(users.id, messages.senderId))
        .where(
          and(
            gt(messages.seq, resumeFrom),
            eq(messages.status, "VISIBLE"),
            or(eq(orders.travelerId, userId), eq(orders.hostId, userId)),
          ),
        )
        .orderBy(asc(messages.seq))
        .limit(500);
      for (const message of missed) {
        high = Math.max(high, message.seq);
        seen.add(message.seq);
        yield { id: String(message.seq), event: { kind: "message", orderId: message.orderId, message } };
      }
    }
    while (!signal?.aborted) {
      const event = buffer.shift();
      if (!event) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = null;
        continue;
      }
      if (event.kind === "message") {
        // Already sent by the catch-up above, or twice by the database (never, but cheap to refuse).
        if ((resumeFrom !== null && event.message.seq <= resumeFrom) || seen.has(event.message.seq)) continue;
        seen.add(event.message.seq);
        if (seen.size > 10_000) seen.clear();
        high = Math.max(high, event.message.seq);
      }
      yield { id: String(high), event };
    }
  } finally {
    off();
    signal?.removeEventListener("abort", onAbort);
  }
}

// The sequencer: gives audit events their place in the log, afterwards and in batches. Exactly one
// runs at a time across servers and worker processes: every process is a candidate, the one holding
// a session-level advisory lock on its own connection leads, the others retry every second (a dead
// leader's connection closes, its lock with it). A batch takes the events whose transactions have
// all finished (xid below the snapshot's xmin), in (xid, insertion) order, appends their leaf hashes
// to the Merkle tree and signs a checkpoint, all in one transaction. A long transaction delays this,
// never a write. After each batch one NOTIFY tells every server's live hub what is new.
import "server-only";
import { and, asc, desc, eq, gt, lt, or, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { databaseOrigin, rowsOf } from "@/db/client";
import { auditCheckpoints, auditEvents, auditLogLeaves, auditLogNodes } from "@/db/schema/audit";
import { env } from "@/server/env";
import { leafData } from "./canonical";
import { signCheckpoint } from "./checkpoint";
import { getAuditKeyring, type AuditKeyring } from "./keys";
import { Frontier, leafHash } from "./merkle";

/** The leader's session lock. */
const SEQUENCER_LOCK_KEY = 0x7e55_a0d2;
/**
 * A transaction lock around each batch, on another key: a batch run from elsewhere (a test, a
 * script) waits for the leader's batch, not for the leader's whole session.
 */
const BATCH_LOCK_KEY = 0x7e55_a0d3;
export const AUDIT_CHANNEL = "tessera_audit";
export const MAX_BATCH = 500;
export const BATCH_INTERVAL_MS = 100;
const STANDBY_RETRY_MS = 1000;

/** The log's name in its checkpoints (C2SP origin) and the checkpoint key's name. */
export function auditOrigin(appUrl: string = env.APP_URL): string {
  return `${new URL(appUrl).host}/tessera-audit`;
}

const hex = (b: Buffer) => b.toString("hex");

/** The current tree: its size, last leaf's (xid, insertion number), and its right edge. */
async function loadTree(tx: Database) {
  const [last] = await tx
    .select({ logIndex: auditLogLeaves.logIndex, xid: auditLogLeaves.eventXid, seq: auditLogLeaves.eventSeq })
    .from(auditLogLeaves)
    .orderBy(desc(auditLogLeaves.logIndex))
    .limit(1);
  const size = last ? last.logIndex + 1 : 0;
  const edge = Frontier.edge(size);
  const nodes = edge.length
    ? await tx
        .select()
        .from(auditLogNodes)
        .where(or(...edge.map((e) => and(eq(auditLogNodes.level, e.level), eq(auditLogNodes.nodeIndex, e.index)))))
    : [];
  const byKey = new Map(nodes.map((n) => [`${n.level}:${n.nodeIndex}`, Buffer.from(n.hash, "hex")]));
  const stack = edge.map((e) => {
    const hash = byKey.get(`${e.level}:${e.index}`);
    if (!hash) throw new Error(`audit tree node (${e.level}, ${e.index}) is missing`);
    return { level: e.level, hash };
  });
  return { frontier: new Frontier(size, stack), last };
}

/**
 * One batch: returns how many events it sequenced. Its writes are one statement; inside a
 * transaction (tests, scripts) the transaction-level lock also makes a second caller wait.
 */
export async function sequenceBatch(
  tx: Database,
  keyring: AuditKeyring,
  options: { maxBatch?: number; origin?: string; notify?: boolean } = {},
): Promise<{ sequenced: number; treeSize: number; backendPid: number }> {
  await tx.execute(sql`select pg_advisory_xact_lock(${BATCH_LOCK_KEY})`);
  const [horizon] = rowsOf<{ xmin: string; pid: number }>(
    await tx.execute(sql`select pg_snapshot_xmin(pg_current_snapshot())::text as xmin, pg_backend_pid() as pid`),
  );
  const { frontier, last } = await loadTree(tx);
  const pending = await tx
    .select()
    .from(auditEvents)
    .where(
      and(
        lt(auditEvents.xid, sql`${horizon!.xmin}::xid8`),
        last
          ? or(
              gt(auditEvents.xid, sql`${last.xid}::xid8`),
              and(eq(auditEvents.xid, sql`${last.xid}::xid8`), gt(auditEvents.seq, last.seq)),
            )
          : undefined,
      ),
    )
    .orderBy(asc(auditEvents.xid), asc(auditEvents.seq))
    .limit(options.maxBatch ?? MAX_BATCH);
  if (pending.length === 0) return { sequenced: 0, treeSize: frontier.size, backendPid: Number(horizon!.pid) };

  const now = new Date();
  const leaves: (typeof auditLogLeaves.$inferInsert)[] = [];
  const nodes: (typeof auditLogNodes.$inferInsert)[] = [];
  for (const event of pending) {
    const hash = leafHash(leafData(event));
    leaves.push({
      logIndex: frontier.size,
      eventId: event.id,
      eventCreatedAt: event.createdAt,
      eventXid: event.xid,
      eventSeq: event.seq,
      leafHash: hex(hash),
      sequencedAt: now,
    });
    for (const n of frontier.append(hash)) nodes.push({ level: n.level, nodeIndex: n.index, hash: hex(n.hash) });
  }
  const origin = options.origin ?? auditOrigin();
  const root = frontier.root();
  const note = signCheckpoint(
    { origin, size: frontier.size, root, time: now },
    origin,
    keyring.signer.publicKey,
    keyring.signer.sign,
  );
  // One statement writes the whole batch (leaves, nodes, checkpoint, and the NOTIFY): atomic without
  // an explicit transaction, one round trip, and a second writer's batch fails whole on the keys.
  const stamp = now.toISOString();
  const leafRows = sql.join(
    leaves.map(
      (l) =>
        sql`(${l.logIndex}, ${l.eventId}::uuid, ${l.eventCreatedAt.toISOString()}::timestamptz, ${l.eventXid}::xid8, ${l.eventSeq}, ${l.leafHash}, ${stamp}::timestamptz)`,
    ),
    sql`, `,
  );
  const nodeRows = sql.join(
    nodes.map((n) => sql`(${n.level}::smallint, ${n.nodeIndex}, ${n.hash})`),
    sql`, `,
  );
  const notify = options.notify ?? false;
  await tx.execute(sql`
    with leaves as (
      insert into audit_log_leaves (log_index, event_id, event_created_at, event_xid, event_seq, leaf_hash, sequenced_at)
      values ${leafRows} returning 1
    ), nodes as (
      insert into audit_log_nodes (level, node_index, hash) values ${nodeRows} returning 1
    ), checkpoint as (
      insert into audit_checkpoints (tree_size, root_hash, created_at, kid, note)
      values (${frontier.size}, ${hex(root)}, ${stamp}::timestamptz, ${keyring.signer.kid}, ${note})
      returning tree_size
    )
    select (select count(*) from leaves) as leaves, (select count(*) from nodes) as nodes,
      ${notify ? sql`pg_notify(${AUDIT_CHANNEL}, tree_size::text)` : sql`null`} as notified
    from checkpoint`);
  return { sequenced: pending.length, treeSize: frontier.size, backendPid: Number(horizon!.pid) };
}

/** Creates this month's and the next two months' partitions of audit_events when missing. */
export async function ensureAuditPartitions(db: Database, now = new Date()) {
  for (let ahead = 0; ahead <= 2; ahead++) {
    const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + ahead, 1));
    await db.execute(sql`select audit_events_ensure_partition(${month.toISOString().slice(0, 10)}::date)`);
  }
}

/** Runs batches until nothing is pending (tests, scripts); returns the tree size. */
export async function sequenceAll(db: Database, keyring?: AuditKeyring): Promise<number> {
  const keys = keyring ?? (await getAuditKeyring());
  for (;;) {
    const { sequenced, treeSize } = await db.transaction((tx) => sequenceBatch(tx as unknown as Database, keys));
    if (sequenced < MAX_BATCH) return treeSize;
  }
}

type Listener = (treeSize: number) => void;
// Process-wide (on globalThis): Next may load this module once per bundle.
const shared = globalThis as unknown as { __tesseraSequenced?: Set<Listener>; __tesseraSequencers?: WeakMap<object, Sequencer> };
const localListeners = (shared.__tesseraSequenced ??= new Set<Listener>());

/** In-process news of each batch (the live hub uses it; on PGlite there is no other process). */
export function onSequenced(listener: Listener): () => void {
  localListeners.add(listener);
  return () => localListeners.delete(listener);
}

export interface SequencerOptions {
  /** The app's database (PGlite: the sequencer uses it directly, one process). */
  db: Database;
  kind: "postgres" | "pglite";
  /** PostgreSQL: the URL for the sequencer's own connection, which holds the leadership lock. */
  url?: string;
  intervalMs?: number;
  log?: (message: string) => void;
}

export class Sequencer {
  private running = false;
  private leaderPid: number | null = null;
  private own: { db: Database; close: () => Promise<void> } | null = null;
  private timer: NodeJS.Timeout | null = null;
  private loop: Promise<void> | null = null;
  private lastPartitionCheck = 0;
  batches = 0;

  constructor(private readonly options: SequencerOptions) {}

  get isLeader(): boolean {
    return this.options.kind === "pglite" ? this.running : this.leaderPid !== null;
  }

  start() {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop() {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.wake?.();
    await this.loop?.catch(() => {});
    await this.own?.close().catch(() => {});
    this.own = null;
    this.leaderPid = null;
  }

  private wake: (() => void) | null = null;
  private sleep(ms: number) {
    return new Promise<void>((resolve) => {
      this.wake = resolve;
      this.timer = setTimeout(resolve, ms);
      this.timer.unref?.();
    });
  }

  /** PostgreSQL: the dedicated connection, and whether this process leads. */
  private async lead(): Promise<Database | null> {
    if (this.options.kind === "pglite") return this.options.db;
    if (this.leaderPid !== null && this.own) return this.own.db;
    if (!this.own) {
      const { default: postgres } = await import("postgres");
      const { drizzle } = await import("drizzle-orm/postgres-js");
      const client = postgres(this.options.url!, {
        max: 1,
        onnotice: () => {},
        connect_timeout: 10,
        idle_timeout: 0,
        // Operators (and the fault tests) see which process leads in pg_stat_activity.
        connection: { application_name: `tessera-audit-sequencer ${process.pid}` },
      });
      this.own = { db: drizzle(client) as unknown as Database, close: () => client.end({ timeout: 0 }) };
    }
    const db = this.own.db;
    const [row] = rowsOf<{ pid: number; locked: boolean }>(
      await db.execute(sql`select pg_backend_pid() as pid, pg_try_advisory_lock(${SEQUENCER_LOCK_KEY}) as locked`),
    );
    if (!row?.locked) {
      this.leaderPid = null;
      return null;
    }
    this.options.log?.(`audit sequencer: leading (backend ${row.pid})`);
    this.leaderPid = row.pid;
    return db;
  }

  private async run() {
    const keyring = await getAuditKeyring();
    while (this.running) {
      let full = false;
      try {
        const db = await this.lead();
        if (!db) {
          await this.sleep(STANDBY_RETRY_MS);
          continue;
        }
        if (Date.now() - this.lastPartitionCheck > 3_600_000) {
          await ensureAuditPartitions(db);
          this.lastPartitionCheck = Date.now();
        }
        // No explicit transaction: a connection killed between BEGIN and COMMIT can leave
        // postgres.js writing to a closed socket, and the batch's writes are one statement anyway.
        const batch = sequenceBatch(db, keyring, { notify: this.options.kind === "postgres" });
        // A batch whose connection died can leave its promise unsettled: give up on it and start over.
        const result = await Promise.race([batch, timeout(BATCH_TIMEOUT_MS)]);
        // postgres.js reconnects silently after an idle connection is dropped: a new backend does
        // not hold the session lock, so step down and compete again (the keys kept the batch safe).
        if (this.leaderPid !== null && result.backendPid !== this.leaderPid)
          throw new Error("the sequencer's connection was replaced");
        if (result.sequenced > 0) {
          this.batches += 1;
          for (const l of localListeners) l(result.treeSize);
        }
        full = result.sequenced >= MAX_BATCH;
      } catch (err) {
        this.leaderPid = null;
        if (this.running) this.options.log?.(`audit sequencer: ${(err as Error).message}`);
        // Never reuse a connection that failed: the next attempt opens a fresh one (and competes for the lock anew).
        const broken = this.own;
        this.own = null;
        void broken?.close().catch(() => {});
        await this.sleep(STANDBY_RETRY_MS);
        continue;
      }
      if (!full) await this.sleep(this.options.intervalMs ?? BATCH_INTERVAL_MS);
    }
  }
}

const BATCH_TIMEOUT_MS = 15_000;
function timeout(ms: number): Promise<never> {
  return new Promise((_, reject) => setTimeout(() => reject(new Error(`a batch took over ${ms} ms`)), ms).unref?.());
}

const started = (shared.__tesseraSequencers ??= new WeakMap<object, Sequencer>());

/**
 * Starts this process's sequencer candidate for a database once: the server at start-up, and the
 * live hub (tests open their own databases). Every process is a candidate; one leads.
 */
export function startSequencer(db: Database): Sequencer {
  let s = started.get(db);
  if (!s) {
    const origin = databaseOrigin(db);
    if (!origin) throw new Error("The audit sequencer needs a database opened by openDatabase().");
    s = new Sequencer({
      db,
      kind: origin.kind,
      url: origin.url,
      log: env.NODE_ENV === "test" ? undefined : (m) => console.log(m),
    });
    started.set(db, s);
    s.start();
  }
  return s;
}

/** Stops the sequencer started for a database (tests, before closing it). */
export async function stopSequencer(db: Database) {
  const s = started.get(db);
  started.delete(db);
  await s?.stop();
}

/** The sequencer's view for the admin page: the newest checkpoint, what waits, and how long. */
export async function sequencerStatus(db: Database) {
  const [checkpoint] = await db.select().from(auditCheckpoints).orderBy(desc(auditCheckpoints.treeSize)).limit(1);
  const [pending] = rowsOf<{ count: number; oldest: string | null }>(
    await db.execute(sql`
      select count(*)::int as count, min(e.created_at)::text as oldest
      from ${auditEvents} e
      where not exists (select 1 from ${auditLogLeaves} l where l.event_id = e.id)
        and e.created_at > now() - interval '7 days'`),
  );
  const [lag] = rowsOf<{ p99: number | null }>(
    await db.execute(sql`
      select (percentile_cont(0.99) within group (order by extract(epoch from (sequenced_at - event_created_at))))::float8 * 1000 as p99
      from ${auditLogLeaves} where sequenced_at > now() - interval '5 minutes'`),
  );
  return {
    checkpoint: checkpoint
      ? { treeSize: checkpoint.treeSize, rootHash: checkpoint.rootHash, createdAt: checkpoint.createdAt, kid: checkpoint.kid }
      : null,
    pending: pending?.count ?? 0,
    oldestPendingAt: pending?.oldest ? new Date(pending.oldest) : null,
    lagP99Ms: lag?.p99 != null ? Math.round(Number(lag.p99)) : null,
  };
}

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

/** One session lock for leadership, the same number as a transaction lock around each batch. */
const SEQUENCER_LOCK_KEY = 0x7e55_a0d2;
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
 * One batch, inside the caller's transaction: returns how many events it sequenced. Safe to call
 * from anywhere: the transaction-level lock makes a second caller wait for the first to commit.
 */
export async function sequenceBatch(
  tx: Database,
  keyring: AuditKeyring,
  options: { maxBatch?: number; origin?: string } = {},
): Promise<{ sequenced: number; treeSize: number }> {
  await tx.execute(sql`select pg_advisory_xact_lock(${SEQUENCER_LOCK_KEY})`);
  const [horizon] = rowsOf<{ xmin: string }>(await tx.execute(sql`select pg_snapshot_xmin(pg_current_snapshot())::text as xmin`));
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
  if (pending.length === 0) return { sequenced: 0, treeSize: frontier.size };

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
  await tx.insert(auditLogLeaves).values(leaves);
  for (let i = 0; i < nodes.length; i += 1000) await tx.insert(auditLogNodes).values(nodes.slice(i, i + 1000));
  const origin = options.origin ?? auditOrigin();
  const root = frontier.root();
  const note = signCheckpoint(
    { origin, size: frontier.size, root, time: now },
    origin,
    keyring.signer.publicKey,
    keyring.signer.sign,
  );
  await tx
    .insert(auditCheckpoints)
    .values({ treeSize: frontier.size, rootHash: hex(root), createdAt: now, kid: keyring.signer.kid, note });
  return { sequenced: pending.length, treeSize: frontier.size };
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
      const client = postgres(this.options.url!, { max: 1, onnotice: () => {}, connect_timeout: 10, idle_timeout: 0 });
      this.own = { db: drizzle(client) as unknown as Database, close: () => client.end({ timeout: 2 }) };
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
        const pid = this.leaderPid;
        const result = await db.transaction(async (txRaw) => {
          const tx = txRaw as unknown as Database;
          if (pid !== null) {
            // A connection postgres.js silently replaced has lost the session lock: step down.
            const [now] = rowsOf<{ pid: number }>(await tx.execute(sql`select pg_backend_pid() as pid`));
            if (now?.pid !== pid) throw new LostLeadership();
          }
          const out = await sequenceBatch(tx, keyring);
          if (out.sequenced > 0 && this.options.kind === "postgres")
            await tx.execute(sql`select pg_notify(${AUDIT_CHANNEL}, ${String(out.treeSize)})`);
          return out;
        });
        if (result.sequenced > 0) {
          this.batches += 1;
          for (const l of localListeners) l(result.treeSize);
        }
        full = result.sequenced >= MAX_BATCH;
      } catch (err) {
        this.leaderPid = null;
        if (!(err instanceof LostLeadership) && this.running) this.options.log?.(`audit sequencer: ${(err as Error).message}`);
        await this.sleep(STANDBY_RETRY_MS);
        continue;
      }
      if (!full) await this.sleep(this.options.intervalMs ?? BATCH_INTERVAL_MS);
    }
  }
}

class LostLeadership extends Error {}

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

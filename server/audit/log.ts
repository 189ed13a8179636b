// The audit write and its hash chain. Each event's hash is SHA-256 over the previous hash and the
// event's canonical JSON, in a sequence order assigned under a transaction-scoped advisory lock.
import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { asc, desc, gt, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { auditEvents, type AuditEvent } from "@/db/schema/audit";

export const GENESIS_HASH = "0".repeat(64);
/** Advisory lock key that serialises sequence assignment ("TESSERA_AUDIT" folded into an int). */
const AUDIT_LOCK_KEY = 0x7e55_a0d1;

export type AuditActorType = AuditEvent["actorType"];

export interface AuditEntry {
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  changes?: Record<string, unknown> | null;
  /** Overrides the request's actor, e.g. a signup recorded as the new user. */
  actor?: Partial<Pick<AuditActor, "actorType" | "actorId" | "actorRole">>;
}

/** Records an event in the current call's transaction (see `audited` in server/trpc.ts). */
export type AuditFn = (entry: AuditEntry) => void;

export interface AuditActor {
  actorType: AuditActorType;
  actorId: string | null;
  actorRole: string | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

/** JSON with keys sorted at every depth, so the same event always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

type HashedFields = Omit<AuditEvent, "hash" | "prevHash">;

export function hashEvent(prevHash: string, event: HashedFields): string {
  const body = canonicalJson({
    id: event.id,
    seq: event.seq,
    createdAt: event.createdAt,
    actorType: event.actorType,
    actorId: event.actorId,
    actorRole: event.actorRole,
    action: event.action,
    targetType: event.targetType,
    targetId: event.targetId,
    changes: event.changes,
    ip: event.ip,
    userAgent: event.userAgent,
    requestId: event.requestId,
  });
  return createHash("sha256").update(prevHash).update("\n").update(body).digest("hex");
}

/**
 * Appends events to the chain. Runs inside the caller's transaction when given one (so the events
 * commit or roll back with the change they record); otherwise opens its own.
 */
export async function appendAuditEvents(
  db: Database,
  actor: AuditActor,
  entries: readonly AuditEntry[],
  options: { inTransaction?: boolean } = {},
): Promise<AuditEvent[]> {
  if (entries.length === 0) return [];
  const write = async (tx: Database) => {
    // Held until commit: the next writer reads our last hash only after we are durable.
    await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`);
    const [last] = await tx
      .select({ seq: auditEvents.seq, hash: auditEvents.hash })
      .from(auditEvents)
      .orderBy(desc(auditEvents.seq))
      .limit(1);
    let prevHash = last?.hash ?? GENESIS_HASH;
    let seq = last?.seq ?? 0;
    const now = new Date();
    const rows: AuditEvent[] = entries.map((entry) => {
      seq += 1;
      const fields: HashedFields = {
        id: randomUUID(),
        seq,
        createdAt: now,
        actorType: entry.actor?.actorType ?? actor.actorType,
        actorId: entry.actor?.actorId !== undefined ? entry.actor.actorId : actor.actorId,
        actorRole: entry.actor?.actorRole !== undefined ? entry.actor.actorRole : actor.actorRole,
        action: entry.action,
        targetType: entry.targetType ?? null,
        targetId: entry.targetId ?? null,
        changes: (entry.changes ?? null) as AuditEvent["changes"],
        ip: actor.ip,
        userAgent: actor.userAgent,
        requestId: actor.requestId,
      };
      const hash = hashEvent(prevHash, fields);
      const row = { ...fields, prevHash, hash };
      prevHash = hash;
      return row;
    });
    await tx.insert(auditEvents).values(rows);
    return rows;
  };
  if (options.inTransaction) return write(db);
  return db.transaction((tx) => write(tx as unknown as Database));
}

/** The before/after of the fields that differ between two records. */
export function diff<T extends Record<string, unknown>>(
  before: T,
  after: Partial<T>,
): Record<string, { before: unknown; after: unknown }> {
  const changes: Record<string, { before: unknown; after: unknown }> = {};
  for (const [key, value] of Object.entries(after)) {
    if (value === undefined) continue;
    const old = before[key];
    const same =
      old instanceof Date && value instanceof Date
        ? old.getTime() === value.getTime()
        : canonicalJson(old) === canonicalJson(value);
    if (!same) changes[key] = { before: old ?? null, after: value };
  }
  return changes;
}

export type ChainVerdict =
  { ok: true; checked: number } | { ok: false; checked: number; brokenAt: { seq: number; id: string; reason: string } };

/** Walks the chain in sequence order and names the first broken link. */
export async function verifyAuditChain(db: Database, batchSize = 1000): Promise<ChainVerdict> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let checked = 0;
  for (;;) {
    const batch = await db
      .select()
      .from(auditEvents)
      .where(gt(auditEvents.seq, expectedSeq - 1))
      .orderBy(asc(auditEvents.seq))
      .limit(batchSize);
    if (batch.length === 0) return { ok: true, checked };
    for (const row of batch) {
      const broken = (reason: string): ChainVerdict => ({
        ok: false,
        checked,
        brokenAt: { seq: row.seq, id: row.id, reason },
      });
      if (row.seq !== expectedSeq) return broken(`sequence gap: expected ${expectedSeq}, found ${row.seq}`);
      if (row.prevHash !== prevHash) return broken("previous-hash link does not match the event before it");
      const { hash: _hash, prevHash: _prev, ...fields } = row;
      if (hashEvent(prevHash, fields) !== row.hash) return broken("event contents do not match its hash");
      prevHash = row.hash;
      expectedSeq += 1;
      checked += 1;
    }
  }
}

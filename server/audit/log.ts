// The audit write. Events are inserted in the caller's transaction with no shared lock, no
// position and no hash: the writing transaction's id (the column's default, pg_current_xact_id())
// is all the sequencer (sequencer.ts) needs to order them once that transaction has finished.
import "server-only";
import { randomUUID } from "node:crypto";
import type { Database } from "@/db/client";
import { auditEvents, type AuditEvent } from "@/db/schema/audit";
import { canonicalJson } from "./canonical";

export { canonicalJson } from "./canonical";

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

/**
 * Appends events. Runs inside the caller's transaction when given one (so the events commit or
 * roll back with the change they record); otherwise the insert is its own statement. Nothing here
 * waits for another writer: ordering happens later, in the sequencer.
 */
export async function appendAuditEvents(
  db: Database,
  actor: AuditActor,
  entries: readonly AuditEntry[],
  // Kept for callers: inside or outside a transaction, the write is the same single INSERT.
  _options: { inTransaction?: boolean } = {},
): Promise<AuditEvent[]> {
  if (entries.length === 0) return [];
  const now = new Date();
  const rows = entries.map((entry) => ({
    id: randomUUID(),
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
  }));
  // One multi-row INSERT is one statement: atomic on its own, so no transaction is opened for it.
  return db.insert(auditEvents).values(rows).returning();
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

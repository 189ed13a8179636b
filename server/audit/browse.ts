// The admin audit log view: filters by actor, action, target and time, newest first.
import { and, desc, eq, gte, lte, lt, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { auditEvents } from "@/db/schema/audit";
import { users } from "@/db/schema/accounts";

export interface AuditFilter {
  actorId?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  from?: Date;
  to?: Date;
  /** seq of the last event on the previous page */
  cursor?: number | null;
  limit: number;
}

export async function browseAudit(db: Database, f: AuditFilter) {
  const rows = await db
    .select({
      id: auditEvents.id,
      seq: auditEvents.seq,
      createdAt: auditEvents.createdAt,
      actorType: auditEvents.actorType,
      actorId: auditEvents.actorId,
      actorRole: auditEvents.actorRole,
      actorName: users.displayName,
      action: auditEvents.action,
      targetType: auditEvents.targetType,
      targetId: auditEvents.targetId,
      changes: auditEvents.changes,
      ip: auditEvents.ip,
      requestId: auditEvents.requestId,
    })
    .from(auditEvents)
    .leftJoin(users, sql`${users.id}::text = ${auditEvents.actorId}`)
    .where(
      and(
        f.actorId ? eq(auditEvents.actorId, f.actorId) : undefined,
        f.action ? eq(auditEvents.action, f.action) : undefined,
        f.targetType ? eq(auditEvents.targetType, f.targetType) : undefined,
        f.targetId ? eq(auditEvents.targetId, f.targetId) : undefined,
        f.from ? gte(auditEvents.createdAt, f.from) : undefined,
        f.to ? lte(auditEvents.createdAt, f.to) : undefined,
        f.cursor ? lt(auditEvents.seq, f.cursor) : undefined,
      ),
    )
    .orderBy(desc(auditEvents.seq))
    .limit(f.limit + 1);
  const items = rows.slice(0, f.limit);
  return { items, nextCursor: rows.length > f.limit ? items[items.length - 1]!.seq : null };
}

export async function auditActions(db: Database): Promise<string[]> {
  const rows = await db.selectDistinct({ action: auditEvents.action }).from(auditEvents).orderBy(auditEvents.action);
  return rows.map((r) => r.action);
}

/** Events per day over the last `days` days (for the dashboard chart). */
export async function auditDaily(db: Database, days = 14) {
  const since = new Date(Date.now() - days * 86_400_000);
  const rows = await db
    .select({
      day: sql<string>`to_char(date_trunc('day', ${auditEvents.createdAt} at time zone 'UTC'), 'YYYY-MM-DD')`,
      count: sql<number>`count(*)::int`,
    })
    .from(auditEvents)
    .where(gte(auditEvents.createdAt, since))
    .groupBy(sql`1`)
    .orderBy(sql`1`);
  return rows;
}

// The admin audit log view: filters by actor, action, target and time, newest first.
import { and, desc, eq, gte, lte, lt, or, sql, type SQL } from "drizzle-orm";
import type { Database } from "@/db/client";
import { auditEvents, auditLogLeaves } from "@/db/schema/audit";
import { users } from "@/db/schema/accounts";
import { takePage } from "@/server/pagination";
import { districts } from "@/db/schema/geography";
import { listings } from "@/db/schema/listings";
import { organizations } from "@/db/schema/verification";
import type { Subject } from "@/server/policy/subject";

/**
 * `admin.scope` for reading the log: an ADMIN sees the events whose actor, or whose target (a user,
 * a listing, a district), belongs to a district of their region, and those about an organization
 * they govern (of their region or serving it); a SUPER_ADMIN sees all.
 */
export function auditScope(viewer: Pick<Subject, "role" | "regionId">): SQL | undefined {
  if (viewer.role === "SUPER_ADMIN") return undefined;
  if (viewer.role !== "ADMIN" || !viewer.regionId) return sql`false`;
  const region = viewer.regionId;
  const inRegion = (districtId: SQL) =>
    sql`exists (select 1 from ${districts} where ${districts.id} = ${districtId} and ${districts.regionId} = ${region})`;
  return or(
    sql`exists (select 1 from ${users} where ${users.id}::text = ${auditEvents.actorId} and ${inRegion(sql`${users.districtId}`)})`,
    sql`(${auditEvents.targetType} = 'user' and exists (select 1 from ${users} where ${users.id}::text = ${auditEvents.targetId} and ${inRegion(sql`${users.districtId}`)}))`,
    sql`(${auditEvents.targetType} = 'listing' and exists (select 1 from ${listings} where ${listings.id}::text = ${auditEvents.targetId} and ${inRegion(sql`${listings.districtId}`)}))`,
    sql`(${auditEvents.targetType} = 'district' and exists (select 1 from ${districts} where ${districts.id}::text = ${auditEvents.targetId} and ${districts.regionId} = ${region}))`,
    sql`(${auditEvents.targetType} = 'organization' and exists (select 1 from ${organizations} where ${organizations.id}::text = ${auditEvents.targetId} and (${organizations.regionId} = ${region} or ${region}::uuid = any(${organizations.servedRegionIds}))))`,
  );
}

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

export async function browseAudit(db: Database, viewer: Pick<Subject, "role" | "regionId">, f: AuditFilter) {
  const rows = await db
    .select({
      id: auditEvents.id,
      seq: auditEvents.seq,
      logIndex: auditLogLeaves.logIndex,
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
    // Shown at once, sequenced or not: a pending event has no log index yet.
    .leftJoin(auditLogLeaves, eq(auditLogLeaves.eventId, auditEvents.id))
    .where(
      and(
        auditScope(viewer),
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
  return takePage(rows, f.limit, (last) => last.seq);
}

export async function auditActions(db: Database, viewer: Pick<Subject, "role" | "regionId">): Promise<string[]> {
  const rows = await db
    .selectDistinct({ action: auditEvents.action })
    .from(auditEvents)
    .where(auditScope(viewer))
    .orderBy(auditEvents.action);
  return rows.map((r) => r.action);
}

/** Events per day over the last `days` days (for the dashboard chart). */
export async function auditDaily(db: Database, viewer: Pick<Subject, "role" | "regionId">, days = 14) {
  const since = new Date(Date.now() - days * 86_400_000);
  const rows = await db
    .select({
      day: sql<string>`to_char(date_trunc('day', ${auditEvents.createdAt} at time zone 'UTC'), 'YYYY-MM-DD')`,
      count: sql<number>`count(*)::int`,
    })
    .from(auditEvents)
    .where(and(auditScope(viewer), gte(auditEvents.createdAt, since)))
    .groupBy(sql`1`)
    .orderBy(sql`1`);
  return rows;
}

// What the audit log sends out to admins.
import { z } from "zod";
import { AUDIT_ACTOR_TYPES } from "@/db/schema/audit";

export const auditEventView = z.object({
  id: z.string().uuid(),
  seq: z.number().int(),
  /** The event's place in the signed log, or null while it is not sequenced yet. */
  logIndex: z.number().int().nullable(),
  createdAt: z.date(),
  actorType: z.enum(AUDIT_ACTOR_TYPES),
  actorId: z.string().nullable(),
  actorRole: z.string().nullable(),
  actorName: z.string().nullable(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  changes: z.record(z.string(), z.unknown()).nullable(),
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
});

export const auditPageView = z.object({ items: z.array(auditEventView), nextCursor: z.number().int().nullable() });

export const auditDayView = z.object({ day: z.string(), count: z.number().int() });

export const auditStatusView = z.object({
  checkpoint: z.object({ treeSize: z.number().int(), rootHash: z.string(), createdAt: z.date(), kid: z.string() }).nullable(),
  pending: z.number().int(),
  oldestPendingAt: z.date().nullable(),
  lagP99Ms: z.number().int().nullable(),
});

const leafEventView = z.object({
  id: z.string(),
  createdAt: z.string(),
  actorType: z.string(),
  actorId: z.string().nullable(),
  actorRole: z.string().nullable(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  changes: z.record(z.string(), z.unknown()).nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  requestId: z.string().nullable(),
});

export const eventProofView = z.discriminatedUnion("status", [
  z.object({ status: z.literal("PENDING"), eventId: z.string().uuid() }),
  z.object({
    status: z.literal("SEQUENCED"),
    eventId: z.string().uuid(),
    event: leafEventView,
    logIndex: z.number().int(),
    treeSize: z.number().int(),
    leafHash: z.string(),
    proof: z.array(z.string()),
    checkpoint: z.string(),
    keyName: z.string(),
    kid: z.string(),
  }),
]);

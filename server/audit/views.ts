// What the audit log sends out to admins.
import { z } from "zod";
import { AUDIT_ACTOR_TYPES } from "@/db/schema/audit";

export const auditEventView = z.object({
  id: z.string().uuid(),
  seq: z.number().int(),
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

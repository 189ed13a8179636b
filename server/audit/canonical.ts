// What an audit event's leaf hash covers: its canonical JSON (keys sorted at every depth). Plain
// code, shared by the sequencer, the verifier and the offline proof checker.
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

/** The fields of an event a leaf commits to (everything but the insertion number and the xid). */
export interface LeafEvent {
  id: string;
  createdAt: Date | string;
  actorType: string;
  actorId: string | null;
  actorRole: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  changes: Record<string, unknown> | null;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

/** The leaf's data: the event's canonical JSON, as bytes. */
export function leafData(e: LeafEvent): Buffer {
  return Buffer.from(canonicalJson(leafFields(e)), "utf8");
}

/** An event as its leaf commits to it (the time as ISO text, as in the canonical JSON). */
export type LeafFields = Omit<LeafEvent, "createdAt"> & { createdAt: string };

export function leafFields(e: LeafEvent): LeafFields {
  return {
    id: e.id,
    createdAt: typeof e.createdAt === "string" ? e.createdAt : e.createdAt.toISOString(),
    actorType: e.actorType,
    actorId: e.actorId,
    actorRole: e.actorRole,
    action: e.action,
    targetType: e.targetType,
    targetId: e.targetId,
    changes: e.changes,
    ip: e.ip,
    userAgent: e.userAgent,
    requestId: e.requestId,
  };
}

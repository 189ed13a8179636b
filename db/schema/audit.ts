// The audit log: events written with no shared lock (audit_events, append-only, partitioned by month
// in the migrations), and the sequencer's Merkle tree over them (leaves, nodes, signed checkpoints).
// Triggers in the migrations refuse UPDATE, DELETE and TRUNCATE on all four.
import { sql } from "drizzle-orm";
import {
  bigint,
  customType,
  index,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";

export const AUDIT_ACTOR_TYPES = ["USER", "KIOSK", "SYSTEM", "ANONYMOUS"] as const;
export const auditActorTypeEnum = pgEnum("audit_actor_type", AUDIT_ACTOR_TYPES);

/** A 64-bit transaction id (PostgreSQL's xid8), read as its decimal text. */
export const xid8 = customType<{ data: string; driverData: string }>({ dataType: () => "xid8" });

export const auditEvents = pgTable(
  "audit_events",
  {
    id: uuid("id").defaultRandom().notNull(),
    /**
     * Insertion number from a sequence: unique and increasing in the order rows were inserted, NOT
     * the log's order (two transactions can commit in either order). The log's order is
     * audit_log_leaves.log_index, given by the sequencer.
     */
    seq: bigint("seq", { mode: "number" })
      .notNull()
      .default(sql`nextval('audit_events_seq_seq')`),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    actorType: auditActorTypeEnum("actor_type").notNull(),
    actorId: text("actor_id"),
    actorRole: text("actor_role"),
    action: text("action").notNull(),
    targetType: text("target_type"),
    targetId: text("target_id"),
    /** { field: { before, after } } for the fields that changed, or event details. */
    changes: jsonb("changes").$type<Record<string, unknown>>(),
    ip: text("ip"),
    userAgent: text("user_agent"),
    requestId: text("request_id"),
    /** The writing transaction (pg_current_xact_id()): the sequencer takes it once it has finished. */
    xid: xid8("xid")
      .notNull()
      .default(sql`pg_current_xact_id()`),
  },
  (t) => [
    primaryKey({ name: "audit_events_pk", columns: [t.id, t.createdAt] }),
    index("audit_events_seq_idx").on(t.seq),
    index("audit_events_created_at_idx").on(t.createdAt),
    index("audit_events_actor_idx").on(t.actorId),
    index("audit_events_action_idx").on(t.action),
    index("audit_events_target_idx").on(t.targetType, t.targetId),
    index("audit_events_xid_idx").on(t.xid, t.seq),
  ],
);

export type AuditEvent = typeof auditEvents.$inferSelect;

/** An event's place in the log (0-based leaf index) and its RFC 6962 leaf hash (hex). */
export const auditLogLeaves = pgTable(
  "audit_log_leaves",
  {
    logIndex: bigint("log_index", { mode: "number" }).primaryKey(),
    eventId: uuid("event_id").notNull().unique("audit_log_leaves_event_uq"),
    eventCreatedAt: timestamp("event_created_at", { withTimezone: true }).notNull(),
    eventXid: xid8("event_xid").notNull(),
    eventSeq: bigint("event_seq", { mode: "number" }).notNull(),
    leafHash: text("leaf_hash").notNull(),
    sequencedAt: timestamp("sequenced_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("audit_log_leaves_sequenced_at_idx").on(t.sequencedAt)],
);

/** The hash (hex) of each complete subtree: (level, index) covers leaves [index·2^level, (index+1)·2^level). */
export const auditLogNodes = pgTable(
  "audit_log_nodes",
  {
    level: smallint("level").notNull(),
    nodeIndex: bigint("node_index", { mode: "number" }).notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [primaryKey({ name: "audit_log_nodes_pk", columns: [t.level, t.nodeIndex] })],
);

/** A signed checkpoint per batch: the tree's size and root, in C2SP signed-note form (`note`). */
export const auditCheckpoints = pgTable("audit_checkpoints", {
  treeSize: bigint("tree_size", { mode: "number" }).primaryKey(),
  rootHash: text("root_hash").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  kid: text("kid").notNull(),
  note: text("note").notNull(),
});

export type AuditCheckpoint = typeof auditCheckpoints.$inferSelect;

-- The audit log without a shared lock (issue 16). Writers insert events with no position or hash,
-- stamped with their transaction id; a single sequencer later orders finished transactions' events
-- into a Merkle tree (RFC 6962) with signed checkpoints, in tables of its own. Events are
-- partitioned by month. Existing events keep their order: they are sequenced first, by their old seq.
CREATE SEQUENCE "audit_events_seq_seq" AS bigint;
--> statement-breakpoint
SELECT setval('audit_events_seq_seq', greatest(coalesce((SELECT max("seq") FROM "audit_events"), 0), 1), (SELECT count(*) > 0 FROM "audit_events"));
--> statement-breakpoint
CREATE TABLE "audit_events_partitioned" (
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigint DEFAULT nextval('audit_events_seq_seq') NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"actor_type" "audit_actor_type" NOT NULL,
	"actor_id" text,
	"actor_role" text,
	"action" text NOT NULL,
	"target_type" text,
	"target_id" text,
	"changes" jsonb,
	"ip" text,
	"user_agent" text,
	"request_id" text,
	"xid" xid8 DEFAULT pg_current_xact_id() NOT NULL,
	CONSTRAINT "audit_events_pk" PRIMARY KEY ("id", "created_at")
) PARTITION BY RANGE ("created_at");
--> statement-breakpoint
CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  -- A month's partition answers with its table's name: audit_events.
  RAISE EXCEPTION '% is append-only: % refused', regexp_replace(TG_TABLE_NAME, '_(y[0-9]{4}m[0-9]{2}|default)$', ''), TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
-- Creates the month's partition of audit_events if it is missing (the sequencer calls it for the
-- months ahead). A partition gets its own TRUNCATE trigger: statement triggers are not inherited.
CREATE OR REPLACE FUNCTION audit_events_ensure_partition(month date) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  start_at date := date_trunc('month', month)::date;
  name text := format('audit_events_y%sm%s', to_char(start_at, 'YYYY'), to_char(start_at, 'MM'));
BEGIN
  IF to_regclass(name) IS NOT NULL THEN
    RETURN;
  END IF;
  EXECUTE format(
    'CREATE TABLE %I PARTITION OF audit_events_partitioned FOR VALUES FROM (%L) TO (%L)',
    name, start_at::timestamptz, (start_at + interval '1 month')::timestamptz);
  EXECUTE format(
    'CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()',
    name);
END;
$$;
--> statement-breakpoint
DO $$
DECLARE
  m date := date_trunc('month', coalesce((SELECT min("created_at") FROM "audit_events"), now()))::date;
BEGIN
  WHILE m <= (date_trunc('month', now()) + interval '1 month')::date LOOP
    PERFORM audit_events_ensure_partition(m);
    m := (m + interval '1 month')::date;
  END LOOP;
END;
$$;
--> statement-breakpoint
-- Rows outside every month partition (a clock far off, a month not yet created) still commit.
CREATE TABLE "audit_events_default" PARTITION OF "audit_events_partitioned" DEFAULT;
--> statement-breakpoint
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON "audit_events_default"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
--> statement-breakpoint
INSERT INTO "audit_events_partitioned"
  ("id", "seq", "created_at", "actor_type", "actor_id", "actor_role", "action", "target_type", "target_id", "changes", "ip", "user_agent", "request_id", "xid")
SELECT "id", "seq", "created_at", "actor_type", "actor_id", "actor_role", "action", "target_type", "target_id", "changes", "ip", "user_agent", "request_id", '1'::xid8
FROM "audit_events" ORDER BY "seq";
--> statement-breakpoint
DROP TABLE "audit_events";
--> statement-breakpoint
DROP FUNCTION IF EXISTS audit_events_refuse_change();
--> statement-breakpoint
ALTER TABLE "audit_events_partitioned" RENAME TO "audit_events";
--> statement-breakpoint
-- The function names the parent it attaches to: point it at the renamed table.
CREATE OR REPLACE FUNCTION audit_events_ensure_partition(month date) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  start_at date := date_trunc('month', month)::date;
  name text := format('audit_events_y%sm%s', to_char(start_at, 'YYYY'), to_char(start_at, 'MM'));
BEGIN
  IF to_regclass(name) IS NOT NULL THEN
    RETURN;
  END IF;
  EXECUTE format(
    'CREATE TABLE %I PARTITION OF audit_events FOR VALUES FROM (%L) TO (%L)',
    name, start_at::timestamptz, (start_at + interval '1 month')::timestamptz);
  EXECUTE format(
    'CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()',
    name);
END;
$$;
--> statement-breakpoint
ALTER SEQUENCE "audit_events_seq_seq" OWNED BY "audit_events"."seq";
--> statement-breakpoint
CREATE INDEX "audit_events_seq_idx" ON "audit_events" USING btree ("seq");
--> statement-breakpoint
CREATE INDEX "audit_events_created_at_idx" ON "audit_events" USING btree ("created_at");
--> statement-breakpoint
CREATE INDEX "audit_events_actor_idx" ON "audit_events" USING btree ("actor_id");
--> statement-breakpoint
CREATE INDEX "audit_events_action_idx" ON "audit_events" USING btree ("action");
--> statement-breakpoint
CREATE INDEX "audit_events_target_idx" ON "audit_events" USING btree ("target_type", "target_id");
--> statement-breakpoint
CREATE INDEX "audit_events_xid_idx" ON "audit_events" USING btree ("xid", "seq");
--> statement-breakpoint
CREATE TRIGGER audit_no_update_delete BEFORE UPDATE OR DELETE ON "audit_events"
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON "audit_events"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
--> statement-breakpoint
-- The sequencer's tables. A leaf is an event's place in the log (0-based, as RFC 6962 counts).
CREATE TABLE "audit_log_leaves" (
	"log_index" bigint PRIMARY KEY NOT NULL,
	"event_id" uuid NOT NULL,
	"event_created_at" timestamp with time zone NOT NULL,
	"event_xid" xid8 NOT NULL,
	"event_seq" bigint NOT NULL,
	"leaf_hash" text NOT NULL,
	"sequenced_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "audit_log_leaves_event_uq" UNIQUE ("event_id")
);
--> statement-breakpoint
CREATE INDEX "audit_log_leaves_sequenced_at_idx" ON "audit_log_leaves" USING btree ("sequenced_at");
--> statement-breakpoint
-- Hashes of the tree's complete subtrees: (level, index) covers leaves [index·2^level, (index+1)·2^level).
CREATE TABLE "audit_log_nodes" (
	"level" smallint NOT NULL,
	"node_index" bigint NOT NULL,
	"hash" text NOT NULL,
	CONSTRAINT "audit_log_nodes_pk" PRIMARY KEY ("level", "node_index")
);
--> statement-breakpoint
CREATE TABLE "audit_checkpoints" (
	"tree_size" bigint PRIMARY KEY NOT NULL,
	"root_hash" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"kid" text NOT NULL,
	"note" text NOT NULL
);
--> statement-breakpoint
CREATE TRIGGER audit_no_update_delete BEFORE UPDATE OR DELETE ON "audit_log_leaves"
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON "audit_log_leaves"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_no_update_delete BEFORE UPDATE OR DELETE ON "audit_log_nodes"
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON "audit_log_nodes"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_no_update_delete BEFORE UPDATE OR DELETE ON "audit_checkpoints"
  FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
--> statement-breakpoint
CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON "audit_checkpoints"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

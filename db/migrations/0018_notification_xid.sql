-- Each notification records its writing transaction (as audit events do), so that when the audit
-- sequencer orders that transaction's events the live streams can tell the recipient at once.
ALTER TABLE "notifications" ADD COLUMN "xid" xid8 DEFAULT pg_current_xact_id() NOT NULL;--> statement-breakpoint
CREATE INDEX "notifications_xid_idx" ON "notifications" USING btree ("xid");

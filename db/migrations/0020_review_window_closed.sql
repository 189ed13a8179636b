-- The scheduler closes a completed order's review window REVIEW_WINDOW_DAYS after completion and
-- records it (audited as the system); the partial index keeps each tick to the orders still open.
ALTER TABLE "orders" ADD COLUMN "review_window_closed_at" timestamp (3) with time zone;--> statement-breakpoint
CREATE INDEX "orders_review_window_open_idx" ON "orders" USING btree ("id") WHERE "orders"."status" = 'COMPLETED' and "orders"."review_window_closed_at" is null;

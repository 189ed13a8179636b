-- Timed transitions (server/scheduler): a request nobody answered gets its own state, and a consent
-- remembers which expiry its traveler was warned about (once per consent and expiry).
ALTER TYPE "public"."order_status" ADD VALUE 'EXPIRED';--> statement-breakpoint
ALTER TABLE "consent_grants" ADD COLUMN "expiry_warned_for" timestamp with time zone;

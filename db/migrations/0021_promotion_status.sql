-- Promotion titles meet the keywords like every other host text: a REQUIRE_APPROVAL term holds the
-- promotion (HELD: shown to its host only) until a moderator approves it, a moderator can hide one,
-- and a keyword hit puts the promotion in the queue as a target of its own (PROMOTION).
ALTER TYPE "public"."moderation_target_type" ADD VALUE 'PROMOTION';--> statement-breakpoint
ALTER TABLE "promotions" ADD COLUMN "status" "content_status" DEFAULT 'VISIBLE' NOT NULL;

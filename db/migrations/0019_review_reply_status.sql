-- A host's reply to a review has its own status, as the review has: a reply with a REQUIRE_APPROVAL
-- term is HELD (its author alone sees it) until a moderator approves it, and moderators judge a
-- reply as its own queue target (REVIEW_REPLY: its author is the host), never through the traveler's review.
ALTER TYPE "public"."moderation_target_type" ADD VALUE 'REVIEW_REPLY';--> statement-breakpoint
ALTER TABLE "reviews" ADD COLUMN "reply_status" "content_status";--> statement-breakpoint
UPDATE "reviews" SET "reply_status" = 'VISIBLE' WHERE "reply" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "reviews" ADD CONSTRAINT "reviews_reply_status" CHECK (("reviews"."reply" IS NULL) = ("reviews"."reply_status" IS NULL));

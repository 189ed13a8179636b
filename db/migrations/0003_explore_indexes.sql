DROP INDEX "listings_browse_idx";--> statement-breakpoint
CREATE INDEX "listings_newest_idx" ON "listings" USING btree ("status","approved_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "listings_browse_idx" ON "listings" USING btree ("status","district_id","approved_at" DESC NULLS LAST);
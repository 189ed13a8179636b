-- An organization belongs to a region: its admins govern it. Existing organizations take the
-- region most of their staff's districts lie in, or else the oldest region.
ALTER TABLE "organizations" ADD COLUMN "region_id" uuid;--> statement-breakpoint
UPDATE "organizations" o SET "region_id" = coalesce(
  (SELECT d."region_id" FROM "organization_members" m
     JOIN "users" u ON u."id" = m."user_id"
     JOIN "districts" d ON d."id" = u."district_id"
    WHERE m."organization_id" = o."id"
    GROUP BY d."region_id" ORDER BY count(*) DESC, d."region_id" LIMIT 1),
  (SELECT r."id" FROM "regions" r ORDER BY r."created_at", r."name" LIMIT 1)
) WHERE o."region_id" IS NULL;--> statement-breakpoint
ALTER TABLE "organizations" ALTER COLUMN "region_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "served_region_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL;--> statement-breakpoint
ALTER TABLE "organizations" ADD CONSTRAINT "organizations_region_id_regions_id_fk" FOREIGN KEY ("region_id") REFERENCES "public"."regions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "organizations_region_idx" ON "organizations" USING btree ("region_id");

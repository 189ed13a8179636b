CREATE TYPE "public"."enrollment_document_kind" AS ENUM('ID_FRONT', 'ID_BACK', 'PROOF_OF_ADDRESS');--> statement-breakpoint
CREATE TYPE "public"."enrollment_status" AS ENUM('DRAFT', 'SUBMITTED', 'IN_REVIEW', 'APPROVED', 'REJECTED', 'CHANGES_REQUESTED');--> statement-breakpoint
ALTER TYPE "public"."moderation_decision" ADD VALUE 'REQUEST_CHANGES';--> statement-breakpoint
CREATE TABLE "enrollment_cases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"status" "enrollment_status" DEFAULT 'DRAFT' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"decision_note" text,
	"decided_by" uuid,
	"submitted_at" timestamp with time zone,
	"decided_at" timestamp with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "enrollment_documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"kind" "enrollment_document_kind" NOT NULL,
	"asset_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "enrollment_documents_asset_id_unique" UNIQUE("asset_id")
);
--> statement-breakpoint
ALTER TABLE "enrollment_cases" ADD CONSTRAINT "enrollment_cases_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollment_cases" ADD CONSTRAINT "enrollment_cases_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollment_documents" ADD CONSTRAINT "enrollment_documents_case_id_enrollment_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."enrollment_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrollment_documents" ADD CONSTRAINT "enrollment_documents_asset_id_upload_assets_id_fk" FOREIGN KEY ("asset_id") REFERENCES "public"."upload_assets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "enrollment_cases_user_idx" ON "enrollment_cases" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "enrollment_cases_one_open_uq" ON "enrollment_cases" USING btree ("user_id") WHERE "enrollment_cases"."status" not in ('APPROVED', 'REJECTED');--> statement-breakpoint
CREATE UNIQUE INDEX "enrollment_documents_case_kind_uq" ON "enrollment_documents" USING btree ("case_id","kind");--> statement-breakpoint
CREATE INDEX "citizen_profiles_key_version_idx" ON "citizen_profiles" USING btree ("nid_key_version");
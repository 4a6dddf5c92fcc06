ALTER TABLE "lab_results" ADD COLUMN "fail_basis" text;--> statement-breakpoint
ALTER TABLE "lab_results" ADD COLUMN "edition_used" text;--> statement-breakpoint
ALTER TABLE "lab_results" ADD COLUMN "edition_in_force" text;--> statement-breakpoint
ALTER TABLE "lab_results" ADD COLUMN "provisional" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "lab_results" ADD COLUMN "lead_kind" text;--> statement-breakpoint
ALTER TABLE "lab_results" ADD COLUMN "lead_basis" text;--> statement-breakpoint
ALTER TABLE "lab_results" ADD COLUMN "lead_item" text;--> statement-breakpoint
ALTER TABLE "lab_results" ADD COLUMN "lead_scope" text;--> statement-breakpoint
ALTER TABLE "result_stats" ADD COLUMN "leads" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "result_stats" ADD COLUMN "provisional" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "samples" ADD COLUMN "has_lead" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "samples" ADD COLUMN "provisional" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "samples_entity_lead_idx" ON "samples" USING btree ("district_code","entity_id","sampled_at") WHERE "samples"."has_lead";
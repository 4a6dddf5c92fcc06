CREATE TABLE "grid_staff" (
	"district_code" text NOT NULL,
	"grid_code" text NOT NULL,
	"town_code" text NOT NULL,
	"coordinator_id" uuid,
	"supervisor_id" uuid,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "grid_staff_district_code_grid_code_pk" PRIMARY KEY("district_code","grid_code")
);
--> statement-breakpoint
CREATE TABLE "inspection_checklists" (
	"id" uuid NOT NULL,
	"district_code" text NOT NULL,
	"entity_type" text NOT NULL,
	"version" integer NOT NULL,
	"items" jsonb NOT NULL,
	"source" text,
	"created_by" uuid,
	"created_by_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inspection_checklists_district_code_id_pk" PRIMARY KEY("district_code","id")
);
--> statement-breakpoint
CREATE TABLE "inspection_duties" (
	"id" uuid NOT NULL,
	"district_code" text NOT NULL,
	"entity_id" uuid NOT NULL,
	"town_code" text NOT NULL,
	"village_code" text,
	"grid_code" text,
	"kind" text NOT NULL,
	"quarter" text NOT NULL,
	"due_date" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"source_type" text,
	"source_id" text,
	"reason" text,
	"inspection_id" uuid,
	"done_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inspection_duties_district_code_id_pk" PRIMARY KEY("district_code","id")
);
--> statement-breakpoint
CREATE TABLE "inspection_photos" (
	"id" uuid NOT NULL,
	"district_code" text NOT NULL,
	"inspection_id" uuid NOT NULL,
	"item_key" text,
	"content_type" text NOT NULL,
	"sha256" text NOT NULL,
	"size" integer NOT NULL,
	"bytes" "bytea" NOT NULL,
	"uploaded_by" uuid,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inspection_photos_district_code_id_pk" PRIMARY KEY("district_code","id")
);
--> statement-breakpoint
CREATE TABLE "inspection_settings" (
	"district_code" text PRIMARY KEY NOT NULL,
	"rectify_days" integer NOT NULL,
	"revisit_days" integer NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inspections" (
	"id" uuid NOT NULL,
	"district_code" text NOT NULL,
	"client_id" uuid NOT NULL,
	"entity_id" uuid NOT NULL,
	"town_code" text NOT NULL,
	"village_code" text,
	"grid_code" text,
	"checklist_id" uuid NOT NULL,
	"checklist_version" integer NOT NULL,
	"inspected_at" timestamp with time zone NOT NULL,
	"inspector_id" uuid,
	"inspector_name" text NOT NULL,
	"items" jsonb NOT NULL,
	"failed_count" integer NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inspections_district_code_id_pk" PRIMARY KEY("district_code","id")
);
--> statement-breakpoint
CREATE TABLE "rectification_revisits" (
	"id" uuid NOT NULL,
	"district_code" text NOT NULL,
	"rectification_id" uuid NOT NULL,
	"result" text NOT NULL,
	"action" text NOT NULL,
	"note" text,
	"new_deadline" text,
	"visited_on" text NOT NULL,
	"user_id" uuid,
	"user_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rectification_revisits_district_code_id_pk" PRIMARY KEY("district_code","id")
);
--> statement-breakpoint
CREATE TABLE "rectifications" (
	"id" uuid NOT NULL,
	"district_code" text NOT NULL,
	"inspection_id" uuid NOT NULL,
	"entity_id" uuid NOT NULL,
	"town_code" text NOT NULL,
	"village_code" text,
	"items" jsonb NOT NULL,
	"deadline" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"closed_at" timestamp with time zone,
	"escalated_at" timestamp with time zone,
	"escalate_reason" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rectifications_district_code_id_pk" PRIMARY KEY("district_code","id")
);
--> statement-breakpoint
CREATE TABLE "outbox_cursors" (
	"consumer" text PRIMARY KEY NOT NULL,
	"last_id" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "inspection_checklists_version_uq" ON "inspection_checklists" USING btree ("district_code","entity_type","version");--> statement-breakpoint
CREATE UNIQUE INDEX "inspection_duties_quarter_uq" ON "inspection_duties" USING btree ("district_code","entity_id","quarter") WHERE "inspection_duties"."kind" = 'quarterly';--> statement-breakpoint
CREATE UNIQUE INDEX "inspection_duties_source_uq" ON "inspection_duties" USING btree ("district_code","source_type","source_id","entity_id") WHERE "inspection_duties"."source_id" is not null;--> statement-breakpoint
CREATE INDEX "inspection_duties_list_idx" ON "inspection_duties" USING btree ("district_code","quarter","town_code","status","due_date");--> statement-breakpoint
CREATE INDEX "inspection_duties_entity_idx" ON "inspection_duties" USING btree ("district_code","entity_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "inspection_photos_sha_uq" ON "inspection_photos" USING btree ("district_code","inspection_id","sha256");--> statement-breakpoint
CREATE UNIQUE INDEX "inspections_client_uq" ON "inspections" USING btree ("district_code","client_id");--> statement-breakpoint
CREATE INDEX "inspections_entity_idx" ON "inspections" USING btree ("district_code","entity_id","inspected_at");--> statement-breakpoint
CREATE INDEX "inspections_town_idx" ON "inspections" USING btree ("district_code","town_code","inspected_at");--> statement-breakpoint
CREATE INDEX "inspections_id_idx" ON "inspections" USING btree ("id");--> statement-breakpoint
CREATE INDEX "rectification_revisits_idx" ON "rectification_revisits" USING btree ("district_code","rectification_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "rectifications_inspection_uq" ON "rectifications" USING btree ("district_code","inspection_id");--> statement-breakpoint
CREATE INDEX "rectifications_status_idx" ON "rectifications" USING btree ("district_code","status","deadline");--> statement-breakpoint
CREATE INDEX "rectifications_entity_idx" ON "rectifications" USING btree ("district_code","entity_id","status");--> statement-breakpoint
CREATE INDEX "rectifications_id_idx" ON "rectifications" USING btree ("id");--> statement-breakpoint
CREATE INDEX "rapid_tests_entity_idx" ON "rapid_tests" USING btree ("district_code","entity_id","tested_at");
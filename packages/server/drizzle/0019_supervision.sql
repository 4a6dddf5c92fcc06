CREATE TABLE "campaign_items" (
	"district_code" text NOT NULL,
	"id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"entity_id" uuid NOT NULL,
	"town_code" text NOT NULL,
	"issue" text NOT NULL,
	"due_on" date NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"rectified_on" date,
	"note" text,
	"updated_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaign_items_district_code_id_pk" PRIMARY KEY("district_code","id"),
	CONSTRAINT "campaign_items_status_ck" CHECK ("campaign_items"."status" in ('open', 'rectified')),
	CONSTRAINT "campaign_items_rectified_ck" CHECK (("campaign_items"."status" = 'rectified') = ("campaign_items"."rectified_on" is not null))
);
--> statement-breakpoint
CREATE TABLE "campaign_links" (
	"district_code" text NOT NULL,
	"campaign_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"ref_id" text NOT NULL,
	"label" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaign_links_district_code_campaign_id_kind_ref_id_pk" PRIMARY KEY("district_code","campaign_id","kind","ref_id"),
	CONSTRAINT "campaign_links_kind_ck" CHECK ("campaign_links"."kind" in ('inspection', 'case'))
);
--> statement-breakpoint
CREATE TABLE "campaign_samples" (
	"district_code" text NOT NULL,
	"campaign_id" uuid NOT NULL,
	"sample_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaign_samples_district_code_campaign_id_sample_id_pk" PRIMARY KEY("district_code","campaign_id","sample_id")
);
--> statement-breakpoint
CREATE TABLE "campaigns" (
	"district_code" text NOT NULL,
	"id" uuid NOT NULL,
	"year" integer NOT NULL,
	"variety" text NOT NULL,
	"title" text NOT NULL,
	"drugs" text[] NOT NULL,
	"plan" text NOT NULL,
	"measures" text NOT NULL,
	"start_on" date NOT NULL,
	"end_on" date NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaigns_district_code_id_pk" PRIMARY KEY("district_code","id"),
	CONSTRAINT "campaigns_status_ck" CHECK ("campaigns"."status" in ('active', 'closed')),
	CONSTRAINT "campaigns_dates_ck" CHECK ("campaigns"."end_on" >= "campaigns"."start_on")
);
--> statement-breakpoint
CREATE TABLE "case_holds" (
	"district_code" text NOT NULL,
	"case_id" uuid NOT NULL,
	"hold_id" uuid NOT NULL,
	CONSTRAINT "case_holds_district_code_case_id_hold_id_pk" PRIMARY KEY("district_code","case_id","hold_id")
);
--> statement-breakpoint
CREATE TABLE "case_settings" (
	"district_code" text PRIMARY KEY NOT NULL,
	"state_days" jsonb NOT NULL,
	"hold_days" integer NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_steps" (
	"district_code" text NOT NULL,
	"id" uuid NOT NULL,
	"case_id" uuid NOT NULL,
	"action" text NOT NULL,
	"from_state" text,
	"to_state" text NOT NULL,
	"user_id" uuid,
	"user_name" text,
	"note" text,
	"detail" jsonb,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "case_steps_district_code_id_pk" PRIMARY KEY("district_code","id")
);
--> statement-breakpoint
CREATE TABLE "cases" (
	"district_code" text NOT NULL,
	"id" uuid NOT NULL,
	"case_no" text NOT NULL,
	"title" text NOT NULL,
	"town_code" text NOT NULL,
	"entity_id" uuid,
	"party_name" text,
	"source_type" text NOT NULL,
	"source_id" uuid,
	"source_label" text NOT NULL,
	"state" text DEFAULT 'registered' NOT NULL,
	"state_at" timestamp with time zone DEFAULT now() NOT NULL,
	"due_on" text,
	"summary" text,
	"decision" text,
	"withdraw_reason" text,
	"cause" text,
	"responsible" text,
	"rectification" text,
	"education" text,
	"lessons" text,
	"transferred_on" text,
	"transfer_agency" text,
	"transfer_receipt_no" text,
	"transfer_note" text,
	"opened_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "cases_district_code_id_pk" PRIMARY KEY("district_code","id")
);
--> statement-breakpoint
CREATE TABLE "supervision_files" (
	"district_code" text NOT NULL,
	"id" uuid NOT NULL,
	"owner_type" text NOT NULL,
	"owner_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"bytes" "bytea" NOT NULL,
	"uploaded_by" uuid,
	"uploaded_by_name" text,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "supervision_files_district_code_id_pk" PRIMARY KEY("district_code","id")
);
--> statement-breakpoint
CREATE TABLE "complaint_links" (
	"district_code" text NOT NULL,
	"complaint_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"ref_id" text NOT NULL,
	"label" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "complaint_links_district_code_complaint_id_kind_ref_id_pk" PRIMARY KEY("district_code","complaint_id","kind","ref_id"),
	CONSTRAINT "complaint_links_kind_ck" CHECK ("complaint_links"."kind" in ('inspection', 'case'))
);
--> statement-breakpoint
CREATE TABLE "complaints" (
	"district_code" text NOT NULL,
	"id" uuid NOT NULL,
	"year" integer NOT NULL,
	"serial" integer NOT NULL,
	"reference" text NOT NULL,
	"town_code" text NOT NULL,
	"place" text NOT NULL,
	"topic" text NOT NULL,
	"product" text,
	"content" text NOT NULL,
	"anonymous" boolean NOT NULL,
	"contact_name" text,
	"contact_phone" text,
	"status" text DEFAULT 'submitted' NOT NULL,
	"reply" text,
	"history" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "complaints_district_code_id_pk" PRIMARY KEY("district_code","id"),
	CONSTRAINT "complaints_status_ck" CHECK ("complaints"."status" in ('submitted', 'accepted', 'investigating', 'replied', 'closed')),
	CONSTRAINT "complaints_anonymous_ck" CHECK (not "complaints"."anonymous" or ("complaints"."contact_name" is null and "complaints"."contact_phone" is null))
);
--> statement-breakpoint
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
CREATE TABLE "incident_links" (
	"district_code" text NOT NULL,
	"incident_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"ref_id" uuid NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "incident_links_district_code_incident_id_kind_ref_id_pk" PRIMARY KEY("district_code","incident_id","kind","ref_id"),
	CONSTRAINT "incident_links_kind_ck" CHECK ("incident_links"."kind" in ('entity', 'lot'))
);
--> statement-breakpoint
CREATE TABLE "incident_steps" (
	"district_code" text NOT NULL,
	"incident_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "incident_steps_district_code_incident_id_seq_pk" PRIMARY KEY("district_code","incident_id","seq")
);
--> statement-breakpoint
CREATE TABLE "incidents" (
	"district_code" text NOT NULL,
	"id" uuid NOT NULL,
	"incident_no" text NOT NULL,
	"title" text NOT NULL,
	"level" text NOT NULL,
	"status" text DEFAULT 'responding' NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"town_code" text,
	"summary" text NOT NULL,
	"conclusion" text,
	"reported_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	CONSTRAINT "incidents_district_code_id_pk" PRIMARY KEY("district_code","id"),
	CONSTRAINT "incidents_level_ck" CHECK ("incidents"."level" in ('I', 'II', 'III', 'IV')),
	CONSTRAINT "incidents_status_ck" CHECK ("incidents"."status" in ('responding', 'closed')),
	CONSTRAINT "incidents_closed_ck" CHECK (("incidents"."status" = 'closed') = ("incidents"."closed_at" is not null))
);
--> statement-breakpoint
CREATE TABLE "opinions" (
	"district_code" text NOT NULL,
	"id" uuid NOT NULL,
	"source" text NOT NULL,
	"title" text NOT NULL,
	"summary" text NOT NULL,
	"url" text,
	"sentiment" text NOT NULL,
	"found_at" timestamp with time zone NOT NULL,
	"respond_by" date NOT NULL,
	"verification" text DEFAULT 'pending' NOT NULL,
	"response" text,
	"responded_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "opinions_district_code_id_pk" PRIMARY KEY("district_code","id"),
	CONSTRAINT "opinions_sentiment_ck" CHECK ("opinions"."sentiment" in ('negative', 'neutral', 'positive')),
	CONSTRAINT "opinions_verification_ck" CHECK ("opinions"."verification" in ('pending', 'true', 'partly', 'false'))
);
--> statement-breakpoint
CREATE TABLE "risk_plans" (
	"district_code" text NOT NULL,
	"id" uuid NOT NULL,
	"year" integer NOT NULL,
	"targets" text NOT NULL,
	"products" text[] NOT NULL,
	"subjects" text NOT NULL,
	"key_points" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "risk_plans_district_code_id_pk" PRIMARY KEY("district_code","id")
);
--> statement-breakpoint
CREATE TABLE "outbox_cursors" (
	"consumer" text PRIMARY KEY NOT NULL,
	"last_id" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "market_checks" ADD COLUMN "client_id" uuid;--> statement-breakpoint
ALTER TABLE "lot_holds" ADD COLUMN "disposition_note" text;--> statement-breakpoint
ALTER TABLE "lot_holds" ADD COLUMN "disposed_by" uuid;--> statement-breakpoint
ALTER TABLE "lot_holds" ADD COLUMN "disposed_by_name" text;--> statement-breakpoint
ALTER TABLE "lot_holds" ADD COLUMN "disposed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "rapid_tests" ADD COLUMN "client_id" uuid;--> statement-breakpoint
CREATE INDEX "campaign_items_campaign_idx" ON "campaign_items" USING btree ("district_code","campaign_id","town_code");--> statement-breakpoint
CREATE INDEX "campaigns_year_idx" ON "campaigns" USING btree ("district_code","year");--> statement-breakpoint
CREATE INDEX "case_holds_hold_idx" ON "case_holds" USING btree ("district_code","hold_id");--> statement-breakpoint
CREATE INDEX "case_steps_case_idx" ON "case_steps" USING btree ("district_code","case_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "cases_no_uq" ON "cases" USING btree ("district_code","case_no");--> statement-breakpoint
CREATE UNIQUE INDEX "cases_open_source_uq" ON "cases" USING btree ("district_code","source_type","source_id") WHERE "cases"."source_id" is not null and "cases"."state" not in ('closed', 'withdrawn');--> statement-breakpoint
CREATE INDEX "cases_town_idx" ON "cases" USING btree ("district_code","town_code","state");--> statement-breakpoint
CREATE INDEX "cases_entity_idx" ON "cases" USING btree ("district_code","entity_id","created_at");--> statement-breakpoint
CREATE INDEX "cases_id_idx" ON "cases" USING btree ("id");--> statement-breakpoint
CREATE INDEX "supervision_files_owner_idx" ON "supervision_files" USING btree ("district_code","owner_type","owner_id");--> statement-breakpoint
CREATE UNIQUE INDEX "complaints_serial_uq" ON "complaints" USING btree ("district_code","year","serial");--> statement-breakpoint
CREATE UNIQUE INDEX "complaints_reference_uq" ON "complaints" USING btree ("district_code","reference");--> statement-breakpoint
CREATE INDEX "complaints_reference_idx" ON "complaints" USING btree ("reference");--> statement-breakpoint
CREATE INDEX "complaints_town_idx" ON "complaints" USING btree ("district_code","town_code","created_at");--> statement-breakpoint
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
CREATE UNIQUE INDEX "incidents_no_uq" ON "incidents" USING btree ("district_code","incident_no");--> statement-breakpoint
CREATE INDEX "incidents_time_idx" ON "incidents" USING btree ("district_code","occurred_at");--> statement-breakpoint
CREATE INDEX "opinions_open_idx" ON "opinions" USING btree ("district_code","respond_by") WHERE "opinions"."responded_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "risk_plans_year_uq" ON "risk_plans" USING btree ("district_code","year");--> statement-breakpoint
CREATE UNIQUE INDEX "market_checks_client_uq" ON "market_checks" USING btree ("district_code","client_id") WHERE "market_checks"."client_id" is not null;--> statement-breakpoint
CREATE INDEX "lot_holds_status_idx" ON "lot_holds" USING btree ("district_code","status","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "rapid_tests_client_uq" ON "rapid_tests" USING btree ("district_code","client_id") WHERE "rapid_tests"."client_id" is not null;--> statement-breakpoint
CREATE INDEX "rapid_tests_entity_idx" ON "rapid_tests" USING btree ("district_code","entity_id","tested_at");
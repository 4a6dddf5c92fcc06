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
ALTER TABLE "lot_holds" ADD COLUMN "disposition_note" text;--> statement-breakpoint
ALTER TABLE "lot_holds" ADD COLUMN "disposed_by" uuid;--> statement-breakpoint
ALTER TABLE "lot_holds" ADD COLUMN "disposed_by_name" text;--> statement-breakpoint
ALTER TABLE "lot_holds" ADD COLUMN "disposed_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "case_holds_hold_idx" ON "case_holds" USING btree ("district_code","hold_id");--> statement-breakpoint
CREATE INDEX "case_steps_case_idx" ON "case_steps" USING btree ("district_code","case_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "cases_no_uq" ON "cases" USING btree ("district_code","case_no");--> statement-breakpoint
CREATE UNIQUE INDEX "cases_open_source_uq" ON "cases" USING btree ("district_code","source_type","source_id") WHERE "cases"."source_id" is not null and "cases"."state" not in ('closed', 'withdrawn');--> statement-breakpoint
CREATE INDEX "cases_town_idx" ON "cases" USING btree ("district_code","town_code","state");--> statement-breakpoint
CREATE INDEX "cases_entity_idx" ON "cases" USING btree ("district_code","entity_id","created_at");--> statement-breakpoint
CREATE INDEX "cases_id_idx" ON "cases" USING btree ("id");--> statement-breakpoint
CREATE INDEX "supervision_files_owner_idx" ON "supervision_files" USING btree ("district_code","owner_type","owner_id");--> statement-breakpoint
CREATE INDEX "lot_holds_status_idx" ON "lot_holds" USING btree ("district_code","status","created_at");
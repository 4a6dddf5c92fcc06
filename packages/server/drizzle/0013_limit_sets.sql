CREATE TABLE "limit_set_changes" (
	"district_code" text NOT NULL,
	"set_id" uuid NOT NULL,
	"sample_id" uuid NOT NULL,
	"analyte_code" text NOT NULL,
	"sample_no" text NOT NULL,
	"product_code" text NOT NULL,
	"sampled_at" timestamp with time zone NOT NULL,
	"value" double precision,
	"unit" text NOT NULL,
	"old_verdict" text NOT NULL,
	"new_verdict" text NOT NULL,
	"old_citation" text,
	"new_citation" text,
	"old_provisional" boolean NOT NULL,
	"new_provisional" boolean NOT NULL,
	CONSTRAINT "limit_set_changes_district_code_set_id_sample_id_analyte_code_pk" PRIMARY KEY("district_code","set_id","sample_id","analyte_code")
);
--> statement-breakpoint
CREATE TABLE "limit_set_rows" (
	"district_code" text NOT NULL,
	"set_id" uuid NOT NULL,
	"line" integer NOT NULL,
	"analyte_code" text NOT NULL,
	"product_code" text NOT NULL,
	"limit" double precision NOT NULL,
	"unit" text NOT NULL,
	"kind" text NOT NULL,
	"standard" text NOT NULL,
	"item" text NOT NULL,
	"excludes" text DEFAULT '' NOT NULL,
	"verification" text NOT NULL,
	"source" text NOT NULL,
	CONSTRAINT "limit_set_rows_district_code_set_id_line_pk" PRIMARY KEY("district_code","set_id","line")
);
--> statement-breakpoint
CREATE TABLE "limit_sets" (
	"district_code" text NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"edition_code" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"file_name" text NOT NULL,
	"row_count" integer NOT NULL,
	"verification" text NOT NULL,
	"note" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"activated_by" uuid,
	"activated_at" timestamp with time zone,
	"withdrawn_by" uuid,
	"withdrawn_at" timestamp with time zone,
	"superseded_by" uuid,
	CONSTRAINT "limit_sets_district_code_id_pk" PRIMARY KEY("district_code","id")
);
--> statement-breakpoint
CREATE INDEX "limit_sets_status_idx" ON "limit_sets" USING btree ("district_code","status");--> statement-breakpoint
CREATE UNIQUE INDEX "limit_sets_active_uq" ON "limit_sets" USING btree ("district_code","edition_code") WHERE "limit_sets"."status" = 'active';
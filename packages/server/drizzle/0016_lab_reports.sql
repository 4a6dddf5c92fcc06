CREATE TABLE "lab_reports" (
	"district_code" text NOT NULL,
	"id" uuid NOT NULL,
	"sample_id" uuid NOT NULL,
	"report_no" text NOT NULL,
	"version" integer NOT NULL,
	"supersedes" uuid,
	"correction_reason" text,
	"status" text DEFAULT 'issued' NOT NULL,
	"snapshot" jsonb NOT NULL,
	"pdf" "bytea" NOT NULL,
	"public_pdf" "bytea" NOT NULL,
	"sha256" text NOT NULL,
	"public_token" text NOT NULL,
	"issued_by" uuid,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "lab_reports_district_code_id_pk" PRIMARY KEY("district_code","id")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "lab_reports_no_uq" ON "lab_reports" USING btree ("district_code","report_no");--> statement-breakpoint
CREATE UNIQUE INDEX "lab_reports_version_uq" ON "lab_reports" USING btree ("district_code","sample_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "lab_reports_issued_uq" ON "lab_reports" USING btree ("district_code","sample_id") WHERE "lab_reports"."status" = 'issued';--> statement-breakpoint
CREATE UNIQUE INDEX "lab_reports_token_uq" ON "lab_reports" USING btree ("public_token");--> statement-breakpoint
CREATE INDEX "lab_reports_id_idx" ON "lab_reports" USING btree ("id");
CREATE TABLE "lab_settings" (
	"district_code" text PRIMARY KEY NOT NULL,
	"verifier_roles" text[] NOT NULL,
	"self_verify" boolean DEFAULT false NOT NULL,
	"overdue_days" jsonb NOT NULL,
	"retest_window_days" integer DEFAULT 7 NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lab_steps" (
	"id" uuid NOT NULL,
	"district_code" text NOT NULL,
	"sample_id" uuid NOT NULL,
	"action" text NOT NULL,
	"from_state" text,
	"to_state" text NOT NULL,
	"user_id" uuid,
	"user_name" text,
	"reason" text,
	"detail" jsonb,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "lab_steps_district_code_id_pk" PRIMARY KEY("district_code","id")
);
--> statement-breakpoint
ALTER TABLE "samples" ALTER COLUMN "status" SET DEFAULT 'registered';--> statement-breakpoint
ALTER TABLE "lab_results" ADD COLUMN "loq" double precision;--> statement-breakpoint
ALTER TABLE "samples" ADD COLUMN "entered_verdict" text;--> statement-breakpoint
ALTER TABLE "samples" ADD COLUMN "state_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "samples" ADD COLUMN "entered_by" uuid;--> statement-breakpoint
ALTER TABLE "samples" ADD COLUMN "verified_by" uuid;--> statement-breakpoint
ALTER TABLE "samples" ADD COLUMN "verified_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "samples" ADD COLUMN "reported_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "samples" ADD COLUMN "returned" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "samples" ADD COLUMN "retest_of" uuid;--> statement-breakpoint
ALTER TABLE "samples" ADD COLUMN "retest_kind" text;--> statement-breakpoint
ALTER TABLE "samples" ADD COLUMN "retest_requested_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "lab_steps_sample_idx" ON "lab_steps" USING btree ("district_code","sample_id","at");--> statement-breakpoint
CREATE INDEX "samples_state_idx" ON "samples" USING btree ("district_code","status","state_at");
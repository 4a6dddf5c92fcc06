CREATE TABLE "publicity_events" (
	"district_code" text NOT NULL,
	"id" uuid NOT NULL,
	"town_code" text,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"start_on" date NOT NULL,
	"end_on" date NOT NULL,
	"place" text NOT NULL,
	"organiser" text NOT NULL,
	"materials" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"people_reached" integer NOT NULL,
	"consultations" integer NOT NULL,
	"notes" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "publicity_events_district_code_id_pk" PRIMARY KEY("district_code","id"),
	CONSTRAINT "publicity_events_kind_ck" CHECK ("publicity_events"."kind" in ('food_safety_week', 'inputs_week', 'market_day', 'trade_fair', 'field_guidance', 'other')),
	CONSTRAINT "publicity_events_dates_ck" CHECK ("publicity_events"."end_on" >= "publicity_events"."start_on"),
	CONSTRAINT "publicity_events_counts_ck" CHECK ("publicity_events"."people_reached" >= 0 and "publicity_events"."consultations" >= 0)
);
--> statement-breakpoint
CREATE TABLE "publicity_photos" (
	"district_code" text NOT NULL,
	"id" uuid NOT NULL,
	"event_id" uuid NOT NULL,
	"content_type" text NOT NULL,
	"sha256" text NOT NULL,
	"size" integer NOT NULL,
	"bytes" "bytea" NOT NULL,
	"uploaded_by" uuid,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "publicity_photos_district_code_id_pk" PRIMARY KEY("district_code","id")
);
--> statement-breakpoint
CREATE TABLE "survey_keys" (
	"name" text PRIMARY KEY NOT NULL,
	"key" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "survey_responses" (
	"district_code" text NOT NULL,
	"id" uuid NOT NULL,
	"survey_id" uuid NOT NULL,
	"device_key" text NOT NULL,
	"phone_key" text,
	"town_code" text,
	"answers" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "survey_responses_district_code_id_pk" PRIMARY KEY("district_code","id")
);
--> statement-breakpoint
CREATE TABLE "surveys" (
	"district_code" text NOT NULL,
	"id" uuid NOT NULL,
	"slug" text NOT NULL,
	"title" text NOT NULL,
	"intro" text,
	"opens_on" date NOT NULL,
	"closes_on" date NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"questions" jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "surveys_district_code_id_pk" PRIMARY KEY("district_code","id"),
	CONSTRAINT "surveys_status_ck" CHECK ("surveys"."status" in ('draft', 'published', 'closed')),
	CONSTRAINT "surveys_dates_ck" CHECK ("surveys"."closes_on" >= "surveys"."opens_on")
);
--> statement-breakpoint
CREATE INDEX "publicity_events_town_idx" ON "publicity_events" USING btree ("district_code","town_code","start_on");--> statement-breakpoint
CREATE UNIQUE INDEX "publicity_photos_sha_uq" ON "publicity_photos" USING btree ("district_code","event_id","sha256");--> statement-breakpoint
CREATE UNIQUE INDEX "survey_responses_device_uq" ON "survey_responses" USING btree ("district_code","survey_id","device_key");--> statement-breakpoint
CREATE UNIQUE INDEX "survey_responses_phone_uq" ON "survey_responses" USING btree ("district_code","survey_id","phone_key") WHERE "survey_responses"."phone_key" is not null;--> statement-breakpoint
CREATE INDEX "survey_responses_survey_idx" ON "survey_responses" USING btree ("district_code","survey_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "surveys_slug_uq" ON "surveys" USING btree ("slug");
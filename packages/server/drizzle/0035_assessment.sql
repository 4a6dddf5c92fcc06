CREATE TABLE "assessment_manual_scores" (
	"district_code" text NOT NULL,
	"id" uuid NOT NULL,
	"year" integer NOT NULL,
	"period" text NOT NULL,
	"town_code" text NOT NULL,
	"indicator_key" text NOT NULL,
	"points" double precision NOT NULL,
	"evidence" text NOT NULL,
	"entered_by" uuid,
	"entered_by_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "assessment_manual_scores_district_code_id_pk" PRIMARY KEY("district_code","id")
);
--> statement-breakpoint
CREATE TABLE "assessment_results" (
	"district_code" text NOT NULL,
	"id" uuid NOT NULL,
	"year" integer NOT NULL,
	"period" text NOT NULL,
	"version" integer NOT NULL,
	"scheme_version" integer,
	"result" jsonb NOT NULL,
	"published_by" uuid,
	"published_by_name" text,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "assessment_results_district_code_id_pk" PRIMARY KEY("district_code","id")
);
--> statement-breakpoint
CREATE TABLE "assessment_schemes" (
	"district_code" text NOT NULL,
	"id" uuid NOT NULL,
	"year" integer NOT NULL,
	"version" integer NOT NULL,
	"indicators" jsonb NOT NULL,
	"honours" jsonb NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_by" uuid,
	"created_by_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "assessment_schemes_district_code_id_pk" PRIMARY KEY("district_code","id")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "assessment_manual_scores_uq" ON "assessment_manual_scores" USING btree ("district_code","year","period","town_code","indicator_key");--> statement-breakpoint
CREATE INDEX "assessment_manual_scores_id_idx" ON "assessment_manual_scores" USING btree ("id");--> statement-breakpoint
CREATE UNIQUE INDEX "assessment_results_version_uq" ON "assessment_results" USING btree ("district_code","year","period","version");--> statement-breakpoint
CREATE UNIQUE INDEX "assessment_schemes_version_uq" ON "assessment_schemes" USING btree ("district_code","year","version");
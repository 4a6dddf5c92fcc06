CREATE TABLE "std_base_evaluations" (
	"district_code" text NOT NULL,
	"id" uuid NOT NULL,
	"base_id" uuid NOT NULL,
	"evaluated_on" date NOT NULL,
	"score" double precision,
	"result" text NOT NULL,
	"evaluator" text NOT NULL,
	"findings" text NOT NULL,
	"recorded_by" uuid,
	"recorded_by_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "std_base_evaluations_district_code_id_pk" PRIMARY KEY("district_code","id"),
	CONSTRAINT "std_evaluations_result_ck" CHECK ("std_base_evaluations"."result" in ('pass', 'rectify', 'fail')),
	CONSTRAINT "std_evaluations_score_ck" CHECK ("std_base_evaluations"."score" is null or ("std_base_evaluations"."score" >= 0 and "std_base_evaluations"."score" <= 100))
);
--> statement-breakpoint
CREATE TABLE "std_bases" (
	"district_code" text NOT NULL,
	"id" uuid NOT NULL,
	"entity_id" uuid NOT NULL,
	"town_code" text NOT NULL,
	"type" text NOT NULL,
	"name" text NOT NULL,
	"products" text[] NOT NULL,
	"area" double precision,
	"designated_year" integer NOT NULL,
	"status" text DEFAULT 'designated' NOT NULL,
	"status_reason" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "std_bases_district_code_id_pk" PRIMARY KEY("district_code","id"),
	CONSTRAINT "std_bases_type_ck" CHECK ("std_bases"."type" in ('orchard', 'vegetable_garden', 'tea_garden', 'livestock_farm', 'aquaculture_farm')),
	CONSTRAINT "std_bases_status_ck" CHECK ("std_bases"."status" in ('designated', 'rectifying', 'revoked')),
	CONSTRAINT "std_bases_area_ck" CHECK ("std_bases"."area" is null or "std_bases"."area" > 0)
);
--> statement-breakpoint
CREATE TABLE "std_handouts" (
	"district_code" text NOT NULL,
	"id" uuid NOT NULL,
	"procedure_id" uuid NOT NULL,
	"version_id" uuid NOT NULL,
	"entity_id" uuid NOT NULL,
	"town_code" text NOT NULL,
	"handed_on" date NOT NULL,
	"handed_by" uuid,
	"handed_by_name" text,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "std_handouts_district_code_id_pk" PRIMARY KEY("district_code","id")
);
--> statement-breakpoint
CREATE TABLE "std_procedure_versions" (
	"district_code" text NOT NULL,
	"id" uuid NOT NULL,
	"procedure_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"title" text NOT NULL,
	"products" text[] NOT NULL,
	"site_environment" text NOT NULL,
	"inputs" text NOT NULL,
	"process_control" text NOT NULL,
	"harvest" text NOT NULL,
	"storage" text NOT NULL,
	"transport" text NOT NULL,
	"note" text,
	"published_on" date,
	"ended_on" date,
	"file_name" text,
	"file_type" text,
	"file_size" integer,
	"file_sha256" text,
	"file_bytes" "bytea",
	"created_by" uuid,
	"created_by_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "std_procedure_versions_district_code_id_pk" PRIMARY KEY("district_code","id"),
	CONSTRAINT "std_versions_status_ck" CHECK ("std_procedure_versions"."status" in ('draft', 'published', 'superseded', 'withdrawn')),
	CONSTRAINT "std_versions_version_ck" CHECK ("std_procedure_versions"."version" >= 1),
	CONSTRAINT "std_versions_published_ck" CHECK ("std_procedure_versions"."status" = 'draft' or "std_procedure_versions"."published_on" is not null),
	CONSTRAINT "std_versions_file_ck" CHECK (("std_procedure_versions"."file_bytes" is null) = ("std_procedure_versions"."file_sha256" is null) and ("std_procedure_versions"."file_bytes" is null) = ("std_procedure_versions"."file_name" is null))
);
--> statement-breakpoint
CREATE TABLE "std_procedures" (
	"district_code" text NOT NULL,
	"id" uuid NOT NULL,
	"number" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "std_procedures_district_code_id_pk" PRIMARY KEY("district_code","id")
);
--> statement-breakpoint
CREATE TABLE "std_targets" (
	"district_code" text NOT NULL,
	"year" integer NOT NULL,
	"procedures" integer NOT NULL,
	"bases" integer NOT NULL,
	"reach_rate" double precision,
	"source" text,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "std_targets_district_code_year_pk" PRIMARY KEY("district_code","year"),
	CONSTRAINT "std_targets_ck" CHECK ("std_targets"."procedures" >= 0 and "std_targets"."bases" >= 0),
	CONSTRAINT "std_targets_rate_ck" CHECK ("std_targets"."reach_rate" is null or ("std_targets"."reach_rate" >= 0 and "std_targets"."reach_rate" <= 1))
);
--> statement-breakpoint
ALTER TABLE "std_base_evaluations" ADD CONSTRAINT "std_evaluations_base_fk" FOREIGN KEY ("district_code","base_id") REFERENCES "public"."std_bases"("district_code","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "std_handouts" ADD CONSTRAINT "std_handouts_version_fk" FOREIGN KEY ("district_code","version_id") REFERENCES "public"."std_procedure_versions"("district_code","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "std_procedure_versions" ADD CONSTRAINT "std_versions_procedure_fk" FOREIGN KEY ("district_code","procedure_id") REFERENCES "public"."std_procedures"("district_code","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "std_evaluations_base_idx" ON "std_base_evaluations" USING btree ("district_code","base_id","evaluated_on");--> statement-breakpoint
CREATE UNIQUE INDEX "std_bases_entity_type_uq" ON "std_bases" USING btree ("district_code","entity_id","type");--> statement-breakpoint
CREATE INDEX "std_bases_town_idx" ON "std_bases" USING btree ("district_code","town_code");--> statement-breakpoint
CREATE UNIQUE INDEX "std_handouts_uq" ON "std_handouts" USING btree ("district_code","version_id","entity_id");--> statement-breakpoint
CREATE INDEX "std_handouts_entity_idx" ON "std_handouts" USING btree ("district_code","entity_id");--> statement-breakpoint
CREATE INDEX "std_handouts_procedure_idx" ON "std_handouts" USING btree ("district_code","procedure_id","town_code");--> statement-breakpoint
CREATE UNIQUE INDEX "std_versions_number_uq" ON "std_procedure_versions" USING btree ("district_code","procedure_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "std_procedures_number_uq" ON "std_procedures" USING btree ("district_code","number");
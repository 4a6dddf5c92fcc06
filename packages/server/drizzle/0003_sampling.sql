CREATE TABLE "monitoring_plans" (
	"id" uuid NOT NULL,
	"district_code" text NOT NULL,
	"year" integer NOT NULL,
	"name" text NOT NULL,
	"target_pass_rate" numeric(5, 2) NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"source" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "monitoring_plans_district_code_id_pk" PRIMARY KEY("district_code","id")
);
--> statement-breakpoint
CREATE TABLE "plan_quotas" (
	"district_code" text NOT NULL,
	"plan_id" uuid NOT NULL,
	"task_kind" text NOT NULL,
	"holder_code" text NOT NULL,
	"quota" integer NOT NULL,
	CONSTRAINT "plan_quotas_district_code_plan_id_task_kind_holder_code_pk" PRIMARY KEY("district_code","plan_id","task_kind","holder_code")
);
--> statement-breakpoint
CREATE TABLE "domain_events" (
	"id" bigint GENERATED ALWAYS AS IDENTITY (sequence name "domain_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"district_code" text NOT NULL,
	"type" text NOT NULL,
	"subject_id" text,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"consumed_by" text[] DEFAULT '{}'::text[] NOT NULL,
	CONSTRAINT "domain_events_district_code_id_pk" PRIMARY KEY("district_code","id")
);
--> statement-breakpoint
CREATE TABLE "entity_flags" (
	"district_code" text NOT NULL,
	"entity_id" uuid NOT NULL,
	"flag" text NOT NULL,
	"source_type" text NOT NULL,
	"source_id" uuid NOT NULL,
	"note" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "entity_flags_district_code_entity_id_flag_source_id_pk" PRIMARY KEY("district_code","entity_id","flag","source_id")
);
--> statement-breakpoint
CREATE TABLE "lab_results" (
	"district_code" text NOT NULL,
	"sample_id" uuid NOT NULL,
	"analyte_code" text NOT NULL,
	"value" double precision,
	"unit" text NOT NULL,
	"value_mg_kg" double precision,
	"lod" double precision,
	"method_standard" text NOT NULL,
	"verdict" text NOT NULL,
	"limit_mg_kg" double precision,
	"limit_citation" text,
	"tested_at" timestamp with time zone NOT NULL,
	"tested_by" uuid,
	CONSTRAINT "lab_results_district_code_sample_id_analyte_code_pk" PRIMARY KEY("district_code","sample_id","analyte_code")
);
--> statement-breakpoint
CREATE TABLE "lot_holds" (
	"id" uuid NOT NULL,
	"district_code" text NOT NULL,
	"entity_id" uuid,
	"town_code" text NOT NULL,
	"product_code" text NOT NULL,
	"lot_ref" text,
	"source_type" text NOT NULL,
	"source_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"status" text DEFAULT 'held' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"released_at" timestamp with time zone,
	CONSTRAINT "lot_holds_district_code_id_pk" PRIMARY KEY("district_code","id")
);
--> statement-breakpoint
CREATE TABLE "rapid_tests" (
	"id" uuid NOT NULL,
	"district_code" text NOT NULL,
	"test_no" text NOT NULL,
	"plan_id" uuid,
	"holder_code" text NOT NULL,
	"town_code" text NOT NULL,
	"entity_id" uuid,
	"sampled_party" text,
	"product_code" text NOT NULL,
	"link" text NOT NULL,
	"method" text NOT NULL,
	"target" text NOT NULL,
	"inhibition_rate" double precision,
	"result" text NOT NULL,
	"tested_at" timestamp with time zone NOT NULL,
	"tester" text NOT NULL,
	"instrument" text,
	"follow_up" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rapid_tests_district_code_id_pk" PRIMARY KEY("district_code","id")
);
--> statement-breakpoint
CREATE TABLE "result_stats" (
	"district_code" text NOT NULL,
	"month" text NOT NULL,
	"town_code" text NOT NULL,
	"holder_code" text NOT NULL,
	"task_kind" text NOT NULL,
	"product_code" text NOT NULL,
	"analyte_code" text NOT NULL,
	"link" text NOT NULL,
	"total" integer NOT NULL,
	"failed" integer NOT NULL,
	CONSTRAINT "result_stats_district_code_month_town_code_holder_code_task_kind_product_code_analyte_code_link_pk" PRIMARY KEY("district_code","month","town_code","holder_code","task_kind","product_code","analyte_code","link")
);
--> statement-breakpoint
CREATE TABLE "samples" (
	"id" uuid NOT NULL,
	"district_code" text NOT NULL,
	"sample_no" text NOT NULL,
	"plan_id" uuid,
	"task_id" uuid,
	"task_kind" text NOT NULL,
	"town_code" text NOT NULL,
	"village_code" text,
	"entity_id" uuid,
	"sampled_party" text,
	"product_code" text NOT NULL,
	"link" text NOT NULL,
	"sampler" text NOT NULL,
	"sampled_at" timestamp with time zone NOT NULL,
	"quantity" double precision NOT NULL,
	"quantity_unit" text NOT NULL,
	"seal_no" text,
	"lot_ref" text,
	"photo" text,
	"status" text DEFAULT 'sampled' NOT NULL,
	"verdict" text,
	"judged_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "samples_district_code_id_pk" PRIMARY KEY("district_code","id")
);
--> statement-breakpoint
CREATE TABLE "sampling_tasks" (
	"id" uuid NOT NULL,
	"district_code" text NOT NULL,
	"plan_id" uuid,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"town_code" text,
	"entity_id" uuid,
	"product_code" text,
	"origin" text NOT NULL,
	"source_ref" text,
	"status" text DEFAULT 'proposed' NOT NULL,
	"due_date" text,
	"draw" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sampling_tasks_district_code_id_pk" PRIMARY KEY("district_code","id")
);
--> statement-breakpoint
CREATE TABLE "serials" (
	"district_code" text NOT NULL,
	"name" text NOT NULL,
	"year" integer NOT NULL,
	"last" integer NOT NULL,
	CONSTRAINT "serials_district_code_name_year_pk" PRIMARY KEY("district_code","name","year")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "monitoring_plans_year_uq" ON "monitoring_plans" USING btree ("district_code","year");--> statement-breakpoint
CREATE INDEX "plan_quotas_holder_idx" ON "plan_quotas" USING btree ("district_code","holder_code");--> statement-breakpoint
CREATE INDEX "domain_events_type_idx" ON "domain_events" USING btree ("district_code","type","id");--> statement-breakpoint
CREATE INDEX "lot_holds_entity_idx" ON "lot_holds" USING btree ("district_code","entity_id");--> statement-breakpoint
CREATE UNIQUE INDEX "rapid_tests_no_uq" ON "rapid_tests" USING btree ("district_code","test_no");--> statement-breakpoint
CREATE INDEX "rapid_tests_holder_idx" ON "rapid_tests" USING btree ("district_code","holder_code","tested_at");--> statement-breakpoint
CREATE INDEX "rapid_tests_positive_idx" ON "rapid_tests" USING btree ("district_code","tested_at") WHERE "rapid_tests"."result" = 'positive';--> statement-breakpoint
CREATE UNIQUE INDEX "samples_no_uq" ON "samples" USING btree ("district_code","sample_no");--> statement-breakpoint
CREATE INDEX "samples_town_idx" ON "samples" USING btree ("district_code","town_code","sampled_at");--> statement-breakpoint
CREATE INDEX "samples_entity_idx" ON "samples" USING btree ("district_code","entity_id");--> statement-breakpoint
CREATE INDEX "samples_id_idx" ON "samples" USING btree ("id");--> statement-breakpoint
CREATE INDEX "sampling_tasks_status_idx" ON "sampling_tasks" USING btree ("district_code","status");
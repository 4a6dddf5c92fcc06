CREATE TABLE "brand_certifications" (
	"district_code" text NOT NULL,
	"id" uuid NOT NULL,
	"kind" text NOT NULL,
	"cert_no" text NOT NULL,
	"entity_id" uuid NOT NULL,
	"town_code" text NOT NULL,
	"product_codes" text[] NOT NULL,
	"area" numeric,
	"area_unit" text DEFAULT 'mu' NOT NULL,
	"output" numeric,
	"output_unit" text DEFAULT 'tonne' NOT NULL,
	"issued_on" date NOT NULL,
	"valid_until" date NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoke_reason" text,
	"note" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "brand_certifications_district_code_id_pk" PRIMARY KEY("district_code","id"),
	CONSTRAINT "brand_certifications_kind_ck" CHECK ("brand_certifications"."kind" in ('green', 'organic', 'gi', 'mingte', 'cq_famous', 'gap')),
	CONSTRAINT "brand_certifications_dates_ck" CHECK ("brand_certifications"."valid_until" > "brand_certifications"."issued_on"),
	CONSTRAINT "brand_certifications_products_ck" CHECK (cardinality("brand_certifications"."product_codes") > 0),
	CONSTRAINT "brand_certifications_units_ck" CHECK ("brand_certifications"."area_unit" in ('mu', 'hectare') and "brand_certifications"."output_unit" in ('kg', 'tonne')),
	CONSTRAINT "brand_certifications_revoked_ck" CHECK (("brand_certifications"."revoked_at" is null) = ("brand_certifications"."revoke_reason" is null))
);
--> statement-breakpoint
CREATE TABLE "brand_licences" (
	"district_code" text NOT NULL,
	"id" uuid NOT NULL,
	"brand_id" uuid NOT NULL,
	"entity_id" uuid NOT NULL,
	"town_code" text NOT NULL,
	"product_codes" text[] DEFAULT '{}'::text[] NOT NULL,
	"licensed_on" date NOT NULL,
	"valid_until" date,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "brand_licences_district_code_id_pk" PRIMARY KEY("district_code","id"),
	CONSTRAINT "brand_licences_dates_ck" CHECK ("brand_licences"."valid_until" is null or "brand_licences"."valid_until" > "brand_licences"."licensed_on")
);
--> statement-breakpoint
CREATE TABLE "brand_reviews" (
	"district_code" text NOT NULL,
	"id" uuid NOT NULL,
	"certification_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"on" date NOT NULL,
	"inspector" text NOT NULL,
	"result" text NOT NULL,
	"place" text,
	"findings" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "brand_reviews_district_code_id_pk" PRIMARY KEY("district_code","id"),
	CONSTRAINT "brand_reviews_kind_ck" CHECK ("brand_reviews"."kind" in ('annual', 'supervision', 'label')),
	CONSTRAINT "brand_reviews_result_ck" CHECK ("brand_reviews"."result" in ('pass', 'fail') or ("brand_reviews"."result" = 'misuse' and "brand_reviews"."kind" = 'label'))
);
--> statement-breakpoint
CREATE TABLE "brand_settings" (
	"district_code" text PRIMARY KEY NOT NULL,
	"remind_days" integer NOT NULL,
	"targets" jsonb NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "regional_brands" (
	"district_code" text NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"owner" text,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "regional_brands_district_code_id_pk" PRIMARY KEY("district_code","id")
);
--> statement-breakpoint
CREATE TABLE "support_decisions" (
	"district_code" text NOT NULL,
	"id" uuid NOT NULL,
	"purpose" text NOT NULL,
	"entity_id" uuid NOT NULL,
	"town_code" text NOT NULL,
	"year" integer NOT NULL,
	"title" text NOT NULL,
	"decision" text NOT NULL,
	"warnings" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "support_decisions_district_code_id_pk" PRIMARY KEY("district_code","id"),
	CONSTRAINT "support_decisions_purpose_ck" CHECK ("support_decisions"."purpose" in ('funding', 'award', 'demonstration')),
	CONSTRAINT "support_decisions_decision_ck" CHECK ("support_decisions"."decision" in ('approved', 'rejected'))
);
--> statement-breakpoint
CREATE TABLE "four_links_settings" (
	"district_code" text PRIMARY KEY NOT NULL,
	"rule" jsonb NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "brand_certifications_no_uq" ON "brand_certifications" USING btree ("district_code","kind","cert_no");--> statement-breakpoint
CREATE INDEX "brand_certifications_entity_idx" ON "brand_certifications" USING btree ("district_code","entity_id","valid_until");--> statement-breakpoint
CREATE INDEX "brand_certifications_town_idx" ON "brand_certifications" USING btree ("district_code","town_code","valid_until");--> statement-breakpoint
CREATE UNIQUE INDEX "brand_licences_uq" ON "brand_licences" USING btree ("district_code","brand_id","entity_id","licensed_on");--> statement-breakpoint
CREATE INDEX "brand_licences_entity_idx" ON "brand_licences" USING btree ("district_code","entity_id");--> statement-breakpoint
CREATE INDEX "brand_reviews_cert_idx" ON "brand_reviews" USING btree ("district_code","certification_id","on");--> statement-breakpoint
CREATE UNIQUE INDEX "regional_brands_name_uq" ON "regional_brands" USING btree ("district_code","name");--> statement-breakpoint
CREATE INDEX "support_decisions_year_idx" ON "support_decisions" USING btree ("district_code","year");
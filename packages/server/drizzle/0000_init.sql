CREATE TABLE "sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"ip" text,
	"user_agent" text
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY NOT NULL,
	"username" text NOT NULL,
	"display_name" text NOT NULL,
	"password_hash" text NOT NULL,
	"role" text NOT NULL,
	"scope_code" text,
	"entity_id" uuid,
	"active" boolean DEFAULT true NOT NULL,
	"must_change_password" boolean DEFAULT false NOT NULL,
	"failed_logins" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"last_login_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_username_unique" UNIQUE("username")
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"user_id" uuid,
	"username" text,
	"action" text NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" text,
	"region_code" text,
	"before" jsonb,
	"after" jsonb,
	"ip" text
);
--> statement-breakpoint
CREATE TABLE "entities" (
	"id" uuid NOT NULL,
	"district_code" text NOT NULL,
	"town_code" text NOT NULL,
	"village_code" text,
	"grid_code" text,
	"name" text NOT NULL,
	"type" text NOT NULL,
	"credit_code" text,
	"id_card" text,
	"legal_rep" text NOT NULL,
	"phone" text NOT NULL,
	"address" text NOT NULL,
	"industries" text[] NOT NULL,
	"main_products" text[] NOT NULL,
	"scale" text,
	"certificate_trial" boolean DEFAULT false NOT NULL,
	"trace_managed" boolean DEFAULT false NOT NULL,
	"risk_grade" text DEFAULT 'low' NOT NULL,
	"lat" double precision,
	"lng" double precision,
	"remarks" text,
	"active" boolean DEFAULT true NOT NULL,
	"deactivated_at" timestamp with time zone,
	"deactivate_reason" text,
	"synthetic" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "entities_district_code_id_pk" PRIMARY KEY("district_code","id")
);
--> statement-breakpoint
CREATE TABLE "divisions" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"level" text NOT NULL,
	"parent_code" text,
	"district_code" text NOT NULL,
	"kind" text,
	"former_name" text,
	"key_town" boolean DEFAULT false NOT NULL,
	"source" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "audit_subject_idx" ON "audit_log" USING btree ("subject_type","subject_id");--> statement-breakpoint
CREATE INDEX "audit_at_idx" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "audit_region_idx" ON "audit_log" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "entities_id_idx" ON "entities" USING btree ("id");--> statement-breakpoint
CREATE UNIQUE INDEX "entities_credit_code_uq" ON "entities" USING btree ("district_code","credit_code") WHERE "entities"."credit_code" is not null;--> statement-breakpoint
CREATE INDEX "entities_town_idx" ON "entities" USING btree ("district_code","town_code","active");--> statement-breakpoint
CREATE INDEX "entities_village_idx" ON "entities" USING btree ("village_code");--> statement-breakpoint
CREATE INDEX "entities_name_idx" ON "entities" USING btree ("district_code","name");--> statement-breakpoint
CREATE INDEX "entities_updated_idx" ON "entities" USING btree ("district_code","updated_at");--> statement-breakpoint
CREATE INDEX "divisions_parent_idx" ON "divisions" USING btree ("parent_code");--> statement-breakpoint
CREATE INDEX "divisions_district_idx" ON "divisions" USING btree ("district_code");
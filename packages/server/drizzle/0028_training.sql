CREATE TABLE "training_attendance" (
	"district_code" text NOT NULL,
	"id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	"person_key" text NOT NULL,
	"person_name" text NOT NULL,
	"user_id" uuid,
	"entity_id" uuid,
	"town_code" text,
	"phone_masked" text,
	"method" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "training_attendance_district_code_id_pk" PRIMARY KEY("district_code","id"),
	CONSTRAINT "training_attendance_method_ck" CHECK ("training_attendance"."method" in ('staff', 'scan_user', 'scan_public')),
	CONSTRAINT "training_attendance_key_ck" CHECK ("training_attendance"."person_key" ~ '^[uep]:.+')
);
--> statement-breakpoint
CREATE TABLE "training_sessions" (
	"district_code" text NOT NULL,
	"id" uuid NOT NULL,
	"town_code" text,
	"title" text NOT NULL,
	"category" text NOT NULL,
	"held_on" date NOT NULL,
	"place" text NOT NULL,
	"teacher" text NOT NULL,
	"material_title" text,
	"capacity" integer NOT NULL,
	"status" text DEFAULT 'planned' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "training_sessions_district_code_id_pk" PRIMARY KEY("district_code","id"),
	CONSTRAINT "training_sessions_status_ck" CHECK ("training_sessions"."status" in ('planned', 'held', 'cancelled')),
	CONSTRAINT "training_sessions_category_ck" CHECK ("training_sessions"."category" in ('testers', 'supervisors', 'village_coordinators', 'enterprise_heads', 'input_dealers', 'brand_holders')),
	CONSTRAINT "training_sessions_capacity_ck" CHECK ("training_sessions"."capacity" > 0)
);
--> statement-breakpoint
ALTER TABLE "training_attendance" ADD CONSTRAINT "training_attendance_district_code_session_id_training_sessions_district_code_id_fk" FOREIGN KEY ("district_code","session_id") REFERENCES "public"."training_sessions"("district_code","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "training_attendance_person_uq" ON "training_attendance" USING btree ("district_code","session_id","person_key");--> statement-breakpoint
CREATE INDEX "training_attendance_entity_idx" ON "training_attendance" USING btree ("district_code","entity_id");--> statement-breakpoint
CREATE INDEX "training_attendance_user_idx" ON "training_attendance" USING btree ("district_code","user_id");--> statement-breakpoint
CREATE INDEX "training_sessions_held_idx" ON "training_sessions" USING btree ("district_code","held_on");
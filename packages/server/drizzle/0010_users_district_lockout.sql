CREATE TABLE "login_failures" (
	"username_key" text PRIMARY KEY NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"last_failure_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "district_code" text;--> statement-breakpoint
UPDATE "users" SET "district_code" = coalesce(left("scope_code", 6), (SELECT e."district_code" FROM "entities" e WHERE e."id" = "users"."entity_id" LIMIT 1));--> statement-breakpoint
UPDATE "users" SET "active" = false, "district_code" = coalesce((SELECT min(d."code") FROM "divisions" d WHERE d."level" = 'district'), '000000') WHERE "district_code" IS NULL;--> statement-breakpoint
ALTER TABLE "users" ALTER COLUMN "district_code" SET NOT NULL;--> statement-breakpoint
CREATE INDEX "users_district_idx" ON "users" USING btree ("district_code","username");--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_district_code_ck" CHECK ("users"."district_code" ~ '^[0-9]{6}$');--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_scope_in_district_ck" CHECK ("users"."scope_code" is null or left("users"."scope_code", 6) = "users"."district_code");
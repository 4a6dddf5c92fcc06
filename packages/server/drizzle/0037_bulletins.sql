CREATE TABLE "bulletins" (
	"district_code" text NOT NULL,
	"id" uuid NOT NULL,
	"year" integer NOT NULL,
	"quarter" integer NOT NULL,
	"title" text NOT NULL,
	"state" text DEFAULT 'draft' NOT NULL,
	"sections" jsonb NOT NULL,
	"figures" jsonb NOT NULL,
	"computed_at" timestamp with time zone NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"issued_by" uuid,
	"issued_by_name" text,
	"issued_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "bulletins_district_code_id_pk" PRIMARY KEY("district_code","id"),
	CONSTRAINT "bulletins_state_ck" CHECK ("bulletins"."state" in ('draft', 'issued')),
	CONSTRAINT "bulletins_quarter_ck" CHECK ("bulletins"."quarter" between 1 and 4),
	CONSTRAINT "bulletins_issued_ck" CHECK (("bulletins"."state" = 'issued') = ("bulletins"."issued_at" is not null))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "bulletins_quarter_uq" ON "bulletins" USING btree ("district_code","year","quarter");--> statement-breakpoint
CREATE INDEX "bulletins_id_idx" ON "bulletins" USING btree ("id");
CREATE TABLE "warning_settings" (
	"district_code" text PRIMARY KEY NOT NULL,
	"pass_rate_threshold" double precision,
	"min_samples" integer NOT NULL,
	"repeat_failures" integer NOT NULL,
	"repeat_window_days" integer NOT NULL,
	"pace_share" double precision NOT NULL,
	"overdue_grace_days" integer NOT NULL,
	"mismatch_window_days" integer NOT NULL,
	"brand_expiry_days" integer NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "warnings" (
	"district_code" text NOT NULL,
	"id" uuid NOT NULL,
	"town_code" text,
	"kind" text NOT NULL,
	"scope_key" text NOT NULL,
	"level" text NOT NULL,
	"state" text DEFAULT 'open' NOT NULL,
	"subject" text NOT NULL,
	"evidence" jsonb NOT NULL,
	"fingerprint" text NOT NULL,
	"owner_role" text NOT NULL,
	"first_seen" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen" timestamp with time zone DEFAULT now() NOT NULL,
	"acknowledged_by" uuid,
	"acknowledged_at" timestamp with time zone,
	"resolved_by" uuid,
	"resolved_at" timestamp with time zone,
	"resolve_reason" text,
	CONSTRAINT "warnings_district_code_id_pk" PRIMARY KEY("district_code","id"),
	CONSTRAINT "warnings_state_ck" CHECK ("warnings"."state" in ('open', 'acknowledged', 'resolved')),
	CONSTRAINT "warnings_level_ck" CHECK ("warnings"."level" in ('notice', 'attention', 'serious')),
	CONSTRAINT "warnings_resolved_ck" CHECK (("warnings"."state" = 'resolved') = ("warnings"."resolved_at" is not null) and ("warnings"."state" <> 'resolved' or "warnings"."resolve_reason" is not null)),
	CONSTRAINT "warnings_ack_ck" CHECK ("warnings"."state" <> 'acknowledged' or "warnings"."acknowledged_at" is not null)
);
--> statement-breakpoint
CREATE UNIQUE INDEX "warnings_active_scope_uq" ON "warnings" USING btree ("district_code","scope_key") WHERE "warnings"."state" in ('open', 'acknowledged');--> statement-breakpoint
CREATE INDEX "warnings_town_idx" ON "warnings" USING btree ("district_code","town_code","state");--> statement-breakpoint
CREATE INDEX "warnings_scope_idx" ON "warnings" USING btree ("district_code","scope_key","state");
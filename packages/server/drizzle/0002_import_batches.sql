CREATE TABLE "import_batches" (
	"id" uuid NOT NULL,
	"district_code" text NOT NULL,
	"kind" text NOT NULL,
	"user_id" uuid,
	"username" text,
	"scope_code" text,
	"file_name" text NOT NULL,
	"mode" text NOT NULL,
	"total" integer NOT NULL,
	"created" integer NOT NULL,
	"updated" integer NOT NULL,
	"unchanged" integer NOT NULL,
	"failed" integer NOT NULL,
	"committed" boolean NOT NULL,
	"errors" jsonb NOT NULL,
	"error_rows" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "import_batches_district_code_id_pk" PRIMARY KEY("district_code","id")
);
--> statement-breakpoint
CREATE INDEX "import_batches_created_idx" ON "import_batches" USING btree ("district_code","created_at");
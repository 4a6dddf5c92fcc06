CREATE TABLE "certificate_scans" (
	"id" uuid NOT NULL,
	"district_code" text NOT NULL,
	"certificate_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"network" text,
	"place" text,
	"channel" text,
	CONSTRAINT "certificate_scans_district_code_id_pk" PRIMARY KEY("district_code","id")
);
--> statement-breakpoint
CREATE TABLE "certificate_tests" (
	"district_code" text NOT NULL,
	"certificate_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"kind" text NOT NULL,
	"ref_id" uuid,
	"ref_no" text NOT NULL,
	"items" text[] NOT NULL,
	"result" text NOT NULL,
	"tested_on" date,
	"lab" text,
	CONSTRAINT "certificate_tests_district_code_certificate_id_seq_pk" PRIMARY KEY("district_code","certificate_id","seq")
);
--> statement-breakpoint
CREATE TABLE "certificates" (
	"id" uuid NOT NULL,
	"district_code" text NOT NULL,
	"cert_no" text NOT NULL,
	"trace_id" text NOT NULL,
	"trace_code" text NOT NULL,
	"style" text NOT NULL,
	"source" text DEFAULT 'issued' NOT NULL,
	"entity_id" uuid NOT NULL,
	"town_code" text NOT NULL,
	"village_code" text,
	"lot_id" uuid,
	"product_code" text NOT NULL,
	"product_name" text NOT NULL,
	"quantity" double precision NOT NULL,
	"unit" text NOT NULL,
	"origin" text NOT NULL,
	"promiser" text NOT NULL,
	"contact" text NOT NULL,
	"issue_date" date NOT NULL,
	"bases" text[] NOT NULL,
	"legacy_basis" text,
	"gtin" text,
	"label_count" integer DEFAULT 1 NOT NULL,
	"print_count" integer DEFAULT 0 NOT NULL,
	"last_printed_at" timestamp with time zone,
	"on_behalf" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'valid' NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoke_reason" text,
	"revoked_by" uuid,
	"retain_until" date NOT NULL,
	"synthetic" boolean DEFAULT false NOT NULL,
	"issued_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "certificates_district_code_id_pk" PRIMARY KEY("district_code","id")
);
--> statement-breakpoint
CREATE TABLE "market_checks" (
	"id" uuid NOT NULL,
	"district_code" text NOT NULL,
	"market_id" uuid,
	"town_code" text NOT NULL,
	"checked_at" timestamp with time zone DEFAULT now() NOT NULL,
	"code" text,
	"certificate_id" uuid,
	"result" text NOT NULL,
	"product_code" text,
	"quantity" double precision,
	"unit" text,
	"supplier" text,
	"note" text,
	"checked_by" uuid,
	CONSTRAINT "market_checks_district_code_id_pk" PRIMARY KEY("district_code","id")
);
--> statement-breakpoint
CREATE TABLE "received_certificates" (
	"id" uuid NOT NULL,
	"district_code" text NOT NULL,
	"receiver_id" uuid NOT NULL,
	"source_certificate_id" uuid,
	"cert_no" text NOT NULL,
	"supplier" text NOT NULL,
	"product_code" text NOT NULL,
	"quantity" double precision NOT NULL,
	"unit" text NOT NULL,
	"received_on" date NOT NULL,
	"used_in_certificate_id" uuid,
	"retain_until" date NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "received_certificates_district_code_id_pk" PRIMARY KEY("district_code","id")
);
--> statement-breakpoint
CREATE TABLE "input_purchases" (
	"id" uuid NOT NULL,
	"district_code" text NOT NULL,
	"entity_id" uuid NOT NULL,
	"input" text NOT NULL,
	"input_code" text,
	"kind" text NOT NULL,
	"quantity" double precision NOT NULL,
	"unit" text NOT NULL,
	"store_id" uuid,
	"store_name" text,
	"purchased_on" date NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "input_purchases_district_code_id_pk" PRIMARY KEY("district_code","id")
);
--> statement-breakpoint
CREATE TABLE "input_uses" (
	"id" uuid NOT NULL,
	"district_code" text NOT NULL,
	"lot_id" uuid NOT NULL,
	"entity_id" uuid NOT NULL,
	"input" text NOT NULL,
	"input_code" text,
	"kind" text NOT NULL,
	"used_on" date NOT NULL,
	"dose" text,
	"area" double precision,
	"animals" integer,
	"operator" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "input_uses_district_code_id_pk" PRIMARY KEY("district_code","id")
);
--> statement-breakpoint
CREATE TABLE "production_lots" (
	"id" uuid NOT NULL,
	"district_code" text NOT NULL,
	"lot_no" text NOT NULL,
	"entity_id" uuid NOT NULL,
	"town_code" text NOT NULL,
	"village_code" text,
	"product_code" text NOT NULL,
	"plot" text,
	"area" double precision,
	"animals" integer,
	"started_on" date,
	"status" text DEFAULT 'growing' NOT NULL,
	"harvest_date" date,
	"harvest_quantity" double precision,
	"harvest_unit" text,
	"note" text,
	"synthetic" boolean DEFAULT false NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "production_lots_district_code_id_pk" PRIMARY KEY("district_code","id")
);
--> statement-breakpoint
CREATE TABLE "trace_events" (
	"id" uuid NOT NULL,
	"district_code" text NOT NULL,
	"certificate_id" uuid NOT NULL,
	"type" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"place_id" text NOT NULL,
	"place_name" text NOT NULL,
	"town_code" text NOT NULL,
	"from_entity_id" uuid,
	"to_entity_id" uuid,
	"quantity" double precision,
	"unit" text,
	"detail" jsonb,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "trace_events_district_code_id_pk" PRIMARY KEY("district_code","id")
);
--> statement-breakpoint
CREATE INDEX "certificate_scans_cert_idx" ON "certificate_scans" USING btree ("district_code","certificate_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "certificates_no_uq" ON "certificates" USING btree ("district_code","cert_no");--> statement-breakpoint
CREATE UNIQUE INDEX "certificates_trace_uq" ON "certificates" USING btree ("district_code","trace_id");--> statement-breakpoint
CREATE INDEX "certificates_trace_idx" ON "certificates" USING btree ("trace_id");--> statement-breakpoint
CREATE INDEX "certificates_entity_idx" ON "certificates" USING btree ("district_code","entity_id","issue_date");--> statement-breakpoint
CREATE INDEX "certificates_town_idx" ON "certificates" USING btree ("district_code","town_code","issue_date");--> statement-breakpoint
CREATE INDEX "certificates_revoked_idx" ON "certificates" USING btree ("district_code","revoked_at") WHERE "certificates"."status" = 'revoked';--> statement-breakpoint
CREATE INDEX "market_checks_market_idx" ON "market_checks" USING btree ("district_code","market_id","checked_at");--> statement-breakpoint
CREATE INDEX "market_checks_town_idx" ON "market_checks" USING btree ("district_code","town_code","checked_at");--> statement-breakpoint
CREATE INDEX "received_certificates_receiver_idx" ON "received_certificates" USING btree ("district_code","receiver_id","received_on");--> statement-breakpoint
CREATE INDEX "received_certificates_source_idx" ON "received_certificates" USING btree ("district_code","source_certificate_id");--> statement-breakpoint
CREATE INDEX "received_certificates_used_idx" ON "received_certificates" USING btree ("district_code","used_in_certificate_id");--> statement-breakpoint
CREATE INDEX "input_purchases_entity_idx" ON "input_purchases" USING btree ("district_code","entity_id","purchased_on");--> statement-breakpoint
CREATE INDEX "input_purchases_store_idx" ON "input_purchases" USING btree ("district_code","store_id") WHERE "input_purchases"."store_id" is not null;--> statement-breakpoint
CREATE INDEX "input_uses_lot_idx" ON "input_uses" USING btree ("district_code","lot_id","used_on");--> statement-breakpoint
CREATE UNIQUE INDEX "production_lots_no_uq" ON "production_lots" USING btree ("district_code","lot_no");--> statement-breakpoint
CREATE INDEX "production_lots_entity_idx" ON "production_lots" USING btree ("district_code","entity_id","created_at");--> statement-breakpoint
CREATE INDEX "production_lots_town_idx" ON "production_lots" USING btree ("district_code","town_code","created_at");--> statement-breakpoint
CREATE INDEX "trace_events_cert_idx" ON "trace_events" USING btree ("district_code","certificate_id","at");
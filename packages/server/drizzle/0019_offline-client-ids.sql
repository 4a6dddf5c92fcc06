ALTER TABLE "market_checks" ADD COLUMN "client_id" uuid;--> statement-breakpoint
ALTER TABLE "rapid_tests" ADD COLUMN "client_id" uuid;--> statement-breakpoint
CREATE UNIQUE INDEX "market_checks_client_uq" ON "market_checks" USING btree ("district_code","client_id") WHERE "market_checks"."client_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "rapid_tests_client_uq" ON "rapid_tests" USING btree ("district_code","client_id") WHERE "rapid_tests"."client_id" is not null;
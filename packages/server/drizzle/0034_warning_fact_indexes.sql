DROP INDEX "certificates_entity_idx";--> statement-breakpoint
DROP INDEX "rapid_tests_positive_idx";--> statement-breakpoint
CREATE INDEX "certificate_scans_at_idx" ON "certificate_scans" USING btree ("district_code","at","certificate_id","network");--> statement-breakpoint
CREATE INDEX "samples_fail_idx" ON "samples" USING btree ("district_code","sampled_at") WHERE "samples"."verdict" = 'fail';--> statement-breakpoint
CREATE INDEX "certificates_entity_idx" ON "certificates" USING btree ("district_code","entity_id","issue_date","product_code","id");--> statement-breakpoint
CREATE INDEX "rapid_tests_positive_idx" ON "rapid_tests" USING btree ("district_code","tested_at","entity_id","follow_up","product_code","test_no","id") WHERE "rapid_tests"."result" = 'positive';
-- The outbox runner (platform/outbox.ts) reads one consumer's event types across districts, by id.
CREATE INDEX IF NOT EXISTS "domain_events_type_id_idx" ON "domain_events" USING btree ("type","id");--> statement-breakpoint
-- States the services keep, held by the database too.
ALTER TABLE "rectifications" ADD CONSTRAINT "rectifications_status_ck" CHECK ("status" in ('open', 'closed', 'escalated'));--> statement-breakpoint
ALTER TABLE "rectifications" ADD CONSTRAINT "rectifications_closed_ck" CHECK (("status" = 'closed') = ("closed_at" is not null));--> statement-breakpoint
ALTER TABLE "inspection_duties" ADD CONSTRAINT "inspection_duties_status_ck" CHECK ("status" in ('open', 'done'));--> statement-breakpoint
ALTER TABLE "inspection_duties" ADD CONSTRAINT "inspection_duties_kind_ck" CHECK ("kind" in ('quarterly', 'sample_revisit'));--> statement-breakpoint
ALTER TABLE "inspection_duties" ADD CONSTRAINT "inspection_duties_done_ck" CHECK (("status" = 'done') = ("inspection_id" is not null));--> statement-breakpoint
ALTER TABLE "inspection_photos" ADD CONSTRAINT "inspection_photos_type_ck" CHECK ("content_type" in ('image/jpeg', 'image/png', 'image/webp'));--> statement-breakpoint
ALTER TABLE "inspection_settings" ADD CONSTRAINT "inspection_settings_days_ck" CHECK ("rectify_days" between 1 and 180 and "revisit_days" between 1 and 90);

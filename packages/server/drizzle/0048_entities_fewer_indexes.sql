-- Fewer btrees on entities, each of which cost every insert (0.3-1 s of PostgreSQL apiece for a
-- 100,000-row import, noisy; the two dropped here about 0.5 s together, bench/README.md). The
-- village index goes: a village's entities are read through their town's index, since every
-- village query of entities also names the town. The list by time alone and the list index by
-- (active, time) become one index by time, which serves registered entities (nearly all) and both
-- together; the deregistered few get a partial index of their own, which imports of new entities
-- never touch.
DROP INDEX "entities_village_idx";--> statement-breakpoint
DROP INDEX "entities_updated_idx";--> statement-breakpoint
DROP INDEX "entities_list_idx";--> statement-breakpoint
CREATE INDEX "entities_inactive_list_idx" ON "entities" USING btree ("district_code","updated_at" DESC NULLS FIRST,"id") WHERE not "entities"."active";--> statement-breakpoint
CREATE INDEX "entities_list_idx" ON "entities" USING btree ("district_code","updated_at" DESC NULLS FIRST,"id");
-- A brand certification or licence is seen by the town of its entity: when an entity moves to
-- another town, its brand records follow (town supervisors scope by town_code).
CREATE OR REPLACE FUNCTION brands_follow_entity_town() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE brand_certifications SET town_code = NEW.town_code
    WHERE district_code = NEW.district_code AND entity_id = NEW.id;
  UPDATE brand_licences SET town_code = NEW.town_code
    WHERE district_code = NEW.district_code AND entity_id = NEW.id;
  RETURN NEW;
END;
$$;--> statement-breakpoint
CREATE TRIGGER entities_brands_town AFTER UPDATE OF town_code ON entities
  FOR EACH ROW WHEN (OLD.town_code IS DISTINCT FROM NEW.town_code)
  EXECUTE FUNCTION brands_follow_entity_town();--> statement-breakpoint
-- Settings within the ranges the API accepts.
ALTER TABLE "brand_settings" ADD CONSTRAINT "brand_settings_remind_ck" CHECK ("remind_days" between 1 and 730);

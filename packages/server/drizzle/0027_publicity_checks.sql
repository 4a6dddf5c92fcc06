-- Responses and photos belong to a survey or event of the same district.
ALTER TABLE "survey_responses" ADD CONSTRAINT "survey_responses_survey_fk" FOREIGN KEY ("district_code", "survey_id") REFERENCES "surveys" ("district_code", "id");--> statement-breakpoint
ALTER TABLE "publicity_photos" ADD CONSTRAINT "publicity_photos_event_fk" FOREIGN KEY ("district_code", "event_id") REFERENCES "publicity_events" ("district_code", "id");--> statement-breakpoint
ALTER TABLE "publicity_photos" ADD CONSTRAINT "publicity_photos_type_ck" CHECK ("content_type" in ('image/jpeg', 'image/png', 'image/webp'));--> statement-breakpoint
-- A survey's questions are frozen once anyone answered (the results would no longer match them).
CREATE OR REPLACE FUNCTION surveys_questions_frozen() RETURNS trigger AS $$
BEGIN
  IF NEW.questions IS DISTINCT FROM OLD.questions AND EXISTS (
    SELECT 1 FROM survey_responses r WHERE r.district_code = OLD.district_code AND r.survey_id = OLD.id
  ) THEN
    RAISE EXCEPTION 'survey % is answered: its questions are frozen', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql;--> statement-breakpoint
CREATE TRIGGER surveys_questions_frozen BEFORE UPDATE ON "surveys" FOR EACH ROW EXECUTE FUNCTION surveys_questions_frozen();--> statement-breakpoint
-- Only a published survey takes answers (the date window is checked by the service, in China time).
CREATE OR REPLACE FUNCTION survey_responses_published() RETURNS trigger AS $$
BEGIN
  IF NOT EXISTS (
    SELECT 1 FROM surveys s WHERE s.district_code = NEW.district_code AND s.id = NEW.survey_id AND s.status = 'published'
  ) THEN
    RAISE EXCEPTION 'survey % is not published', NEW.survey_id USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql;--> statement-breakpoint
CREATE TRIGGER survey_responses_published BEFORE INSERT ON "survey_responses" FOR EACH ROW EXECUTE FUNCTION survey_responses_published();

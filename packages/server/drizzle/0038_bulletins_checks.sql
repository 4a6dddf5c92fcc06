-- Custom SQL migration file, put your code below! --
-- An issued bulletin is an archive of the figures as they were when issued: no update, no delete,
-- whoever asks (the service refuses first with a 409; this holds for direct SQL too).
CREATE OR REPLACE FUNCTION bulletins_issued_frozen() RETURNS trigger AS $$
BEGIN
  IF OLD.state = 'issued' THEN
    RAISE EXCEPTION 'bulletin % is issued and cannot be changed', OLD.id USING ERRCODE = 'check_violation';
  END IF;
  IF TG_OP = 'DELETE' THEN
    RETURN OLD;
  END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql;--> statement-breakpoint
CREATE TRIGGER bulletins_issued_frozen BEFORE UPDATE OR DELETE ON "bulletins" FOR EACH ROW EXECUTE FUNCTION bulletins_issued_frozen();


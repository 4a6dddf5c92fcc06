-- Custom SQL: the public scan's counts (total, distinct networks and places, the copy window's
-- networks and days) read a tally per certificate, China day, network and place instead of every
-- scan row, so a scan costs the same however often its certificate was scanned before. Kept by
-- statement-level triggers on certificate_scans in the same transaction as the scans, whoever
-- writes them (the batched scan log, the demo, tests). '' stands for "none" in network and place
-- (a key column cannot be null); readers turn it back with nullif. last_at is the latest scan of
-- the row, so "scanned since T" stays exact: a network or day was scanned since T when its
-- row's last_at is.
CREATE TABLE IF NOT EXISTS "certificate_scan_tallies" (
	"district_code" text NOT NULL,
	"certificate_id" uuid NOT NULL,
	"day" date NOT NULL,
	"network" text NOT NULL DEFAULT '',
	"place" text NOT NULL DEFAULT '',
	"scans" integer NOT NULL,
	"last_at" timestamp with time zone NOT NULL,
	CONSTRAINT "certificate_scan_tallies_pk" PRIMARY KEY ("district_code", "certificate_id", "day", "network", "place"),
	CONSTRAINT "certificate_scan_tallies_scans_check" CHECK ("scans" > 0)
);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION certificate_scan_tally_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO certificate_scan_tallies AS t (district_code, certificate_id, day, network, place, scans, last_at)
    SELECT district_code, certificate_id, ((at AT TIME ZONE 'UTC') + interval '8 hours')::date,
        coalesce(network, ''), coalesce(place, ''), count(*), max(at)
      FROM new_rows GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (district_code, certificate_id, day, network, place)
      DO UPDATE SET scans = t.scans + excluded.scans, last_at = greatest(t.last_at, excluded.last_at);
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Nothing deletes scans today; if anything does, the touched rows are counted again from what is left.
CREATE OR REPLACE FUNCTION certificate_scan_tally_recount() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  CREATE TEMP TABLE IF NOT EXISTS scan_tally_keys (district_code text, certificate_id uuid, day date, network text, place text)
    ON COMMIT DROP;
  TRUNCATE scan_tally_keys;
  INSERT INTO scan_tally_keys
    SELECT DISTINCT district_code, certificate_id, ((at AT TIME ZONE 'UTC') + interval '8 hours')::date,
        coalesce(network, ''), coalesce(place, '')
      FROM old_rows;
  DELETE FROM certificate_scan_tallies t USING scan_tally_keys k
    WHERE t.district_code = k.district_code AND t.certificate_id = k.certificate_id AND t.day = k.day
      AND t.network = k.network AND t.place = k.place;
  INSERT INTO certificate_scan_tallies (district_code, certificate_id, day, network, place, scans, last_at)
    SELECT s.district_code, s.certificate_id, k.day, k.network, k.place, count(*), max(s.at)
      FROM certificate_scans s JOIN scan_tally_keys k
        ON s.district_code = k.district_code AND s.certificate_id = k.certificate_id
        AND ((s.at AT TIME ZONE 'UTC') + interval '8 hours')::date = k.day
        AND coalesce(s.network, '') = k.network AND coalesce(s.place, '') = k.place
      GROUP BY 1, 2, 3, 4, 5;
  RETURN NULL;
END $$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS certificate_scans_tally_add ON certificate_scans;
--> statement-breakpoint
CREATE TRIGGER certificate_scans_tally_add AFTER INSERT ON certificate_scans
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION certificate_scan_tally_add();
--> statement-breakpoint
DROP TRIGGER IF EXISTS certificate_scans_tally_recount ON certificate_scans;
--> statement-breakpoint
CREATE TRIGGER certificate_scans_tally_recount AFTER DELETE ON certificate_scans
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION certificate_scan_tally_recount();
--> statement-breakpoint
-- Scans moved or edited in place would break the tally: refuse it (a scan record is a fact).
CREATE OR REPLACE FUNCTION certificate_scan_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'certificate_scans rows are not updated';
END $$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS certificate_scans_immutable ON certificate_scans;
--> statement-breakpoint
CREATE TRIGGER certificate_scans_immutable BEFORE UPDATE ON certificate_scans
  FOR EACH STATEMENT EXECUTE FUNCTION certificate_scan_immutable();
--> statement-breakpoint
-- The scans recorded before this migration.
INSERT INTO certificate_scan_tallies (district_code, certificate_id, day, network, place, scans, last_at)
  SELECT district_code, certificate_id, ((at AT TIME ZONE 'UTC') + interval '8 hours')::date,
      coalesce(network, ''), coalesce(place, ''), count(*), max(at)
    FROM certificate_scans GROUP BY 1, 2, 3, 4, 5
  ON CONFLICT DO NOTHING;

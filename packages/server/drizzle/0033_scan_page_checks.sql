-- Custom SQL migration file, put your code below! --
-- Custom SQL: a version per entity of everything the public scan page shows besides the
-- certificate row and its scans (the supervision colour's inputs, brands, published reports,
-- the status of a buyer certificate's sources). Bumped in the same transaction as the change, by
-- statement-level triggers, so the scan's in-process cache (scan-cache.ts) compares one number
-- read with the certificate instead of recomputing the page.
CREATE TABLE IF NOT EXISTS "scan_page_versions" (
	"district_code" text NOT NULL,
	"entity_id" uuid NOT NULL,
	"version" bigint NOT NULL DEFAULT 1,
	CONSTRAINT "scan_page_versions_pk" PRIMARY KEY ("district_code", "entity_id")
);
--> statement-breakpoint
-- Tables with district_code and entity_id.
CREATE OR REPLACE FUNCTION scan_page_bump_entity() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO scan_page_versions AS v (district_code, entity_id)
      SELECT DISTINCT district_code, entity_id FROM new_rows WHERE entity_id IS NOT NULL ORDER BY 1, 2
      ON CONFLICT (district_code, entity_id) DO UPDATE SET version = v.version + 1;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO scan_page_versions AS v (district_code, entity_id)
      SELECT DISTINCT district_code, entity_id FROM old_rows WHERE entity_id IS NOT NULL ORDER BY 1, 2
      ON CONFLICT (district_code, entity_id) DO UPDATE SET version = v.version + 1;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Tables keyed by a sample (lab results, lab reports): the sample's entity.
CREATE OR REPLACE FUNCTION scan_page_bump_sample() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO scan_page_versions AS v (district_code, entity_id)
      SELECT DISTINCT s.district_code, s.entity_id FROM new_rows r
        JOIN samples s ON s.district_code = r.district_code AND s.id = r.sample_id
        WHERE s.entity_id IS NOT NULL ORDER BY 1, 2
      ON CONFLICT (district_code, entity_id) DO UPDATE SET version = v.version + 1;
  END IF;
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO scan_page_versions AS v (district_code, entity_id)
      SELECT DISTINCT s.district_code, s.entity_id FROM old_rows r
        JOIN samples s ON s.district_code = r.district_code AND s.id = r.sample_id
        WHERE s.entity_id IS NOT NULL ORDER BY 1, 2
      ON CONFLICT (district_code, entity_id) DO UPDATE SET version = v.version + 1;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- A regional brand renamed or removed: every licensee's page shows its name.
CREATE OR REPLACE FUNCTION scan_page_bump_brand() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO scan_page_versions AS v (district_code, entity_id)
    SELECT DISTINCT l.district_code, l.entity_id FROM brand_licences l
      WHERE (l.district_code, l.brand_id) IN (SELECT district_code, id FROM old_rows) ORDER BY 1, 2
    ON CONFLICT (district_code, entity_id) DO UPDATE SET version = v.version + 1;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- A certificate's status changed (revoked): the buyer certificates that list it as a source show
-- its status. The certificate's own status is read with every scan, so it needs no version.
CREATE OR REPLACE FUNCTION scan_page_bump_source() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO scan_page_versions AS v (district_code, entity_id)
    SELECT DISTINCT u.district_code, u.entity_id FROM received_certificates rc
      JOIN certificates u ON u.district_code = rc.district_code AND u.id = rc.used_in_certificate_id
      WHERE rc.district_code = NEW.district_code AND rc.source_certificate_id = NEW.id ORDER BY 1, 2
    ON CONFLICT (district_code, entity_id) DO UPDATE SET version = v.version + 1;
  RETURN NULL;
END $$;
--> statement-breakpoint
DO $$
DECLARE t text; f text; op text;
BEGIN
  FOREACH t IN ARRAY ARRAY['samples', 'rapid_tests', 'entity_flags', 'inspections', 'rectifications', 'cases',
      'brand_certifications', 'brand_licences', 'lab_results', 'lab_reports'] LOOP
    f := CASE WHEN t IN ('lab_results', 'lab_reports') THEN 'scan_page_bump_sample' ELSE 'scan_page_bump_entity' END;
    FOREACH op IN ARRAY ARRAY['insert', 'update', 'delete'] LOOP
      EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', t || '_scan_page_' || op, t);
      EXECUTE format('CREATE TRIGGER %I AFTER %s ON %I REFERENCING %s FOR EACH STATEMENT EXECUTE FUNCTION %I()',
        t || '_scan_page_' || op, upper(op), t,
        CASE op WHEN 'insert' THEN 'NEW TABLE AS new_rows' WHEN 'delete' THEN 'OLD TABLE AS old_rows'
          ELSE 'OLD TABLE AS old_rows NEW TABLE AS new_rows' END,
        f);
    END LOOP;
  END LOOP;
END $$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS regional_brands_scan_page_update ON regional_brands;
--> statement-breakpoint
CREATE TRIGGER regional_brands_scan_page_update AFTER UPDATE ON regional_brands
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION scan_page_bump_brand();
--> statement-breakpoint
DROP TRIGGER IF EXISTS regional_brands_scan_page_delete ON regional_brands;
--> statement-breakpoint
CREATE TRIGGER regional_brands_scan_page_delete AFTER DELETE ON regional_brands
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION scan_page_bump_brand();
--> statement-breakpoint
DROP TRIGGER IF EXISTS certificates_scan_page_status ON certificates;
--> statement-breakpoint
CREATE TRIGGER certificates_scan_page_status AFTER UPDATE OF status ON certificates
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION scan_page_bump_source();


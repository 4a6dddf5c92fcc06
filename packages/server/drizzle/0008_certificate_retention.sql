-- Retention (农产品质量安全承诺达标合格证管理办法, 2025): issuing records are kept at least
-- 2 years and received certificates at least 6 months. Refuse deletion inside that time at the
-- database itself, whatever the caller.
CREATE OR REPLACE FUNCTION certificate_retention_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.retain_until >= current_date THEN
    RAISE EXCEPTION '% % is under retention until %', TG_TABLE_NAME, OLD.id, OLD.retain_until;
  END IF;
  RETURN OLD;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER certificates_retention BEFORE DELETE ON certificates
  FOR EACH ROW EXECUTE FUNCTION certificate_retention_guard();
--> statement-breakpoint
CREATE TRIGGER received_certificates_retention BEFORE DELETE ON received_certificates
  FOR EACH ROW EXECUTE FUNCTION certificate_retention_guard();

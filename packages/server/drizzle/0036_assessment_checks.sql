-- Custom SQL migration file, put your code below! --
-- Evidence files of assessment manual scores live beside case documents in supervision_files.
ALTER TABLE "supervision_files" DROP CONSTRAINT "supervision_files_owner_ck";--> statement-breakpoint
ALTER TABLE "supervision_files" ADD CONSTRAINT "supervision_files_owner_ck"
  CHECK ("owner_type" in ('case', 'hold', 'training', 'assessment') and "content_type" in ('application/pdf', 'image/jpeg', 'image/png'));--> statement-breakpoint
ALTER TABLE "assessment_manual_scores" ADD CONSTRAINT "assessment_manual_scores_ck"
  CHECK ("period" in ('year', 'Q1', 'Q2', 'Q3', 'Q4') and "points" >= 0 and length("evidence") >= 4);--> statement-breakpoint
ALTER TABLE "assessment_results" ADD CONSTRAINT "assessment_results_period_ck"
  CHECK ("period" in ('year', 'Q1', 'Q2', 'Q3', 'Q4') and "version" >= 1);--> statement-breakpoint
ALTER TABLE "assessment_schemes" ADD CONSTRAINT "assessment_schemes_version_ck" CHECK ("version" >= 1);--> statement-breakpoint
-- Schemes and published results are records: never changed once written (a new version instead).
CREATE FUNCTION assessment_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
END $$;--> statement-breakpoint
CREATE TRIGGER assessment_schemes_append_only BEFORE UPDATE OR DELETE ON "assessment_schemes"
  FOR EACH ROW EXECUTE FUNCTION assessment_append_only();--> statement-breakpoint
CREATE TRIGGER assessment_results_append_only BEFORE UPDATE OR DELETE ON "assessment_results"
  FOR EACH ROW EXECUTE FUNCTION assessment_append_only();


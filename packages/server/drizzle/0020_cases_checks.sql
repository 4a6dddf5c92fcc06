-- States and sources the application knows; a closed case has every item of 五不放过 settled.
ALTER TABLE "cases" ADD CONSTRAINT "cases_state_ck"
  CHECK ("state" in ('registered', 'investigating', 'decided', 'executed', 'closed', 'withdrawn'));--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_source_ck"
  CHECK ("source_type" in ('sample', 'inspection', 'complaint', 'incident', 'manual')
    and ("source_type" = 'manual' or "source_id" is not null));--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_party_ck" CHECK ("entity_id" is not null or "party_name" is not null);--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_closed_five_ck" CHECK (
  "state" <> 'closed' or (
    btrim(coalesce("cause", '')) <> '' and btrim(coalesce("responsible", '')) <> ''
    and btrim(coalesce("rectification", '')) <> '' and btrim(coalesce("education", '')) <> ''
    and btrim(coalesce("lessons", '')) <> ''));--> statement-breakpoint
ALTER TABLE "cases" ADD CONSTRAINT "cases_transfer_ck"
  CHECK (("transferred_on" is null) = ("transfer_receipt_no" is null));--> statement-breakpoint
ALTER TABLE "lot_holds" ADD CONSTRAINT "lot_holds_status_ck"
  CHECK ("status" in ('held', 'released', 'destroyed', 'returned', 'recalled'));--> statement-breakpoint
ALTER TABLE "supervision_files" ADD CONSTRAINT "supervision_files_owner_ck"
  CHECK ("owner_type" in ('case', 'hold') and "content_type" in ('application/pdf', 'image/jpeg', 'image/png'));

-- Training material files live beside case documents and hold evidence in supervision_files.
ALTER TABLE "supervision_files" DROP CONSTRAINT "supervision_files_owner_ck";--> statement-breakpoint
ALTER TABLE "supervision_files" ADD CONSTRAINT "supervision_files_owner_ck"
  CHECK ("owner_type" in ('case', 'hold', 'training') and "content_type" in ('application/pdf', 'image/jpeg', 'image/png'));

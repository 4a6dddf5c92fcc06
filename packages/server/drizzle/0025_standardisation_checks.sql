-- One draft and one published (current) version per procedure at a time.
CREATE UNIQUE INDEX "std_versions_one_draft_uq" ON "std_procedure_versions" ("district_code", "procedure_id") WHERE "status" = 'draft';--> statement-breakpoint
CREATE UNIQUE INDEX "std_versions_one_published_uq" ON "std_procedure_versions" ("district_code", "procedure_id") WHERE "status" = 'published';

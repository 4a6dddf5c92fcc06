-- Existing databases may already hold two valid certificates for one lot (the bug this index
-- closes): keep the earliest, revoke the others with a reason, so the index can be built.
UPDATE "certificates" AS c SET "status" = 'revoked', "revoked_at" = now(),
  "revoke_reason" = '系统：同一生产批次重复的有效合格证（一批一证），保留最早开具的一张'
WHERE c."status" = 'valid' AND c."lot_id" IS NOT NULL AND EXISTS (
  SELECT 1 FROM "certificates" AS o
  WHERE o."district_code" = c."district_code" AND o."lot_id" = c."lot_id" AND o."status" = 'valid'
    AND (o."created_at", o."id") < (c."created_at", c."id")
);--> statement-breakpoint
CREATE UNIQUE INDEX "certificates_lot_valid_uq" ON "certificates" USING btree ("district_code","lot_id") WHERE "certificates"."status" = 'valid' and "certificates"."lot_id" is not null;--> statement-breakpoint
CREATE INDEX "market_checks_code_idx" ON "market_checks" USING btree ("district_code","code","checked_at") WHERE "market_checks"."code" is not null;
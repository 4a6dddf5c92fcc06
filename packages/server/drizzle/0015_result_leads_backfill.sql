-- Results stored before the provisional flag existed carry the mark in their citation only.
UPDATE "lab_results" SET "provisional" = true WHERE "limit_citation" LIKE '%（暂判%';--> statement-breakpoint
UPDATE "samples" s SET "provisional" = true
WHERE EXISTS (SELECT 1 FROM "lab_results" r WHERE r."district_code" = s."district_code" AND r."sample_id" = s."id" AND r."provisional");--> statement-breakpoint
UPDATE "result_stats" t SET "provisional" = c.n
FROM (
  SELECT s."district_code", to_char((s."sampled_at" at time zone 'UTC') + interval '8 hours', 'YYYY-MM') AS month, s."town_code",
         s."task_kind", s."product_code", s."link", r."analyte_code", count(*)::int AS n
  FROM "lab_results" r JOIN "samples" s ON s."district_code" = r."district_code" AND s."id" = r."sample_id"
  WHERE r."provisional"
  GROUP BY 1, 2, 3, 4, 5, 6, 7
  UNION ALL
  SELECT "district_code", to_char(("sampled_at" at time zone 'UTC') + interval '8 hours', 'YYYY-MM'), "town_code",
         "task_kind", "product_code", "link", '*', count(*)::int
  FROM "samples" WHERE "provisional" AND "status" = 'judged'
  GROUP BY 1, 2, 3, 4, 5, 6, 7
) c
WHERE t."district_code" = c."district_code" AND t."month" = c.month AND t."town_code" = c."town_code"
  AND t."holder_code" = c."district_code" AND t."task_kind" = c."task_kind" AND t."product_code" = c."product_code"
  AND t."link" = c."link" AND t."analyte_code" = c."analyte_code";
--> statement-breakpoint
-- A fail's basis, from the citation stored with it.
UPDATE "lab_results" SET "fail_basis" = CASE WHEN "limit_citation" LIKE '不得检出%' THEN 'not_detectable' ELSE 'limit' END
WHERE "verdict" = 'fail';

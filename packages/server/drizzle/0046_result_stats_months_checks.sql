-- Custom SQL migration file, put your code below! --
-- result_stats_months follows result_stats as result_stats_yearly does (migration 0032): every
-- insert, update and delete of monthly counts that the statistics by month count (rapid tests, and
-- lab samples once: analyte '*') adds its difference to the row of its month, town and task kind;
-- rows whose four counts all fall to zero are removed.
CREATE OR REPLACE FUNCTION result_stats_months_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO result_stats_months AS m (district_code, month, town_code, task_kind, total, failed, leads, provisional)
      SELECT district_code, month, town_code, task_kind, sum(total)::int, sum(failed)::int, sum(leads)::int, sum(provisional)::int
      FROM (SELECT district_code, month, town_code, task_kind, total, failed, leads, provisional FROM rs_new WHERE (task_kind = 'rapid_test' OR analyte_code = '*')) d
      GROUP BY district_code, month, town_code, task_kind
      ORDER BY district_code, month, town_code, task_kind
      ON CONFLICT (district_code, month, town_code, task_kind)
      DO UPDATE SET total = m.total + excluded.total, failed = m.failed + excluded.failed,
                    leads = m.leads + excluded.leads, provisional = m.provisional + excluded.provisional;
    DELETE FROM result_stats_months m
      USING (SELECT DISTINCT district_code, month, town_code, task_kind FROM rs_new WHERE (task_kind = 'rapid_test' OR analyte_code = '*')) k
      WHERE m.district_code = k.district_code AND m.month = k.month AND m.town_code = k.town_code
        AND m.task_kind = k.task_kind
        AND m.total = 0 AND m.failed = 0 AND m.leads = 0 AND m.provisional = 0;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO result_stats_months AS m (district_code, month, town_code, task_kind, total, failed, leads, provisional)
      SELECT district_code, month, town_code, task_kind, sum(total)::int, sum(failed)::int, sum(leads)::int, sum(provisional)::int
      FROM (SELECT district_code, month, town_code, task_kind, -total AS total, -failed AS failed, -leads AS leads, -provisional AS provisional FROM rs_old WHERE (task_kind = 'rapid_test' OR analyte_code = '*')) d
      GROUP BY district_code, month, town_code, task_kind
      ORDER BY district_code, month, town_code, task_kind
      ON CONFLICT (district_code, month, town_code, task_kind)
      DO UPDATE SET total = m.total + excluded.total, failed = m.failed + excluded.failed,
                    leads = m.leads + excluded.leads, provisional = m.provisional + excluded.provisional;
    DELETE FROM result_stats_months m
      USING (SELECT DISTINCT district_code, month, town_code, task_kind FROM rs_old WHERE (task_kind = 'rapid_test' OR analyte_code = '*')) k
      WHERE m.district_code = k.district_code AND m.month = k.month AND m.town_code = k.town_code
        AND m.task_kind = k.task_kind
        AND m.total = 0 AND m.failed = 0 AND m.leads = 0 AND m.provisional = 0;
  ELSE
    INSERT INTO result_stats_months AS m (district_code, month, town_code, task_kind, total, failed, leads, provisional)
      SELECT district_code, month, town_code, task_kind, sum(total)::int, sum(failed)::int, sum(leads)::int, sum(provisional)::int
      FROM (SELECT district_code, month, town_code, task_kind, total, failed, leads, provisional FROM rs_new WHERE (task_kind = 'rapid_test' OR analyte_code = '*') UNION ALL SELECT district_code, month, town_code, task_kind, -total AS total, -failed AS failed, -leads AS leads, -provisional AS provisional FROM rs_old WHERE (task_kind = 'rapid_test' OR analyte_code = '*')) d
      GROUP BY district_code, month, town_code, task_kind
      ORDER BY district_code, month, town_code, task_kind
      ON CONFLICT (district_code, month, town_code, task_kind)
      DO UPDATE SET total = m.total + excluded.total, failed = m.failed + excluded.failed,
                    leads = m.leads + excluded.leads, provisional = m.provisional + excluded.provisional;
    DELETE FROM result_stats_months m
      USING (SELECT district_code, month, town_code, task_kind FROM rs_new WHERE (task_kind = 'rapid_test' OR analyte_code = '*') UNION SELECT district_code, month, town_code, task_kind FROM rs_old WHERE (task_kind = 'rapid_test' OR analyte_code = '*')) k
      WHERE m.district_code = k.district_code AND m.month = k.month AND m.town_code = k.town_code
        AND m.task_kind = k.task_kind
        AND m.total = 0 AND m.failed = 0 AND m.leads = 0 AND m.provisional = 0;
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER result_stats_months_ins AFTER INSERT ON result_stats
  REFERENCING NEW TABLE AS rs_new FOR EACH STATEMENT EXECUTE FUNCTION result_stats_months_apply();--> statement-breakpoint
CREATE TRIGGER result_stats_months_upd AFTER UPDATE ON result_stats
  REFERENCING OLD TABLE AS rs_old NEW TABLE AS rs_new FOR EACH STATEMENT EXECUTE FUNCTION result_stats_months_apply();--> statement-breakpoint
CREATE TRIGGER result_stats_months_del AFTER DELETE ON result_stats
  REFERENCING OLD TABLE AS rs_old FOR EACH STATEMENT EXECUTE FUNCTION result_stats_months_apply();--> statement-breakpoint
CREATE OR REPLACE FUNCTION result_stats_months_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE result_stats_months;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER result_stats_months_trunc AFTER TRUNCATE ON result_stats
  FOR EACH STATEMENT EXECUTE FUNCTION result_stats_months_truncate();--> statement-breakpoint
INSERT INTO result_stats_months (district_code, month, town_code, task_kind, total, failed, leads, provisional)
  SELECT district_code, month, town_code, task_kind, sum(total)::int, sum(failed)::int, sum(leads)::int, sum(provisional)::int
  FROM result_stats
  WHERE (task_kind = 'rapid_test' OR analyte_code = '*')
  GROUP BY 1, 2, 3, 4
  HAVING sum(total) <> 0 OR sum(failed) <> 0 OR sum(leads) <> 0 OR sum(provisional) <> 0;

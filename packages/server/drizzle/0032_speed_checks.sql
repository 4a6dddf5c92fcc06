-- Custom SQL migration file, put your code below! --
-- result_stats_yearly follows result_stats: every insert, update and delete of monthly counts adds
-- its difference to the year's row (statement triggers over the transition tables, so a bulk
-- upsert costs one statement here); rows whose four counts all fall to zero are removed.
CREATE OR REPLACE FUNCTION result_stats_yearly_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO result_stats_yearly AS y (district_code, year, town_code, holder_code, task_kind, product_code, analyte_code, link, total, failed, leads, provisional)
      SELECT district_code, year, town_code, holder_code, task_kind, product_code, analyte_code, link, sum(total)::int, sum(failed)::int, sum(leads)::int, sum(provisional)::int
      FROM (SELECT district_code, left(month, 4) AS year, town_code, holder_code, task_kind, product_code, analyte_code, link, total, failed, leads, provisional FROM rs_new) d
      GROUP BY district_code, year, town_code, holder_code, task_kind, product_code, analyte_code, link
      ORDER BY district_code, year, town_code, holder_code, task_kind, product_code, analyte_code, link
      ON CONFLICT (district_code, year, town_code, holder_code, task_kind, product_code, analyte_code, link)
      DO UPDATE SET total = y.total + excluded.total, failed = y.failed + excluded.failed,
                    leads = y.leads + excluded.leads, provisional = y.provisional + excluded.provisional;
    DELETE FROM result_stats_yearly y
      USING (SELECT DISTINCT district_code, left(month, 4) AS year, town_code, holder_code, task_kind, product_code,
                             analyte_code, link FROM rs_new) k
      WHERE y.district_code = k.district_code AND y.year = k.year AND y.town_code = k.town_code
        AND y.holder_code = k.holder_code AND y.task_kind = k.task_kind AND y.product_code = k.product_code
        AND y.analyte_code = k.analyte_code AND y.link = k.link
        AND y.total = 0 AND y.failed = 0 AND y.leads = 0 AND y.provisional = 0;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO result_stats_yearly AS y (district_code, year, town_code, holder_code, task_kind, product_code, analyte_code, link, total, failed, leads, provisional)
      SELECT district_code, year, town_code, holder_code, task_kind, product_code, analyte_code, link, sum(total)::int, sum(failed)::int, sum(leads)::int, sum(provisional)::int
      FROM (SELECT district_code, left(month, 4) AS year, town_code, holder_code, task_kind, product_code, analyte_code, link, -total AS total, -failed AS failed, -leads AS leads, -provisional AS provisional FROM rs_old) d
      GROUP BY district_code, year, town_code, holder_code, task_kind, product_code, analyte_code, link
      ORDER BY district_code, year, town_code, holder_code, task_kind, product_code, analyte_code, link
      ON CONFLICT (district_code, year, town_code, holder_code, task_kind, product_code, analyte_code, link)
      DO UPDATE SET total = y.total + excluded.total, failed = y.failed + excluded.failed,
                    leads = y.leads + excluded.leads, provisional = y.provisional + excluded.provisional;
    DELETE FROM result_stats_yearly y
      USING (SELECT DISTINCT district_code, left(month, 4) AS year, town_code, holder_code, task_kind, product_code,
                             analyte_code, link FROM rs_old) k
      WHERE y.district_code = k.district_code AND y.year = k.year AND y.town_code = k.town_code
        AND y.holder_code = k.holder_code AND y.task_kind = k.task_kind AND y.product_code = k.product_code
        AND y.analyte_code = k.analyte_code AND y.link = k.link
        AND y.total = 0 AND y.failed = 0 AND y.leads = 0 AND y.provisional = 0;
  ELSE
    INSERT INTO result_stats_yearly AS y (district_code, year, town_code, holder_code, task_kind, product_code, analyte_code, link, total, failed, leads, provisional)
      SELECT district_code, year, town_code, holder_code, task_kind, product_code, analyte_code, link, sum(total)::int, sum(failed)::int, sum(leads)::int, sum(provisional)::int
      FROM (SELECT district_code, left(month, 4) AS year, town_code, holder_code, task_kind, product_code, analyte_code, link, total, failed, leads, provisional FROM rs_new
              UNION ALL SELECT district_code, left(month, 4) AS year, town_code, holder_code, task_kind, product_code, analyte_code, link, -total AS total, -failed AS failed, -leads AS leads, -provisional AS provisional FROM rs_old) d
      GROUP BY district_code, year, town_code, holder_code, task_kind, product_code, analyte_code, link
      ORDER BY district_code, year, town_code, holder_code, task_kind, product_code, analyte_code, link
      ON CONFLICT (district_code, year, town_code, holder_code, task_kind, product_code, analyte_code, link)
      DO UPDATE SET total = y.total + excluded.total, failed = y.failed + excluded.failed,
                    leads = y.leads + excluded.leads, provisional = y.provisional + excluded.provisional;
    DELETE FROM result_stats_yearly y
      USING (SELECT district_code, left(month, 4) AS year, town_code, holder_code, task_kind, product_code,
                    analyte_code, link FROM rs_new
             UNION
             SELECT district_code, left(month, 4) AS year, town_code, holder_code, task_kind, product_code,
                    analyte_code, link FROM rs_old) k
      WHERE y.district_code = k.district_code AND y.year = k.year AND y.town_code = k.town_code
        AND y.holder_code = k.holder_code AND y.task_kind = k.task_kind AND y.product_code = k.product_code
        AND y.analyte_code = k.analyte_code AND y.link = k.link
        AND y.total = 0 AND y.failed = 0 AND y.leads = 0 AND y.provisional = 0;
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER result_stats_yearly_ins AFTER INSERT ON result_stats
  REFERENCING NEW TABLE AS rs_new FOR EACH STATEMENT EXECUTE FUNCTION result_stats_yearly_apply();--> statement-breakpoint
CREATE TRIGGER result_stats_yearly_upd AFTER UPDATE ON result_stats
  REFERENCING OLD TABLE AS rs_old NEW TABLE AS rs_new FOR EACH STATEMENT EXECUTE FUNCTION result_stats_yearly_apply();--> statement-breakpoint
CREATE TRIGGER result_stats_yearly_del AFTER DELETE ON result_stats
  REFERENCING OLD TABLE AS rs_old FOR EACH STATEMENT EXECUTE FUNCTION result_stats_yearly_apply();--> statement-breakpoint
CREATE OR REPLACE FUNCTION result_stats_yearly_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  TRUNCATE result_stats_yearly;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER result_stats_yearly_trunc AFTER TRUNCATE ON result_stats
  FOR EACH STATEMENT EXECUTE FUNCTION result_stats_yearly_truncate();--> statement-breakpoint
INSERT INTO result_stats_yearly (district_code, year, town_code, holder_code, task_kind, product_code, analyte_code, link, total, failed, leads, provisional)
  SELECT district_code, left(month, 4) AS year, town_code, holder_code, task_kind, product_code, analyte_code, link, sum(total)::int, sum(failed)::int, sum(leads)::int, sum(provisional)::int
  FROM result_stats
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
  HAVING sum(total) <> 0 OR sum(failed) <> 0 OR sum(leads) <> 0 OR sum(provisional) <> 0;--> statement-breakpoint
-- Custom SQL migration file, put your code below! --
-- Free-text search of the directory through an index that serves Chinese: the searchable text of an
-- entity (name, legal representative, address, credit code, phone; lower case) as its
-- characters and pairs of neighbouring characters, in a GIN index. A query's pairs (or its one
-- character) must all be in an entity's array, which every substring match satisfies; the old
-- ILIKE/LIKE conditions then check the candidates (repository.ts). pg_trgm needs three characters,
-- too many for two-character Chinese names, and is not loaded into PGlite. (Names are qualified:
-- PostgreSQL 17 builds indexes with search_path = pg_catalog.)
-- Characters, then each pair of neighbours (duplicates are left in: GIN keeps each key once). Written
-- with string_to_array and a two-array unnest, six times faster on PGlite than substr over
-- generate_series with DISTINCT (0.18 against 1.1 ms per entity), which the import pays per row.
CREATE OR REPLACE FUNCTION entity_text_grams(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT x.c || ARRAY(SELECT a || b FROM unnest(x.c[1:cardinality(x.c) - 1], x.c[2:]) AS u(a, b))
  FROM (SELECT string_to_array(lower(t), NULL) AS c) x
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION entity_search_grams(name text, legal_rep text, address text, credit_code text, phone text)
RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT public.entity_text_grams(coalesce(name, '') || E'\n' || coalesce(legal_rep, '') || E'\n' || coalesce(address, '')
                           || E'\n' || coalesce(credit_code, '') || E'\n' || coalesce(phone, ''))
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION entity_query_grams(q text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT CASE WHEN cardinality(x.c) <= 1 THEN x.c
              ELSE ARRAY(SELECT DISTINCT a || b FROM unnest(x.c[1:cardinality(x.c) - 1], x.c[2:]) AS u(a, b)) END
  FROM (SELECT string_to_array(lower(q), NULL) AS c) x
$$;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "entities_search_idx" ON "entities"
  USING gin (entity_search_grams("name", "legal_rep", "address", "credit_code", "phone"));--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "entities_risk_list_idx" ON "entities"
  ("district_code", "risk_grade", "active", "updated_at" DESC NULLS FIRST, "id");


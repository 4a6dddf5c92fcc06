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

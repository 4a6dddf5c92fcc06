-- The directory search's keys as integers in a column of their own (search-keys.ts), in place of
-- 0042's expression index of text grams. Profiling the entity import's inserts found most of that
-- index's cost in text comparisons (sorting each row's 63 grams, merging the pending list) and
-- the expression's regular expressions; integer keys the app computes, each once and sorted, cost
-- PostgreSQL about half as much per 100,000 rows (bench/README.md).
-- Keys: every character and every pair of neighbouring characters of each of name, legal
-- representative and address; characters are UTF-16 code units (outside the BMP, the two
-- surrogates), A-Z folded to a-z; one unit u is u itself, a pair the 32 bits u1 << 16 | u2 read
-- as a signed integer (65536 or more, or negative: never a single unit).
ALTER TABLE "entities" ADD COLUMN "search_keys" integer[];--> statement-breakpoint
CREATE OR REPLACE FUNCTION entity_search_keys(name text, legal_rep text, address text)
RETURNS integer[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT key.k ORDER BY key.k), '{}'::integer[])
  FROM unnest(ARRAY[name, legal_rep, address]) AS f(t),
  LATERAL (
    SELECT array_agg(v.u ORDER BY c.i, v.j) AS u
    FROM unnest(string_to_array(lower(f.t COLLATE "C"), NULL)) WITH ORDINALITY AS c(ch, i),
    LATERAL (VALUES
      (1, CASE WHEN ascii(c.ch) < 65536 THEN ascii(c.ch) ELSE 55296 + ((ascii(c.ch) - 65536) >> 10) END),
      (2, CASE WHEN ascii(c.ch) >= 65536 THEN 56320 + ((ascii(c.ch) - 65536) & 1023) END)) AS v(j, u)
    WHERE v.u IS NOT NULL
  ) w,
  LATERAL (
    SELECT x FROM unnest(w.u) AS x
    UNION ALL
    SELECT (CASE WHEN a >= 32768 THEN (a - 65536) * 65536 + b ELSE a * 65536 + b END)::integer
    FROM unnest(w.u[1:cardinality(w.u) - 1], w.u[2:]) AS p(a, b)
  ) AS key(k)
$$;--> statement-breakpoint
UPDATE "entities" SET "search_keys" = entity_search_keys("name", "legal_rep", "address");--> statement-breakpoint
ALTER TABLE "entities" ALTER COLUMN "search_keys" SET NOT NULL;--> statement-breakpoint
-- Rows written without keys (SQL by hand, benches) get them here; a change of the text always
-- recomputes them, whatever the UPDATE set, so a rename can never leave stale keys.
CREATE OR REPLACE FUNCTION entities_search_keys() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_keys := entity_search_keys(NEW.name, NEW.legal_rep, NEW.address);
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER entities_search_keys_insert BEFORE INSERT ON "entities" FOR EACH ROW
  WHEN (NEW.search_keys IS NULL) EXECUTE FUNCTION entities_search_keys();--> statement-breakpoint
CREATE TRIGGER entities_search_keys_update BEFORE UPDATE OF name, legal_rep, address ON "entities" FOR EACH ROW
  WHEN ((NEW.name, NEW.legal_rep, NEW.address) IS DISTINCT FROM (OLD.name, OLD.legal_rep, OLD.address))
  EXECUTE FUNCTION entities_search_keys();--> statement-breakpoint
DROP INDEX IF EXISTS "entities_search_idx";--> statement-breakpoint
DROP FUNCTION IF EXISTS entity_search_grams(text, text, text);--> statement-breakpoint
DROP FUNCTION IF EXISTS entity_query_grams(text);--> statement-breakpoint
CREATE INDEX "entities_search_idx" ON "entities" USING gin ("search_keys");

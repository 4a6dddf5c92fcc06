DROP INDEX "entities_town_idx";--> statement-breakpoint
DROP INDEX "entities_credit_code_uq";--> statement-breakpoint
CREATE INDEX "entities_id_card_idx" ON "entities" USING btree ("district_code","id_card") WHERE "entities"."id_card" is not null;--> statement-breakpoint
CREATE INDEX "entities_phone_idx" ON "entities" USING btree ("district_code","phone" text_pattern_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "entities_credit_code_uq" ON "entities" USING btree ("district_code","credit_code" text_pattern_ops) WHERE "entities"."credit_code" is not null;--> statement-breakpoint
-- The directory search's gram index (0032), made cheaper to keep up on every insert and update (a
-- 100,000-row directory import spent most of its PostgreSQL time on it):
-- * Only name, legal representative and address get grams. The search matches credit codes and
--   phones by prefix only (repository.ts), which the two text_pattern_ops btrees above serve:
--   63 grams per entity instead of 117.
-- * One SQL expression without subqueries, so PostgreSQL inlines it into the index expression
--   instead of running a SQL function per row. Pairs are the string cut into pairs from its first
--   and from its second character (regexp_replace ends each pair with \x01, a control character
--   the text checks refuse in every field); a trailing odd character is a single, which the list
--   has anyway.
-- * Built with COLLATE "C": GIN compares keys only for equality and order, and byte order costs a
--   memcmp where a C.UTF-8 or zh_CN collation calls strcoll.
DROP INDEX IF EXISTS "entities_search_idx";--> statement-breakpoint
DROP FUNCTION IF EXISTS entity_search_grams(text, text, text, text, text);--> statement-breakpoint
DROP FUNCTION IF EXISTS entity_text_grams(text);--> statement-breakpoint
CREATE OR REPLACE FUNCTION entity_search_grams(name text, legal_rep text, address text)
RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT array_remove(
    string_to_array(lower(coalesce(name, '') || E'\n' || coalesce(legal_rep, '') || E'\n' || coalesce(address, '')), NULL)
    || string_to_array(regexp_replace(lower(coalesce(name, '') || E'\n' || coalesce(legal_rep, '') || E'\n' || coalesce(address, '')),
                                      '(..)', E'\\1\x01', 'g'), E'\x01')
    || string_to_array(regexp_replace(substr(lower(coalesce(name, '') || E'\n' || coalesce(legal_rep, '') || E'\n' || coalesce(address, '')), 2),
                                      '(..)', E'\\1\x01', 'g'), E'\x01'),
    '')
$$;--> statement-breakpoint
CREATE INDEX "entities_search_idx" ON "entities"
  USING gin ((entity_search_grams("name", "legal_rep", "address")) COLLATE "C");

// The directory's text grams as migrations 0042 (entity_search_grams) and 0032 (entity_query_grams)
// defined them, for the benches that measure that index against others: migration 0047 replaced
// them with integer keys (search-keys.ts) and dropped both functions.
export const GRAMS_0042 = [
  `create or replace function entity_search_grams(name text, legal_rep text, address text)
returns text[] language sql immutable parallel safe as $$
  select array_remove(
    string_to_array(lower(coalesce(name, '') || E'\\n' || coalesce(legal_rep, '') || E'\\n' || coalesce(address, '')), NULL)
    || string_to_array(regexp_replace(lower(coalesce(name, '') || E'\\n' || coalesce(legal_rep, '') || E'\\n' || coalesce(address, '')),
                                      '(..)', E'\\\\1\\x01', 'g'), E'\\x01')
    || string_to_array(regexp_replace(substr(lower(coalesce(name, '') || E'\\n' || coalesce(legal_rep, '') || E'\\n' || coalesce(address, '')), 2),
                                      '(..)', E'\\\\1\\x01', 'g'), E'\\x01'),
    '')
$$`,
  `create or replace function entity_query_grams(q text) returns text[]
language sql immutable strict parallel safe as $$
  select case when cardinality(x.c) <= 1 then x.c
              else array(select distinct a || b from unnest(x.c[1:cardinality(x.c) - 1], x.c[2:]) as u(a, b)) end
  from (select string_to_array(lower(q), NULL) as c) x
$$`,
];

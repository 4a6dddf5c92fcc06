// What the directory's gram index costs PostgreSQL per insert, and two cheaper shapes measured
// against it: synthetic directory rows (the demo generator's names, people and addresses; not
// real) loaded into a table of just those columns in 1,000-row json_to_recordset statements, one
// transaction, once per index shape and run. Figures only, no assertions. PostgreSQL only
// (DATABASE_URL's server or the local one; a throw-away database nongan_bench_grams).
//
//   npx tsx bench/gram-index.ts [--rows 100000] [--runs 2]
//
// Shapes: `none`; `expr`, the expression index of migration 0042 (characters and neighbouring
// pairs of name, person and address, COLLATE "C"); `stored`, the same grams computed in Node and
// stored in a text[] column with a GIN index on it; `pairs`, the pairs only (no single characters);
// `keys`, the integer keys of migration 0047 (search-keys.ts), computed in Node and sent as the
// entity import sends them (integer[] text in the JSON), GIN on the integer[] column.
import { parseArgs } from 'node:util';
import { searchKeys } from '@nongan/server/domains/entities/search-keys';
import pg from 'pg';
import { benchDatabase, pgServerUrl } from './fill.ts';
import { GRAMS_0042 } from './grams-0042.ts';
import { directoryText } from './synthetic-files.ts';

const { values: args } = parseArgs({
  options: { rows: { type: 'string', default: '100000' }, runs: { type: 'string', default: '2' } },
});
const count = Number(args.rows);
const runs = Number(args.runs);

const rows = directoryText(count);

/** The grams of migration 0042's expression, in Node: each character and each neighbouring pair. */
function grams(r: { name: string; legal_rep: string; address: string }): string[] {
  const cs = Array.from(`${r.name}\n${r.legal_rep}\n${r.address}`.toLowerCase());
  const out = new Set<string>();
  cs.forEach((c, i) => {
    out.add(c);
    if (i + 1 < cs.length) out.add(c + cs[i + 1]);
  });
  return [...out];
}

const PAIRS_ONLY = `create or replace function bench_pairs_only(name text, legal_rep text, address text)
returns text[] language sql immutable parallel safe as $$
  select array_remove(
    string_to_array(regexp_replace(lower(coalesce(name, '') || E'\\n' || coalesce(legal_rep, '') || E'\\n' || coalesce(address, '')),
                                   '(..)', E'\\\\1\\x01', 'g'), E'\\x01')
    || string_to_array(regexp_replace(substr(lower(coalesce(name, '') || E'\\n' || coalesce(legal_rep, '') || E'\\n' || coalesce(address, '')), 2),
                                      '(..)', E'\\\\1\\x01', 'g'), E'\\x01'),
    '')
$$`;

const INDEX: Record<string, string | null> = {
  none: null,
  expr: 'create index on gx using gin ((entity_search_grams(name, legal_rep, address)) collate "C")',
  stored: 'create index on gx using gin (grams collate "C")',
  pairs: 'create index on gx using gin ((bench_pairs_only(name, legal_rep, address)) collate "C")',
  keys: 'create index on gx using gin (keys)',
};

const url = new URL(pgServerUrl());
url.pathname = '/nongan_bench_grams';
const bench = await benchDatabase({ url: url.toString() });
try {
  const c = new pg.Client({ connectionString: url.toString() });
  await c.connect();
  for (const statement of GRAMS_0042) await c.query(statement);
  await c.query(PAIRS_ONLY);
  console.log(
    `${count} rows per load, 1,000 per statement; PostgreSQL ${(await c.query('show server_version')).rows[0].server_version}`,
  );
  for (let run = 1; run <= runs; run++) {
    for (const [shape, index] of Object.entries(INDEX)) {
      await c.query('drop table if exists gx');
      await c.query(
        'create table gx (id bigint generated always as identity primary key, name text, legal_rep text, address text, grams text[], keys integer[])',
      );
      if (index) await c.query(index);
      const start = performance.now();
      let node = 0;
      await c.query('begin');
      for (let i = 0; i < rows.length; i += 1000) {
        const t = performance.now();
        const chunk = rows
          .slice(i, i + 1000)
          .map((r) =>
            shape === 'stored'
              ? { ...r, grams: grams(r) }
              : shape === 'keys'
                ? { ...r, keys: `{${searchKeys(r.name, r.legal_rep, r.address).join(',')}}` }
                : r,
          );
        const json = JSON.stringify(chunk);
        node += performance.now() - t;
        await c.query(
          `insert into gx (name, legal_rep, address, grams, keys)
           select name, legal_rep, address, grams, keys from json_to_recordset($1::json) as x(name text, legal_rep text, address text, grams text[], keys integer[])`,
          [json],
        );
      }
      await c.query('commit');
      const total = performance.now() - start;
      const size = (
        await c.query(
          `select pg_size_pretty(pg_table_size('gx')) as heap, pg_size_pretty(pg_indexes_size('gx')) as indexes`,
        )
      ).rows[0];
      console.log(
        `run ${run}  ${shape.padEnd(6)}  load ${(total / 1000).toFixed(2)} s (Node ${(node / 1000).toFixed(2)} s)  heap ${size.heap}, indexes ${size.indexes}`,
      );
    }
  }
  await c.end();
} finally {
  await bench.database.close();
  await bench.drop();
}

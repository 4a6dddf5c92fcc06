// Issue 14 (bench/README, the eleventh machine): loads of 100,000 synthetic directory rows into a
// table holding 100,000, with the GIN index over the 0042 expression, over the same grams
// precomputed as text[], deduplicated and sorted, and hashed to int4[]. Figures only.
//   npx tsx bench/search-keys/key-types.ts
import pg from 'pg';
import { benchDatabase, pgServerUrl } from '../fill.ts';
import { GRAMS_0042 } from '../grams-0042.ts';
import { directoryText } from '../synthetic-files.ts';

const count = 100000;
const rows = directoryText(count);
const url = new URL(pgServerUrl());
url.pathname = '/nongan_bench_gin';
const bench = await benchDatabase({ url: url.toString() });
const c = new pg.Client({ connectionString: url.toString() });
await c.connect();
for (const statement of GRAMS_0042) await c.query(statement);
await c.query('drop table if exists src');
await c.query('create table src (i int, name text, legal_rep text, address text)');
for (let i = 0; i < rows.length; i += 1000)
  await c.query(
    `insert into src select ${i} + ord, name, legal_rep, address from rows from (json_to_recordset($1::json) as (name text, legal_rep text, address text)) with ordinality as x(name, legal_rep, address, ord)`,
    [JSON.stringify(rows.slice(i, i + 1000))],
  );
await c.query('create index on src (i)');
await c.query(`alter table src add column g text[], add column h int4[], add column u text[]`);
await c.query(`update src set g = entity_search_grams(name, legal_rep, address)`);
await c.query(
  `update src set h = (select array_agg(hashtext(x)) from unnest(g) x), u = (select array_agg(distinct x) from unnest(g) x)`,
);
await c.query('vacuum analyze src');
const shapes: Record<string, [string, string]> = {
  'text[] C': ['g text[]', 'gin ((g collate "C"))'],
  'text[] C deduped': ['g text[]', 'gin ((g collate "C"))'],
  'int4[] hashed': ['g int4[]', 'gin (g)'],
  'expression 0042': [
    'name text, legal_rep text, address text',
    'gin ((entity_search_grams(name, legal_rep, address)) collate "C")',
  ],
};
for (let run = 0; run < 2; run++)
  for (const [shape, [cols, idx]] of Object.entries(shapes)) {
    const col = shape.startsWith('int4') ? 'h' : shape.includes('deduped') ? 'u' : 'g';
    const sel = shape.startsWith('expr') ? 'name, legal_rep, address' : col;
    await c.query('drop table if exists gx');
    await c.query(`create table gx (id bigint generated always as identity primary key, ${cols})`);
    await c.query(`create index gx_g on gx using ${idx}`);
    const ins = (lo: number, hi: number) =>
      c.query(
        `insert into gx (${cols
          .split(',')
          .map((s) => s.trim().split(' ')[0])
          .join(',')}) select ${sel} from src where i >= ${lo} and i < ${hi}`,
      );
    for (let i = 0; i < count; i += 1000) await ins(i, i + 1000);
    await c.query('vacuum analyze gx');
    const t = performance.now();
    await c.query('begin');
    for (let i = 0; i < count; i += 1000) await ins(i, i + 1000);
    await c.query('commit');
    console.log(`run ${run} ${shape.padEnd(18)} ${((performance.now() - t) / 1000).toFixed(2)} s`);
  }
await c.end();
await bench.database.close();
await bench.drop();

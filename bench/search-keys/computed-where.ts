// Issue 14 (bench/README, the eleventh machine): the search keys from Node as integer[] text,
// against computing them in the INSERT (an inline lateral subquery, entity_search_keys() per row);
// 100,000 rows into a table holding 100,000. Figures only.
//   npx tsx bench/search-keys/computed-where.ts
import { searchKeys } from '@nongan/server/domains/entities/search-keys';
import pg from 'pg';
import { benchDatabase, pgServerUrl } from '../fill.ts';
import { directoryText } from '../synthetic-files.ts';

const count = 100000;
const rows = directoryText(count);
const plain: string[] = [];
const lit: string[] = [];
for (let i = 0; i < count; i += 1000) {
  const s = rows.slice(i, i + 1000);
  plain.push(JSON.stringify(s));
  lit.push(
    JSON.stringify(s.map((r) => ({ ...r, k: `{${searchKeys(r.name, r.legal_rep, r.address).join(',')}}` }))),
  );
}
const url = new URL(pgServerUrl());
url.pathname = '/nongan_bench_gin';
const bench = await benchDatabase({ url: url.toString() });
await bench.database.migrate();
const c = new pg.Client({ connectionString: url.toString() });
await c.connect();
const cols = 'name text, legal_rep text, address text';
const inlineKeys = `(select coalesce(array_agg(distinct k order by k), '{}'::integer[]) from (
   select string_to_array(lower(f collate "C"), NULL) c from unnest(array[x.name, x.legal_rep, x.address]) f) s,
   lateral (select ascii(a) from unnest(s.c) a union all
            select case when ascii(a) >= 32768 then (ascii(a) - 65536) * 65536 + ascii(b) else ascii(a) * 65536 + ascii(b) end
            from unnest(s.c[1:cardinality(s.c)-1], s.c[2:]) u(a,b)) k(k))`;
const shapes: Record<string, [string[], string]> = {
  'literal from Node': [
    lit,
    `insert into gx (name, legal_rep, address, keys) select name, legal_rep, address, k::integer[] from json_to_recordset($1::json) as x(${cols}, k text)`,
  ],
  'inline subquery': [
    plain,
    `insert into gx (name, legal_rep, address, keys) select name, legal_rep, address, ${inlineKeys} from json_to_recordset($1::json) as x(${cols})`,
  ],
  'sql function': [
    plain,
    `insert into gx (name, legal_rep, address, keys) select name, legal_rep, address, entity_search_keys(name, legal_rep, address) from json_to_recordset($1::json) as x(${cols})`,
  ],
};
for (let run = 0; run < 2; run++)
  for (const [shape, [chunks, q]] of Object.entries(shapes)) {
    await c.query('drop table if exists gx');
    await c.query(
      `create table gx (id bigint generated always as identity primary key, ${cols}, keys integer[])`,
    );
    await c.query('create index gx_g on gx using gin (keys)');
    for (const json of chunks) await c.query(q, [json]);
    await c.query('vacuum analyze gx');
    const t = performance.now();
    await c.query('begin');
    for (const json of chunks) await c.query(q, [json]);
    await c.query('commit');
    console.log(`run ${run} ${shape.padEnd(20)} ${((performance.now() - t) / 1000).toFixed(2)} s`);
  }
await c.end();
await bench.database.close();
await bench.drop();

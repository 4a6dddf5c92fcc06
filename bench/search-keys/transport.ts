// Issue 14 (bench/README, the eleventh machine): what sending the search keys costs PostgreSQL,
// 100,000 rows into an unlogged table without index: no keys, JSON arrays, integer[] text; keys
// offset or small. Figures only.
//   npx tsx bench/search-keys/transport.ts
import { searchKeys } from '@nongan/server/domains/entities/search-keys';
import pg from 'pg';
import { benchDatabase, pgServerUrl } from '../fill.ts';
import { directoryText } from '../synthetic-files.ts';

const count = 100000;
const rows = directoryText(count);
const small = (k: number) => {
  const v = k + 2 ** 31;
  return v < 65536 ? v : v | 0;
};
const variants: Record<string, { col: string; val: (r: (typeof rows)[number]) => unknown; pick: string }> = {
  'no keys': { col: '', val: () => undefined, pick: '' },
  'JSON array, offset keys': {
    col: ', k integer[]',
    val: (r) => searchKeys(r.name, r.legal_rep, r.address),
    pick: ', k',
  },
  'JSON array, small keys': {
    col: ', k integer[]',
    val: (r) => searchKeys(r.name, r.legal_rep, r.address).map(small),
    pick: ', k',
  },
  'literal, offset keys': {
    col: ', k text',
    val: (r) => `{${searchKeys(r.name, r.legal_rep, r.address).join(',')}}`,
    pick: ', k::integer[]',
  },
  'literal, small keys': {
    col: ', k text',
    val: (r) => `{${searchKeys(r.name, r.legal_rep, r.address).map(small).join(',')}}`,
    pick: ', k::integer[]',
  },
};
const url = new URL(pgServerUrl());
url.pathname = '/nongan_bench_gin';
const bench = await benchDatabase({ url: url.toString() });
const c = new pg.Client({ connectionString: url.toString() });
await c.connect();
const cols = 'name text, legal_rep text, address text';
const built = Object.fromEntries(
  Object.entries(variants).map(([name, v]) => {
    const t = performance.now();
    const chunks: string[] = [];
    for (let i = 0; i < count; i += 1000)
      chunks.push(JSON.stringify(rows.slice(i, i + 1000).map((r) => ({ ...r, k: v.val(r) }))));
    console.log(
      `${name}: Node ${(performance.now() - t).toFixed(0)} ms, JSON ${(chunks.reduce((s, x) => s + x.length, 0) / 1e6).toFixed(1)} M chars`,
    );
    return [name, chunks];
  }),
);
for (let run = 0; run < 3; run++)
  for (const [name, v] of Object.entries(variants)) {
    await c.query('drop table if exists px');
    await c.query(
      `create unlogged table px (id bigint generated always as identity, ${cols}${v.col.replace(' text', ' integer[]')})`,
    );
    const t = performance.now();
    for (const json of built[name] as string[])
      await c.query(
        `insert into px (name, legal_rep, address${v.col ? ', k' : ''}) select name, legal_rep, address${v.pick} from json_to_recordset($1::json) as x(${cols}${v.col})`,
        [json],
      );
    console.log(`run ${run} ${name.padEnd(26)} ${(performance.now() - t).toFixed(0)} ms`);
  }
await c.end();
await bench.database.close();
await bench.drop();

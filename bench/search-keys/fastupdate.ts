// Issue 14 (bench/README, the eleventh machine): the integer keys' GIN index with fastupdate on and
// off, 100,000 rows into a table holding 100,000. Figures only.
//   npx tsx bench/search-keys/fastupdate.ts
import { searchKeys } from '@nongan/server/domains/entities/search-keys';
import pg from 'pg';
import { benchDatabase, pgServerUrl } from '../fill.ts';
import { directoryText } from '../synthetic-files.ts';

const count = 100000;
const rows = directoryText(count);
const lit: string[] = [];
for (let i = 0; i < count; i += 1000)
  lit.push(
    JSON.stringify(
      rows
        .slice(i, i + 1000)
        .map((r) => ({ ...r, k: `{${searchKeys(r.name, r.legal_rep, r.address).join(',')}}` })),
    ),
  );
const url = new URL(pgServerUrl());
url.pathname = '/nongan_bench_gin';
const bench = await benchDatabase({ url: url.toString() });
const c = new pg.Client({ connectionString: url.toString() });
await c.connect();
const cols = 'name text, legal_rep text, address text';
const q = `insert into gx (name, legal_rep, address, keys) select name, legal_rep, address, k::integer[] from json_to_recordset($1::json) as x(${cols}, k text)`;
for (let run = 0; run < 3; run++)
  for (const fu of ['on', 'off']) {
    await c.query('drop table if exists gx');
    await c.query(
      `create table gx (id bigint generated always as identity primary key, ${cols}, keys integer[])`,
    );
    await c.query(`create index gx_g on gx using gin (keys) with (fastupdate = ${fu})`);
    for (const json of lit) await c.query(q, [json]);
    await c.query('vacuum analyze gx');
    const t = performance.now();
    await c.query('begin');
    for (const json of lit) await c.query(q, [json]);
    await c.query('commit');
    console.log(`run ${run} fastupdate ${fu.padEnd(3)} ${((performance.now() - t) / 1000).toFixed(2)} s`);
  }
await c.end();
await bench.database.close();
await bench.drop();

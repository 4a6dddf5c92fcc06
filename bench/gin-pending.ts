// What the directory gram index's pending list costs, at the default limit and raised ones: the
// load of synthetic directory rows (as bench/gram-index.ts: the demo generator's names, people and
// addresses; not real) in one transaction with `set local gin_pending_list_limit`, the pending list
// it leaves, a search before and after `gin_clean_pending_list`, and the merge's time. Then a
// single insert from a second session while a load holds its rows uncommitted. Figures only, no
// assertions. PostgreSQL only, with pgstattuple (contrib); a throw-away database nongan_bench_gin.
//
//   npx tsx bench/gin-pending.ts [--rows 100000] [--limits 4MB,16MB,64MB,1GB]
import { parseArgs } from 'node:util';
import pg from 'pg';
import { benchDatabase, pgServerUrl } from './fill.ts';
import { GRAMS_0042 } from './grams-0042.ts';
import { directoryText } from './synthetic-files.ts';

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: '100000' },
    limits: { type: 'string', default: '4MB,16MB,64MB,1GB' },
  },
});
const count = Number(args.rows);
const limits = args.limits.split(',');

const rows = directoryText(count);
const chunks: string[] = [];
for (let i = 0; i < rows.length; i += 1000) chunks.push(JSON.stringify(rows.slice(i, i + 1000)));

const url = new URL(pgServerUrl());
url.pathname = '/nongan_bench_gin';
const bench = await benchDatabase({ url: url.toString() });
const connect = async () => {
  const c = new pg.Client({ connectionString: url.toString() });
  await c.connect();
  return c;
};
const seconds = (t: number) => `${((performance.now() - t) / 1000).toFixed(2)} s`;

/** A fresh table with the gram index of migration 0042 (its functions from grams-0042.ts). */
async function freshTable(c: pg.Client) {
  await c.query('drop table if exists gx');
  await c.query(
    'create table gx (id bigint generated always as identity primary key, name text, legal_rep text, address text)',
  );
  await c.query(
    'create index gx_g on gx using gin ((entity_search_grams(name, legal_rep, address)) collate "C")',
  );
}

async function load(c: pg.Client) {
  for (const json of chunks)
    await c.query(
      `insert into gx (name, legal_rep, address)
       select name, legal_rep, address from json_to_recordset($1::json) as x(name text, legal_rep text, address text)`,
      [json],
    );
}

// A rare word (a generated name's first two characters), a common one and one character.
const words = [rows[500]?.name.slice(0, 2) ?? '张', '合作社', '镇'];
async function searches(c: pg.Client): Promise<string> {
  const out: string[] = [];
  for (const w of words) {
    const t = performance.now();
    const r = await c.query(
      `select count(*)::int as n from gx where (entity_search_grams(name, legal_rep, address) collate "C") @> entity_query_grams($1)`,
      [w],
    );
    out.push(`${w} ${r.rows[0].n} rows ${(performance.now() - t).toFixed(1)} ms`);
  }
  return out.join(', ');
}

try {
  const c = await connect();
  for (const statement of GRAMS_0042) await c.query(statement);
  await c.query('create extension if not exists pgstattuple');
  console.log(
    `${count} rows per load, 1,000 per statement; PostgreSQL ${(await c.query('show server_version')).rows[0].server_version}`,
  );
  for (const limit of limits) {
    await freshTable(c);
    const t = performance.now();
    await c.query('begin');
    await c.query(`set local gin_pending_list_limit = '${limit}'`);
    await load(c);
    await c.query('commit');
    const loaded = seconds(t);
    const p = (await c.query(`select pending_pages, pending_tuples from pgstatginindex('gx_g')`)).rows[0];
    const before = await searches(c);
    const m = performance.now();
    await c.query(`select gin_clean_pending_list('gx_g')`);
    const merged = seconds(m);
    console.log(
      `limit ${limit.padEnd(5)} load ${loaded}, pending ${p.pending_pages} pages (${p.pending_tuples} rows), merge ${merged}`,
    );
    console.log(`  searches before the merge: ${before}`);
    console.log(`  searches after the merge:  ${await searches(c)}`);
  }
  // A second session's single insert while a load holds its rows uncommitted, at the default limit
  // and at the largest one asked for.
  for (const limit of ['4MB', limits[limits.length - 1] ?? '1GB']) {
    await freshTable(c);
    await c.query('begin');
    await c.query(`set local gin_pending_list_limit = '${limit}'`);
    await load(c);
    const other = await connect();
    const times: string[] = [];
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      await other.query(
        `insert into gx (name, legal_rep, address) values ($1, '王某', '重庆市铜梁区土桥镇')`,
        [`单个新增主体${i}`],
      );
      times.push(`${(performance.now() - t).toFixed(1)} ms`);
    }
    await other.end();
    await c.query('commit');
    console.log(`limit ${limit}: another session's single inserts during the load: ${times.join(', ')}`);
  }
  await c.end();
} finally {
  await bench.database.close();
  await bench.drop();
}

// Does a big import hold up everyone else? Imports a generated 100,000-row rapid-test .xlsx over
// HTTP while a separate thread polls GET /api/health every 10 ms, and prints the import rows/s and
// the health latencies during the import. Then uploads a zip bomb (a 200 MB worksheet in a ~200 KB
// file) and prints the time to the refusal and the health latencies meanwhile. Figures only.
//   npx tsx bench/import-health.ts [--backend postgres|pglite] [--rows 100000] [--bomb-mb 200]
//     [--entities 100000] [--floor]
// --floor (PostgreSQL): after each import, what PostgreSQL alone takes to insert the same rows
// again (see insertFloor), so an import's rate can be read against the most its database allows.
// The server runs in this process: to measure it as `npm start` serves it, give node the same
// young-generation size (scripts/start.mjs), e.g.
//   node --max-semi-space-size=32 --import tsx bench/import-health.ts ...
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { buildApp } from '@nongan/server/app';
import { type Database, openDatabase } from '@nongan/server/db/client';
import { createUser } from '@nongan/server/domains/accounts/service';
import { syntheticEntityXlsx } from '@nongan/server/domains/entities/synthetic-xlsx';
import { loadReferenceDivisions } from '@nongan/server/domains/regions/reference';
import { preloadPlans } from '@nongan/server/domains/sampling/plan-preload';
import { xlsxOf, zipBomb } from '@nongan/server/test/hostile-files';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { instrumentRows } from './synthetic-files.ts';

const { values: args } = parseArgs({
  options: {
    backend: { type: 'string', default: 'postgres' },
    rows: { type: 'string', default: '100000' },
    'bomb-mb': { type: 'string', default: '200' },
    /** Also import a synthetic entity directory of this many rows (lenient), 0 to skip. */
    entities: { type: 'string', default: '0' },
    floor: { type: 'boolean', default: false },
    /** No upload worker started before the first upload (as in tests; `nongan serve` keeps one). */
    cold: { type: 'boolean', default: false },
  },
});
const DISTRICT = '500151';
const TOWN = '500151101';
const PASSWORD = 'Bench-password-1';
const pgServer = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

// The poller runs on its own thread, so its timings are the server's answer times, not the
// main thread's: when the server's event loop is blocked, the health answers wait.
const POLLER = `
const { parentPort, workerData } = require('node:worker_threads');
let stop = false;
parentPort.on('message', () => { stop = true; });
(async () => {
  const times = [];
  while (!stop) {
    const s = performance.now();
    const r = await fetch(workerData.url);
    await r.arrayBuffer();
    times.push(performance.now() - s);
    await new Promise((res) => setTimeout(res, 10));
  }
  parentPort.postMessage(times);
})();
`;

/**
 * Gaps of the main thread's event loop over 100 ms (when, ms after the start, and how long), and
 * the highest RSS and main-thread heap seen meanwhile (sampled every 50 ms).
 */
function stallWatch() {
  const t0 = performance.now();
  // With --cpu-prof: the profile's clock (µs) at t0, to find the stalls in the profile.
  if (process.execArgv.some((a) => a.startsWith('--cpu-prof')))
    console.log(`(stall clock origin: ${process.hrtime.bigint() / 1000n} µs)`);
  const stalls: Stall[] = [];
  let last = t0;
  let lastMem = t0;
  const peak = { rss: 0, heap: 0 };
  const timer = setInterval(() => {
    const now = performance.now();
    if (now - last > 100) stalls.push({ at: last - t0, ms: now - last });
    last = now;
    if (now - lastMem >= 50) {
      lastMem = now;
      const m = process.memoryUsage();
      peak.rss = Math.max(peak.rss, m.rss);
      peak.heap = Math.max(peak.heap, m.heapUsed);
    }
  }, 5);
  return () => {
    clearInterval(timer);
    return { stalls, peak };
  };
}
type Stall = { at: number; ms: number };

async function whilePolling<T>(
  url: string,
  fn: () => Promise<T>,
): Promise<{ result: T; health: number[]; stalls: Stall[]; peak: { rss: number; heap: number } }> {
  const poller = new Worker(POLLER, { eval: true, workerData: { url } });
  const done = new Promise<number[]>((res) => poller.once('message', res));
  await new Promise((res) => setTimeout(res, 200));
  const stop = stallWatch();
  const result = await fn();
  const { stalls, peak } = stop();
  poller.postMessage('stop');
  const health = await done;
  await poller.terminate();
  return { result, health, stalls, peak };
}

const stallText = (s: Stall[]) =>
  s.length
    ? `${s.length}, longest ${Math.max(...s.map((x) => x.ms)).toFixed(0)} ms; ${s
        .slice(0, 12)
        .map((x) => `${x.ms.toFixed(0)} ms at ${(x.at / 1000).toFixed(1)} s`)
        .join(', ')}`
    : 'none';

const UPLOADER = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  const { url, cookie, file } = workerData;
  const form = new FormData();
  form.append('file', new Blob([file]), 'upload.xlsx');
  const t0 = performance.now();
  const res = await fetch(url, { method: 'POST', headers: { cookie }, body: form });
  const text = await res.text();
  parentPort.postMessage({ ms: performance.now() - t0, status: res.status, text });
})();
`;

/** Runs a script on its own thread and gives its one message. */
async function inWorker<T>(script: string, workerData: unknown): Promise<T> {
  const w = new Worker(script, { eval: true, workerData });
  try {
    return await new Promise<T>((res, rej) => {
      w.once('message', res);
      w.once('error', rej);
    });
  } finally {
    await w.terminate();
  }
}

const rssMb = () => (process.memoryUsage().rss / 1048576).toFixed(0);

function stats(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  const p = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
  return `n=${s.length} p50=${p(0.5).toFixed(1)} ms p99=${p(0.99).toFixed(1)} ms max=${(s.at(-1) ?? 0).toFixed(1)} ms`;
}

async function main() {
  const young = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].find((a) =>
    a.startsWith('--max-semi-space-size'),
  );
  console.log(
    `young generation: ${young ?? "Node's default"} (npm start serves with --max-semi-space-size=32)`,
  );
  const kind = args.backend as 'postgres' | 'pglite';
  const n = Number(args.rows);
  let database: Database;
  let cleanup: () => Promise<void>;
  let floor: pg.Client | null = null;
  if (args.floor && kind !== 'postgres') throw new Error('--floor needs --backend postgres');
  if (kind === 'postgres') {
    const name = `nongan_bench_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: pgServer });
    await admin.connect();
    await admin.query(`create database ${name}`);
    const url = new URL(pgServer);
    url.pathname = `/${name}`;
    database = await openDatabase({ url: url.toString() });
    if (args.floor) {
      floor = new pg.Client({ connectionString: url.toString() });
      await floor.connect();
    }
    cleanup = async () => {
      await floor?.end();
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    };
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'nongan-bench-'));
    database = await openDatabase({ dataDir: dir });
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  }
  await database.migrate();
  await loadReferenceDivisions(database.db);
  await preloadPlans(database.db);
  const staff = { username: 'bench', displayName: 'bench', role: 'district_staff' as const };
  await createUser(
    database.db,
    { user: null, ip: null },
    { ...staff, scopeCode: DISTRICT, password: PASSWORD },
  );
  // Warm as `nongan serve` has it (one upload worker kept started), unless --cold.
  const app = await buildApp({ database, loginRateLimit: 1000, warmUploadWorker: !args.cold });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'bench', password: PASSWORD }),
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
  const url = `${base}/api/rapid-tests/import?mode=strict&holderCode=${TOWN}&townCode=${TOWN}&link=retail_market&tester=bench`;
  // The client runs on its own thread too: sending 3.5 MB from the server's thread would stall it
  // in ways a browser on another machine does not.
  const uploadTo = (to: string, file: Buffer) =>
    inWorker<{ ms: number; status: number; text: string }>(UPLOADER, { url: to, cookie, file });
  const upload = (file: Buffer) => uploadTo(url, file);

  const file = await generated(n);
  console.log(`== ${kind}: ${n.toLocaleString()} rows, ${(file.length / 1048576).toFixed(1)} MB .xlsx`);
  const idle = await whilePolling(`${base}/api/health`, () => new Promise((r) => setTimeout(r, 2000)));
  console.log(`health, idle 2 s:        ${stats(idle.health)}`);
  const mb0 = rssMb();
  const imp = await whilePolling(`${base}/api/health`, async () => {
    const r = await upload(file);
    return { ...r, body: JSON.parse(r.text) as { created?: number; committed?: boolean } };
  });
  if (imp.result.body.created !== n)
    throw new Error(`import failed: ${JSON.stringify(imp.result.body).slice(0, 300)}`);
  const rate = n / (imp.result.ms / 1000);
  console.log(`import: ${(imp.result.ms / 1000).toFixed(1)} s, ${rate.toFixed(0)} rows/s`);
  console.log(`health, during import:   ${stats(imp.health)}`);
  console.log(`main-thread stalls > 100 ms during import: ${stallText(imp.stalls)}`);
  const mb = (b: number) => (b / 1048576).toFixed(0);
  console.log(
    `memory: rss ${mb0} MB before the import, highest ${mb(imp.peak.rss)} MB during it (main-thread heap highest ${mb(imp.peak.heap)} MB), ${rssMb()} MB after`,
  );
  if (floor) await insertFloor(floor, 'rapid_tests', n, { test_no: 'text', client_id: 'uuid' });

  const entityRows = Number(args.entities);
  if (entityRows > 0) {
    // Made here (it adds the demo villages to the database), streamed, before the timing starts.
    const { buffer } = await syntheticEntityXlsx(database.db, DISTRICT, entityRows);
    console.log(
      `== entity directory: ${entityRows.toLocaleString()} rows, ${(buffer.length / 1048576).toFixed(1)} MB .xlsx`,
    );
    const e0 = rssMb();
    const ent = await whilePolling(`${base}/api/health`, () =>
      uploadTo(`${base}/api/entities/import?mode=lenient`, buffer),
    );
    const body = JSON.parse(ent.result.text) as { created?: number; failed?: number };
    if (ent.result.status !== 200) throw new Error(`entity import failed: ${ent.result.text.slice(0, 300)}`);
    console.log(
      `entity import: ${(ent.result.ms / 1000).toFixed(1)} s, ${(entityRows / (ent.result.ms / 1000)).toFixed(0)} rows/s (${body.created} created, ${body.failed} failed rows)`,
    );
    // The search statistics' refresh runs after the answer (platform/upkeep.ts): timed apart.
    const u0 = performance.now();
    await app.upkeep.drain();
    console.log(
      `  then the search statistics' refresh after the answer: ${(performance.now() - u0).toFixed(0)} ms`,
    );
    console.log(`health, during entity import: ${stats(ent.health)}`);
    console.log(`main-thread stalls > 100 ms during entity import: ${stallText(ent.stalls)}`);
    console.log(
      `memory: rss ${e0} MB before, highest ${mb(ent.peak.rss)} MB during (main-thread heap highest ${mb(ent.peak.heap)} MB), ${rssMb()} MB after`,
    );
    if (floor) await insertFloor(floor, 'entities', entityRows, { credit_code: 'text' });
  }

  const bombMb = Number(args['bomb-mb']);
  const bomb = zipBomb(await xlsxOf([['a'], ['b']]), bombMb, true);
  const bombRun = await whilePolling(`${base}/api/health`, () => upload(bomb));
  console.log(
    `zip bomb (${bombMb} MB unpacked, ${(bomb.length / 1024).toFixed(0)} KB file, sizes hidden): ${bombRun.result.status} after ${bombRun.result.ms.toFixed(0)} ms`,
  );
  console.log(`health, during bomb:     ${stats(bombRun.health)}`);
  console.log(`main-thread stalls > 100 ms during bomb: ${stallText(bombRun.stalls)}`);
  console.log(`rss after: ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB`);
  await app.close();
  await database.close();
  await cleanup();
}

/**
 * PostgreSQL's own cost of an import's writes: the `n` rows the import just stored in `table`,
 * inserted again in one transaction (rolled back), 1,000 rows per statement, three ways:
 * - as the imports send them (rowsSource): one JSON parameter unpacked by json_to_recordset, with
 *   each plain value that every row of the chunk shares given once as a parameter instead;
 * - every column in the JSON, as the imports sent them before;
 * - copied inside the database (`insert … select` from the stored rows), with no transport at all.
 * The JSON is built before the clock starts, so no Node work is timed.
 * Fresh ids, and the unique keys given a suffix, so every index and trigger does its usual work.
 * Then the first way again without each kind of upkeep (GIN indexes, non-unique btrees,
 * triggers), dropped inside the rolled-back transaction: what each one costs.
 * The table already holds the import's rows, so its indexes are one import deeper than the import
 * found them: if anything, the floor is a little high.
 */
/**
 * A UUIDv7 made in SQL (PostgreSQL 15 has no uuidv7()): the time in milliseconds over a random
 * UUID's first 48 bits, version 7. The imports' ids are time-ordered too (platform/ids.ts); random
 * ones would land all over the primary key and make the floor slower than the imports have it.
 */
const TIME_ORDERED_ID = `encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) placing
  substring(int8send(floor(extract(epoch from clock_timestamp()) * 1000)::bigint) from 3) from 1 for 6),
  52, 1), 53, 1), 'hex')::uuid`;

async function insertFloor(c: pg.Client, table: string, n: number, unique: Record<string, 'text' | 'uuid'>) {
  const cols = (
    await c.query<{ name: string; type: string }>(
      `select attname as name, format_type(atttypid, atttypmod) as type from pg_attribute
       where attrelid = $1::regclass and attnum > 0 and not attisdropped and attgenerated = '' order by attnum`,
      [table],
    )
  ).rows;
  const list = cols.map((x) => `"${x.name}"`).join(', ');
  /** A column's value in the copy: fresh time-ordered ids, unique keys made unique again. */
  const freshOne = (from: string, name: string) =>
    name === 'id'
      ? TIME_ORDERED_ID
      : unique[name] === 'uuid'
        ? `case when ${from}."${name}" is null then null else gen_random_uuid() end`
        : unique[name]
          ? `${from}."${name}" || '~'`
          : `${from}."${name}"`;
  const fresh = (from: string) => cols.map(({ name }) => freshOne(from, name)).join(', ');
  // Settled first: the import's new rows vacuumed and counted, so the first run does not meet
  // autovacuum working on them.
  await c.query(`vacuum analyze ${table}`);
  // The import's rows: the newest n by their time-ordered ids (nothing else wrote to the table).
  const ids = (await c.query<{ id: string }>(`select id from ${table} order by id desc limit $1`, [n])).rows;
  const chunks: string[] = [];
  for (let i = 0; i < ids.length; i += 1000) {
    const slice = JSON.stringify(ids.slice(i, i + 1000).map((r) => r.id));
    const res = await c.query<{ j: string }>(
      `select json_agg(t)::text as j from ${table} t
       where district_code = '${DISTRICT}' and id in (select jsonb_array_elements_text($1::jsonb)::uuid)`,
      [slice],
    );
    chunks.push(res.rows[0]?.j ?? '[]');
  }
  type Statement = { text: string; values: (string | null)[] };
  const defs = (xs: typeof cols) => xs.map((x) => `"${x.name}" ${x.type}`).join(', ');
  // Every column in the JSON (the imports before rowsSource left shared values out).
  const whole: Statement[] = chunks.map((j) => ({
    text: `insert into ${table} (${list}) select ${fresh('x')} from json_to_recordset($1::json) as x(${defs(cols)})`,
    values: [j],
  }));
  // As the imports send them now (platform/bulk-insert.ts rowsSource): a plain value that every row
  // of the chunk shares goes once, as a typed parameter, and is left out of the JSON.
  const asImport: Statement[] = chunks.map((j) => {
    const rs = JSON.parse(j) as Record<string, unknown>[];
    const plain = (v: unknown) => v === null || typeof v !== 'object';
    const same = cols.filter(
      ({ name, type }) =>
        name !== 'id' &&
        !unique[name] &&
        !type.startsWith('json') &&
        plain(rs[0]?.[name]) &&
        rs.every((r) => r[name] === rs[0]?.[name]),
    );
    const vary = cols.filter((x) => !same.includes(x));
    const text = `insert into ${table} (${list}) select ${cols
      .map((col) => {
        const k = same.indexOf(col);
        return k >= 0 ? `$${k + 2}::${col.type}` : freshOne('x', col.name);
      })
      .join(', ')} from json_to_recordset($1::json) as x(${defs(vary)})`;
    const json = JSON.stringify(rs.map((r) => Object.fromEntries(vary.map((x) => [x.name, r[x.name]]))));
    return {
      text,
      values: [json, ...same.map(({ name }) => (rs[0]?.[name] == null ? null : String(rs[0]?.[name])))],
    };
  });
  const fromTable = `insert into ${table} (${list}) select ${fresh('t')} from ${table} t
    where t.district_code = '${DISTRICT}' and t.id in (select jsonb_array_elements_text($1::jsonb)::uuid)`;
  /** Each run drops or disables what `setup` says inside its transaction, and rolls it all back. */
  /** Statements, or the COPY text of the rows (sent in 1,000-row pieces, as the imports send it). */
  type Work = Statement[] | { copy: string[] };
  const timed = async (work: Work, setup: string[] = []) => {
    await c.query('begin');
    let ms: number;
    try {
      for (const st of setup) await c.query(st);
      const t0 = performance.now();
      if ('copy' in work)
        for (const piece of work.copy) {
          const stream = c.query(copyFrom(`copy ${table} (${list}) from stdin`));
          stream.end(piece);
          await finished(stream);
        }
      else for (const st of work) await c.query(st.text, st.values);
      ms = performance.now() - t0;
    } finally {
      await c.query('rollback');
    }
    // The rolled-back rows are dead entries in every index: cleared, so the next run does not pay for them.
    await c.query(`vacuum ${table}`);
    return `${(ms / 1000).toFixed(1)} s, ${Math.round(ids.length / (ms / 1000))} rows/s`;
  };
  const copies: Statement[] = [];
  for (let i = 0; i < ids.length; i += 1000)
    copies.push({ text: fromTable, values: [JSON.stringify(ids.slice(i, i + 1000).map((r) => r.id))] });
  const mb = (xs: Statement[]) =>
    Math.round(xs.reduce((a, x) => a + (x.values[0]?.length ?? 0), 0) / 1048576);
  // What each kind of upkeep costs: the same JSON insert without it.
  const indexes = (
    await c.query<{ name: string; method: string; uniq: boolean }>(
      `select i.relname as name, am.amname as method, x.indisunique or x.indisprimary as uniq
       from pg_index x join pg_class i on i.oid = x.indexrelid join pg_am am on am.oid = i.relam
       where x.indrelid = $1::regclass`,
      [table],
    )
  ).rows;
  const triggers = (
    await c.query<{ name: string }>(
      // Only triggers an insert fires (tgtype bit 2, TRIGGER_TYPE_INSERT).
      `select tgname as name from pg_trigger where tgrelid = $1::regclass and not tgisinternal and tgtype & 4 <> 0`,
      [table],
    )
  ).rows;
  const drop = (xs: { name: string }[]) => xs.map((x) => `drop index ${x.name}`);
  const gin = indexes.filter((x) => x.method === 'gin');
  const btrees = indexes.filter((x) => x.method === 'btree' && !x.uniq);
  console.log(
    `floor, ${table}: the same ${ids.length.toLocaleString()} rows inserted again by PostgreSQL alone:`,
  );
  // The rows as COPY text (what platform/bulk-copy.ts sends), read back from the table by COPY TO.
  const copyText: { copy: string[] } = { copy: [] };
  for (let i = 0; i < ids.length; i += 1000) {
    const slice = JSON.stringify(ids.slice(i, i + 1000).map((r) => r.id)).replaceAll("'", "''");
    const out = c.query(
      copyTo(`copy (select ${fresh('t')} from ${table} t where t.district_code = '${DISTRICT}'
        and t.id in (select jsonb_array_elements_text('${slice}'::jsonb)::uuid)) to stdout`),
    );
    const parts: Buffer[] = [];
    for await (const b of out) parts.push(b as Buffer);
    copyText.copy.push(Buffer.concat(parts).toString('utf8'));
  }
  const copyMb = Math.round(copyText.copy.reduce((a, x) => a + Buffer.byteLength(x), 0) / 1048576);
  // Once untimed: the first run read the table's and indexes' pages in and was the slowest.
  await timed(copyText);
  console.log(`  COPY text, as the imports send it:     ${await timed(copyText)} (${copyMb} MB)`);
  console.log(`  from JSON, as the imports sent it:     ${await timed(asImport)} (JSON ${mb(asImport)} MB)`);
  console.log(`  from JSON with every column in it:    ${await timed(whole)} (JSON ${mb(whole)} MB)`);
  console.log(`  copied inside the database:           ${await timed(copies)}`);
  if (gin.length)
    console.log(
      `  COPY, without its GIN indexes:         ${await timed(copyText, drop(gin))} (${gin.map((x) => x.name).join(', ')})`,
    );
  if (gin.length > 1)
    for (const g of gin) console.log(`    without ${g.name} alone: ${await timed(copyText, drop([g]))}`);
  console.log(`  COPY, without ${btrees.length} non-unique btrees:  ${await timed(copyText, drop(btrees))}`);
  for (const b of btrees) console.log(`    without ${b.name} alone: ${await timed(copyText, drop([b]))}`);
  if (triggers.length)
    console.log(
      `  COPY, without its triggers:            ${await timed(copyText, [`alter table ${table} disable trigger user`])} (${triggers.map((x) => x.name).join(', ')})`,
    );
  // The first run again: how far two runs of the same work differ here.
  console.log(`  COPY again (the spread):               ${await timed(copyText)}`);
}

/**
 * The .xlsx is made by exceljs on a thread of its own (this file again): its garbage, some
 * hundreds of MB, would otherwise sit in the server's heap and slow its collections.
 */
async function generated(rows: number): Promise<Buffer> {
  // Workers do not inherit tsx: register it, then load this file, which generates and posts.
  const boot = `const { workerData } = require('node:worker_threads');
    import(workerData.tsx).then((t) => { t.register(); return import(workerData.self); });`;
  const w = new Worker(boot, {
    eval: true,
    workerData: { rows, tsx: import.meta.resolve('tsx/esm/api'), self: import.meta.url },
  });
  try {
    const bytes = await new Promise<Uint8Array>((res, rej) => {
      w.once('message', res);
      w.once('error', rej);
    });
    return Buffer.from(bytes);
  } finally {
    await w.terminate();
  }
}

if (isMainThread) await main();
else {
  const bytes = await xlsxOf(instrumentRows((workerData as { rows: number }).rows));
  parentPort?.postMessage(new Uint8Array(bytes));
}

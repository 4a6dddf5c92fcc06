// Does a big import hold up everyone else? Imports a generated 100,000-row rapid-test .xlsx over
// HTTP while a separate thread polls GET /api/health every 10 ms, and prints the import rows/s and
// the health latencies during the import. Then uploads a zip bomb (a 200 MB worksheet in a ~200 KB
// file) and prints the time to the refusal and the health latencies meanwhile. Figures only.
//   npx tsx bench/import-health.ts [--backend postgres|pglite] [--rows 100000] [--bomb-mb 200]
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { buildApp } from '@nongan/server/app';
import { type Database, openDatabase } from '@nongan/server/db/client';
import { createUser } from '@nongan/server/domains/accounts/service';
import { syntheticEntityXlsx } from '@nongan/server/domains/entities/synthetic-xlsx';
import { loadReferenceDivisions } from '@nongan/server/domains/regions/reference';
import { preloadPlans } from '@nongan/server/domains/sampling/plan-preload';
import { reference } from '@nongan/server/domains/standards/reference';
import { xlsxOf, zipBomb } from '@nongan/server/test/hostile-files';
import pg from 'pg';

const { values: args } = parseArgs({
  options: {
    backend: { type: 'string', default: 'postgres' },
    rows: { type: 'string', default: '100000' },
    'bomb-mb': { type: 'string', default: '200' },
    /** Also import a synthetic entity directory of this many rows (lenient), 0 to skip. */
    entities: { type: 'string', default: '0' },
  },
});
const DISTRICT = '500151';
const TOWN = '500151101';
const PASSWORD = 'Bench-password-1';
const pgServer = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

const leaves = (() => {
  const parents = new Set([...reference.products.values()].map((p) => p.parent));
  return [...reference.products.values()].filter((p) => !parents.has(p.code));
})();

/** The instrument export of bench/sampling.ts, N rows. */
function instrumentRows(n: number): unknown[][] {
  const rows: unknown[][] = [
    ['检测编号', '样品名称', '被检单位', '抑制率(%)', '检测时间', '检测人', '仪器编号'],
  ];
  for (let i = 0; i < n; i++) {
    const rate = (i * 37) % 100 < 3 ? 55 + (i % 40) : (i * 13) % 45;
    const month = String(1 + (i % 12)).padStart(2, '0');
    const day = String(1 + (i % 28)).padStart(2, '0');
    rows.push([
      `IMP-${i + 1}`,
      leaves[i % leaves.length]?.name,
      `摊位${(i % 300) + 1}`,
      rate,
      `2021-${month}-${day} 09:${String(i % 60).padStart(2, '0')}`,
      '基准检测员',
      'RT-01',
    ]);
  }
  return rows;
}

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
  const kind = args.backend as 'postgres' | 'pglite';
  const n = Number(args.rows);
  let database: Database;
  let cleanup: () => Promise<void>;
  if (kind === 'postgres') {
    const name = `nongan_bench_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: pgServer });
    await admin.connect();
    await admin.query(`create database ${name}`);
    const url = new URL(pgServer);
    url.pathname = `/${name}`;
    database = await openDatabase({ url: url.toString() });
    cleanup = async () => {
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
  const app = await buildApp({ database, loginRateLimit: 1000 });
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
    console.log(`health, during entity import: ${stats(ent.health)}`);
    console.log(`main-thread stalls > 100 ms during entity import: ${stallText(ent.stalls)}`);
    console.log(
      `memory: rss ${e0} MB before, highest ${mb(ent.peak.rss)} MB during (main-thread heap highest ${mb(ent.peak.heap)} MB), ${rssMb()} MB after`,
    );
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

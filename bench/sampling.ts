// Monitoring benchmark: imports rapid-test rows through POST /api/rapid-tests/import (real HTTP,
// a generated .xlsx as an instrument would export it), then fills the results table up to N rows
// with SQL and times the statistics endpoint GET /api/sampling/stats over them.
//   npx tsx bench/sampling.ts [--backend postgres|pglite|both] [--import-rows N] [--results N] [--requests 200]
//                             [--skip-import] [--database <postgres url | PGlite directory>]
// --database keeps the data between runs (fills only the results still missing, drops nothing).
// Defaults: PostgreSQL 100,000 imported rows and 10,000,000 results; PGlite 20,000 and 1,000,000.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildApp } from '@nongan/server/app';
import { type Database, openDatabase } from '@nongan/server/db/client';
import { createUser } from '@nongan/server/domains/accounts/service';
import { loadReferenceDivisions } from '@nongan/server/domains/regions/reference';
import { preloadPlans } from '@nongan/server/domains/sampling/plan-preload';
import { rebuildStats } from '@nongan/server/domains/sampling/stats-rows';
import { reference } from '@nongan/server/domains/standards/reference';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import pg from 'pg';

const { values: args } = parseArgs({
  options: {
    backend: { type: 'string', default: 'both' },
    'import-rows': { type: 'string' },
    results: { type: 'string' },
    requests: { type: 'string', default: '200' },
    concurrency: { type: 'string', default: '4' },
    'skip-import': { type: 'boolean', default: false },
    database: { type: 'string' },
  },
});
const DISTRICT = '500151';
const TOWN = '500151101';
const PASSWORD = 'Bench-password-1';
const pgServer = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

/** Leaf products of the catalogue (those no other product names as parent), e.g. 普通白菜, 猪肉. */
const leaves = (() => {
  const parents = new Set([...reference.products.values()].map((p) => p.parent));
  return [...reference.products.values()].filter((p) => !parents.has(p.code));
})();

async function instrumentXlsx(rows: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('检测记录');
  ws.addRow(['检测编号', '样品名称', '被检单位', '抑制率(%)', '检测时间', '检测人', '仪器编号']);
  for (let i = 0; i < rows; i++) {
    const day = 1 + (i % 28);
    const rate = (i * 37) % 100 < 3 ? 55 + (i % 40) : (i * 13) % 45;
    ws.addRow([
      `IMP-${i + 1}`,
      leaves[i % leaves.length]?.name,
      `摊位${(i % 300) + 1}`,
      rate,
      `2021-${String(1 + (i % 12)).padStart(2, '0')}-${String(day).padStart(2, '0')} 09:${String(i % 60).padStart(2, '0')}`,
      '基准检测员',
      'RT-01',
    ]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * Fills rapid_tests up to `total` rows with deterministic pseudo-random results over 2021: row g
 * takes product g mod P, link (g / P) mod 5 and town (g / 5P) mod 28, so every town × link ×
 * product combination occurs (and, over the days, nearly every month of it).
 */
async function fillResults(database: Database, from: number, total: number, towns: string[]) {
  const products = `array[${leaves.map((p) => `'${p.code}'`).join(',')}]`;
  const townArr = `array[${towns.map((t) => `'${t}'`).join(',')}]`;
  const links = `array['pre_harvest_base','wholesale_market','retail_market','storage_transport','slaughter']`;
  const step = database.kind === 'postgres' ? 1_000_000 : 200_000;
  for (let a = from; a < total; a += step) {
    const b = Math.min(total, a + step);
    await database.db.execute(
      sql.raw(`
      insert into rapid_tests (id, district_code, test_no, holder_code, town_code, sampled_party, product_code, link, method,
                               target, inhibition_rate, result, tested_at, tester)
      select gen_random_uuid(), '${DISTRICT}', 'BX-' || g, t, t, '基准摊位', (${products})[1 + g % ${leaves.length}],
             (${links})[1 + (g / ${leaves.length}) % 5], 'enzyme_inhibition', '有机磷和氨基甲酸酯类', r,
             case when r >= 50 then 'positive' else 'negative' end,
             timestamptz '2021-01-01 08:00:00+08' + ((g * 104729) % 365) * interval '1 day' + (g % 600) * interval '1 minute',
             'bench'
      from generate_series(${a + 1}::bigint, ${b}::bigint) g,
           lateral (select (${townArr})[1 + (g / ${leaves.length * 5}) % ${towns.length}] as t,
                           ((g * 2654435761) % 1000) / 1000.0 * 52 as r) x`),
    );
    process.stdout.write(`\r  results ${b.toLocaleString()} / ${total.toLocaleString()}   `);
  }
  process.stdout.write('\n');
}

async function count(database: Database, q: ReturnType<typeof sql>): Promise<number> {
  const r = (await database.db.execute(q)) as unknown as { rows: { n: number }[] };
  return Number(r.rows[0]?.n ?? 0);
}

function pct(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

async function run(kind: 'postgres' | 'pglite') {
  const importRows = Number(args['import-rows'] ?? (kind === 'postgres' ? 100_000 : 20_000));
  const results = Number(args.results ?? (kind === 'postgres' ? 10_000_000 : 1_000_000));
  let database: Database;
  let cleanup: () => Promise<void>;
  if (args.database) {
    // Kept between runs: nothing is dropped, the fill adds only what is missing.
    database = /^postgres(ql)?:/.test(args.database)
      ? await openDatabase({ url: args.database })
      : await openDatabase({ dataDir: args.database });
    cleanup = async () => {};
  } else if (kind === 'postgres') {
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
  const hasUser = await count(database, sql`select count(*)::int as n from users where username = 'bench'`);
  if (!hasUser)
    await createUser(
      database.db,
      { user: null, ip: null },
      {
        username: 'bench',
        displayName: 'bench',
        role: 'district_staff',
        scopeCode: DISTRICT,
        password: PASSWORD,
      },
    );
  const app = await buildApp({
    database,
    loginRateLimit: 1000,
    logger: process.env.BENCH_LOG ? { level: 'error' } : false,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'bench', password: PASSWORD }),
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;

  console.log(
    `\n== ${kind}: import ${importRows.toLocaleString()} rows, statistics over ${results.toLocaleString()} results`,
  );
  let importMs = 0;
  if (!args['skip-import']) {
    const file = await instrumentXlsx(importRows);
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(file)]), 'instrument.xlsx');
    const t0 = performance.now();
    const res = await fetch(
      `${base}/api/rapid-tests/import?mode=strict&holderCode=${TOWN}&townCode=${TOWN}&link=retail_market&tester=bench`,
      { method: 'POST', headers: { cookie }, body: form },
    );
    importMs = performance.now() - t0;
    const body = (await res.json()) as { created: number; committed: boolean; errors: unknown[] };
    if (!body.committed || body.created !== importRows)
      throw new Error(`import failed: ${JSON.stringify(body).slice(0, 500)}`);
  }
  const importRate = importMs ? importRows / (importMs / 1000) : 0;

  const towns = (
    (await database.db.execute(sql`select code from divisions where level = 'town'`)) as unknown as {
      rows: { code: string }[];
    }
  ).rows.map((r) => r.code);
  const tf = performance.now();
  const present = await count(database, sql`select count(*)::int as n from rapid_tests`);
  if (present < results) {
    await fillResults(database, present, results, towns);
    await rebuildStats(database.db, DISTRICT);
    if (database.kind === 'postgres') await database.db.execute(sql`vacuum analyze`);
  }
  const fillS = (performance.now() - tf) / 1000;
  const [{ n: statRows }] = (
    (await database.db.execute(sql`select count(*)::int as n from result_stats`)) as unknown as {
      rows: { n: number }[];
    }
  ).rows as [{ n: number }];

  const dims = ['product', 'town', 'month', 'link', 'holder'];
  const requests = Number(args.requests);
  const times: number[] = [];
  const byDim = new Map(dims.map((d) => [d, [] as number[]]));
  let i = 0;
  let totalSeen = 0;
  const worker = async () => {
    while (i < requests) {
      const dim = dims[i++ % dims.length];
      const s = performance.now();
      const r = await fetch(`${base}/api/sampling/stats?year=2021&kind=rapid&dimension=${dim}`, {
        headers: { cookie },
      });
      const j = (await r.json()) as { total: number };
      const ms = performance.now() - s;
      times.push(ms);
      byDim.get(dim as string)?.push(ms);
      if (r.status !== 200) throw new Error(`stats ${r.status}`);
      totalSeen = j.total;
    }
  };
  await Promise.all(Array.from({ length: Number(args.concurrency) }, worker));
  times.sort((a, b) => a - b);
  // The floor on this machine now: GET /api/health (select 1), the same count and concurrency.
  const floor: number[] = [];
  let h = 0;
  const healthWorker = async () => {
    while (h++ < requests) {
      const s = performance.now();
      await (await fetch(`${base}/api/health`)).arrayBuffer();
      floor.push(performance.now() - s);
    }
  };
  await Promise.all(Array.from({ length: Number(args.concurrency) }, healthWorker));
  floor.sort((a, b) => a - b);
  console.log(
    `  floor GET /api/health: p50 ${pct(floor, 50).toFixed(1)} ms, p95 ${pct(floor, 95).toFixed(1)} ms`,
  );

  // The same aggregation straight from the raw table, to show what the pre-aggregation saves.
  const rawTimes: number[] = [];
  for (let k = 0; k < 3; k++) {
    const s = performance.now();
    await database.db.execute(
      sql`select product_code, count(*), count(*) filter (where result = 'positive') from rapid_tests where district_code = ${DISTRICT} group by 1`,
    );
    rawTimes.push(performance.now() - s);
  }
  rawTimes.sort((a, b) => a - b);
  // The old path: a year by product summed from the monthly counts (what every request did before
  // result_stats_yearly), one query at a time.
  const monthlyTimes: number[] = [];
  for (let k = 0; k < 5; k++) {
    const s = performance.now();
    await database.db.execute(
      sql`select product_code, sum(total)::int, sum(failed)::int from result_stats
          where district_code = ${DISTRICT} and month >= '2021-01' and month < '2022-01' and task_kind = 'rapid_test'
          group by 1 order by 1`,
    );
    monthlyTimes.push(performance.now() - s);
  }
  monthlyTimes.sort((a, b) => a - b);
  // The new path for the same figures, one query at a time.
  const yearlyTimes: number[] = [];
  for (let k = 0; k < 5; k++) {
    const s = performance.now();
    await database.db.execute(
      sql`select product_code, sum(total)::int, sum(failed)::int from result_stats_yearly
          where district_code = ${DISTRICT} and year = '2021' and task_kind = 'rapid_test'
          group by 1 order by 1`,
    );
    yearlyTimes.push(performance.now() - s);
  }
  yearlyTimes.sort((a, b) => a - b);
  const yearlyRows = await count(database, sql`select count(*)::int as n from result_stats_yearly`);
  console.log('  by dimension (ms):');
  for (const [d, ts] of byDim) {
    ts.sort((a, b) => a - b);
    console.log(
      `    ${d.padEnd(8)} p50 ${pct(ts, 50).toFixed(1).padStart(7)}  p95 ${pct(ts, 95).toFixed(1).padStart(7)}`,
    );
  }

  await app.close();
  await database.close();
  await cleanup();
  return {
    backend: kind,
    importRows,
    importSeconds: importMs / 1000,
    importRowsPerSecond: importRate,
    results,
    resultsCounted: totalSeen,
    statRows,
    fillSeconds: fillS,
    statsRequests: requests,
    p50: pct(times, 50),
    p95: pct(times, 95),
    mean: times.reduce((a, b) => a + b, 0) / times.length,
    rawAggregateMedian: pct(rawTimes, 50),
    monthlyAggregateMedian: pct(monthlyTimes, 50),
    yearlyAggregateMedian: pct(yearlyTimes, 50),
    yearlyRows,
  };
}

const backends =
  args.backend === 'both' ? (['postgres', 'pglite'] as const) : [args.backend as 'postgres' | 'pglite'];
const out = [];
for (const b of backends) out.push(await run(b));
console.log(
  '\nbackend   | import rows | import s | rows/s  | results    | stats rows | yearly rows | stats p50 ms | p95 ms | mean ms | raw GROUP BY ms | raw ÷ p95 | monthly sum ms | yearly sum ms',
);
for (const r of out) {
  console.log(
    [
      r.backend.padEnd(9),
      String(r.importRows).padStart(11),
      r.importSeconds.toFixed(1).padStart(8),
      r.importRowsPerSecond.toFixed(0).padStart(7),
      r.resultsCounted.toLocaleString().padStart(10),
      String(r.statRows).padStart(10),
      String(r.yearlyRows).padStart(11),
      r.p50.toFixed(1).padStart(12),
      r.p95.toFixed(1).padStart(6),
      r.mean.toFixed(1).padStart(7),
      r.rawAggregateMedian.toFixed(0).padStart(15),
      `${(r.rawAggregateMedian / r.p95).toFixed(0)}×`.padStart(9),
      r.monthlyAggregateMedian.toFixed(1).padStart(14),
      r.yearlyAggregateMedian.toFixed(1).padStart(13),
    ].join(' | '),
  );
}

// District benchmark: a district with 10 million results (rapid tests, and lab samples with their
// per-analyte results) and 1 million certificates, then the hourly sweep's full warning evaluation
// (and the town assessment, once it exists) timed over it. Goal: under 5 s on the PostgreSQL server.
//   npx tsx bench/district.ts                                  # PostgreSQL, 10,000,000 results, 1,000,000 certificates
//   npx tsx bench/district.ts --keep                           # keep the filled database; --reuse runs on it again
//   npx tsx bench/district.ts --backend pglite --results 1000000 --certificates 100000
// The data is synthetic (bench/fill.ts), not real.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Database } from '@nongan/server/db/client';
import { assessTowns } from '@nongan/server/domains/assessment/service';
import { loadReferenceDivisions } from '@nongan/server/domains/regions/reference';
import { preloadPlans } from '@nongan/server/domains/sampling/plan-preload';
import { candidates, evaluateDistrict, LIVE_KINDS } from '@nongan/server/domains/warnings/evaluate';
import {
  daysAgo,
  mismatchFacts,
  overdueFacts,
  passRateFacts,
  quotaPaceFacts,
  repeatFailureFacts,
  scanFacts,
} from '@nongan/server/domains/warnings/facts';
import { getWarningSettings } from '@nongan/server/domains/warnings/settings';
import { sql } from 'drizzle-orm';
import {
  analyze,
  benchDatabase,
  type DistrictShape,
  fillCertificates,
  fillEntities,
  fillHolds,
  fillLabResults,
  fillRapidTests,
  fillScans,
  pgServerUrl,
  rebuildStats,
  rows,
  townCodes,
  withoutIndexes,
} from './fill.ts';

const { values: args } = parseArgs({
  options: {
    backend: { type: 'string', default: 'postgres' },
    database: { type: 'string' },
    results: { type: 'string' },
    certificates: { type: 'string' },
    'lab-share': { type: 'string', default: '0.1' },
    entities: { type: 'string', default: '5000' },
    scans: { type: 'string' },
    copied: { type: 'string', default: '50' },
    year: { type: 'string', default: '2021' },
    runs: { type: 'string', default: '5' },
    keep: { type: 'boolean', default: false },
    reuse: { type: 'boolean', default: false },
  },
});

const DISTRICT = '500151';
const kind = args.backend === 'pglite' ? 'pglite' : 'postgres';
const results = Number(args.results ?? (kind === 'postgres' ? 10_000_000 : 1_000_000));
const certCount = Number(args.certificates ?? (kind === 'postgres' ? 1_000_000 : 100_000));
const labResults = Math.round(results * Number(args['lab-share']));
const rapidCount = results - labResults;
const scanCount = Number(args.scans ?? certCount);
const year = Number(args.year);
// The sweep runs on 1 December: results from 1 January to 30 November (334 days).
const now = new Date(`${year}-12-01T10:00:00+08:00`);
const runs = Math.max(1, Number(args.runs));

const dbUrl = (() => {
  const u = new URL(args.database ?? pgServerUrl());
  if (!args.database || u.pathname === '/' || u.pathname === '/postgres')
    u.pathname = '/nongan_bench_district';
  return u.toString();
})();

const secs = (ms: number) => (ms / 1000).toFixed(2);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2
    ? (s[(s.length - 1) / 2] as number)
    : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
};
async function timed<T>(f: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const r = await f();
  return [r, performance.now() - t];
}

async function fill(database: Database) {
  const towns = await townCodes(database, DISTRICT);
  const shape: DistrictShape = {
    district: DISTRICT,
    towns,
    start: `${year}-01-01 00:00:00+08`,
    days: 334,
    step: kind === 'postgres' ? 1_000_000 : 200_000,
    progress: (label, done, total) =>
      process.stdout.write(`\r  ${label} ${done.toLocaleString()} / ${total.toLocaleString()}        `),
  };
  const log: [string, number][] = [];
  const step = async (label: string, f: () => Promise<void>) => {
    const [, ms] = await timed(f);
    process.stdout.write('\n');
    log.push([label, ms]);
    console.log(`  ${label}: ${secs(ms)} s`);
  };
  await step(`entities ${Number(args.entities).toLocaleString()}`, () =>
    fillEntities(database, shape, Number(args.entities)),
  );
  await step(`rapid tests ${rapidCount.toLocaleString()}`, () =>
    withoutIndexes(database, ['rapid_tests'], () => fillRapidTests(database, shape, rapidCount)),
  );
  await step(`lab results ${labResults.toLocaleString()}`, () =>
    withoutIndexes(database, ['samples', 'lab_results'], () => fillLabResults(database, shape, labResults)),
  );
  await step('lot holds of positives', () => fillHolds(database, DISTRICT, now.toISOString()));
  await step(`certificates ${certCount.toLocaleString()}`, () =>
    withoutIndexes(database, ['certificates'], () => fillCertificates(database, shape, certCount)),
  );
  await step(`scans ${scanCount.toLocaleString()} (+${args.copied} copied labels)`, () =>
    withoutIndexes(database, ['certificate_scans'], () =>
      fillScans(database, shape, scanCount, Number(args.copied)),
    ),
  );
  await step('result_stats (rebuildStats)', () => rebuildStats(database.db, DISTRICT));
  await step('vacuum analyze', () =>
    analyze(database, [
      'entities',
      'rapid_tests',
      'samples',
      'lab_results',
      'lot_holds',
      'certificates',
      'certificate_scans',
      'result_stats',
    ]),
  );
  return log;
}

async function main() {
  const dir = kind === 'pglite' ? mkdtempSync(join(tmpdir(), 'nongan-bench-district-')) : undefined;
  const target = dir ? { dataDir: dir } : { url: dbUrl, reuse: args.reuse };
  const { database, existed, drop } = await benchDatabase(target);
  console.log(
    `== ${kind}${kind === 'postgres' ? ` (${new URL(dbUrl).pathname.slice(1)})` : ''}: ${results.toLocaleString()} results ` +
      `(${rapidCount.toLocaleString()} rapid, ${labResults.toLocaleString()} lab), ${certCount.toLocaleString()} certificates, ` +
      `evaluation at ${now.toISOString()}`,
  );
  try {
    await database.migrate();
    const filled =
      existed &&
      (
        await rows<{ n: number }>(
          database,
          `select count(*)::int as n from result_stats where district_code = '${DISTRICT}'`,
        )
      )[0]?.n;
    if (filled) console.log('  reusing the filled database');
    else {
      await loadReferenceDivisions(database.db);
      await preloadPlans(database.db);
      await fill(database);
    }
    const counts = (
      await rows<{ t: string; n: number }>(
        database,
        `select 'rapid_tests' as t, count(*)::int as n from rapid_tests union all
         select 'samples', count(*)::int from samples union all
         select 'lab_results', count(*)::int from lab_results union all
         select 'certificates', count(*)::int from certificates union all
         select 'certificate_scans', count(*)::int from certificate_scans union all
         select 'result_stats', count(*)::int from result_stats union all
         select 'lot_holds held', count(*)::int from lot_holds where status = 'held'`,
      )
    ).map((r) => `${r.t} ${r.n.toLocaleString()}`);
    console.log(`  rows: ${counts.join(', ')}`);

    // Every bench run starts without warnings, so runs on different code compare.
    await database.db.execute(sql`delete from warnings where district_code = ${DISTRICT}`);
    const db = database.db;
    const table: [string, number[]][] = [];
    // The hourly sweep (warnings.sweep): evaluateDistrict over all live kinds in one transaction.
    const sweep = () => db.transaction((tx) => evaluateDistrict(tx, DISTRICT, undefined, now));
    const [first, firstMs] = await timed(sweep);
    table.push(['full warning evaluation, first (raises all)', [firstMs]]);
    const steady: number[] = [];
    let last = first;
    for (let i = 0; i < runs; i++) {
      const [r, ms] = await timed(sweep);
      steady.push(ms);
      last = r;
    }
    table.push(['full warning evaluation (hourly sweep, warnings in place)', steady]);
    console.log(
      `  warnings active ${first.active} (first), ${last.active} (then); resolved ${last.resolved}`,
    );

    // Where the evaluation's time goes: each fact query alone (median of the runs).
    const s = await getWarningSettings(db, DISTRICT);
    const today = `${year}-12-01`;
    const facts: [string, () => Promise<unknown>][] = [
      ['  facts: pass_rate', () => passRateFacts(db, DISTRICT, year)],
      ['  facts: repeat_failure', () => repeatFailureFacts(db, DISTRICT, daysAgo(now, s.repeatWindowDays))],
      ['  facts: quota_pace', () => quotaPaceFacts(db, DISTRICT, now)],
      [
        '  facts: promise_mismatch',
        () => mismatchFacts(db, DISTRICT, today, s.repeatWindowDays, s.mismatchWindowDays),
      ],
      ['  facts: overdue_*', () => overdueFacts(db, DISTRICT, today)],
      ['  facts: suspicious_scan', () => scanFacts(db, DISTRICT, now)],
      ['  all candidates (facts + rules)', () => candidates(db, DISTRICT, new Set(LIVE_KINDS), now)],
    ];
    for (const [label, f] of facts) {
      const t: number[] = [];
      for (let i = 0; i < runs; i++) t.push((await timed(f))[1]);
      table.push([label, t]);
    }

    // The assessment of all towns (domains/assessment/service.ts) for the year, as on the same day.
    {
      const t: number[] = [];
      for (let i = 0; i < runs; i++)
        t.push(
          (await timed(() => assessTowns(db, { districtCode: DISTRICT, year, period: 'year' }, today)))[1],
        );
      table.push(['assessment of all towns (assessTowns, year)', t]);
    }

    console.log(`\nstep${' '.repeat(58)}| runs | median s |  min s |  max s`);
    for (const [label, t] of table)
      console.log(
        `${label.padEnd(62)}| ${String(t.length).padStart(4)} | ${secs(median(t)).padStart(8)} | ${secs(Math.min(...t)).padStart(6)} | ${secs(Math.max(...t)).padStart(6)}`,
      );
  } finally {
    await database.close();
    if (kind === 'pglite' && dir) rmSync(dir, { recursive: true, force: true });
    else if (!args.keep) await drop();
    else console.log(`  kept ${new URL(dbUrl).pathname.slice(1)} (run again with --reuse)`);
  }
}

await main();

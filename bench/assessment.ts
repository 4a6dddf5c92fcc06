// 考核 benchmark: the synthetic demo district (seedDemo), then its entities and their quarterly
// inspection duties copied `--scale` times with SQL, then `assessTowns` for the year and for the
// current quarter timed over `--runs` runs (median and max printed).
//   npx tsx bench/assessment.ts [--backend pglite|postgres|both] [--database postgres://…]
//                               [--entities 800] [--rapid 6000] [--scale 20] [--runs 7]
// (inspection duties of copied entities point at the originals' inspections: only counts matter here)
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type Database, openDatabase } from '@nongan/server/db/client';
import { seedDemo } from '@nongan/server/demo/seed';
import { assessTowns } from '@nongan/server/domains/assessment/service';
import { loadReferenceDivisions } from '@nongan/server/domains/regions/reference';
import { preloadPlans } from '@nongan/server/domains/sampling/plan-preload';
import { chinaToday } from '@nongan/shared/common/dates';
import { sql } from 'drizzle-orm';
import pg from 'pg';

const { values: args } = parseArgs({
  options: {
    backend: { type: 'string', default: 'both' },
    database: { type: 'string' },
    entities: { type: 'string', default: '800' },
    rapid: { type: 'string', default: '6000' },
    scale: { type: 'string', default: '20' },
    runs: { type: 'string', default: '7' },
  },
});
const DISTRICT = '500151';
const pgServer = args.database || process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const today = chinaToday();
const year = Number(today.slice(0, 4));
const quarter = `Q${Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1}` as 'Q1' | 'Q2' | 'Q3' | 'Q4';

const rows = async (db: Database['db'], q: ReturnType<typeof sql>) =>
  (await db.execute(q)) as unknown as { rows: Record<string, unknown>[] };

/** Copies every entity (new ids, no credit code) and its quarterly duties `scale` times. */
async function fill(db: Database['db'], scale: number) {
  for (let i = 1; i <= scale; i++) {
    await db.execute(sql`
      with src as (
        select e.*, gen_random_uuid() as new_id from entities e where e.district_code = ${DISTRICT} and e.name not like '%#%'
      ), ins as (
        insert into entities (id, district_code, town_code, village_code, grid_code, name, type, legal_rep, phone, address,
          industries, main_products, certificate_trial, trace_managed, risk_grade, active, synthetic, created_at, updated_at)
        select new_id, district_code, town_code, village_code, grid_code, name || '#' || ${i}, type, legal_rep, phone, address,
          industries, main_products, certificate_trial, trace_managed, risk_grade, active, true, created_at, updated_at
        from src returning id
      )
      insert into inspection_duties (id, district_code, entity_id, town_code, village_code, grid_code, kind, quarter, due_date, status, inspection_id, done_at)
      select gen_random_uuid(), d.district_code, s.new_id, d.town_code, d.village_code, d.grid_code, d.kind, d.quarter, d.due_date, d.status, d.inspection_id, d.done_at
      from inspection_duties d join src s on s.id = d.entity_id and s.district_code = d.district_code
      where d.kind = 'quarterly'`);
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

async function run(kind: 'pglite' | 'postgres') {
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
      await database.close();
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    };
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'nongan-bench-'));
    database = await openDatabase({ dataDir: dir });
    cleanup = async () => {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    };
  }
  try {
    await database.migrate();
    await loadReferenceDivisions(database.db);
    await preloadPlans(database.db);
    const t0 = performance.now();
    await seedDemo(database.db, {
      entities: Number(args.entities),
      rapidTests: Number(args.rapid),
      labSamples: 300,
    });
    const t1 = performance.now();
    await fill(database.db, Number(args.scale));
    await database.db.execute(sql`analyze`);
    const t2 = performance.now();
    const count = async (table: string) =>
      Number((await rows(database.db, sql.raw(`select count(*)::int as n from ${table}`))).rows[0]?.n);
    const sizes = {
      entities: await count('entities'),
      duties: await count('inspection_duties'),
      rapid: await count('rapid_tests'),
      samples: await count('samples'),
      certificates: await count('certificates'),
      lots: await count('production_lots'),
      cases: await count('cases'),
    };
    console.log(
      `\n== ${kind}: demo district seeded in ${((t1 - t0) / 1000).toFixed(1)} s, filled ×${args.scale} in ${((t2 - t1) / 1000).toFixed(1)} s`,
    );
    console.log(
      `   ${Object.entries(sizes)
        .map(([k, v]) => `${k} ${v.toLocaleString()}`)
        .join(', ')}`,
    );
    for (const period of ['year', quarter] as const) {
      const times: number[] = [];
      let first: Awaited<ReturnType<typeof assessTowns>> | null = null;
      for (let i = 0; i < Number(args.runs); i++) {
        const s = performance.now();
        const a = await assessTowns(database.db, { districtCode: DISTRICT, year, period }, today);
        times.push(performance.now() - s);
        first ??= a;
      }
      const top = first?.rows
        .slice(0, 3)
        .map((r) => `${r.townName} ${r.total}`)
        .join('，');
      console.log(
        `   assessTowns ${year} ${period}: median ${median(times).toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms over ${times.length} runs (28 towns; top: ${top})`,
      );
    }
  } finally {
    await cleanup();
  }
}

const backends =
  args.backend === 'both' ? (['pglite', 'postgres'] as const) : [args.backend as 'pglite' | 'postgres'];
for (const b of backends) await run(b);

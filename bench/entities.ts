// Directory benchmark: imports N synthetic entities through POST /api/entities/import (real HTTP,
// multipart upload of a generated .xlsx), then times filtered searches through GET /api/entities.
//   npx tsx bench/entities.ts [--backend pglite|postgres|both] [--rows 100000] [--requests 400] [--concurrency 4]
//                             [--explain]   (also prints EXPLAIN ANALYZE of a page and its count for a few kinds)
//                             [--case-letters]   (also searches for a letter such as É alone, in either case)
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { asc, desc, type SQLWrapper, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';

// tsconfig.tools.json (which holds bench/) has no project reference to packages/server, so the
// server is loaded at run time (as e2e/ does), typed here by hand.
type Database = { db: unknown; kind: string; migrate(): Promise<void>; close(): Promise<void> };
const server = new URL('../packages/server/src/', import.meta.url).href;
const load = <T>(path: string) => import(`${server}${path}`) as Promise<T>;
const { buildApp } = await load<{
  buildApp(o: { database: Database; loginRateLimit?: number }): Promise<FastifyInstance>;
}>('app.ts');
const { openDatabase } = await load<{
  openDatabase(o: { url?: string; dataDir?: string }): Promise<Database>;
}>('db/client.ts');
const { createUser } = await load<{
  createUser(db: unknown, actor: { user: null; ip: null }, u: Record<string, string>): Promise<string>;
}>('domains/accounts/service.ts');
const { loadReferenceDivisions } = await load<{ loadReferenceDivisions(db: unknown): Promise<number> }>(
  'domains/regions/reference.ts',
);
const { syntheticEntityXlsx } = await load<{
  syntheticEntityXlsx(
    db: unknown,
    district: string,
    rows: number,
  ): Promise<{ buffer: Buffer; towns: { code: string }[] }>;
}>('domains/entities/synthetic-xlsx.ts');
const { rng } = await load<{ rng(seed: number): Rng }>('demo/random.ts');
type Rng = { int(a: number, b: number): number; pick<T>(xs: readonly T[]): T };
type Query = { toSQL(): { sql: string; params: unknown[] } };
type Client = { query(text: string, params: unknown[]): Promise<{ rows: Record<string, unknown>[] }> };
const repo = await load<{
  queryWhere(scope: unknown, q: unknown): unknown;
  COUNT_CAP: number;
}>('domains/entities/repository.ts');
const { entities } = await load<{ entities: Record<string, unknown> }>('domains/entities/table.ts');
const { entityQuery } = await load<{ entityQuery: { parse(v: unknown): Record<string, unknown> } }>(
  '../../shared/src/entities/schemas.ts',
);
/** EXPLAIN ANALYZE of the page query and the capped count the list runs for `params`. */
async function explain(database: Database, params: Record<string, string>) {
  const db = database.db as {
    select(f?: unknown): {
      from(t: unknown): {
        where(
          w: unknown,
        ): Query & { orderBy(...o: unknown[]): { limit(n: number): { offset(n: number): Query } } };
      };
    };
    $client: Client;
  };
  const q = entityQuery.parse(params) as { page: number; pageSize: number; sort: string };
  const where = repo.queryWhere({ kind: 'district', districtCode: DISTRICT }, q);
  const e = entities as Record<'name' | 'id' | 'updatedAt', SQLWrapper>;
  const order = q.sort === 'name' ? [asc(e.name), asc(e.id)] : [desc(e.updatedAt), asc(e.id)];
  const page = db
    .select()
    .from(entities)
    .where(where)
    .orderBy(...order)
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  const cap = Math.max(repo.COUNT_CAP, q.page * q.pageSize) + 1;
  const inner = db.select({ one: sql`1` }).from(entities).where(where).toSQL();
  const count = { sql: `select count(*) from (${inner.sql} limit ${cap}) capped`, params: inner.params };
  for (const [label, query] of [
    ['page', page.toSQL()],
    ['count', count],
  ] as const) {
    const res = await db.$client.query(`explain (analyze, costs off) ${query.sql}`, query.params);
    console.log(`\n-- ${JSON.stringify(params)} ${label}`);
    for (const row of res.rows) console.log(`   ${Object.values(row)[0]}`);
  }
}

const { values: args } = parseArgs({
  options: {
    backend: { type: 'string', default: 'both' },
    rows: { type: 'string', default: '100000' },
    requests: { type: 'string', default: '400' },
    concurrency: { type: 'string', default: '4' },
    explain: { type: 'boolean', default: false },
    /** Also search for a letter such as É alone, whose keys are asked in both cases. */
    'case-letters': { type: 'boolean', default: false },
  },
});
const ROWS = Number(args.rows);
const REQUESTS = Number(args.requests);
const CONCURRENCY = Number(args.concurrency);
const DISTRICT = '500151';
const PASSWORD = 'Bench-password-1';
const pgServer = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

interface Bench {
  database: Database;
  cleanup: () => Promise<void>;
}

async function openPglite(): Promise<Bench> {
  const dir = mkdtempSync(join(tmpdir(), 'nongan-bench-'));
  const database = await openDatabase({ dataDir: dir });
  return {
    database,
    cleanup: async () => {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function openPostgres(): Promise<Bench> {
  const name = `nongan_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: pgServer });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(pgServer);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString() });
  return {
    database,
    cleanup: async () => {
      await database.close();
      const a = new pg.Client({ connectionString: pgServer });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

/** Migrated database with the reference towns, a district_staff login, and the synthetic file. */
async function prepare(database: Database) {
  await database.migrate();
  await loadReferenceDivisions(database.db);
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
  return syntheticEntityXlsx(database.db, DISTRICT, ROWS);
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;

interface Stat {
  label: string;
  count: number;
  mean: number;
  p50: number;
  p95: number;
  max: number;
}
function stat(label: string, ms: number[]): Stat {
  const s = [...ms].sort((a, b) => a - b);
  return {
    label,
    count: s.length,
    mean: s.reduce((a, b) => a + b, 0) / Math.max(1, s.length),
    p50: percentile(s, 50),
    p95: percentile(s, 95),
    max: s.at(-1) ?? 0,
  };
}

/** The mix of list requests a directory page makes: filters, free text, later pages. */
function searchMix(towns: { code: string }[], villages: string[], r: Rng): { kind: string; path: string }[] {
  const types = ['cooperative', 'family_farm', 'large_grower', 'smallholder', 'enterprise', 'input_store'];
  const industries = ['vegetables', 'fruit', 'grain_oil', 'livestock', 'aquatic'];
  const words = ['绿源', '丰禾', '青山', '王', '李建国', '合作社', '138', '9250015'];
  const kinds: (() => { kind: string; path: string })[] = [
    () => ({ kind: 'all (page 1)', path: '' }),
    () => ({ kind: 'town', path: `townCode=${r.pick(towns).code}` }),
    () => ({ kind: 'town+type', path: `townCode=${r.pick(towns).code}&type=${r.pick(types)}` }),
    () => ({ kind: 'industry', path: `industry=${r.pick(industries)}&sort=name` }),
    () => ({
      kind: 'town+industry p2-5',
      path: `townCode=${r.pick(towns).code}&industry=${r.pick(industries)}&page=${r.int(2, 5)}`,
    }),
    () => ({ kind: 'q (text)', path: `q=${encodeURIComponent(r.pick(words))}` }),
    () => ({
      kind: 'q (2 Chinese chars)',
      path: `q=${encodeURIComponent(r.pick(['绿源', '丰禾', '青山', '建国']))}`,
    }),
    () => ({ kind: 'town+q', path: `townCode=${r.pick(towns).code}&q=${encodeURIComponent(r.pick(words))}` }),
    () => ({ kind: 'risk+trial p10', path: `riskGrade=high&certificateTrial=true&page=10` }),
    // Both changed by migration 0048 (and added to the mix then): a village is read through its
    // town's index, and every entity, registered or not, through the list index by time alone.
    () => ({ kind: 'village', path: `villageCode=${r.pick(villages)}` }),
    () => ({ kind: 'all, with deregistered', path: 'active=all' }),
  ];
  // A letter beyond ASCII with another case, alone: the keys of both cases are asked (search-keys.ts).
  if (args['case-letters'])
    kinds.push(() => ({
      kind: 'q (É alone, either case)',
      path: `q=${encodeURIComponent(r.pick(['É', 'Ｑ', 'ж']))}`,
    }));
  return Array.from({ length: REQUESTS }, (_, i) =>
    (kinds[i % kinds.length] as () => { kind: string; path: string })(),
  );
}

async function run(backend: 'pglite' | 'postgres') {
  const bench = backend === 'pglite' ? await openPglite() : await openPostgres();
  const figures: Record<string, string | number> = { backend };
  const stats: Stat[] = [];
  try {
    const t0 = performance.now();
    const { buffer: file, towns } = await prepare(bench.database);
    figures.xlsxMB = +(file.length / 1024 / 1024).toFixed(1);
    figures.generateS = +((performance.now() - t0) / 1000).toFixed(1);

    const app = await buildApp({ database: bench.database, loginRateLimit: 1000 });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/api`;
    try {
      const login = await fetch(`${base}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'bench', password: PASSWORD }),
      });
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      const upload = async () => {
        const form = new FormData();
        form.append('file', new Blob([new Uint8Array(file)]), 'bench.xlsx');
        const start = performance.now();
        const res = await fetch(`${base}/entities/import?mode=lenient`, {
          method: 'POST',
          headers: { cookie },
          body: form,
        });
        const body = (await res.json()) as Record<string, unknown>;
        if (res.status !== 200 || !body.committed)
          throw new Error(`import failed: ${res.status} ${JSON.stringify(body).slice(0, 500)}`);
        return { seconds: (performance.now() - start) / 1000, body };
      };
      const first = await upload();
      figures.importS = +first.seconds.toFixed(1);
      figures.importRowsPerS = Math.round(ROWS / first.seconds);
      // The search statistics' refresh runs after the answer (platform/upkeep.ts): timed apart, and
      // finished before anything else is measured.
      const u0 = performance.now();
      await (app as unknown as { upkeep: { drain(): Promise<void> } }).upkeep.drain();
      figures.refreshAfterS = +((performance.now() - u0) / 1000).toFixed(1);
      figures.created = first.body.created as number;
      // The demo generator repeats a few ID cards at this size; the import reports them as row errors.
      figures.failedRows = first.body.failed as number;
      const again = await upload();
      figures.reimportS = +again.seconds.toFixed(1);
      figures.reimportRowsPerS = Math.round(ROWS / again.seconds);
      figures.unchanged = again.body.unchanged as number;

      // Warm-up, then the measured mix with a few requests in flight.
      const villages = (
        (await (bench.database.db as { execute(q: unknown): Promise<unknown> }).execute(
          sql`select code from divisions where district_code = ${DISTRICT} and level = 'village' order by code`,
        )) as { rows: { code: string }[] }
      ).rows.map((v) => v.code);
      const mix = searchMix(towns, villages, rng(7));
      for (const m of mix.slice(0, 16)) await fetch(`${base}/entities?${m.path}`, { headers: { cookie } });
      const times = new Map<string, number[]>();
      let next = 0;
      const worker = async () => {
        while (next < mix.length) {
          const m = mix[next++] as { kind: string; path: string };
          const start = performance.now();
          const res = await fetch(`${base}/entities?${m.path}`, { headers: { cookie } });
          await res.arrayBuffer();
          if (res.status !== 200) throw new Error(`search ${m.path}: ${res.status}`);
          const ms = performance.now() - start;
          times.set(m.kind, [...(times.get(m.kind) ?? []), ms]);
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      for (const [kind, ms] of times) stats.push(stat(kind, ms));
      stats.push(stat('ALL searches', [...times.values()].flat()));

      if (args.explain)
        for (const p of [
          {} as Record<string, string>,
          { q: '绿源' },
          { q: '王' },
          { q: '9250015' },
          { industry: 'fruit', sort: 'name' },
          { riskGrade: 'high', certificateTrial: 'true', page: '10' },
          { villageCode: villages[villages.length >> 1] ?? '' },
          { active: 'all' },
          { active: 'false' },
        ])
          await explain(bench.database, p);

      const ex = performance.now();
      const exp = await fetch(`${base}/entities/export?townCode=${towns[5]?.code}`, { headers: { cookie } });
      const expBytes = (await exp.arrayBuffer()).byteLength;
      figures.exportTownS = +((performance.now() - ex) / 1000).toFixed(2);
      figures.exportTownKB = Math.round(expBytes / 1024);
    } finally {
      await app.close();
    }
  } finally {
    await bench.cleanup();
  }
  return { figures, stats };
}

const backends =
  args.backend === 'both' ? (['pglite', 'postgres'] as const) : [args.backend as 'pglite' | 'postgres'];
console.log(`rows=${ROWS} requests=${REQUESTS} concurrency=${CONCURRENCY}`);
for (const b of backends) {
  const { figures, stats } = await run(b);
  console.log(`\n== ${b} ==`);
  console.table(figures);
  console.table(
    stats.map((s) => ({
      search: s.label,
      count: s.count,
      'mean ms': +s.mean.toFixed(1),
      'p50 ms': +s.p50.toFixed(1),
      'p95 ms': +s.p95.toFixed(1),
      'max ms': +s.max.toFixed(1),
    })),
  );
}

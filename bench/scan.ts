// Public scan benchmark: lookups per second and p50/p99 latency of the public trace-code scan over
// HTTP (autocannon) against PostgreSQL holding 10 million certificates, beside a bare Fastify route
// and a bare primary-key lookup measured in the same run, printed as ratios.
//   npx tsx bench/scan.ts [--certificates 10000000] [--duration 30] [--connections 50] [--rebuild]
// The database (nongan_bench_scan on DATABASE_URL's server) is kept between runs; see bench/README.md.
import { type ChildProcess, fork } from 'node:child_process';
import { createPrivateKey, createPublicKey, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildApp } from '@nongan/server/app';
import { openDatabase } from '@nongan/server/db/client';
import { type KeyRing, memoryKeyRing } from '@nongan/server/domains/certificates/keys';
import { newTraceId, signTraceCode, verifyTraceCode } from '@nongan/server/domains/certificates/trace-code';
import { loadReferenceDivisions } from '@nongan/server/domains/regions/reference';
import { reference } from '@nongan/server/domains/standards/reference';
import Fastify from 'fastify';
import pg from 'pg';

/** The part of autocannon's programmatic API used here (the package ships no types). */
interface AutocannonResult {
  requests: { average: number };
  latency: { p50: number; p99: number };
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
  statusCodeStats: Record<string, { count: number }>;
}
interface AutocannonRequest {
  method?: string;
  path?: string;
  setupRequest?: (req: AutocannonRequest) => AutocannonRequest;
}
interface AutocannonInstance {
  on(event: 'response', fn: (client: unknown, status: number, bytes: number, ms: number) => void): void;
}
type Autocannon = (
  opts: {
    url: string;
    connections: number;
    /** Seconds; or `amount`, a number of requests (autocannon then ignores the duration). */
    duration?: number;
    amount?: number;
    requests: AutocannonRequest[];
    timeout?: number;
    setupClient?: (client: { parser: Record<number, (info: unknown) => unknown> }) => void;
  },
  done: (err: Error | null, result: AutocannonResult) => void,
) => AutocannonInstance;
const requireHere = createRequire(import.meta.url);
const autocannon = requireHere('autocannon') as Autocannon;
/** autocannon's HTTP parser waits for a HEAD response's body (Content-Length); told to skip it here. */
const { kOnHeadersComplete } = createRequire(requireHere.resolve('autocannon'))('http-parser-js')
  .HTTPParser as {
  kOnHeadersComplete: number;
};
const headClient: NonNullable<Parameters<Autocannon>[0]['setupClient']> = (client) =>
  // Called inside the client's constructor, before it installs its own parser callbacks.
  queueMicrotask(() => {
    const onHeaders = client.parser[kOnHeadersComplete] as (info: unknown) => unknown;
    client.parser[kOnHeadersComplete] = (info) => {
      onHeaders(info);
      return 1;
    };
  });

const { values: args } = parseArgs({
  options: {
    certificates: { type: 'string', default: '10000000' },
    signed: { type: 'string', default: '10000' },
    entities: { type: 'string', default: '3000' },
    duration: { type: 'string', default: '30' },
    warmup: { type: 'string', default: '5' },
    connections: { type: 'string', default: '50' },
    forged: { type: 'string', default: '0.05' },
    chunk: { type: 'string', default: '1000000' },
    database: { type: 'string', default: 'nongan_bench_scan' },
    rebuild: { type: 'boolean', default: false },
    serve: { type: 'boolean', default: false },
    profile: { type: 'string' },
    /** Print each timed run's requests and p99 second by second, to place a slow stretch in time. */
    timeline: { type: 'boolean', default: false },
    /** The timed seconds of each target are run in this many slices, the targets taking turns. */
    rounds: { type: 'string', default: '4' },
    only: { type: 'string', default: 'bare,pk,json,page,head' },
    'pg-options': { type: 'string' },
    /** postgres (the server at DATABASE_URL) or pglite (the embedded database, in --dir). */
    backend: { type: 'string', default: 'postgres' },
    dir: { type: 'string', default: join(tmpdir(), 'nongan-bench-scan-pglite') },
  },
});
const pglite = args.backend === 'pglite';
if (!pglite && args.backend !== 'postgres')
  throw new Error(`--backend: postgres or pglite, not ${args.backend}`);

/** What the bench asks of a connection: pg's Client and PGlite both answer query(text, values) with rows. */
interface Q {
  // biome-ignore lint/suspicious/noExplicitAny: rows of ad-hoc SQL, typed where they are read
  query(text: string, values?: unknown[]): Promise<{ rows: any[] }>;
}
/** The bench database opened by drizzle (PGlite: the data directory; only one process may hold it). */
const openBenchDatabase = (url = dbUrl) => openDatabase(pglite ? { dataDir: args.dir } : { url });
/** The driver under drizzle: pg's Pool or the PGlite instance. */
const clientOf = (database: Awaited<ReturnType<typeof openDatabase>>) =>
  (database.db as unknown as { $client: Q }).$client;

const DISTRICT = '500151';
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const pgServer = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
if (!/^[a-z_][a-z0-9_]*$/.test(args.database))
  throw new Error(`--database: not a plain name: ${args.database}`);
const dbUrl = (() => {
  const u = new URL(pgServer);
  u.pathname = `/${args.database}`;
  return u.toString();
})();
const PK_SQL = `select id, cert_no, product_name, quantity, unit, issue_date, status
  from certificates where district_code = $1 and id = $2`;

// --- the server process: the app and the bare baselines, sharing one database pool -----------------

async function serve() {
  // --pg-options: settings for the server's connections, e.g. "-c synchronous_commit=off".
  const url = new URL(dbUrl);
  if (args['pg-options']) url.searchParams.set('options', args['pg-options']);
  const database = await openBenchDatabase(url.toString());
  const pem = process.env.BENCH_SCAN_KEY as string;
  const activeId = process.env.BENCH_SCAN_KEY_ID as string;
  const keyRing: KeyRing = {
    activeId,
    sign: createPrivateKey(pem),
    signers: new Map([[activeId, createPrivateKey(pem)]]),
    publicKeys: new Map([[activeId, createPublicKey(pem)]]),
  };
  const app = await buildApp({ database, keyRing, scanRateLimit: 1e9, logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });

  // The baselines: a bare Fastify (no plugins, no hooks) with a constant route and a primary-key
  // lookup through the app's own pg pool (drizzle's client), no ORM.
  const pool = clientOf(database);
  const bare = Fastify({ logger: false });
  bare.get('/bare', async () => ({ ok: true, service: 'nongan', version: 1 }));
  bare.get<{ Params: { id: string } }>('/pk/:id', async (request, reply) => {
    const { rows } = await pool.query(PK_SQL, [DISTRICT, request.params.id]);
    if (!rows[0]) return reply.code(404).send({ statusCode: 404 });
    return rows[0];
  });
  await bare.listen({ host: '127.0.0.1', port: 0 });

  const port = (s: typeof app.server) => (s.address() as { port: number }).port;
  process.send?.({ app: port(app.server), bare: port(bare.server) });
  process.on('message', async (m) => {
    if (m !== 'stop') return;
    await app.close();
    await bare.close();
    await database.close();
    process.exit(0);
  });
}

// --- the data: 10 million certificates in SQL, ~10,000 properly signed ones from Node ---------------

/** SQL for a 20-character Crockford id from 100 bits of an md5 (`x.a`: 60 bits, `x.b`: 40 bits). */
const traceIdSql = [
  ...Array.from({ length: 12 }, (_, k) => ['x.a', 55 - 5 * k] as const),
  ...Array.from({ length: 8 }, (_, k) => ['x.b', 35 - 5 * k] as const),
]
  .map(([v, s]) => `substr('${CROCKFORD}', 1 + ((${v} >> ${s}) & 31)::int, 1)`)
  .join(' || ');

const BULK_SQL = `
  with e as materialized (
    select (row_number() over (order by id))::int - 1 as n, id, town_code, name
    from entities where district_code = $1
  ), ne as (select count(*)::int as c from e)
  insert into certificates (id, district_code, cert_no, trace_id, trace_code, style, source, entity_id,
    town_code, product_code, product_name, quantity, unit, origin, promiser, contact, issue_date, bases,
    label_count, retain_until, synthetic)
  select gen_random_uuid(), $1, 'BULK' || $1 || '-' || lpad(g::text, 9, '0'), t.id, 'bulk.' || t.id,
    'producer', 'issued', e.id, e.town_code,
    ($2::text[])[1 + g % cardinality($2::text[])], ($3::text[])[1 + g % cardinality($3::text[])],
    1 + (g * 7) % 500, 'kg', '重庆市铜梁区', e.name, '13800000000', d.issue, array['quality_control'],
    1, (d.issue + interval '2 years')::date, true
  from generate_series($4::bigint, $5::bigint) g
  cross join ne
  join e on e.n = g % ne.c
  cross join lateral (select md5(random()::text || g::text) as h) h
  cross join lateral (select ('x' || substr(h.h, 1, 15))::bit(60)::bigint as a,
                             ('x' || substr(h.h, 16, 10))::bit(40)::bigint as b) x
  cross join lateral (select ${traceIdSql} as id) t
  cross join lateral (select date '2024-01-01' + (g % 700)::int as issue) d`;

const ENTITY_SQL = `
  insert into entities (id, district_code, town_code, name, type, legal_rep, phone, address, industries,
    main_products, certificate_trial, synthetic)
  select gen_random_uuid(), $1, ($2::text[])[1 + g % cardinality($2::text[])],
    '基准' || (array['蔬菜','水果','粮油','畜禽','水产'])[1 + g % 5] || '主体' || g,
    (array['cooperative','family_farm','large_grower','enterprise','smallholder'])[1 + g % 5],
    '基准', '13800000000', '重庆市铜梁区基准地址' || g, array['vegetables'], array['白菜'], true, true
  from generate_series($3::int, $4::int) g`;

const SIGNED_PREFIX = `SCAN${DISTRICT}-`;

/**
 * A bulk load into the certificates table with its seven indexes in place runs at under 10,000
 * rows/s here (random trace ids and uuids scatter the index writes), so a large load drops the
 * indexes first and builds them again afterwards. Their definitions are kept in a table of the
 * bench database until each is rebuilt, so an interrupted run restores them at its next start.
 */
const PENDING = 'bench_scan_dropped_indexes';

async function dropCertificateIndexes(c: Q) {
  await c.query('begin');
  await c.query(`create table if not exists ${PENDING} (seq serial primary key, name text, ddl text)`);
  const rows = (
    await c.query(`
      select i.relname as name,
        case when con.oid is not null
          then format('alter table certificates add constraint %I %s', con.conname, pg_get_constraintdef(con.oid))
          else pg_get_indexdef(i.oid) end as ddl,
        case when con.oid is not null
          then format('alter table certificates drop constraint %I', con.conname)
          else format('drop index %I', i.relname) end as drop
      from pg_index x join pg_class i on i.oid = x.indexrelid
      left join pg_constraint con on con.conindid = x.indexrelid and con.conrelid = x.indrelid
      where x.indrelid = 'certificates'::regclass
      order by x.indisprimary desc, i.relname`)
  ).rows as { name: string; ddl: string; drop: string }[];
  for (const r of rows) {
    await c.query(`insert into ${PENDING} (name, ddl) values ($1, $2)`, [r.name, r.ddl]);
    await c.query(r.drop);
  }
  await c.query('commit');
  console.log(
    `dropped ${rows.length} indexes of certificates for the load: ${rows.map((r) => r.name).join(', ')}`,
  );
}

/** Builds the indexes a load dropped, if any; returns the seconds. */
async function restoreCertificateIndexes(c: Q): Promise<number> {
  const { t } = await one<{ t: string | null }>(c, `select to_regclass('${PENDING}')::text as t`);
  if (!t) return 0;
  const rows = (await c.query(`select seq, name, ddl from ${PENDING} order by seq`)).rows as {
    seq: number;
    name: string;
    ddl: string;
  }[];
  const t0 = performance.now();
  await c.query(`set maintenance_work_mem = '${pglite ? '256MB' : '1GB'}'`);
  for (const r of rows) {
    const ti = performance.now();
    await c.query('begin');
    await c.query(r.ddl);
    await c.query(`delete from ${PENDING} where seq = $1`, [r.seq]);
    await c.query('commit');
    console.log(`  index ${r.name}: ${secs(ti).toFixed(1)} s`);
  }
  await c.query(`drop table ${PENDING}`);
  return secs(t0);
}

const one = async <T>(c: Q, text: string, values: unknown[] = []) =>
  (await c.query(text, values)).rows[0] as T;
const secs = (t0: number) => (performance.now() - t0) / 1000;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/** Leaf products of the catalogue, e.g. 普通白菜, 猪肉. */
const leaves = (() => {
  const parents = new Set([...reference.products.values()].map((p) => p.parent));
  return [...reference.products.values()].filter((p) => !parents.has(p.code));
})();

async function prepare(ring: KeyRing, bulkTarget: number, signedTarget: number, entityTarget: number) {
  let c: Q;
  let close: () => Promise<void>;
  if (pglite) {
    if (args.rebuild) {
      console.log(`--rebuild: deleting ${args.dir}`);
      rmSync(args.dir, { recursive: true, force: true });
    }
    const database = await openBenchDatabase();
    await database.migrate();
    await loadReferenceDivisions(database.db);
    c = clientOf(database);
    close = () => database.close();
  } else {
    const admin = new pg.Client({ connectionString: pgServer });
    await admin.connect();
    if (args.rebuild) {
      console.log(`--rebuild: dropping ${args.database}`);
      await admin.query(`drop database if exists ${args.database} with (force)`);
    }
    const exists = await admin.query('select 1 from pg_database where datname = $1', [args.database]);
    if (!exists.rowCount) await admin.query(`create database ${args.database}`);
    await admin.end();

    const database = await openDatabase({ url: dbUrl });
    await database.migrate();
    await loadReferenceDivisions(database.db);
    await database.close();

    const client = new pg.Client({ connectionString: dbUrl });
    await client.connect();
    c = client;
    close = () => client.end();
  }
  const load: Record<string, string | number> = {};
  try {
    const towns = (
      await c.query(`select code from divisions where level = 'town' and district_code = $1 order by code`, [
        DISTRICT,
      ])
    ).rows.map((r) => r.code as string);

    const { n: entityCount } = await one<{ n: number }>(
      c,
      'select count(*)::int as n from entities where district_code = $1',
      [DISTRICT],
    );
    if (entityCount < entityTarget) {
      await c.query(ENTITY_SQL, [DISTRICT, towns, entityCount + 1, entityTarget]);
      console.log(`entities: ${fmt(entityTarget - entityCount)} added over ${towns.length} towns`);
    }

    const { total } = await one<{ total: number }>(c, 'select count(*)::int as total from certificates');
    const { signed } = await one<{ signed: number }>(
      c,
      'select count(*)::int as signed from certificates where district_code = $1 and cert_no like $2',
      [DISTRICT, `${SIGNED_PREFIX}%`],
    );
    const bulk = total - signed;
    console.log(`certificates present: ${fmt(total)} (${fmt(bulk)} bulk, ${fmt(signed)} signed)`);
    if (bulk > bulkTarget)
      throw new Error(
        `${args.database} already holds ${fmt(bulk)} bulk certificates (> --certificates ${fmt(bulkTarget)}): ` +
          'pass --rebuild, or another --database',
      );
    let inserted = 0;
    const { dropped } = await one<{ dropped: boolean }>(
      c,
      `select to_regclass('${PENDING}') is not null as dropped`,
    );
    if (bulk < bulkTarget) {
      // Chunks are whole statements, so an interrupted load resumes where it stopped.
      const step = Number(args.chunk);
      const t0 = performance.now();
      if (dropped) console.log('indexes still dropped by an interrupted load: resuming the load');
      else if (bulkTarget - bulk >= 100_000) await dropCertificateIndexes(c);
      await c.query(`set work_mem = '256MB'`);
      for (let a = bulk; a < bulkTarget; a += step) {
        const b = Math.min(bulkTarget, a + step);
        const tc = performance.now();
        await c.query(BULK_SQL, [DISTRICT, leaves.map((p) => p.code), leaves.map((p) => p.name), a + 1, b]);
        const s = secs(t0);
        console.log(
          `  bulk ${fmt(b)} / ${fmt(bulkTarget)}: chunk ${secs(tc).toFixed(1)} s, ` +
            `${fmt((b - bulk) / s)} rows/s so far (${s.toFixed(0)} s)`,
        );
      }
      const insertS = secs(t0);
      const indexS = await restoreCertificateIndexes(c);
      load.bulkRows = bulkTarget - bulk;
      load.insertSeconds = +insertS.toFixed(1);
      load.insertRowsPerSecond = Math.round((bulkTarget - bulk) / insertS);
      load.indexBuildSeconds = +indexS.toFixed(1);
      load.loadSeconds = +secs(t0).toFixed(1);
      load.loadRowsPerSecond = Math.round((bulkTarget - bulk) / secs(t0));
      inserted += bulkTarget - bulk;
    } else if (dropped) {
      console.log('rebuilding the indexes an interrupted run left dropped');
      await restoreCertificateIndexes(c);
    }

    if (signed < signedTarget) {
      const t0 = performance.now();
      const ents = (
        await c.query('select id, town_code, name from entities where district_code = $1 order by id', [
          DISTRICT,
        ])
      ).rows as { id: string; town_code: string; name: string }[];
      const today = new Date();
      const day = (back: number) => new Date(today.getTime() - back * 86_400_000).toISOString().slice(0, 10);
      for (let a = signed; a < signedTarget; a += 2000) {
        const rows = [];
        for (let i = a; i < Math.min(signedTarget, a + 2000); i++) {
          const e = ents[i % ents.length] as (typeof ents)[number];
          const p = leaves[(i * 13) % leaves.length] as (typeof leaves)[number];
          const traceId = newTraceId();
          rows.push({
            id: randomUUID(),
            cert_no: `${SIGNED_PREFIX}${String(i + 1).padStart(6, '0')}`,
            trace_id: traceId,
            trace_code: signTraceCode(ring, traceId),
            entity_id: e.id,
            town_code: e.town_code,
            product_code: p.code,
            product_name: p.name,
            quantity: 50 + (i % 400),
            issue_date: day(i % 30),
            promiser: e.name,
            ref_no: `WT-${String(i + 1).padStart(6, '0')}`,
            tested_on: day((i % 30) + 1),
          });
        }
        await c.query('begin');
        await c.query(
          `insert into certificates (id, district_code, cert_no, trace_id, trace_code, style, source, entity_id,
             town_code, product_code, product_name, quantity, unit, origin, promiser, contact, issue_date, bases,
             label_count, retain_until)
           select r.id, $1, r.cert_no, r.trace_id, r.trace_code, 'producer', 'issued', r.entity_id, r.town_code,
             r.product_code, r.product_name, r.quantity, 'kg', '重庆市铜梁区', r.promiser, '13800000000',
             r.issue_date, array['entrusted_test'], 20, (r.issue_date + interval '2 years')::date
           from jsonb_to_recordset($2::jsonb) as r(id uuid, cert_no text, trace_id text, trace_code text,
             entity_id uuid, town_code text, product_code text, product_name text, quantity float8,
             issue_date date, promiser text)`,
          [DISTRICT, JSON.stringify(rows)],
        );
        await c.query(
          `insert into certificate_tests (district_code, certificate_id, seq, kind, ref_no, items, result,
             tested_on, lab)
           select $1, r.id, 1, 'report', r.ref_no, array['毒死蜱','克百威','氧乐果'], 'pass', r.tested_on,
             '铜梁区农产品质量安全检测中心'
           from jsonb_to_recordset($2::jsonb) as r(id uuid, ref_no text, tested_on date)`,
          [DISTRICT, JSON.stringify(rows)],
        );
        await c.query('commit');
      }
      console.log(`signed certificates: ${fmt(signedTarget - signed)} added in ${secs(t0).toFixed(1)} s`);
      inserted += signedTarget - signed;
    }

    if (inserted > 0) {
      const t0 = performance.now();
      await c.query('vacuum analyze certificates');
      await c.query('vacuum analyze entities');
      await c.query('vacuum analyze certificate_tests');
      load.vacuumAnalyzeSeconds = +secs(t0).toFixed(1);
      if (load.loadSeconds)
        load.allInRowsPerSecond = Math.round(Number(load.bulkRows) / (Number(load.loadSeconds) + secs(t0)));
    }

    // This run's key ring is new (it lives in memory), so the signed certificates are signed again
    // with it: the trace ids stay, the codes change.
    const t1 = performance.now();
    const mine = (
      await c.query(
        'select id, trace_id, trace_code from certificates where district_code = $1 and cert_no like $2',
        [DISTRICT, `${SIGNED_PREFIX}%`],
      )
    ).rows as { id: string; trace_id: string; trace_code: string }[];
    const stale = mine.filter((r) => !verifyTraceCode(ring, r.trace_code).ok);
    for (const r of stale) r.trace_code = signTraceCode(ring, r.trace_id);
    for (let a = 0; a < stale.length; a += 2000) {
      await c.query(
        `update certificates c set trace_code = r.code
         from jsonb_to_recordset($2::jsonb) as r(id uuid, code text)
         where c.district_code = $1 and c.id = r.id`,
        [DISTRICT, JSON.stringify(stale.slice(a, a + 2000).map((r) => ({ id: r.id, code: r.trace_code })))],
      );
    }
    if (stale.length)
      console.log(`re-signed ${fmt(stale.length)} codes with this run's key (${secs(t1).toFixed(1)} s)`);

    // Each scan appends to certificate_scans and reads the earlier scans of the same certificate:
    // start every run from an empty log so runs compare.
    await c.query('truncate certificate_scans, certificate_scan_tallies');

    const { n: count } = await one<{ n: number }>(c, 'select count(*)::int as n from certificates');
    const size = await one<{ table: string; indexes: string }>(
      c,
      `select pg_size_pretty(pg_table_size('certificates')) as table,
              pg_size_pretty(pg_indexes_size('certificates')) as indexes`,
    );
    // What the scan's main read costs on its own (the query findByCode builds).
    const sample = mine[Math.floor(mine.length / 2)] as (typeof mine)[number];
    const plan = (
      await c.query(
        `explain (analyze, buffers, costs off)
         select c.id, c.trace_code, e.name from certificates c
         left join entities e on e.district_code = c.district_code and e.id = c.entity_id
         where c.trace_id = $1`,
        [sample.trace_id],
      )
    ).rows.map((r) => r['QUERY PLAN'] as string);
    return { count, size, load, plan, signedRows: mine, entities: entityTarget, towns: towns.length };
  } finally {
    await close();
  }
}

// --- measuring --------------------------------------------------------------------------------------

/** CPU seconds used so far by a process (/proc; Linux only, 0 elsewhere). */
function cpuSeconds(pid: number): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return 0;
  }
}
/** CPU seconds of every process named postgres (the server's backends; includes other databases'). */
function postgresCpuSeconds(): number {
  let sum = 0;
  try {
    for (const d of readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue;
      try {
        if (readFileSync(`/proc/${d}/comm`, 'utf8').trim() === 'postgres') sum += cpuSeconds(Number(d));
      } catch {}
    }
  } catch {}
  return sum;
}

/** Busy CPU seconds of the whole machine (all cores; /proc/stat), to show other load on it. */
function machineCpuSeconds(): number {
  try {
    const f = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '')
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    const idle = (f[3] ?? 0) + (f[4] ?? 0);
    return (f.reduce((a, b) => a + b, 0) - idle) / 100;
  } catch {
    return 0;
  }
}

const pct = (sorted: number[], p: number) =>
  sorted.length
    ? (sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number)
    : 0;

type Key = 'bare' | 'pk' | 'json' | 'page' | 'head' | 'cold';
interface Measured {
  target: string;
  reqPerS: number;
  p50: number;
  p99: number;
  ok: number;
  other: number;
  errors: number;
  okPerS: number;
  okP50: number;
  okP99: number;
  failP50: number;
  failP99: number;
  cpu: { server: number; postgres: number; client: number; other: number };
}

/** One timed stretch of load on one target: every latency, the wall time and the CPU each process used. */
interface Slice {
  target: string;
  ok: number[];
  fail: number[];
  wall: number;
  errors: number;
  cpu: { server: number; postgres: number; client: number; machine: number };
  /** With --timeline: the latencies of each second of the slice. */
  perSecond: number[][];
}

function run(
  target: string,
  url: string,
  paths: string[],
  seconds: number,
  connections: number,
  serverPid: number,
  method = 'GET',
  amount?: number,
): Promise<Slice> {
  let i = 0;
  const next = () => paths[i++ % paths.length] as string;
  const ok: number[] = [];
  const fail: number[] = [];
  const started = performance.now();
  const perSecond: number[][] = [];
  const c0 = {
    server: cpuSeconds(serverPid),
    postgres: postgresCpuSeconds(),
    client: process.cpuUsage(),
    machine: machineCpuSeconds(),
  };
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections,
        // amount: that many requests, whatever the time (one pass over the codes).
        ...(amount ? { amount } : { duration: seconds }),
        timeout: 30,
        ...(method === 'HEAD' ? { setupClient: headClient } : {}),
        requests: [
          {
            method,
            setupRequest: (req) => {
              req.path = next();
              return req;
            },
          },
        ],
      },
      (err, r) => {
        if (err) return reject(err);
        const client = process.cpuUsage(c0.client);
        resolve({
          target,
          ok,
          fail,
          wall: r.duration,
          errors: r.errors + r.timeouts,
          cpu: {
            server: cpuSeconds(serverPid) - c0.server,
            postgres: postgresCpuSeconds() - c0.postgres,
            client: (client.user + client.system) / 1e6,
            machine: machineCpuSeconds() - c0.machine,
          },
          perSecond,
        });
      },
    );
    instance.on('response', (_c, status, _b, ms) => {
      (status >= 200 && status < 300 ? ok : fail).push(ms);
      if (args.timeline) {
        const s = Math.floor((performance.now() - started) / 1000);
        const bucket = perSecond[s] ?? [];
        perSecond[s] = bucket;
        bucket.push(ms);
      }
    });
  });
}

/** The figures of one target over all its slices: latencies pooled, rates over their summed wall time. */
function measured(slices: Slice[]): Measured {
  const sum = (f: (s: Slice) => number) => slices.reduce((a, s) => a + f(s), 0);
  const wall = sum((s) => s.wall);
  const ok = slices.flatMap((s) => s.ok).sort((a, b) => a - b);
  const fail = slices.flatMap((s) => s.fail).sort((a, b) => a - b);
  const all = [...ok, ...fail].sort((a, b) => a - b);
  const used = {
    server: sum((s) => s.cpu.server) / wall,
    postgres: sum((s) => s.cpu.postgres) / wall,
    client: sum((s) => s.cpu.client) / wall,
  };
  const machine = sum((s) => s.cpu.machine) / wall;
  return {
    target: slices[0]?.target ?? '',
    reqPerS: all.length / wall,
    p50: pct(all, 50),
    p99: pct(all, 99),
    ok: ok.length,
    other: fail.length,
    errors: sum((s) => s.errors),
    okPerS: ok.length / wall,
    okP50: pct(ok, 50),
    okP99: pct(ok, 99),
    failP50: pct(fail, 50),
    failP99: pct(fail, 99),
    cpu: { ...used, other: Math.max(0, machine - used.server - used.postgres - used.client) },
  };
}

/** One line per second of a run: requests answered in it, their p50 and p99, and the slowest. */
function printTimeline(target: string, perSecond: number[][]) {
  const line = perSecond.map((ms, s) => {
    const sorted = [...(ms ?? [])].sort((a, b) => a - b);
    return `${s}s ${sorted.length} p50 ${pct(sorted, 50).toFixed(1)} p99 ${pct(sorted, 99).toFixed(1)} max ${(sorted.at(-1) ?? 0).toFixed(0)}`;
  });
  console.log(`  timeline, ${target}:\n    ${line.join('\n    ')}`);
}

function shuffled<T>(xs: T[]): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [a[i], a[j]] = [a[j] as T, a[i] as T];
  }
  return a;
}

/** Forged codes: a genuine code with its signature altered, or a code signed by a key not on the ring. */
function forgedCodes(genuine: string[], n: number): string[] {
  const other = memoryKeyRing();
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  return Array.from({ length: n }, (_, i) => {
    if (i % 2) return signTraceCode(other, newTraceId());
    const code = genuine[i % genuine.length] as string;
    const at = code.length - 10;
    const ch = code[at] as string;
    const swap = alphabet[(alphabet.indexOf(ch) + 1) % alphabet.length] as string;
    return code.slice(0, at) + swap + code.slice(at + 1);
  });
}

async function main() {
  const bulkTarget = Number(args.certificates);
  const signedTarget = Number(args.signed);
  const seconds = Number(args.duration);
  const rounds = Number(args.rounds);
  if (!(Number.isInteger(rounds) && rounds >= 1))
    throw new Error(`--rounds: a whole number ≥ 1, not ${args.rounds}`);
  const warmup = Number(args.warmup);
  const connections = Number(args.connections);
  const forgedShare = Number(args.forged);
  const ring = memoryKeyRing();

  console.log(
    `public scan bench: ${fmt(bulkTarget)} bulk + ${fmt(signedTarget)} signed certificates in ` +
      `${pglite ? `PGlite ${args.dir}` : args.database}; ` +
      `${connections} connections, ${warmup} s warm-up + ${seconds} s per target`,
  );
  const t0 = performance.now();
  const prep = await prepare(ring, bulkTarget, signedTarget, Number(args.entities));
  console.log(`prepared in ${secs(t0).toFixed(0)} s`);

  const genuine = shuffled(prep.signedRows.map((r) => r.trace_code));
  const ids = shuffled(prep.signedRows.map((r) => r.id));
  // The scans: every signed code in random order, with a share of forged codes mixed in at random.
  const forged = forgedCodes(genuine, Math.round((genuine.length * forgedShare) / (1 - forgedShare)));
  const codes = shuffled([...genuine, ...forged]);

  const serveArgs = ['--serve', '--database', args.database, '--backend', args.backend, '--dir', args.dir];
  if (args['pg-options']) serveArgs.push(`--pg-options=${args['pg-options']}`);
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), serveArgs, {
    // --profile DIR: a V8 CPU profile of the server process (open in Chrome DevTools).
    execArgv: args.profile
      ? [...process.execArgv, '--cpu-prof', `--cpu-prof-dir=${args.profile}`]
      : process.execArgv,
    env: {
      ...process.env,
      BENCH_SCAN_KEY: ring.sign.export({ type: 'pkcs8', format: 'pem' }).toString(),
      BENCH_SCAN_KEY_ID: ring.activeId,
    },
  });
  const ports = await new Promise<{ app: number; bare: number }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { app: number; bare: number }));
    child.once('exit', (code) => reject(new Error(`server process exited (${code})`)));
  });
  const pid = child.pid as number;
  const app = `http://127.0.0.1:${ports.app}`;
  const bare = `http://127.0.0.1:${ports.bare}`;
  const targets: [Key, string, string, string[]][] = [
    ['bare', 'bare Fastify route', bare, ['/bare']],
    ['pk', 'bare PK lookup', bare, ids.map((id) => `/pk/${id}`)],
    // HEAD answers only whether the code is registered (signature, one trace-id probe): no page
    // reads, no body, no scan record.
    ['head', 'scan JSON, HEAD (no scan record)', app, codes.map((c) => `/api/public/trace/${c}`)],
    ['json', 'scan JSON /api/public/trace', app, codes.map((c) => `/api/public/trace/${c}`)],
    ['page', 'scan page /t', app, codes.map((c) => `/t/${c}`)],
  ];
  const only = new Set(args.only.split(','));
  const results = new Map<Key, Measured>();
  try {
    // A quick check that each target answers as expected before load is put on it.
    const probe = async (url: string) => (await fetch(url)).status;
    const checks = [
      await probe(`${bare}/bare`),
      await probe(`${bare}/pk/${ids[0]}`),
      await probe(`${app}/api/public/trace/${genuine[0]}`),
      await probe(`${app}/api/public/trace/${forged[0]}`),
      await probe(`${app}/t/${genuine[1]}`),
    ];
    if (checks.join() !== '200,200,200,404,200') throw new Error(`probe statuses ${checks.join()}`);

    const chosen = targets.filter(([key]) => only.has(key));
    const methodOf = (key: Key) => (key === 'head' ? 'HEAD' : 'GET');
    let coldDone = false;
    for (const [key, name, url, paths] of chosen) {
      if ((key === 'json' || key === 'page') && !coldDone) {
        // The first recorded-scan target starts with one pass over the codes, each new to the
        // caches of issued certificates and entity pages (not to the signature check when HEAD
        // ran before): measured and printed on its own, so that the timed runs after the warm-up
        // are the steady state.
        coldDone = true;
        const c = measured([
          await run(
            `${name}, first pass (certificate and page caches cold)`,
            url,
            paths,
            0,
            connections,
            pid,
            methodOf(key),
            paths.length,
          ),
        ]);
        results.set('cold', c);
        console.log(
          `  ${c.target}: ${fmt(c.reqPerS)} req/s, p50 ${c.p50.toFixed(2)} ms, p99 ${c.p99.toFixed(2)} ms`,
        );
      }
      if (warmup > 0) await run(name, url, paths, warmup, connections, pid, methodOf(key));
    }
    // The timed runs, in rounds: each target gets one slice per round, so that the baselines and
    // the scans meet the same spells of a shared machine (here the same code ran 1.5× slower for
    // tens of seconds at a time). Each slice starts after one unrecorded second of the same load,
    // so that no slice carries the connections' ramp.
    const slices = new Map<Key, Slice[]>(chosen.map(([key]) => [key, []]));
    for (let round = 0; round < rounds; round++) {
      for (const [key, name, url, paths] of chosen) {
        if (rounds > 1) await run(name, url, paths, 1, connections, pid, methodOf(key));
        const slice = await run(name, url, paths, seconds / rounds, connections, pid, methodOf(key));
        if (args.timeline) printTimeline(`${name}, round ${round + 1}`, slice.perSecond);
        slices.get(key)?.push(slice);
      }
    }
    if (rounds > 1) {
      console.log('  each slice (req/s, p99 ms), round by round:');
      console.table(
        chosen.map(([key, name]) =>
          Object.fromEntries([
            ['target', name],
            ...(slices.get(key) ?? []).map((sl, i) => {
              const m = measured([sl]);
              return [`round ${i + 1}`, `${Math.round(m.reqPerS)}, ${m.p99.toFixed(1)}`];
            }),
          ]),
        ),
      );
    }
    for (const [key, name] of chosen) {
      const r = measured(slices.get(key) ?? []);
      results.set(key, r);
      console.log(
        `  ${name}: ${fmt(r.reqPerS)} req/s, p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms` +
          (r.errors ? `, ${r.errors} errors` : ''),
      );
    }
  } finally {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send('stop');
      await exited;
    }
  }

  const after = await openBenchDatabase();
  const { n: scansLogged } = await one<{ n: number }>(
    clientOf(after),
    'select count(*)::int as n from certificate_scans',
  );
  await after.close();

  console.log(
    `\n== public scan, ${fmt(prep.count)} certificates (${prep.size.table} + ${prep.size.indexes} indexes)`,
  );
  console.log(
    `   ${prep.entities.toLocaleString()} entities over ${prep.towns} towns; ${fmt(genuine.length)} signed codes ` +
      `scanned in random order, ${(forgedShare * 100).toFixed(0)} % forged codes mixed in; ` +
      `${connections} connections, ${seconds} s each, pg pool ${process.env.NONGAN_PG_POOL ?? 10}`,
  );
  if (Object.keys(prep.load).length) console.table(prep.load);
  console.table(
    [...results.values()].map((r) => ({
      target: r.target,
      'req/s': Math.round(r.reqPerS),
      'p50 ms': +r.p50.toFixed(2),
      'p99 ms': +r.p99.toFixed(2),
      '2xx': r.ok,
      'non-2xx': r.other,
      errors: r.errors,
      'server CPU': `${(r.cpu.server * 100).toFixed(0)} %`,
      'postgres CPU': `${(r.cpu.postgres * 100).toFixed(0)} %`,
      'autocannon CPU': `${(r.cpu.client * 100).toFixed(0)} %`,
      'other CPU': `${(r.cpu.other * 100).toFixed(0)} %`,
    })),
  );
  const scans = [results.get('cold'), results.get('json'), results.get('page'), results.get('head')].filter(
    (r) => r !== undefined,
  );
  const baselines = [results.get('bare'), results.get('pk')].filter((r) => r !== undefined);
  console.log('scans split by answer (genuine = 200, forged = 404):');
  console.table(
    scans.map((r) => ({
      target: r.target,
      'genuine req/s': Math.round(r.okPerS),
      'genuine p50 ms': +r.okP50.toFixed(2),
      'genuine p99 ms': +r.okP99.toFixed(2),
      'forged p50 ms': +r.failP50.toFixed(2),
      'forged p99 ms': +r.failP99.toFixed(2),
    })),
  );
  const ratio = (a: number, b: number) => (b ? `${(a / b).toFixed(3)}×` : '-');
  console.log('ratios (req/s of the scan ÷ req/s of the baseline; p99 of the scan ÷ p99 of the baseline):');
  console.table(
    scans.flatMap((s) =>
      baselines.map((b) => ({
        scan: s.target,
        baseline: b.target,
        'req/s ratio': ratio(s.reqPerS, b.reqPerS),
        'p99 ratio': ratio(s.p99, b.p99),
      })),
    ),
  );
  // The goals of issue 14, against the bare primary-key route of the same run.
  const pk = results.get('pk');
  if (pk) {
    const goal = (key: Key, minRatio: number, maxP99?: number) => {
      const r = results.get(key);
      if (!r) return null;
      const ratio = r.reqPerS / pk.reqPerS;
      const p99 = r.p99 / pk.p99;
      const met = ratio >= minRatio && (maxP99 === undefined || p99 <= maxP99);
      return {
        scan: r.target,
        'req/s ÷ PK': `${ratio.toFixed(3)}×`,
        'goal req/s': `≥ ${minRatio}×`,
        'p99 ÷ PK': `${p99.toFixed(2)}×`,
        'goal p99': maxP99 === undefined ? '-' : `≤ ${maxP99}×`,
        met: met ? 'yes' : 'no',
      };
    };
    console.log('goals (issue 14): a recorded scan ≥ 0.5× the PK route with p99 ≤ 2×; a HEAD scan ≥ 0.8×:');
    console.table([goal('json', 0.5, 2), goal('page', 0.5, 2), goal('head', 0.8)].filter((g) => g !== null));
  }
  // Scan records are written in batches; the app's close (the server process's 'stop') writes the rest.
  console.log(`scans recorded in certificate_scans: ${fmt(scansLogged)} (genuine answers incl. warm-up)`);
  console.log('\nEXPLAIN ANALYZE of the scan lookup (trace_id → certificate + entity):');
  for (const line of prep.plan) console.log(`   ${line}`);
}

if (args.serve) await serve();
else await main();

// Set-based fills for the bench scripts: synthetic (not real) entities, rapid tests, lab samples with
// their per-analyte results, certificates and certificate scans of one district, each written by
// `insert … select … from generate_series` in chunks, on PostgreSQL or PGlite. The statistics the
// services keep on every write (`result_stats`) are rebuilt from the filled tables by `rebuildStats`,
// the repair path of the sampling domain, so they agree with the rows.
import { type Database, openDatabase } from '@nongan/server/db/client';
import { rebuildStats } from '@nongan/server/domains/sampling/stats-rows';
import { reference } from '@nongan/server/domains/standards/reference';
import { sql } from 'drizzle-orm';
import pg from 'pg';

export const pgServerUrl = () => process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

/** Leaf products of the catalogue (those no other product names as parent), e.g. 普通白菜, 猪肉. */
export const leafProducts = (() => {
  const parents = new Set([...reference.products.values()].map((p) => p.parent));
  return [...reference.products.values()].filter((p) => !parents.has(p.code));
})();
/** Analyte codes of the catalogue, for synthetic lab results. */
export const analyteCodes = [...reference.analytes.keys()];

const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;
const arr = (xs: readonly string[]) => `array[${xs.map(lit).join(',')}]::text[]`;
const LINKS = ['pre_harvest_base', 'wholesale_market', 'retail_market', 'storage_transport', 'slaughter'];

async function exec(database: Database, text: string): Promise<number> {
  const r = (await database.db.execute(sql.raw(text))) as unknown as {
    rowCount?: number;
    affectedRows?: number;
  };
  return Number(r.rowCount ?? r.affectedRows ?? 0);
}
export async function rows<T>(database: Database, text: string): Promise<T[]> {
  return ((await database.db.execute(sql.raw(text))) as unknown as { rows: T[] }).rows;
}

/**
 * A database for a bench: `url` (a PostgreSQL server's URL naming the database to create, dropped
 * by `drop()`) or a PGlite directory. An existing PostgreSQL database is reused when `reuse`.
 */
export async function benchDatabase(
  target: { url: string; reuse?: boolean } | { dataDir: string },
): Promise<{ database: Database; existed: boolean; drop: () => Promise<void> }> {
  if ('dataDir' in target) {
    const database = await openDatabase({ dataDir: target.dataDir });
    return { database, existed: false, drop: async () => {} };
  }
  const url = new URL(target.url);
  const name = url.pathname.slice(1);
  if (!/^[a-z0-9_]+$/.test(name))
    throw new Error(`database name ${name}: lower-case letters, digits and _ only`);
  const adminUrl = new URL(target.url);
  adminUrl.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: adminUrl.toString() });
  await admin.connect();
  const existed = (await admin.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1;
  if (existed && !target.reuse) await admin.query(`drop database ${name} with (force)`);
  if (!existed || !target.reuse) await admin.query(`create database ${name}`);
  await admin.end();
  const database = await openDatabase({ url: url.toString() });
  return {
    database,
    existed: existed && !!target.reuse,
    drop: async () => {
      const a = new pg.Client({ connectionString: adminUrl.toString() });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

export async function townCodes(database: Database, district: string): Promise<string[]> {
  return (
    await rows<{ code: string }>(
      database,
      `select code from divisions where level = 'town' and district_code = ${lit(district)} order by code`,
    )
  ).map((r) => r.code);
}

/**
 * Runs `fill` with the table's indexes (primary key included) dropped, then builds them again:
 * a bulk load with the indexes in place scatters writes over every index (random uuids).
 */
export async function withoutIndexes(database: Database, tables: string[], fill: () => Promise<void>) {
  const defs = await rows<{ ddl: string; drop: string }>(
    database,
    `select case when con.oid is not null
         then format('alter table %I add constraint %I %s', t.relname, con.conname, pg_get_constraintdef(con.oid))
         else pg_get_indexdef(i.oid) end as ddl,
       case when con.oid is not null
         then format('alter table %I drop constraint %I', t.relname, con.conname)
         else format('drop index %I', i.relname) end as drop
     from pg_index x join pg_class i on i.oid = x.indexrelid join pg_class t on t.oid = x.indrelid
     left join pg_constraint con on con.conindid = x.indexrelid and con.conrelid = x.indrelid
     where t.relname in (${tables.map(lit).join(',')}) and t.relnamespace = 'public'::regnamespace
     order by x.indisprimary desc`,
  );
  for (const d of defs) await exec(database, d.drop);
  try {
    await fill();
  } finally {
    for (const d of defs) await exec(database, d.ddl);
  }
}

export interface DistrictShape {
  district: string;
  towns: string[];
  /** Results are spread over [start, end) (timestamps with offset, e.g. '2021-01-01 00:00+08'). */
  start: string;
  days: number;
  /** Rows per INSERT statement. */
  step: number;
  progress?: (label: string, done: number, total: number) => void;
}

async function inChunks(
  database: Database,
  shape: DistrictShape,
  label: string,
  total: number,
  stmt: (a: number, b: number) => string,
) {
  for (let a = 0; a < total; a += shape.step) {
    const b = Math.min(total, a + shape.step);
    await exec(database, stmt(a + 1, b));
    shape.progress?.(label, b, total);
  }
}

/** `n` synthetic entities (基准…主体 g) over the towns. */
export async function fillEntities(database: Database, shape: DistrictShape, n: number) {
  await inChunks(
    database,
    shape,
    'entities',
    n,
    (a, b) => `
    insert into entities (id, district_code, town_code, name, type, legal_rep, phone, address, industries,
      main_products, certificate_trial, synthetic)
    select gen_random_uuid(), ${lit(shape.district)}, (${arr(shape.towns)})[1 + g % ${shape.towns.length}],
      '基准' || (array['蔬菜','水果','粮油','畜禽','水产'])[1 + g % 5] || '主体' || g,
      (array['cooperative','family_farm','large_grower','enterprise','smallholder'])[1 + g % 5],
      '基准', '13800000000', '基准地址' || g, array['vegetables'], array['白菜'], true, true
    from generate_series(${a}, ${b}) g`,
  );
}

/** The district's entities numbered 0..n-1, as a materialized CTE `e(n, id, town_code)` with `ne(c)`. */
const ENTITY_CTE = (district: string) => `
  with e as materialized (
    select (row_number() over (order by id))::int - 1 as n, id, town_code from entities where district_code = ${lit(district)}
  ), ne as (select greatest(count(*), 1)::int as c from e)`;

/**
 * `n` rapid tests (enzyme inhibition) over the period: about 2 % positive; half of them name an
 * entity (the rest a market stall); holders are the towns and the testing centre (the district).
 * Positives are pending_lab, a fifth confirmed and a fifth cleared; each positive has a lot hold,
 * held when under 10 days old, else released.
 */
export async function fillRapidTests(database: Database, shape: DistrictShape, n: number, prefix = 'BR') {
  const d = lit(shape.district);
  await inChunks(
    database,
    shape,
    'rapid tests',
    n,
    (a, b) => `${ENTITY_CTE(shape.district)}
    insert into rapid_tests (id, district_code, test_no, holder_code, town_code, entity_id, sampled_party, product_code,
      link, method, target, inhibition_rate, result, tested_at, tester, follow_up)
    select gen_random_uuid(), ${d}, '${prefix}-' || g, case when g % 10 = 0 then ${d} else x.town end, x.town,
      case when g % 2 = 0 then e.id end, case when g % 2 = 1 then '基准摊位' || (g % 500) end,
      (${arr(leafProducts.map((p) => p.code))})[1 + (g * 7919) % ${leafProducts.length}],
      (${arr(LINKS)})[1 + (g * 31) % 5], 'enzyme_inhibition', '有机磷和氨基甲酸酯类', x.r,
      case when x.r >= 50 then 'positive' else 'negative' end,
      timestamptz ${lit(shape.start)} + ((g * 104729) % ${shape.days}) * interval '1 day' + (g % 600) * interval '1 minute' + interval '8 hours',
      'bench',
      case when x.r < 50 then null when g % 5 = 1 then 'confirmed' when g % 5 = 2 then 'cleared' else 'pending_lab' end
    from generate_series(${a}::bigint, ${b}::bigint) g
    cross join ne
    join e on e.n = (g * 48271) % ne.c
    cross join lateral (select case when g % 2 = 0 then e.town_code
                                    else (${arr(shape.towns)})[1 + (g * 17) % ${shape.towns.length}] end as town,
                               ((g * 2654435761) % 10000) / 10000.0 * 51 as r) x`,
  );
}

/** A lot hold for every positive rapid test: held while under 10 days old at `now`, else released. */
export async function fillHolds(database: Database, district: string, now: string) {
  await exec(
    database,
    `insert into lot_holds (id, district_code, entity_id, town_code, product_code, source_type, source_id, reason,
       status, created_at, released_at)
     select gen_random_uuid(), district_code, entity_id, town_code, product_code, 'rapid_test', id, '快检阳性',
       case when tested_at > timestamptz ${lit(now)} - interval '10 days' then 'held' else 'released' end,
       tested_at, case when tested_at > timestamptz ${lit(now)} - interval '10 days' then null else tested_at + interval '3 days' end
     from rapid_tests where district_code = ${lit(district)} and result = 'positive'`,
  );
}

/**
 * Lab samples of the lab task kinds with `perSample` analytes each, `results` lab results in all
 * (so results / perSample samples), all verified; about 3 % of samples fail on one analyte.
 */
export async function fillLabResults(
  database: Database,
  shape: DistrictShape,
  results: number,
  perSample = Math.min(8, analyteCodes.length),
  prefix = 'BS',
) {
  const d = lit(shape.district);
  const samplesN = Math.ceil(results / perSample);
  const kinds = ['supervisory_sampling', 'routine_monitoring', 'risk_monitoring'];
  const sampleStep = Math.max(1, Math.floor(shape.step / perSample));
  await inChunks(
    database,
    { ...shape, step: sampleStep },
    'lab samples',
    samplesN,
    (a, b) => `${ENTITY_CTE(shape.district)},
    s as (
      insert into samples (id, district_code, sample_no, task_kind, town_code, entity_id, product_code, link, sampler,
        sampled_at, quantity, quantity_unit, status, verdict, state_at, verified_at, judged_at)
      select gen_random_uuid(), ${d}, '${prefix}-' || g, (${arr(kinds)})[1 + g % 3], e.town_code,
        case when g % 4 <> 3 then e.id end,
        (${arr(leafProducts.map((p) => p.code))})[1 + (g * 7919) % ${leafProducts.length}],
        (${arr(LINKS)})[1 + (g * 31) % 5], '基准抽样员', x.at, 1, 'kg', 'verified',
        case when (g * 2654435761) % 100 < 3 then 'fail' else 'pass' end, x.at + interval '3 days',
        x.at + interval '3 days', x.at + interval '3 days'
      from generate_series(${a}::bigint, ${b}::bigint) g
      cross join ne
      join e on e.n = (g * 48271) % ne.c
      cross join lateral (select timestamptz ${lit(shape.start)} + ((g * 104729) % ${shape.days}) * interval '1 day'
                                 + (g % 600) * interval '1 minute' + interval '8 hours' as at) x
      returning id, sample_no, verdict, sampled_at
    )
    insert into lab_results (district_code, sample_id, analyte_code, value, unit, value_mg_kg, lod, method_standard,
      verdict, limit_mg_kg, tested_at)
    select ${d}, s.id, (${arr(analyteCodes)})[1 + (substr(s.sample_no, ${prefix.length + 2})::bigint * 13 + k) % ${analyteCodes.length}],
      case when s.verdict = 'fail' and k = 1 then 0.5 end, 'mg/kg', case when s.verdict = 'fail' and k = 1 then 0.5 end,
      0.01, 'GB 23200.113-2018', case when s.verdict = 'fail' and k = 1 then 'fail' else 'pass' end,
      case when s.verdict = 'fail' and k = 1 then 0.1 end, s.sampled_at + interval '2 days'
    from s cross join generate_series(1, ${perSample}) k`,
  );
}

/** `n` certificates issued over the period by the entities (synthetic trace ids). */
export async function fillCertificates(database: Database, shape: DistrictShape, n: number, prefix = 'BC') {
  const d = lit(shape.district);
  await inChunks(
    database,
    shape,
    'certificates',
    n,
    (a, b) => `${ENTITY_CTE(shape.district)}
    insert into certificates (id, district_code, cert_no, trace_id, trace_code, style, source, entity_id, town_code,
      product_code, product_name, quantity, unit, origin, promiser, contact, issue_date, bases, label_count,
      retain_until, synthetic)
    select gen_random_uuid(), ${d}, '${prefix}-' || g, upper(substr(md5(${lit(prefix)} || g::text), 1, 20)),
      'bulk.' || g, 'producer', 'issued', e.id, e.town_code, p.code, p.name, 1 + (g * 7) % 500, 'kg', '基准产地',
      '基准主体', '13800000000', x.issue, array['quality_control'], 1 + (g % 3), (x.issue + interval '2 years')::date, true
    from generate_series(${a}::bigint, ${b}::bigint) g
    cross join ne
    join e on e.n = (g * 48271) % ne.c
    cross join lateral (select (date ${lit(shape.start.slice(0, 10))} + ((g * 104729) % ${shape.days})::int) as issue) x
    cross join lateral (select (${arr(leafProducts.map((p) => p.code))})[1 + (g * 7919) % ${leafProducts.length}] as code,
                               (${arr(leafProducts.map((p) => p.name))})[1 + (g * 7919) % ${leafProducts.length}] as name) p`,
  );
}

/**
 * `n` public scans of certificates: each scan picks a pseudo-random certificate and is a few days
 * after its issue, from one of many /24 networks. `copied` certificates issued in the last 20 days
 * are each scanned from 15 networks on several days (the pattern of a copied label).
 */
export async function fillScans(database: Database, shape: DistrictShape, n: number, copied: number) {
  const d = lit(shape.district);
  const lastDay = `(date ${lit(shape.start.slice(0, 10))} + ${shape.days - 1})`;
  const certs = `with c as materialized (
      select (row_number() over (order by id))::int - 1 as n, id, issue_date from certificates where district_code = ${d}
    ), nc as (select greatest(count(*), 1)::int as c from c)`;
  await inChunks(
    database,
    shape,
    'scans',
    n,
    (a, b) => `${certs}
    insert into certificate_scans (id, district_code, certificate_id, at, network, channel)
    select gen_random_uuid(), ${d}, c.id,
      c.issue_date::timestamp + least(g % 5, ${lastDay} - c.issue_date) * interval '1 day'
        + ((g * 37) % 720) * interval '1 minute' + interval '1 hour',
      '10.' || ((g * 7) % 250) || '.' || ((g * 13) % 250) || '.0/24', 'wechat'
    from generate_series(${a}::bigint, ${b}::bigint) g cross join nc join c on c.n = (g * 2654435761) % nc.c`,
  );
  if (copied > 0)
    await exec(
      database,
      `insert into certificate_scans (id, district_code, certificate_id, at, network, channel)
       select gen_random_uuid(), ${d}, c.id, c.issue_date::timestamp + (k % 4) * interval '1 day' + interval '2 hours',
         '172.16.' || k || '.0/24', 'browser'
       from (select id, issue_date from certificates where district_code = ${d}
               and issue_date >= (date ${lit(shape.start.slice(0, 10))} + ${shape.days - 20})
             order by cert_no limit ${copied}) c
       cross join generate_series(1, 15) k`,
    );
}

export { rebuildStats };

/** VACUUM ANALYZE of the filled tables (a production database would have been analysed). */
export async function analyze(database: Database, tables: string[]) {
  for (const t of tables) await exec(database, `vacuum analyze ${t}`);
}

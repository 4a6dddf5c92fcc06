import { sql } from 'drizzle-orm';
import pg from 'pg';
import type { Db } from '../db/client.ts';

/** Tables a request could write to (sessions left out: logging in writes one). */
const TABLES = [
  'audit_log',
  'brand_certifications',
  'brand_licences',
  'brand_reviews',
  'brand_settings',
  'certificate_scans',
  'certificate_tests',
  'certificates',
  'divisions',
  'domain_events',
  'entities',
  'entity_flags',
  'four_links_settings',
  'grid_staff',
  'import_batches',
  'input_purchases',
  'input_uses',
  'inspection_checklists',
  'inspection_duties',
  'inspection_photos',
  'inspection_settings',
  'inspections',
  'lab_results',
  'lab_settings',
  'lab_steps',
  'lot_holds',
  'market_checks',
  'monitoring_plans',
  'plan_quotas',
  'production_lots',
  'rapid_tests',
  'regional_brands',
  'rectification_revisits',
  'rectifications',
  'received_certificates',
  'sample_photos',
  'samples',
  'support_decisions',
  'sampling_tasks',
  'trace_events',
  'users',
];

const QUERY = TABLES.map((t) => `select '${t}' as t, count(*)::int as n from ${t}`).join(' union all ');

/** Row counts of every table a request could write, to show that a refused request wrote nothing. */
export async function tableCounts(db: Db): Promise<Record<string, number>> {
  // On the PostgreSQL server, a named statement: planning the 40-odd counts took 6 ms a call, and
  // the fuzz test asks twice per request. (PGlite's query takes no name; it plans in 2 ms.)
  const client: unknown = (db as unknown as { $client: unknown }).$client;
  const res =
    client instanceof pg.Pool
      ? await client.query<{ t: string; n: number }>({ name: 'nongan_test_table_counts', text: QUERY })
      : ((await db.execute(sql.raw(QUERY))) as unknown as { rows: { t: string; n: number }[] });
  return Object.fromEntries(res.rows.map((r) => [r.t, Number(r.n)]));
}

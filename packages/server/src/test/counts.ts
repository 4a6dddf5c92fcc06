import { sql } from 'drizzle-orm';
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

/** Row counts of every table a request could write, to show that a refused request wrote nothing. */
export async function tableCounts(db: Db): Promise<Record<string, number>> {
  const query = TABLES.map((t) => `select '${t}' as t, count(*)::int as n from ${t}`).join(' union all ');
  const res = (await db.execute(sql.raw(query))) as unknown as { rows: { t: string; n: number }[] };
  return Object.fromEntries(res.rows.map((r) => [r.t, Number(r.n)]));
}

import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { cases } from '../cases/table.ts';
import { entities } from '../entities/table.ts';
import { inspections, rectifications } from '../inspections/table.ts';
import { entityFlags, rapidTests, samples } from '../sampling/sample-table.ts';
import { RISK_WINDOW_DAYS, type RiskFacts, riskLevel } from './risk.ts';

// The risk level kept on entities.risk_grade is a summary of the record (risk.ts), refreshed
// when the record changes and swept daily (the window moves even when nothing happens).

const num = (v: unknown) => Number(v ?? 0);
const rowsOf = <T>(res: unknown) => (res as { rows: T[] }).rows;

interface FactRow {
  id: string;
  risk_grade: string;
  created_at: Date | string;
  [k: string]: unknown;
}

/** The facts of the entities matching `where` (on alias e), one row each. */
async function factRows(db: Db, where: SQL, now: Date): Promise<FactRow[]> {
  const since = new Date(now.getTime() - RISK_WINDOW_DAYS * 86_400_000).toISOString();
  const s = (cond: SQL) =>
    sql`(select count(*) from ${samples} s where s.district_code = e.district_code and s.entity_id = e.id
      and s.sampled_at >= ${since}::timestamptz and ${cond})`;
  const r = (cond: SQL) =>
    sql`(select count(*) from ${rapidTests} r where r.district_code = e.district_code and r.entity_id = e.id
      and r.tested_at >= ${since}::timestamptz and ${cond})`;
  return rowsOf<FactRow>(
    await db.execute(sql`select e.id, e.risk_grade, e.created_at,
      ${s(sql`s.verdict = 'fail'`)} as failed_samples,
      ${s(sql`s.has_lead and s.verdict is not null`)} as ban_leads,
      ${r(sql`r.result = 'positive' and r.follow_up = 'confirmed'`)} as confirmed_positives,
      ${r(sql`r.result = 'positive' and coalesce(r.follow_up, 'pending_lab') = 'pending_lab'`)} as pending_positives,
      (select count(*) from ${entityFlags} f where f.district_code = e.district_code and f.entity_id = e.id
        and f.flag = 'problem' and f.active) as problem_flags,
      (select count(*) from ${inspections} i where i.district_code = e.district_code and i.entity_id = e.id
        and i.inspected_at >= ${since}::timestamptz and i.failed_count > 0) as problem_inspections,
      (select count(*) from ${cases} c where c.district_code = e.district_code and c.entity_id = e.id
        and c.state <> 'withdrawn' and (c.created_at >= ${since}::timestamptz or c.state <> 'closed')) as cases,
      (select count(*) from ${rectifications} x where x.district_code = e.district_code and x.entity_id = e.id
        and x.status = 'open') as open_rectifications,
      ${s(sql`true`)} + ${r(sql`true`)} + (select count(*) from ${inspections} i where i.district_code = e.district_code
        and i.entity_id = e.id and i.inspected_at >= ${since}::timestamptz) as supervised
    from ${entities} e where ${where}`),
  );
}

function factsOf(row: FactRow, now: Date): RiskFacts {
  return {
    failedSamples: num(row.failed_samples),
    confirmedPositives: num(row.confirmed_positives),
    banLeads: num(row.ban_leads),
    cases: num(row.cases),
    pendingPositives: num(row.pending_positives),
    problemInspections: num(row.problem_inspections),
    openRectifications: num(row.open_rectifications),
    problemFlags: num(row.problem_flags),
    supervisedTimes: num(row.supervised),
    daysListed: Math.floor((now.getTime() - new Date(row.created_at).getTime()) / 86_400_000),
  };
}

/** One entity's facts for the risk rule. */
export async function riskFacts(db: Db, districtCode: string, entityId: string, now = new Date()) {
  const [row] = await factRows(db, sql`e.district_code = ${districtCode} and e.id = ${entityId}`, now);
  return row ? factsOf(row, now) : null;
}

/**
 * Recomputes the stored risk level of the given entities (all of the district's when `ids` is
 * absent), a chunk at a time; returns how many changed. Only risk_grade is written: a derived
 * value is not an edit, so neither version nor updated_at moves.
 */
export async function refreshRisk(db: Db, districtCode: string, ids?: string[], now = new Date()) {
  if (ids?.length === 0) return 0;
  let changed = 0;
  const chunk = 1000;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const scope = ids ? sql`e.id = any(${sql`${`{${ids.join(',')}}`}::uuid[]`})` : sql`e.id > ${after}::uuid`;
    const rows = await factRows(
      db,
      sql`e.district_code = ${districtCode} and ${scope} order by e.id limit ${ids ? ids.length : chunk}`,
      now,
    );
    const updates = rows
      .map((r) => ({ id: r.id, level: riskLevel(factsOf(r, now)).level, was: r.risk_grade }))
      .filter((u) => u.level !== u.was);
    if (updates.length) {
      await db.execute(sql`update ${entities} e set risk_grade = x.level
        from jsonb_to_recordset(${JSON.stringify(updates)}::jsonb) as x(id uuid, level text)
        where e.district_code = ${districtCode} and e.id = x.id`);
      changed += updates.length;
    }
    if (ids || rows.length < chunk) break;
    after = rows.at(-1)!.id;
  }
  return changed;
}

import { randomUUID } from 'node:crypto';
import { chinaToday } from '@nongan/shared/common/dates';
import { and, eq, inArray, like, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { users } from '../domains/accounts/table.ts';
import { currentChecklist } from '../domains/inspections/checklist.ts';
import { addDays, quarterBounds, quarterOf } from '../domains/inspections/duties.ts';
import { generateQuarterDuties } from '../domains/inspections/duty-service.ts';
import {
  gridStaff,
  inspectionDuties,
  inspections,
  rectificationRevisits,
  rectifications,
} from '../domains/inspections/table.ts';
import { divisions } from '../domains/regions/table.ts';
import { rng } from './generate.ts';

const NOTES: Record<string, string[]> = {
  inputs_use: ['农药使用记录未写明安全间隔期', '未按标签用量使用除草剂'],
  inputs_storage: ['农药与化肥混放，未分区', '库房内有过期农药未清理'],
  site_environment: ['田间农药包装废弃物未回收'],
  rules_posted: ['质量控制制度未上墙'],
  records: ['生产记录缺 10 月以来的施药记录', '采收记录不全'],
  three_agents: ['保鲜剂无购买凭证'],
};

function previousQuarter(q: string): string {
  const y = Number(q.slice(0, 4));
  const n = Number(q.slice(6));
  return n === 1 ? `${y - 1}-Q4` : `${y}-Q${n - 1}`;
}

/**
 * Synthetic daily supervision for the demo district: the last and the current quarter's duties,
 * nearly all of last quarter and most of this one inspected, a few problems found (most rectified
 * after a revisit, a few open, two past their deadline), two duties of last quarter left overdue,
 * and the demo users named as grid staff.
 */
export async function seedDemoInspections(db: Db, districtCode: string, seed: number, now = new Date()) {
  const r = rng(seed);
  const today = chinaToday(now);
  const current = quarterOf(today);
  const previous = previousQuarter(current);
  const checklist = await currentChecklist(db, districtCode, '*');
  const items = checklist.items as { key: string; label: string }[];
  const staff = await db
    .select()
    .from(users)
    .where(
      and(
        eq(users.districtCode, districtCode),
        inArray(users.role, ['town_supervisor', 'village_coordinator']),
      ),
    );
  await nameGridStaff(db, districtCode, staff);
  const inspectorOf = (townCode: string) => {
    const u = staff.find((s) => s.role === 'town_supervisor' && s.scopeCode === townCode);
    return u ? { id: u.id, name: u.displayName } : { id: null, name: '镇街监管员（演示）' };
  };
  let left = 2;
  let openRects = 0;
  let overdueRects = 0;
  for (const quarter of [previous, current]) {
    await generateQuarterDuties(db, districtCode, quarter);
    const duties = await db
      .select()
      .from(inspectionDuties)
      .where(and(eq(inspectionDuties.districtCode, districtCode), eq(inspectionDuties.quarter, quarter)));
    const { start, end } = quarterBounds(quarter);
    const last = end < today ? end : addDays(today, -1);
    const span = Math.max(1, (Date.parse(last) - Date.parse(start)) / 86_400_000);
    const share = quarter === current ? 0.86 : 1;
    const rows: (typeof inspections.$inferInsert)[] = [];
    const rects: (typeof rectifications.$inferInsert)[] = [];
    const visits: (typeof rectificationRevisits.$inferInsert)[] = [];
    for (const d of duties) {
      if (quarter === previous && left > 0 && r.chance(0.01)) {
        left--;
        continue;
      }
      if (!r.chance(share)) continue;
      const day = addDays(start, Math.floor(r.next() * span));
      const at = new Date(
        `${day}T${String(r.int(8, 17)).padStart(2, '0')}:${String(r.int(0, 59)).padStart(2, '0')}:00+08:00`,
      );
      const failing = r.chance(0.04) ? r.pick(items) : null;
      const id = randomUUID();
      const who = inspectorOf(d.townCode);
      const answers = items.map((i) => ({
        key: i.key,
        label: i.label,
        result: i === failing ? 'fail' : i.key === 'three_agents' && r.chance(0.6) ? 'na' : 'pass',
        note: i === failing ? r.pick(NOTES[i.key] ?? ['存在问题，需整改']) : null,
      }));
      rows.push({
        id,
        districtCode,
        clientId: randomUUID(),
        entityId: d.entityId,
        townCode: d.townCode,
        villageCode: d.villageCode,
        gridCode: d.gridCode,
        checklistId: checklist.id,
        checklistVersion: checklist.version,
        inspectedAt: at,
        inspectorId: who.id,
        inspectorName: who.name,
        items: answers,
        failedCount: failing ? 1 : 0,
      });
      if (failing) {
        const rid = randomUUID();
        const deadline = addDays(day, 15);
        // Recent problems, and two old ones, are still open; the rest were rectified on a revisit.
        const recent = deadline >= today && openRects < 6;
        const stale = quarter === previous && overdueRects < 2;
        const open = recent || stale;
        if (recent) openRects++;
        else if (stale) overdueRects++;
        const visitedOn = addDays(day, r.int(7, 14));
        rects.push({
          id: rid,
          districtCode,
          inspectionId: id,
          entityId: d.entityId,
          townCode: d.townCode,
          villageCode: d.villageCode,
          items: answers
            .filter((a) => a.result === 'fail')
            .map(({ key, label, note }) => ({ key, label, note })),
          deadline,
          status: open || visitedOn > today ? 'open' : 'closed',
          closedAt: open || visitedOn > today ? null : new Date(`${visitedOn}T10:00:00+08:00`),
          version: open || visitedOn > today ? 1 : 2,
        });
        if (!open && visitedOn <= today)
          visits.push({
            id: randomUUID(),
            districtCode,
            rectificationId: rid,
            result: 'rectified',
            action: 'close',
            note: '回头看：已整改到位',
            visitedOn,
            userId: who.id,
            userName: who.name,
          });
      }
    }
    for (let i = 0; i < rows.length; i += 500) await db.insert(inspections).values(rows.slice(i, i + 500));
    for (let i = 0; i < rects.length; i += 500)
      await db.insert(rectifications).values(rects.slice(i, i + 500));
    if (visits.length) await db.insert(rectificationRevisits).values(visits);
    // One statement per quarter: each entity has at most one demo inspection in it.
    await db.execute(sql`
      update ${inspectionDuties} d set status = 'done', inspection_id = i.id, done_at = i.inspected_at
      from ${inspections} i
      where d.district_code = ${districtCode} and d.quarter = ${quarter} and d.kind = 'quarterly'
        and i.district_code = d.district_code and i.entity_id = d.entity_id
        and i.inspected_at >= ${`${start}T00:00:00+08:00`}::timestamptz
        and i.inspected_at < ${`${addDays(end, 1)}T00:00:00+08:00`}::timestamptz`);
  }
}

/** The demo's village coordinator for its village's grids, each town supervisor for the town's grids. */
async function nameGridStaff(db: Db, districtCode: string, staff: (typeof users.$inferSelect)[]) {
  for (const sup of staff.filter((s) => s.role === 'town_supervisor' && s.scopeCode)) {
    const grids = await db
      .select({ code: divisions.code })
      .from(divisions)
      .where(and(eq(divisions.level, 'grid'), like(divisions.code, `${sup.scopeCode}%`)));
    const coord = staff.find(
      (s) => s.role === 'village_coordinator' && s.scopeCode?.startsWith(sup.scopeCode ?? '-'),
    );
    if (!grids.length) continue;
    await db
      .insert(gridStaff)
      .values(
        grids.map((g) => ({
          districtCode,
          gridCode: g.code,
          townCode: g.code.slice(0, 9),
          supervisorId: sup.id,
          coordinatorId: coord?.scopeCode && g.code.startsWith(coord.scopeCode) ? coord.id : null,
        })),
      )
      .onConflictDoNothing();
  }
}

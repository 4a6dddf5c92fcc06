import { dispositionProblem, dueOn, isOverdue, OPEN_STATES } from '@nongan/shared/cases/states';
import { chinaToday } from '@nongan/shared/common/dates';
import type { holdQuery, holdView } from '@nongan/shared/sampling/tests';
import { and, asc, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../../db/client.ts';
import type { CheckedFile } from '../../platform/files.ts';
import { HttpError } from '../../platform/http-error.ts';
import type { Scope } from '../accounts/scope.ts';
import { placeScope } from '../accounts/scope-sql.ts';
import { outOfScope } from '../accounts/write-scope.ts';
import type { Actor } from '../audit/audit.ts';
import { writeAudit } from '../audit/audit.ts';
import { entities } from '../entities/table.ts';
import { divisionNames } from '../regions/repository.ts';
import { lotHolds, samplingTasks } from '../sampling/sample-table.ts';
import { cstDay } from '../sampling/stats-rows.ts';
import { productName } from '../standards/catalog.ts';
import { filesOf, saveFile } from './files-repository.ts';
import { getCaseSettings } from './settings.ts';
import { caseHolds, cases } from './table.ts';

type HoldRow = typeof lotHolds.$inferSelect;
type HoldView = z.infer<typeof holdView>;
const place = {
  districtCode: lotHolds.districtCode,
  townCode: lotHolds.townCode,
  entityId: lotHolds.entityId,
};

/** A hold is due `holdDays` after it began (China date); the setting applies to every hold of the district. */
export const holdDueOn = (createdAt: Date, holdDays: number) => dueOn(cstDay(createdAt), holdDays);

export async function holdInScopeOr404(db: Db, scope: Scope, id: string, lock = false): Promise<HoldRow> {
  const q = db
    .select()
    .from(lotHolds)
    .where(and(placeScope(scope, place), eq(lotHolds.id, id)));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw outOfScope('id', '控制批次');
  return row;
}

/** The open cases covering these holds, by hold id. */
export async function openCasesOf(
  db: Db,
  districtCode: string,
  holdIds: string[],
): Promise<Map<string, { id: string; caseNo: string }>> {
  if (holdIds.length === 0) return new Map();
  const rows = await db
    .select({ holdId: caseHolds.holdId, id: cases.id, caseNo: cases.caseNo })
    .from(caseHolds)
    .innerJoin(cases, and(eq(cases.districtCode, caseHolds.districtCode), eq(cases.id, caseHolds.caseId)))
    .where(
      and(
        eq(caseHolds.districtCode, districtCode),
        inArray(caseHolds.holdId, holdIds),
        inArray(cases.state, [...OPEN_STATES]),
      ),
    );
  return new Map(rows.map((r) => [r.holdId, { id: r.id, caseNo: r.caseNo }]));
}

/**
 * Held lots of the actor's area, with names, deadline, covering case, follow-up task and evidence:
 * held ones first, oldest first (so those past their deadline, 逾期, lead), then the disposed.
 */
export async function listHolds(db: Db, scope: Scope, q: z.infer<typeof holdQuery>): Promise<HoldView[]> {
  const today = chinaToday();
  const { holdDays } = await getCaseSettings(db, scope.districtCode);
  const parts: SQL[] = [placeScope(scope, place)];
  if (q.status !== 'all') parts.push(eq(lotHolds.status, q.status));
  if (q.overdue === 'true') {
    // Due = created + holdDays, so "past due" is "created before today − holdDays" (China dates).
    const lastInTime = dueOn(today, -holdDays);
    parts.push(
      eq(lotHolds.status, 'held'),
      sql`(${lotHolds.createdAt} + interval '8 hours')::date < ${lastInTime}::date`,
    );
  }
  const rows = await db
    .select({ h: lotHolds, entityName: entities.name })
    .from(lotHolds)
    .leftJoin(
      entities,
      and(eq(entities.districtCode, lotHolds.districtCode), eq(entities.id, lotHolds.entityId)),
    )
    .where(and(...parts))
    .orderBy(
      desc(sql`${lotHolds.status} = 'held'`),
      asc(sql`case when ${lotHolds.status} = 'held' then ${lotHolds.createdAt} end`),
      desc(lotHolds.createdAt),
    )
    .limit(500);
  const holds = rows.map((r) => r.h);
  const ids = holds.map((h) => h.id);
  const [towns, open, evidence, tasks] = await Promise.all([
    divisionNames(
      db,
      holds.map((h) => h.townCode),
    ),
    openCasesOf(db, scope.districtCode, ids),
    filesOf(db, scope.districtCode, 'hold', ids),
    followUps(db, scope.districtCode, holds),
  ]);
  return rows.map(({ h, entityName }) => {
    const due = holdDueOn(h.createdAt, holdDays);
    return {
      id: h.id,
      entityId: h.entityId,
      entityName,
      townCode: h.townCode,
      townName: towns.get(h.townCode) ?? null,
      productCode: h.productCode,
      productName: productName(h.productCode),
      lotRef: h.lotRef,
      sourceType: h.sourceType,
      sourceId: h.sourceId,
      reason: h.reason,
      status: h.status,
      createdAt: h.createdAt.toISOString(),
      dueOn: due,
      overdue: h.status === 'held' && isOverdue('registered', due, today),
      dispositionNote: h.dispositionNote,
      disposedByName: h.disposedByName,
      disposedAt: h.disposedAt?.toISOString() ?? null,
      openCase: open.get(h.id) ?? null,
      followUp: tasks.get(h.sourceId) ?? null,
      evidence: evidence.get(h.id) ?? [],
    };
  });
}

/** The follow-up sampling task each hold's source set off (a failure's revisit, a positive's lab check). */
async function followUps(db: Db, districtCode: string, holds: HoldRow[]) {
  const refs = [...new Set(holds.map((h) => h.sourceId))];
  if (refs.length === 0) return new Map<string, { title: string; status: string; dueDate: string | null }>();
  const rows = await db
    .select()
    .from(samplingTasks)
    .where(
      and(
        eq(samplingTasks.districtCode, districtCode),
        inArray(samplingTasks.sourceRef, refs),
        inArray(samplingTasks.origin, ['failure_follow_up', 'rapid_positive']),
      ),
    );
  return new Map(
    rows.map((t) => [t.sourceRef as string, { title: t.title, status: t.status, dueDate: t.dueDate }]),
  );
}

/** 解除, 销毁, 退回 or 召回 a held lot, with note and evidence; release and return wait for an open case. */
export async function disposeHold(
  db: Db,
  actor: Actor,
  scope: Scope,
  id: string,
  input: { disposition: 'released' | 'destroyed' | 'returned' | 'recalled'; note: string },
) {
  await db.transaction(async (tx) => {
    const h = await holdInScopeOr404(tx, scope, id, true);
    const evidence = (await filesOf(tx, h.districtCode, 'hold', [h.id])).get(h.id)?.length ?? 0;
    const openCase = (await openCasesOf(tx, h.districtCode, [h.id])).get(h.id);
    const problem = dispositionProblem(h.status, input.disposition, {
      note: input.note,
      evidence,
      openCaseNo: openCase?.caseNo,
    });
    if (problem)
      throw new HttpError(problem.status, problem.reason, [{ field: problem.field, reason: problem.reason }]);
    const now = new Date();
    await tx
      .update(lotHolds)
      .set({
        status: input.disposition,
        dispositionNote: input.note.trim(),
        disposedBy: actor.user?.id ?? null,
        disposedByName: actor.user?.displayName ?? null,
        disposedAt: now,
        ...(input.disposition === 'released' ? { releasedAt: now } : {}),
      })
      .where(
        and(eq(lotHolds.districtCode, h.districtCode), eq(lotHolds.id, h.id), eq(lotHolds.status, 'held')),
      );
    await writeAudit(tx, actor, {
      action: 'dispose',
      subjectType: 'lot_hold',
      subjectId: h.id,
      regionCode: h.townCode,
      before: { status: h.status },
      after: { status: input.disposition, note: input.note.trim(), evidence },
    });
  });
}

export async function addHoldEvidence(db: Db, actor: Actor, scope: Scope, id: string, file: CheckedFile) {
  return db.transaction(async (tx) => {
    const h = await holdInScopeOr404(tx, scope, id, true);
    return saveFile(
      tx,
      actor,
      { type: 'hold', id: h.id, districtCode: h.districtCode, regionCode: h.townCode },
      file,
    );
  });
}

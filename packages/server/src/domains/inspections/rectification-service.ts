import { randomUUID } from 'node:crypto';
import { chinaToday } from '@nongan/shared/common/dates';
import type { RectStatus, RevisitAction, RevisitResult } from '@nongan/shared/inspections/schemas';
import { and, asc, count, desc, eq, inArray, lt, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { conflict, fieldError } from '../../platform/http-error.ts';
import type { AuthUser, Scope } from '../accounts/scope.ts';
import { placeScope } from '../accounts/scope-sql.ts';
import { outOfScope } from '../accounts/write-scope.ts';
import { type Actor, writeAudit } from '../audit/audit.ts';
import { openCase } from '../cases/service.ts';
import { entities } from '../entities/table.ts';
import { townName } from '../regions/names.ts';
import { divisionNames } from '../regions/repository.ts';
import { emitEvent } from '../sampling/events.ts';
import { nextRectification, type RectStep } from './rectification.ts';
import { inspections, rectificationRevisits, rectifications } from './table.ts';

/** The event the cases domain opens a case from. */
export const INSPECTION_ESCALATED = 'inspection.escalated';

export type RectRow = typeof rectifications.$inferSelect;
const rectPlace = (scope: Scope) => placeScope(scope, rectifications);

export async function findRectification(db: Db, scope: Scope, id: string, field = 'id'): Promise<RectRow> {
  const [r] = await db
    .select()
    .from(rectifications)
    .where(and(rectPlace(scope), eq(rectifications.id, id)));
  if (!r) throw outOfScope(field, '整改单');
  return r;
}

export async function rectViews(db: Db, rows: RectRow[]) {
  if (!rows.length) return [];
  const d = rows[0]!.districtCode;
  const ents = await db
    .select({ id: entities.id, name: entities.name })
    .from(entities)
    .where(
      and(eq(entities.districtCode, d), inArray(entities.id, [...new Set(rows.map((r) => r.entityId))])),
    );
  const en = new Map(ents.map((e) => [e.id, e.name]));
  const visits = await db
    .select()
    .from(rectificationRevisits)
    .where(
      and(
        eq(rectificationRevisits.districtCode, d),
        inArray(
          rectificationRevisits.rectificationId,
          rows.map((r) => r.id),
        ),
      ),
    )
    .orderBy(asc(rectificationRevisits.createdAt));
  const names = await divisionNames(
    db,
    rows.map((r) => r.townCode),
  );
  const today = chinaToday();
  return rows.map((r) => ({
    id: r.id,
    inspectionId: r.inspectionId,
    entityId: r.entityId,
    entityName: en.get(r.entityId) ?? '',
    townCode: r.townCode,
    townName: townName(names, r.townCode),
    items: r.items as { key: string; label: string; note: string | null }[],
    deadline: r.deadline,
    overdue: r.status === 'open' && r.deadline < today,
    status: r.status as RectStatus,
    closedAt: r.closedAt?.toISOString() ?? null,
    escalatedAt: r.escalatedAt?.toISOString() ?? null,
    escalateReason: r.escalateReason,
    version: r.version,
    createdAt: r.createdAt.toISOString(),
    revisits: visits
      .filter((v) => v.rectificationId === r.id)
      .map((v) => ({
        id: v.id,
        result: v.result as RevisitResult,
        action: v.action as RevisitAction,
        note: v.note,
        newDeadline: v.newDeadline,
        visitedOn: v.visitedOn,
        userName: v.userName,
      })),
  }));
}

export async function searchRectifications(
  db: Db,
  scope: Scope,
  f: {
    status?: RectStatus;
    overdue?: '1' | '0';
    townCode?: string;
    entityId?: string;
    page: number;
    pageSize: number;
  },
) {
  const today = chinaToday();
  const where = and(
    rectPlace(scope),
    f.status ? eq(rectifications.status, f.status) : undefined,
    f.overdue === '1'
      ? and(eq(rectifications.status, 'open'), lt(rectifications.deadline, today))
      : undefined,
    f.townCode ? eq(rectifications.townCode, f.townCode) : undefined,
    f.entityId ? eq(rectifications.entityId, f.entityId) : undefined,
  ) as SQL;
  const [{ total } = { total: 0 }] = await db.select({ total: count() }).from(rectifications).where(where);
  const rows = await db
    .select()
    .from(rectifications)
    .where(where)
    .orderBy(
      sql`case when ${rectifications.status} = 'open' and ${rectifications.deadline} < ${today} then 0 when ${rectifications.status} = 'open' then 1 else 2 end`,
      asc(rectifications.deadline),
      desc(rectifications.createdAt),
    )
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize);
  return { items: await rectViews(db, rows), total: Number(total), page: f.page, pageSize: f.pageSize };
}

/**
 * A revisit (回头看) or an outright escalation, under a row lock and the version the user saw.
 * Escalation emits `inspection.escalated` in the same transaction (the cases domain consumes it).
 */
export async function stepRectification(
  db: Db,
  actor: Actor & { user: AuthUser },
  current: RectRow,
  input:
    | {
        kind: 'revisit';
        result: RevisitResult;
        action: RevisitAction;
        visitedOn: string;
        note?: string | null;
        newDeadline?: string | null;
        version: number;
      }
    | { kind: 'escalate'; reason: string; version: number },
) {
  const today = chinaToday();
  if (input.kind === 'revisit') {
    if (input.visitedOn > today) throw fieldError('visitedOn', `不能晚于今天（${today}）`);
    if (input.visitedOn < current.createdAt.toISOString().slice(0, 10))
      throw fieldError('visitedOn', '不能早于整改单下达日期');
  }
  await db.transaction(async (tx) => {
    const [r] = await tx
      .select()
      .from(rectifications)
      .where(and(eq(rectifications.districtCode, current.districtCode), eq(rectifications.id, current.id)))
      .for('update');
    if (!r) throw outOfScope('id', '整改单');
    if (r.version !== input.version) throw conflict('该整改单已被他人处理，请刷新后重试');
    const step: RectStep =
      input.kind === 'revisit'
        ? {
            kind: 'revisit',
            result: input.result,
            action: input.action,
            newDeadline: input.newDeadline,
            today,
          }
        : { kind: 'escalate' };
    const next = nextRectification(r.status as RectStatus, r.deadline, step);
    if (!next.ok) {
      if (next.field === 'status') throw conflict(next.reason, [{ field: 'status', reason: next.reason }]);
      throw fieldError(next.field, next.reason);
    }
    const now = new Date();
    const reason =
      input.kind === 'escalate'
        ? input.reason
        : input.action === 'escalate'
          ? (input.note ?? '回头看未整改到位')
          : null;
    if (input.kind === 'revisit') {
      await tx.insert(rectificationRevisits).values({
        id: randomUUID(),
        districtCode: r.districtCode,
        rectificationId: r.id,
        result: input.result,
        action: input.action,
        note: input.note ?? null,
        newDeadline: next.deadline ?? null,
        visitedOn: input.visitedOn,
        userId: actor.user.id,
        userName: actor.user.displayName,
      });
    }
    await tx
      .update(rectifications)
      .set({
        status: next.status,
        deadline: next.deadline ?? r.deadline,
        closedAt: next.status === 'closed' ? now : null,
        escalatedAt: next.status === 'escalated' ? now : null,
        escalateReason: next.status === 'escalated' ? reason : null,
        version: r.version + 1,
      })
      .where(and(eq(rectifications.districtCode, r.districtCode), eq(rectifications.id, r.id)));
    if (next.status === 'closed')
      await emitEvent(tx, r.districtCode, 'rectification.closed', r.id, {
        entityId: r.entityId,
        townCode: r.townCode,
        inspectionId: r.inspectionId,
      });
    if (next.status === 'escalated') {
      const [insp] = await tx
        .select({ inspectedAt: inspections.inspectedAt, inspectorName: inspections.inspectorName })
        .from(inspections)
        .where(and(eq(inspections.districtCode, r.districtCode), eq(inspections.id, r.inspectionId)));
      const [e] = await tx
        .select({ name: entities.name })
        .from(entities)
        .where(and(eq(entities.districtCode, r.districtCode), eq(entities.id, r.entityId)));
      await emitEvent(tx, r.districtCode, INSPECTION_ESCALATED, r.id, {
        rectificationId: r.id,
        inspectionId: r.inspectionId,
        entityId: r.entityId,
        entityName: e?.name ?? null,
        townCode: r.townCode,
        villageCode: r.villageCode,
        items: r.items,
        reason,
        inspectedAt: insp?.inspectedAt.toISOString() ?? null,
        inspectorName: insp?.inspectorName ?? null,
        escalatedBy: actor.user.displayName,
      });
      // 移交查处: the case is opened in the same transaction, by someone who may open cases
      // (a village coordinator reports; a supervisor or the office escalates).
      const day = insp ? chinaToday(insp.inspectedAt) : '';
      await openCase(tx, actor, {
        sourceType: 'inspection',
        sourceId: r.inspectionId,
        sourceLabel: `巡查 ${day} ${e?.name ?? ''}`.trim(),
        entityId: r.entityId,
        title: `巡查发现问题未整改到位：${e?.name ?? ''}`,
        summary: reason ?? undefined,
        holdIds: [],
      });
    }
    await writeAudit(tx, actor, {
      action: input.kind === 'escalate' ? 'escalate' : 'revisit',
      subjectType: 'rectification',
      subjectId: r.id,
      regionCode: r.townCode,
      before: { status: r.status, deadline: r.deadline },
      after: {
        status: next.status,
        deadline: next.deadline ?? r.deadline,
        ...(input.kind === 'revisit' ? { result: input.result, action: input.action } : { reason }),
      },
    });
  });
}

import { randomUUID } from 'node:crypto';
import type { CaseCreateInput } from '@nongan/shared/cases/schemas';
import { CASE_SOURCE_LABELS, CASE_WRITERS, type transferBody } from '@nongan/shared/cases/schemas';
import {
  CASE_STATE_LABELS,
  type CaseState,
  dueOn,
  FIVE_ITEMS,
  type FiveItem,
  isOpen,
  OPEN_STATES,
  transitionProblem,
} from '@nongan/shared/cases/states';
import { chinaToday, notBefore } from '@nongan/shared/common/dates';
import { and, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../../db/client.ts';
import type { CheckedFile } from '../../platform/files.ts';
import { badRequest, conflict, fieldError, HttpError } from '../../platform/http-error.ts';
import { formatSerial, reserveSerials } from '../../platform/serials.ts';
import { requireRoleOf } from '../accounts/guard.ts';
import { type AuthUser, type Scope, scopeOf } from '../accounts/scope.ts';
import {
  divisionInScopeOr404,
  entityInScopeOr404,
  outOfScope,
  sampleInScopeOr404,
} from '../accounts/write-scope.ts';
import type { Actor } from '../audit/audit.ts';
import { diff, writeAudit } from '../audit/audit.ts';
import { isUniqueViolation } from '../certificates/holdings.ts';
import { emitEvent } from '../sampling/events.ts';
import { lotHolds } from '../sampling/sample-table.ts';
import { saveFile } from './files-repository.ts';
import { type CaseRow, caseInScopeOr404 } from './repository.ts';
import { getCaseSettings } from './settings.ts';
import { caseHolds, caseSteps, cases } from './table.ts';

const duplicate = (caseNo: string | null) =>
  conflict(caseNo ? `该来源已有在办案件 ${caseNo}` : '该来源已有在办案件', [
    { field: 'sourceId', reason: '该来源已有在办案件，不能重复立案' },
  ]);

/** A sample may found a case once its failure is final: verified by a second person (or reported). */
const FINAL_SAMPLE_STATES = ['verified', 'reported'];

function userOf(actor: Actor): AuthUser {
  if (!actor.user) throw new HttpError(401, '请先登录');
  return actor.user;
}

async function step(
  tx: Db,
  actor: Actor,
  c: { districtCode: string; id: string },
  s: { action: string; from: string | null; to: string; note?: string | null; detail?: unknown },
) {
  await tx.insert(caseSteps).values({
    districtCode: c.districtCode,
    id: randomUUID(),
    caseId: c.id,
    action: s.action,
    fromState: s.from,
    toState: s.to,
    userId: actor.user?.id ?? null,
    userName: actor.user?.displayName ?? null,
    note: s.note ?? null,
    detail: s.detail ?? null,
  });
}

/** Where a case sits and whom it concerns, from its source, entity or stated town. */
async function placeOf(tx: Db, user: AuthUser, input: CaseCreateInput) {
  if (input.sourceType === 'sample') {
    const s = await sampleInScopeOr404(tx, user, input.sourceId as string, 'sourceId');
    if (!FINAL_SAMPLE_STATES.includes(s.status) || s.verdict !== 'fail')
      throw new HttpError(409, `样品 ${s.sampleNo} 不是经复核判定的不合格样品，不能据此立案`, [
        { field: 'sourceId', reason: '样品须经复核判定不合格（已复核或已出具报告）' },
      ]);
    if (input.entityId && input.entityId !== s.entityId)
      throw fieldError('entityId', '与不合格样品的被抽样主体不一致');
    return {
      townCode: s.townCode,
      entityId: s.entityId,
      partyName: s.entityId ? null : (s.sampledParty ?? input.partyName ?? null),
      sourceLabel: `样品 ${s.sampleNo}`,
    };
  }
  const label = input.sourceLabel?.trim() || CASE_SOURCE_LABELS[input.sourceType];
  if (input.entityId) {
    const e = await entityInScopeOr404(tx, user, input.entityId);
    return { townCode: e.townCode, entityId: e.id, partyName: null, sourceLabel: label };
  }
  if (!input.partyName?.trim()) throw fieldError('entityId', '须选择主体或填写当事人');
  if (!input.townCode) throw fieldError('townCode', '未选择主体时须指明镇街');
  divisionInScopeOr404(user, input.townCode);
  return { townCode: input.townCode, entityId: null, partyName: input.partyName.trim(), sourceLabel: label };
}

/** The held lots the case covers: those named, else the ones its failed sample put on hold. */
async function holdsFor(
  tx: Db,
  user: AuthUser,
  input: CaseCreateInput,
  at: { townCode: string; entityId: string | null },
): Promise<string[]> {
  const districtCode = user.districtCode;
  if (input.holdIds.length === 0) {
    if (input.sourceType !== 'sample') return [];
    const own = await tx
      .select({ id: lotHolds.id })
      .from(lotHolds)
      .where(
        and(
          eq(lotHolds.districtCode, districtCode),
          eq(lotHolds.sourceType, 'sample'),
          eq(lotHolds.sourceId, input.sourceId as string),
          eq(lotHolds.status, 'held'),
        ),
      );
    return own.map((h) => h.id);
  }
  const ids = [...new Set(input.holdIds)];
  const rows = await tx
    .select()
    .from(lotHolds)
    .where(and(eq(lotHolds.districtCode, districtCode), inArray(lotHolds.id, ids)))
    .for('update');
  const scope = scopeOf(user);
  for (const id of ids) {
    const h = rows.find((r) => r.id === id);
    if (!h || (scope.kind === 'town' && h.townCode !== scope.townCode))
      throw outOfScope('holdIds', '控制批次');
    if (h.status !== 'held')
      throw conflict('该批次已处置，不能纳入案件', [{ field: 'holdIds', reason: '批次已不在控制中' }]);
    if (h.townCode !== at.townCode || (h.entityId && at.entityId && h.entityId !== at.entityId))
      throw fieldError('holdIds', '控制批次与案件当事人不一致');
  }
  return ids;
}

/**
 * Registers a case (立案) in the caller's transaction: number, place, covered holds, first step and
 * audit. Other domains (inspections, complaints, incidents) call this with their own record as the
 * source; the caller's role and scope are checked here as for the route.
 */
export async function openCase(
  tx: Db,
  actor: Actor,
  input: CaseCreateInput,
): Promise<{ id: string; caseNo: string }> {
  const user = requireRoleOf(userOf(actor), CASE_WRITERS);
  const at = await placeOf(tx, user, input);
  if (input.sourceId) {
    const [dup] = await tx
      .select({ caseNo: cases.caseNo })
      .from(cases)
      .where(
        and(
          eq(cases.districtCode, user.districtCode),
          eq(cases.sourceType, input.sourceType),
          eq(cases.sourceId, input.sourceId),
          inArray(cases.state, [...OPEN_STATES]),
        ),
      );
    if (dup) throw duplicate(dup.caseNo);
  }
  const holdIds = await holdsFor(tx, user, input, at);
  const districtCode = user.districtCode;
  const today = chinaToday();
  const year = Number(today.slice(0, 4));
  const settings = await getCaseSettings(tx, districtCode);
  const n = await reserveSerials(tx, districtCode, 'case', year);
  const id = randomUUID();
  const caseNo = formatSerial('AJ', districtCode, year, n);
  if (holdIds.length) {
    const taken = await tx
      .select({ caseNo: cases.caseNo })
      .from(caseHolds)
      .innerJoin(cases, and(eq(cases.districtCode, caseHolds.districtCode), eq(cases.id, caseHolds.caseId)))
      .where(
        and(
          eq(caseHolds.districtCode, districtCode),
          inArray(caseHolds.holdId, holdIds),
          inArray(cases.state, [...OPEN_STATES]),
        ),
      );
    if (taken[0])
      throw conflict(`批次已在办案件 ${taken[0].caseNo} 中`, [
        { field: 'holdIds', reason: `已在办案件 ${taken[0].caseNo} 中` },
      ]);
  }
  try {
    await tx.insert(cases).values({
      districtCode,
      id,
      caseNo,
      title: input.title,
      townCode: at.townCode,
      entityId: at.entityId,
      partyName: at.partyName,
      sourceType: input.sourceType,
      sourceId: input.sourceId ?? null,
      sourceLabel: at.sourceLabel,
      summary: input.summary ?? null,
      dueOn: dueOn(today, settings.stateDays.registered),
      openedBy: user.id,
    });
  } catch (e) {
    if (isUniqueViolation(e, 'cases_open_source_uq'))
      throw conflict('该来源已有在办案件', [
        { field: 'sourceId', reason: '该来源已有在办案件，不能重复立案' },
      ]);
    throw e;
  }
  if (holdIds.length)
    await tx.insert(caseHolds).values(holdIds.map((holdId) => ({ districtCode, caseId: id, holdId })));
  await step(
    tx,
    actor,
    { districtCode, id },
    { action: 'register', from: null, to: 'registered', note: input.summary },
  );
  await emitEvent(tx, districtCode, 'case.opened', id, {
    caseNo,
    entityId: at.entityId ?? null,
    townCode: at.townCode,
    sourceType: input.sourceType,
    sourceId: input.sourceId ?? null,
  });
  await writeAudit(tx, actor, {
    action: 'create',
    subjectType: 'case',
    subjectId: id,
    regionCode: at.townCode,
    after: {
      caseNo,
      title: input.title,
      sourceType: input.sourceType,
      sourceId: input.sourceId ?? null,
      holdIds,
    },
  });
  return { id, caseNo };
}

/** Moves a case one step (or withdraws it), locked against a concurrent move. */
export async function transitionCase(
  db: Db,
  actor: Actor,
  scope: Scope,
  id: string,
  input: { to: CaseState; note?: string | null },
) {
  await db.transaction(async (tx) => {
    const c = await caseInScopeOr404(tx, scope, id, true);
    const problem = transitionProblem(c.state, input.to, { note: input.note, items: c });
    if (problem) {
      const fields = problem.field.split(',');
      const status = problem.field === 'note' ? 400 : 409;
      throw new HttpError(
        status,
        problem.reason,
        fields.map((f) => ({ field: f, reason: problem.reason })),
      );
    }
    const settings = await getCaseSettings(tx, c.districtCode);
    const to = input.to;
    const note = input.note?.trim() || null;
    const now = new Date();
    const set: Partial<CaseRow> = {
      state: to,
      stateAt: now,
      dueOn: isOpen(to) ? dueOn(chinaToday(now), settings.stateDays[to]) : null,
      version: c.version + 1,
      ...(to === 'decided' ? { decision: note } : {}),
      ...(to === 'withdrawn' ? { withdrawReason: note } : {}),
      ...(to === 'closed' || to === 'withdrawn' ? { closedAt: now } : {}),
    };
    await tx
      .update(cases)
      .set(set)
      .where(and(eq(cases.districtCode, c.districtCode), eq(cases.id, c.id)));
    await step(tx, actor, c, { action: 'transition', from: c.state, to, note });
    await emitEvent(tx, c.districtCode, 'case.transitioned', c.id, {
      caseNo: c.caseNo,
      entityId: c.entityId,
      townCode: c.townCode,
      from: c.state,
      to,
    });
    await writeAudit(tx, actor, {
      action: 'transition',
      subjectType: 'case',
      subjectId: c.id,
      regionCode: c.townCode,
      before: { state: c.state },
      after: { state: to, note },
    });
  });
}

/** Saves the five items (五不放过); only while the case is open. Absent fields stay as they are. */
export async function saveFindings(
  db: Db,
  actor: Actor,
  scope: Scope,
  id: string,
  input: Partial<Record<FiveItem, string | null>>,
) {
  await db.transaction(async (tx) => {
    const c = await caseInScopeOr404(tx, scope, id, true);
    if (!isOpen(c.state))
      throw conflict(`案件已${CASE_STATE_LABELS[c.state as CaseState]}，不能再修改`, [
        { field: 'id', reason: '案件已办结' },
      ]);
    const set: Partial<Record<FiveItem, string | null>> = {};
    for (const k of FIVE_ITEMS) if (input[k] !== undefined) set[k] = input[k]?.trim() || null;
    if (Object.keys(set).length === 0)
      throw badRequest('没有要保存的内容', [{ field: 'cause', reason: '至少填写一项' }]);
    await tx
      .update(cases)
      .set({ ...set, version: c.version + 1 })
      .where(and(eq(cases.districtCode, c.districtCode), eq(cases.id, c.id)));
    const before = Object.fromEntries(Object.keys(set).map((k) => [k, c[k as FiveItem]]));
    const changes = diff(before, set);
    await step(tx, actor, c, {
      action: 'findings',
      from: c.state,
      to: c.state,
      detail: { fields: Object.keys(changes.after) },
    });
    await writeAudit(tx, actor, {
      action: 'update',
      subjectType: 'case',
      subjectId: c.id,
      regionCode: c.townCode,
      ...changes,
    });
  });
}

/** 移送公安: recorded once, with date, receiving authority and its receipt number. */
export async function recordTransfer(
  db: Db,
  actor: Actor,
  scope: Scope,
  id: string,
  input: z.infer<typeof transferBody>,
) {
  await db.transaction(async (tx) => {
    const c = await caseInScopeOr404(tx, scope, id, true);
    if (c.transferredOn)
      throw conflict(`案件已于 ${c.transferredOn} 移送`, [{ field: 'transferredOn', reason: '已记录移送' }]);
    if (!isOpen(c.state))
      throw conflict(`案件已${CASE_STATE_LABELS[c.state as CaseState]}，不能再移送`, [
        { field: 'id', reason: '案件已办结' },
      ]);
    const early = notBefore(input.transferredOn, chinaToday(c.createdAt), '立案日期');
    if (early) throw fieldError('transferredOn', early);
    await tx
      .update(cases)
      .set({
        transferredOn: input.transferredOn,
        transferAgency: input.agency,
        transferReceiptNo: input.receiptNo,
        transferNote: input.note ?? null,
        version: c.version + 1,
      })
      .where(and(eq(cases.districtCode, c.districtCode), eq(cases.id, c.id)));
    await step(tx, actor, c, {
      action: 'transfer',
      from: c.state,
      to: c.state,
      note: `移送${input.agency}（${input.transferredOn}，回执编号 ${input.receiptNo}）${input.note ? `：${input.note}` : ''}`,
    });
    await writeAudit(tx, actor, {
      action: 'transfer',
      subjectType: 'case',
      subjectId: c.id,
      regionCode: c.townCode,
      after: input,
    });
  });
}

export async function addCaseDocument(db: Db, actor: Actor, scope: Scope, id: string, file: CheckedFile) {
  return db.transaction(async (tx) => {
    const c = await caseInScopeOr404(tx, scope, id, true);
    const view = await saveFile(
      tx,
      actor,
      { type: 'case', id: c.id, districtCode: c.districtCode, regionCode: c.townCode },
      file,
    );
    await step(tx, actor, c, { action: 'document', from: c.state, to: c.state, note: file.fileName });
    return view;
  });
}

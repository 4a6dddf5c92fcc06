import { randomUUID } from 'node:crypto';
import type { labResultsBody, sampleBody } from '@nongan/shared/sampling/tests';
import { and, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { conflict, type FieldIssue, HttpError } from '../../platform/http-error.ts';
import { formatSerial, reserveSerials } from '../../platform/serials.ts';
import type { Scope } from '../accounts/scope.ts';
import {
  divisionInScopeOr404,
  entityInScopeOr404,
  sampleInScopeOr404,
  taskInScopeOr404,
} from '../accounts/write-scope.ts';
import { type Actor, writeAudit } from '../audit/audit.ts';
import { analyteName, productProblem } from '../standards/catalog.ts';
import { referenceFor } from '../standards/district-reference.ts';
import { sampleVerdictWord, storedVerdicts } from '../standards/stored-verdict.ts';
import { findProduct, judgeSample } from '../standards/verdict.ts';
import { isLabState, transition } from './lab-states.ts';
import { moveSample } from './lab-steps.ts';
import { getPlanByYear } from './plan-repository.ts';
import { labResults, samples } from './sample-table.ts';
import { cstDay } from './stats-rows.ts';

type SampleInput = z.infer<typeof sampleBody>;
type ResultsInput = z.infer<typeof labResultsBody>;
type SampleRow = typeof samples.$inferSelect;

const fail = (issues: FieldIssue[]) =>
  new HttpError(400, issues.map((i) => `${i.field}: ${i.reason}`).join('；'), issues);

export async function getSample(db: Db, scope: Scope, id: string): Promise<SampleRow> {
  return sampleInScopeOr404(db, scope, id, 'id');
}

export async function createSample(db: Db, actor: Actor, scope: Scope, input: SampleInput): Promise<string> {
  const issues: FieldIssue[] = [];
  divisionInScopeOr404(scope, input.townCode);
  const product = findProduct(input.product);
  if (!product) issues.push({ field: 'product', reason: productProblem(input.product) });
  if (input.villageCode && !input.villageCode.startsWith(input.townCode))
    issues.push({ field: 'villageCode', reason: '村不属于该镇街' });
  if (input.entityId) {
    const e = await entityInScopeOr404(db, scope, input.entityId);
    if (!e.active) issues.push({ field: 'entityId', reason: '主体已停用' });
  } else if (!input.sampledParty)
    issues.push({ field: 'sampledParty', reason: '须选择主体或填写被抽样单位' });
  if (input.taskId) await taskInScopeOr404(db, scope, input.taskId);
  if (issues.length || !product) throw fail(issues);
  if (input.sampleNo) {
    const [dup] = await db
      .select({ id: samples.id })
      .from(samples)
      .where(and(eq(samples.districtCode, scope.districtCode), eq(samples.sampleNo, input.sampleNo)));
    if (dup) throw conflict(`样品编号 ${input.sampleNo} 已存在`, [{ field: 'sampleNo', reason: '已存在' }]);
  }
  const sampledAt = new Date(input.sampledAt);
  const year = Number(cstDay(sampledAt).slice(0, 4));
  const id = randomUUID();
  await db.transaction(async (tx) => {
    const sampleNo =
      input.sampleNo ??
      formatSerial(
        'CY',
        scope.districtCode,
        year,
        await reserveSerials(tx, scope.districtCode, 'sample', year),
      );
    const row = {
      id,
      districtCode: scope.districtCode,
      sampleNo,
      planId: (await getPlanByYear(tx, scope.districtCode, year))?.id ?? null,
      taskId: input.taskId ?? null,
      taskKind: input.taskKind,
      townCode: input.townCode,
      villageCode: input.villageCode ?? null,
      entityId: input.entityId ?? null,
      sampledParty: input.sampledParty ?? null,
      productCode: product.code,
      link: input.link,
      sampler: input.sampler,
      sampledAt,
      quantity: input.quantity,
      quantityUnit: input.quantityUnit,
      sealNo: input.sealNo ?? null,
      lotRef: input.lotRef ?? null,
      createdBy: actor.user?.id ?? null,
    };
    await tx.insert(samples).values(row);
    await writeAudit(tx, actor, {
      action: 'create',
      subjectType: 'sample',
      subjectId: id,
      regionCode: row.townCode,
      after: row,
    });
  });
  return id;
}

/**
 * Judges and stores a sample's results as 'entered': nothing acts outside the lab until a
 * verifier accepts them (lab-flow.ts verifyResults). A registered sample entered straight from
 * an instrument file or the form is received in the same step (recorded as such).
 */
export async function recordLabResults(
  db: Db,
  actor: Actor,
  scope: Scope,
  sampleId: string,
  input: ResultsInput,
) {
  const s = await getSample(db, scope, sampleId);
  const from = s.status === 'registered' ? 'received' : s.status;
  if (!isLabState(from)) throw conflict(`样品 ${s.sampleNo} 状态异常`);
  const move = transition(from, 'enter');
  if (!move.ok) throw conflict(`样品 ${s.sampleNo}：${move.reason}`);
  const issues: FieldIssue[] = [];
  if (new Date(input.testedAt) < s.sampledAt)
    issues.push({ field: 'testedAt', reason: '检测时间不能早于抽样时间' });
  input.results.forEach((r, i) => {
    if (r.loq != null && r.lod != null && r.loq < r.lod)
      issues.push({ field: `results.${i}.loq`, reason: '定量限不能小于检出限' });
  });
  const seen = new Set<string>();
  const judged = judgeSample(
    s.productCode,
    input.results.map((r) => ({ analyte: r.analyte, value: r.value, unit: r.unit, lod: r.lod ?? null })),
    await referenceFor(db, s.districtCode),
    cstDay(s.sampledAt),
  );
  judged.results.forEach((v, i) => {
    if (v.verdict === 'error')
      for (const e of v.errors) issues.push({ field: `results.${i}.${e.field}`, reason: e.reason });
    else if (seen.has(v.analyte.code))
      issues.push({ field: `results.${i}.analyte`, reason: `${v.analyte.name} 重复` });
    else seen.add(v.analyte.code);
  });
  if (issues.length) throw fail(issues);
  const sampleVerdict = sampleVerdictWord(judged);
  const testedAt = new Date(input.testedAt);
  const stored = storedVerdicts(judged);
  const rows = stored.map((v, i) => ({
    ...v,
    districtCode: s.districtCode,
    sampleId: s.id,
    loq: input.results[i]?.loq ?? null,
    methodStandard: input.results[i]?.methodStandard ?? '',
    testedAt,
    testedBy: actor.user?.id ?? null,
  }));
  const summary = rows.map((r) => ({
    analyte: analyteName(r.analyteCode),
    value: r.value,
    unit: r.unit,
    lod: r.lod,
    loq: r.loq,
    verdict: r.verdict,
  }));
  await db.transaction(async (tx) => {
    if (s.status === 'registered')
      await moveSample(tx, actor, s, 'receive', { detail: { note: '随检测结果录入接收' } });
    await moveSample(tx, actor, s, 'enter', {
      set: { enteredVerdict: sampleVerdict, enteredBy: actor.user?.id ?? null },
      fromState: 'received',
      detail: { verdict: sampleVerdict, results: summary },
    });
    // Re-entry after a send-back replaces the rows; the earlier values stay in lab_steps.
    await tx
      .delete(labResults)
      .where(and(eq(labResults.districtCode, s.districtCode), eq(labResults.sampleId, s.id)));
    await tx.insert(labResults).values(rows);
    await writeAudit(tx, actor, {
      action: 'record_results',
      subjectType: 'sample',
      subjectId: s.id,
      regionCode: s.townCode,
      after: { enteredVerdict: sampleVerdict, results: summary },
    });
  });
  return { verdict: sampleVerdict, judged };
}

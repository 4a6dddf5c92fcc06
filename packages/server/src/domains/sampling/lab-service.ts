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
import { productName, productProblem } from '../standards/catalog.ts';
import { referenceFor } from '../standards/district-reference.ts';
import { reference } from '../standards/reference.ts';
import { sampleFlags, sampleVerdictWord, storedVerdicts } from '../standards/stored-verdict.ts';
import { findProduct, judgeSample } from '../standards/verdict.ts';
import { emitEvent } from './events.ts';
import { getPlanByYear } from './plan-repository.ts';
import { entityFlags, labResults, lotHolds, rapidTests, samples, samplingTasks } from './sample-table.ts';
import { addStats, cstDay, cstMonth, type StatDelta } from './stats-rows.ts';

type SampleInput = z.infer<typeof sampleBody>;
type ResultsInput = z.infer<typeof labResultsBody>;
type SampleRow = typeof samples.$inferSelect;

const analyteName = (code: string) => reference.analytes.get(code)?.name ?? code;

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

/** Judges and stores a sample's results; a failure sets off the follow-up (hold, flag, task, event). */
export async function recordLabResults(
  db: Db,
  actor: Actor,
  scope: Scope,
  sampleId: string,
  input: ResultsInput,
) {
  const s = await getSample(db, scope, sampleId);
  if (s.status !== 'sampled') throw conflict(`样品 ${s.sampleNo} 已有检测结果`);
  const issues: FieldIssue[] = [];
  if (new Date(input.testedAt) < s.sampledAt)
    issues.push({ field: 'testedAt', reason: '检测时间不能早于抽样时间' });
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
  const flags = sampleFlags(stored);
  const rows = stored.map((v, i) => ({
    ...v,
    districtCode: s.districtCode,
    sampleId: s.id,
    methodStandard: input.results[i]?.methodStandard ?? '',
    testedAt,
    testedBy: actor.user?.id ?? null,
  }));
  const nameOf = new Map(
    judged.results.flatMap((v) => (v.verdict === 'error' ? [] : [[v.analyte.code, v.analyte.name]])),
  );
  const named = (code: string) => nameOf.get(code) ?? analyteName(code);
  const month = cstMonth(s.sampledAt);
  const base = {
    districtCode: s.districtCode,
    month,
    townCode: s.townCode,
    holderCode: s.districtCode,
    taskKind: s.taskKind,
    productCode: s.productCode,
    link: s.link,
  };
  const deltas: StatDelta[] = [
    {
      ...base,
      analyteCode: '*',
      total: 1,
      failed: sampleVerdict === 'fail' ? 1 : 0,
      leads: flags.hasLead ? 1 : 0,
      provisional: flags.provisional ? 1 : 0,
    },
    ...rows.map((r) => ({
      ...base,
      analyteCode: r.analyteCode,
      total: 1,
      failed: r.verdict === 'fail' ? 1 : 0,
      leads: r.leadKind ? 1 : 0,
      provisional: r.provisional ? 1 : 0,
    })),
  ];
  const leads: LeadNote[] = rows.flatMap((r) =>
    r.leadKind && r.leadBasis
      ? [
          {
            analyteCode: r.analyteCode,
            analyteName: named(r.analyteCode),
            basis: r.leadBasis,
            item: r.leadItem,
            message: judged.leads.find((l) => l.analyteCode === r.analyteCode)?.message ?? r.leadBasis,
          },
        ]
      : [],
  );
  await db.transaction(async (tx) => {
    const done = await tx
      .update(samples)
      .set({
        status: 'judged',
        verdict: sampleVerdict,
        hasLead: flags.hasLead,
        provisional: flags.provisional,
        judgedAt: new Date(),
        version: s.version + 1,
      })
      .where(
        and(eq(samples.districtCode, s.districtCode), eq(samples.id, s.id), eq(samples.status, 'sampled')),
      )
      .returning({ id: samples.id });
    if (done.length === 0) throw conflict(`样品 ${s.sampleNo} 已有检测结果`);
    await tx.insert(labResults).values(rows);
    await addStats(tx, deltas);
    await writeAudit(tx, actor, {
      action: 'record_results',
      subjectType: 'sample',
      subjectId: s.id,
      regionCode: s.townCode,
      after: {
        verdict: sampleVerdict,
        provisional: flags.provisional,
        leads: leads.map((l) => ({ analyte: l.analyteName, basis: l.basis })),
        results: rows.map((r) => ({
          analyte: named(r.analyteCode),
          value: r.value,
          unit: r.unit,
          verdict: r.verdict,
        })),
      },
    });
    let taskId: string | null = null;
    if (sampleVerdict === 'fail') {
      const failed = rows.filter((r) => r.verdict === 'fail').map((r) => r.analyteCode);
      taskId = await followUpFailure(tx, s, failed, failed.map(named));
    }
    if (leads.length) await followUpLead(tx, s, leads, taskId);
    if (s.taskId) await closeTask(tx, s, sampleVerdict);
  });
  return { verdict: sampleVerdict, judged };
}

/**
 * The sample answers a task: the task is done, and where the task confirms a positive rapid
 * test, the rapid test is confirmed (lab fail) or cleared, and a cleared lot is released.
 */
async function closeTask(tx: Db, s: SampleRow, verdict: string) {
  const [task] = await tx
    .update(samplingTasks)
    .set({ status: 'done' })
    .where(and(eq(samplingTasks.districtCode, s.districtCode), eq(samplingTasks.id, s.taskId as string)))
    .returning();
  if (task?.origin !== 'rapid_positive' || !task.sourceRef || verdict === 'no_limit') return;
  const confirmed = verdict === 'fail';
  await tx
    .update(rapidTests)
    .set({ followUp: confirmed ? 'confirmed' : 'cleared' })
    .where(and(eq(rapidTests.districtCode, s.districtCode), eq(rapidTests.id, task.sourceRef)));
  if (!confirmed) {
    await tx
      .update(lotHolds)
      .set({ status: 'released', releasedAt: new Date() })
      .where(
        and(
          eq(lotHolds.districtCode, s.districtCode),
          eq(lotHolds.sourceId, task.sourceRef),
          eq(lotHolds.status, 'held'),
        ),
      );
  }
}

/** A failed sample: lot off the market, entity flagged, a targeted task proposed, an event for other domains. */
async function followUpFailure(tx: Db, s: SampleRow, analytes: string[], names: string[]): Promise<string> {
  await tx.insert(lotHolds).values({
    id: randomUUID(),
    districtCode: s.districtCode,
    entityId: s.entityId,
    townCode: s.townCode,
    productCode: s.productCode,
    lotRef: s.lotRef,
    sourceType: 'sample',
    sourceId: s.id,
    reason: `样品 ${s.sampleNo} 检测不合格（${names.join('、')}），该批产品不得上市`,
  });
  if (s.entityId) {
    await tx
      .insert(entityFlags)
      .values({
        districtCode: s.districtCode,
        entityId: s.entityId,
        flag: 'problem',
        sourceType: 'sample',
        sourceId: s.id,
        note: `样品 ${s.sampleNo} 不合格`,
      })
      .onConflictDoNothing();
  }
  const taskId = randomUUID();
  await tx.insert(samplingTasks).values({
    id: taskId,
    districtCode: s.districtCode,
    planId: s.planId,
    kind: 'supervisory_sampling',
    title: `不合格跟踪监督抽查：${s.sampleNo}（${names.join('、')}）`,
    townCode: s.townCode,
    entityId: s.entityId,
    productCode: s.productCode,
    origin: 'failure_follow_up',
    sourceRef: s.id,
    dueDate: cstDay(new Date(Date.now() + 7 * 86400_000)),
  });
  await emitEvent(tx, s.districtCode, 'sampling.failed', s.id, {
    sampleNo: s.sampleNo,
    entityId: s.entityId,
    townCode: s.townCode,
    productCode: s.productCode,
    productName: productName(s.productCode),
    analytes,
    analyteNames: names,
    proposedTaskId: taskId,
  });
  return taskId;
}

interface LeadNote {
  analyteCode: string;
  analyteName: string;
  basis: string;
  item: string | null;
  message: string;
}

/**
 * 禁限用药物检出: a supervision lead, not a verdict. The lot is not held; the entity is flagged
 * and a targeted check of its input use is proposed (unless the failure's follow-up task already
 * goes there), and an event tells other domains.
 */
async function followUpLead(tx: Db, s: SampleRow, leads: LeadNote[], failureTaskId: string | null) {
  const what = leads.map((l) => `${l.analyteName}（${l.basis}）`).join('、');
  if (s.entityId) {
    await tx
      .insert(entityFlags)
      .values({
        districtCode: s.districtCode,
        entityId: s.entityId,
        flag: 'ban_lead',
        sourceType: 'sample',
        sourceId: s.id,
        note: `样品 ${s.sampleNo} 禁限用药物检出：${what}`,
      })
      .onConflictDoNothing();
  }
  let taskId = failureTaskId;
  if (!taskId) {
    taskId = randomUUID();
    await tx.insert(samplingTasks).values({
      id: taskId,
      districtCode: s.districtCode,
      planId: s.planId,
      kind: 'supervisory_sampling',
      title: `禁限用药物检出核查：${s.sampleNo} ${what}，核查投入品使用`,
      townCode: s.townCode,
      entityId: s.entityId,
      productCode: s.productCode,
      origin: 'ban_lead',
      sourceRef: s.id,
      dueDate: cstDay(new Date(Date.now() + 7 * 86400_000)),
    });
  }
  await emitEvent(tx, s.districtCode, 'sampling.ban_lead', s.id, {
    sampleNo: s.sampleNo,
    entityId: s.entityId,
    townCode: s.townCode,
    productCode: s.productCode,
    productName: productName(s.productCode),
    leads: leads.map((l) => ({
      analyte: l.analyteCode,
      analyteName: l.analyteName,
      basis: l.basis,
      item: l.item,
      message: l.message,
    })),
    proposedTaskId: taskId,
  });
}

import { randomUUID } from 'node:crypto';
import { and, eq, inArray, notExists, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { caseHolds, cases } from '../cases/table.ts';
import { analyteName, productName } from '../standards/catalog.ts';
import { emitEvent } from './events.ts';
import {
  entityFlags,
  labResults,
  lotHolds,
  rapidTests,
  type samples,
  samplingTasks,
} from './sample-table.ts';
import { addStats, cstDay, cstMonth, type StatDelta } from './stats-rows.ts';

type SampleRow = typeof samples.$inferSelect;
type ResultRow = typeof labResults.$inferSelect;

/** The result_stats rows a final sample contributes: sign 1 when it becomes final, -1 when invalidated. */
export function sampleDeltas(s: SampleRow, verdict: string, rows: ResultRow[], sign: 1 | -1): StatDelta[] {
  const base = {
    districtCode: s.districtCode,
    month: cstMonth(s.sampledAt),
    townCode: s.townCode,
    holderCode: s.districtCode,
    taskKind: s.taskKind,
    productCode: s.productCode,
    link: s.link,
  };
  return [
    {
      ...base,
      analyteCode: '*',
      total: sign,
      failed: verdict === 'fail' ? sign : 0,
      leads: rows.some((r) => r.leadKind) ? sign : 0,
      provisional: rows.some((r) => r.provisional) ? sign : 0,
    },
    ...rows.map((r) => ({
      ...base,
      analyteCode: r.analyteCode,
      total: sign,
      failed: r.verdict === 'fail' ? sign : 0,
      leads: r.leadKind ? sign : 0,
      provisional: r.provisional ? sign : 0,
    })),
  ];
}

export async function resultRows(tx: Db, s: SampleRow): Promise<ResultRow[]> {
  return tx
    .select()
    .from(labResults)
    .where(and(eq(labResults.districtCode, s.districtCode), eq(labResults.sampleId, s.id)));
}

/**
 * Everything a verified result sets off outside the lab, in the caller's transaction: statistics,
 * the failure's hold, flag, task and event, the lead's follow-up, and the task it answers. A
 * retest first lifts what the result it replaces set off, so the final verdict follows the retest.
 */
export async function applyVerified(tx: Db, s: SampleRow, verdict: string, rows: ResultRow[]) {
  await addStats(tx, sampleDeltas(s, verdict, rows, 1));
  if (s.retestOf) await liftConsequences(tx, s.districtCode, s.retestOf);
  const named = analyteName;
  // The replaced result's open follow-up: a failing retest takes it over, a passing one withdraws it.
  const carried = s.retestOf ? await openFollowUp(tx, s.districtCode, s.retestOf) : null;
  let taskId: string | null = null;
  if (verdict === 'fail') {
    const failed = rows.filter((r) => r.verdict === 'fail').map((r) => r.analyteCode);
    taskId = await followUpFailure(tx, s, failed, failed.map(named), carried);
  } else if (carried) {
    await tx
      .update(samplingTasks)
      .set({ status: 'withdrawn' })
      .where(and(eq(samplingTasks.districtCode, s.districtCode), eq(samplingTasks.id, carried)));
  }
  const leads: LeadNote[] = rows.flatMap((r) =>
    r.leadKind && r.leadBasis
      ? [
          {
            analyteCode: r.analyteCode,
            analyteName: named(r.analyteCode),
            basis: r.leadBasis,
            item: r.leadItem,
            message: `禁限用药物检出：${named(r.analyteCode)}禁止用于${r.leadScope ?? productName(s.productCode) ?? '该产品'}（${r.leadBasis}${r.leadItem ? ` ${r.leadItem}` : ''}）`,
          },
        ]
      : [],
  );
  if (leads.length) await followUpLead(tx, s, leads, taskId);
  if (s.taskId) await closeTask(tx, s, verdict);
  await emitEvent(tx, s.districtCode, 'sampling.verified', s.id, {
    sampleNo: s.sampleNo,
    entityId: s.entityId,
    townCode: s.townCode,
    verdict,
    retestOf: s.retestOf,
  });
}

/** An invalidated result stops counting: statistics lose it (holds stay until the retest decides). */
export async function withdrawVerified(tx: Db, s: SampleRow, rows: ResultRow[]) {
  if (s.verdict) await addStats(tx, sampleDeltas(s, s.verdict, rows, -1));
}

/**
 * Not covered by an open case: a lot under investigation stays held whatever a later result says,
 * until the case ends and someone disposes of it (domains/cases/holds.ts).
 */
const notInOpenCase = () =>
  notExists(
    sql`(select 1 from ${caseHolds} join ${cases} on ${cases.districtCode} = ${caseHolds.districtCode} and ${cases.id} = ${caseHolds.caseId}
      where ${caseHolds.districtCode} = ${lotHolds.districtCode} and ${caseHolds.holdId} = ${lotHolds.id}
        and ${cases.state} not in ('closed', 'withdrawn'))`,
  );

/** The replaced result's hold and flags end: the retest's own verdict now decides. */
async function liftConsequences(tx: Db, districtCode: string, sampleId: string) {
  await tx
    .update(lotHolds)
    .set({ status: 'released', releasedAt: new Date() })
    .where(
      and(
        eq(lotHolds.districtCode, districtCode),
        eq(lotHolds.sourceType, 'sample'),
        eq(lotHolds.sourceId, sampleId),
        eq(lotHolds.status, 'held'),
        notInOpenCase(),
      ),
    );
  await tx
    .update(entityFlags)
    .set({ active: false })
    .where(
      and(
        eq(entityFlags.districtCode, districtCode),
        eq(entityFlags.sourceType, 'sample'),
        eq(entityFlags.sourceId, sampleId),
      ),
    );
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
          notInOpenCase(),
        ),
      );
  }
}

/** The not-yet-done failure follow-up task proposed for a sample, if any. */
async function openFollowUp(tx: Db, districtCode: string, sampleId: string): Promise<string | null> {
  const [task] = await tx
    .select({ id: samplingTasks.id })
    .from(samplingTasks)
    .where(
      and(
        eq(samplingTasks.districtCode, districtCode),
        eq(samplingTasks.origin, 'failure_follow_up'),
        eq(samplingTasks.sourceRef, sampleId),
        inArray(samplingTasks.status, ['proposed', 'accepted']),
      ),
    )
    .limit(1);
  return task?.id ?? null;
}

/**
 * A failed sample: lot off the market, entity flagged, a targeted task proposed, an event for
 * other domains. A failing retest carries on the replaced result's open task instead of adding one.
 */
async function followUpFailure(
  tx: Db,
  s: SampleRow,
  analytes: string[],
  names: string[],
  carried: string | null,
): Promise<string> {
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
  const title = `不合格跟踪监督抽查：${s.sampleNo}（${names.join('、')}）`;
  const taskId = carried ?? randomUUID();
  if (carried) {
    await tx
      .update(samplingTasks)
      .set({ title, sourceRef: s.id })
      .where(and(eq(samplingTasks.districtCode, s.districtCode), eq(samplingTasks.id, carried)));
  } else
    await tx.insert(samplingTasks).values({
      id: taskId,
      districtCode: s.districtCode,
      planId: s.planId,
      kind: 'supervisory_sampling',
      title,
      townCode: s.townCode,
      entityId: s.entityId,
      productCode: s.productCode,
      origin: 'failure_follow_up',
      sourceRef: s.id,
      dueDate: cstDay(new Date(Date.now() + 7 * 86400_000)),
    });
  await emitEvent(tx, s.districtCode, 'sampling.failed', s.id, {
    sampleNo: s.sampleNo,
    retestOf: s.retestOf,
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

import { LAB_TASK_KINDS, TASK_KINDS, type TaskKind } from '@nongan/shared/sampling/plans';
import type { Db } from '../../db/client.ts';
import type { Scope } from '../accounts/scope.ts';
import { holderName } from '../regions/names.ts';
import { divisionNames } from '../regions/repository.ts';
import { planQuotaRows } from './plan-repository.ts';
import type { monitoringPlans } from './plan-table.ts';
import { progressOf, yearElapsed } from './progress.ts';
import { doneByHolder } from './stats-repository.ts';

type Plan = typeof monitoringPlans.$inferSelect;

/** Done vs quota per holder and task kind, and vs the share of the year elapsed. */
export async function planProgress(db: Db, scope: Scope, plan: Plan, at = new Date()) {
  const [quotas, done] = await Promise.all([
    planQuotaRows(db, plan.districtCode, plan.id),
    doneByHolder(db, plan.districtCode, plan.year),
  ]);
  const doneMap = new Map(done.map((d) => [`${d.taskKind}|${d.holderCode}`, d.done]));
  const elapsed = yearElapsed(plan.year, at);
  const visible = (holder: string) =>
    scope.kind === 'district' ||
    (scope.kind === 'town' && (holder === scope.townCode || holder === plan.districtCode));
  const names = await divisionNames(
    db,
    quotas.map((q) => q.holderCode),
  );
  const rows = quotas
    .filter((q) => visible(q.holderCode))
    .map((q) => ({
      taskKind: q.taskKind as TaskKind,
      holderCode: q.holderCode,
      holderName: holderName(names, q.holderCode, plan.districtCode),
      ...progressOf(doneMap.get(`${q.taskKind}|${q.holderCode}`) ?? 0, q.quota, elapsed),
    }));
  // A town's headline counts its own quota; the testing centre's row stays in the table for
  // context but is not added to the town's figure (it used to read 157 / 1,600 for 73 / 800).
  const headline = (k: TaskKind) => {
    const all = rows.filter((r) => r.taskKind === k);
    const own = all.filter((r) => r.holderCode !== plan.districtCode);
    return scope.kind === 'town' && own.length ? own : all;
  };
  const byKind = TASK_KINDS.map((k) => {
    const list = headline(k);
    return {
      taskKind: k,
      ...progressOf(
        list.reduce((s, r) => s + r.done, 0),
        list.reduce((s, r) => s + r.quota, 0),
        elapsed,
      ),
    };
  }).filter((k) => k.quota > 0 || k.done > 0);
  const lab = byKind.filter((k) => LAB_TASK_KINDS.includes(k.taskKind));
  return {
    planId: plan.id,
    year: plan.year,
    elapsed,
    rows,
    byKind,
    labTotal: progressOf(
      lab.reduce((s, r) => s + r.done, 0),
      lab.reduce((s, r) => s + r.quota, 0),
      elapsed,
    ),
  };
}

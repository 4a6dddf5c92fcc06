import type { QuotaInput, TaskKind } from '@nongan/shared/sampling/plans';
import type { FieldIssue } from '../../platform/http-error.ts';

/** Checks quotas against the district's holders: known holder, one row per (kind, holder). Pure. */
export function quotaIssues(
  quotas: QuotaInput[],
  districtCode: string,
  townCodes: Set<string>,
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  quotas.forEach((q, i) => {
    const key = `${q.taskKind}|${q.holderCode}`;
    if (q.holderCode !== districtCode && !townCodes.has(q.holderCode)) {
      issues.push({ field: `quotas.${i}.holderCode`, reason: `${q.holderCode} 不是本区县或其镇街` });
    }
    if (seen.has(key)) issues.push({ field: `quotas.${i}`, reason: '同一任务类型和承担单位重复' });
    seen.add(key);
  });
  return issues;
}

export function totalsByKind(quotas: { taskKind: string; quota: number }[]): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const q of quotas) totals[q.taskKind] = (totals[q.taskKind] ?? 0) + q.quota;
  return totals;
}

/** Parses a plan CSV (task_kind, holder_code, quota) into quotas, naming the line of a bad row. */
export function parsePlanRows(rows: Record<string, string>[], kinds: readonly TaskKind[]): QuotaInput[] {
  return rows.map((r, i) => {
    const quota = Number(r.quota);
    if (!kinds.includes(r.task_kind as TaskKind))
      throw new Error(`第${i + 2}行 task_kind: 未知任务类型 ${r.task_kind}`);
    if (!Number.isInteger(quota) || quota < 0) throw new Error(`第${i + 2}行 quota: 应为非负整数`);
    return { taskKind: r.task_kind as TaskKind, holderCode: r.holder_code ?? '', quota };
  });
}

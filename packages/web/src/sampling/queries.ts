import type { Role } from '@nongan/shared/accounts/schemas';
import type { PlanView, TaskKind } from '@nongan/shared/sampling/plans';
import type {
  holdView,
  progressView,
  rapidTestDetail,
  rapidTestView,
  sampleDetailView,
  sampleView,
  statsView,
  taskView,
} from '@nongan/shared/sampling/tests';
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { api, type Page } from '../common/api.ts';

export type { PlanView };
export type RapidTest = z.infer<typeof rapidTestView>;
export type RapidTestDetail = z.infer<typeof rapidTestDetail>;
export type Sample = z.infer<typeof sampleView>;
export type SampleDetail = z.infer<typeof sampleDetailView>;
export type Progress = z.infer<typeof progressView>;
export type Stats = z.infer<typeof statsView>;
export type Hold = z.infer<typeof holdView>;
export type Task = z.infer<typeof taskView>;
export type Catalog = {
  version: string;
  products: { code: string; name: string; parent: string | null }[];
  analytes: { code: string; name: string; kind: string; banned: boolean }[];
};
export type DrawResult = {
  taskId: string;
  seed: number;
  candidates: number;
  entities: { id: string; name: string; type: string; townCode: string }[];
};
export type BatchResult = {
  batchId: string | null;
  total: number;
  created: number;
  positive: number;
  /** Rows with at least one error (errors may be cut short, see errorsTruncated). */
  failed: number;
  committed: boolean;
  errors: { row: number; field: string; reason: string }[];
  errorsTruncated: boolean;
};

// Mirrors the server's guards (sampling routes) so the UI only offers what will be allowed.
export const PLAN_EDITORS: readonly Role[] = ['district_admin', 'district_staff'];
export const RECORDERS: readonly Role[] = [
  'district_admin',
  'district_staff',
  'testing_centre',
  'town_supervisor',
];
export const LAB: readonly Role[] = ['district_admin', 'district_staff', 'testing_centre'];
export const READERS: readonly Role[] = [...RECORDERS, 'village_coordinator'];

export { DISTRICT_CENTRE } from '@nongan/shared/common/missing';

/** A date as ISO with the China Standard Time offset, which the server asks for. */
export function cstIso(d: Date): string {
  return `${new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;
}

export const pct = (v: number | null | undefined, digits = 1) =>
  v == null ? '—' : `${(v * 100).toFixed(digits)}%`;

export const SAMPLE_VERDICT: Record<string, { label: string; color: string }> = {
  pass: { label: '合格', color: 'green' },
  fail: { label: '不合格', color: 'red' },
  not_detected: { label: '未检出', color: 'green' },
  no_limit: { label: '无限量标准', color: 'orange' },
};
export const RESULT_TAG: Record<string, { label: string; color: string }> = {
  positive: { label: '阳性', color: 'red' },
  negative: { label: '阴性', color: 'green' },
};
export const FOLLOW_UP_LABELS: Record<string, string> = {
  pending_lab: '待定量确认',
  confirmed: '定量确认不合格',
  cleared: '定量复检合格',
};
export const TASK_STATUS_LABELS: Record<string, string> = {
  proposed: '待处理',
  accepted: '已接收',
  done: '已完成',
  withdrawn: '已撤销（复检合格）',
};
export const TASK_ORIGIN_LABELS: Record<string, string> = {
  failure_follow_up: '不合格跟踪',
  ban_lead: '禁限用药物检出核查',
  rapid_positive: '快检阳性复检',
  random_draw: '随机抽样',
};
export { HOLD_STATUS_LABELS } from '@nongan/shared/cases/states';
/** Lab states (server: lab-states.ts), as the testing centre calls them. */
export const SAMPLE_STATUS_LABELS: Record<string, string> = {
  registered: '待接收',
  received: '已接收',
  entered: '已录入待审核',
  verified: '已审核',
  reported: '已出报告',
  rejected: '已拒收',
  invalidated: '已作废',
};
export const SAMPLE_STATUS_COLORS: Record<string, string> = {
  registered: 'default',
  received: 'blue',
  entered: 'gold',
  verified: 'green',
  reported: 'cyan',
  rejected: 'red',
  invalidated: 'default',
};
export const LAB_ACTION_LABELS: Record<string, string> = {
  receive: '接收',
  reject: '拒收',
  enter: '录入结果',
  verify: '审核通过',
  return: '退回',
  report: '出具报告',
  invalidate: '作废',
};
/** Who may set the lab rules; verifiers come from GET /lab/settings. */
export const LAB_SETTINGS_EDITORS: readonly Role[] = ['district_admin', 'testing_centre'];
export type LabSettings = {
  verifierRoles: string[];
  selfVerify: boolean;
  overdueDays: Record<string, number>;
  retestWindowDays: number;
};
export const QUANTITY_UNITS = ['kg', 'g', '只', '枚', '尾', '份'] as const;

export function usePlans() {
  return useQuery({ queryKey: ['sampling', 'plans'], queryFn: () => api.get<PlanView[]>('/plans') });
}

/** The plan of the current year, else the latest one. */
export function defaultPlan(plans: PlanView[] | undefined): PlanView | undefined {
  if (!plans?.length) return undefined;
  const year = new Date().getFullYear();
  return plans.find((p) => p.year === year) ?? [...plans].sort((a, b) => b.year - a.year)[0];
}

export function useCatalog() {
  return useQuery({
    queryKey: ['sampling', 'catalog'],
    queryFn: () => api.get<Catalog>('/sampling/catalog'),
    staleTime: 30 * 60_000,
  });
}

export function useProductOptions() {
  const cat = useCatalog();
  return {
    loading: cat.isPending,
    failed: cat.isError,
    options: (cat.data?.products ?? [])
      .filter((p) => p.parent)
      .map((p) => ({ value: p.code, label: p.name })),
  };
}

export function useRapidPage(q: Record<string, string | number | undefined>) {
  return useQuery({
    queryKey: ['sampling', 'rapid', q],
    queryFn: () => api.get<Page<RapidTest>>('/rapid-tests', q),
    placeholderData: (prev) => prev,
  });
}

export function useSamplePage(q: Record<string, string | number | undefined>) {
  return useQuery({
    queryKey: ['sampling', 'samples', q],
    queryFn: () => api.get<Page<Sample>>('/samples', q),
    placeholderData: (prev) => prev,
  });
}

export const taskKindOrder = (k: TaskKind) =>
  ['rapid_test', 'supervisory_sampling', 'routine_monitoring', 'risk_monitoring', 'input_inspection'].indexOf(
    k,
  );

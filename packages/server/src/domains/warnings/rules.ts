/**
 * The warning rules: facts gathered by SQL (facts.ts) in, warnings out. No I/O here.
 * Each warning carries a scope key (the dedupe key: one active warning per key), its evidence
 * (figures and the records behind them, by name) and a fingerprint of what it rests on.
 */
import type {
  EvidenceRecord,
  WarningEvidence,
  WarningKind,
  WarningLevel,
  WarningSettings,
} from '@nongan/shared/warnings/schemas';

export interface Candidate {
  kind: WarningKind;
  level: WarningLevel;
  scopeKey: string;
  /** The town whose supervisor owns it; null = the district office. */
  townCode: string | null;
  subject: string;
  evidence: WarningEvidence;
  fingerprint: string;
}

export const ownerRoleOf = (townCode: string | null) => (townCode ? 'town_supervisor' : 'district_staff');

const pct = (n: number) => `${(Math.round(n * 10) / 10).toFixed(1)}%`;
/** Two decimals, so 97.96 % is not shown as the 98.0 % threshold it is under. */
const pct2 = (n: number) => `${(Math.floor(n * 100) / 100).toFixed(2)}%`;
const ids = (records: { id: string }[]) =>
  records
    .map((r) => r.id)
    .sort()
    .join(',');

/** Platform grading, not a rule of the plan: this many points under the threshold is 严重. */
export const SERIOUS_GAP_POINTS = 5;

// --- pass rate of a town, product or analyte (year to date, lab samples) ---

export interface PassRateFact {
  dim: 'town' | 'product' | 'analyte';
  code: string;
  name: string;
  /** The town for dim 'town', else null (district-wide). */
  townCode: string | null;
  year: number;
  total: number;
  failed: number;
  /** The latest failing samples of the scope. */
  failures: EvidenceRecord[];
}
const DIM_LABEL = { town: '镇街', product: '产品', analyte: '检测项目' } as const;

export function passRateWarnings(
  facts: PassRateFact[],
  s: Pick<WarningSettings, 'minSamples'> & { threshold: number | null },
): Candidate[] {
  const { threshold } = s;
  if (threshold == null) return [];
  return facts.flatMap((f) => {
    if (f.total < s.minSamples || f.total === 0) return [];
    const rate = ((f.total - f.failed) / f.total) * 100;
    if (rate >= threshold) return [];
    return [
      {
        kind: 'pass_rate' as const,
        level: rate < threshold - SERIOUS_GAP_POINTS ? ('serious' as const) : ('attention' as const),
        scopeKey: f.dim === 'town' ? `pass_rate:town:${f.code}` : `pass_rate:${f.dim}:${f.code}`,
        townCode: f.townCode,
        subject: `${DIM_LABEL[f.dim]}：${f.name}`,
        evidence: {
          summary: `${f.year}年${f.name}定量监测合格率 ${pct2(rate)}，低于预警阈值 ${pct(threshold)}（${f.total} 批次中 ${f.failed} 批次不合格）`,
          figures: [
            { label: '监测批次', value: String(f.total) },
            { label: '不合格批次', value: String(f.failed) },
            { label: '合格率', value: pct2(rate) },
            { label: '预警阈值', value: pct(threshold) },
          ],
          records: f.failures,
        },
        fingerprint: `failed:${f.failed}`,
      },
    ];
  });
}

// --- repeated failures of one entity in a window ---

export interface RepeatFailureFact {
  entityId: string;
  entityName: string;
  townCode: string;
  /** Failing lab samples and positive rapid tests in the window. */
  failures: EvidenceRecord[];
}

export function repeatFailureWarnings(
  facts: RepeatFailureFact[],
  s: Pick<WarningSettings, 'repeatFailures' | 'repeatWindowDays'>,
): Candidate[] {
  return facts.flatMap((f) => {
    const n = f.failures.length;
    if (n < s.repeatFailures) return [];
    return [
      {
        kind: 'repeat_failure' as const,
        level: n > s.repeatFailures ? ('serious' as const) : ('attention' as const),
        scopeKey: `repeat_failure:entity:${f.entityId}`,
        townCode: f.townCode,
        subject: `主体：${f.entityName}`,
        evidence: {
          summary: `${f.entityName}近 ${s.repeatWindowDays} 天内 ${n} 次检测不合格或快检阳性（预警条件：${s.repeatFailures} 次）`,
          figures: [
            { label: '不合格/阳性次数', value: String(n) },
            { label: '统计天数', value: String(s.repeatWindowDays) },
          ],
          records: [{ type: 'entity', id: f.entityId, label: f.entityName }, ...f.failures],
        },
        fingerprint: ids(f.failures),
      },
    ];
  });
}

// --- quota progress behind the share of the year elapsed ---

export interface QuotaPaceFact {
  holderCode: string;
  holderName: string;
  /** The holder's town; null for the district testing centre. */
  townCode: string | null;
  taskKind: string;
  taskLabel: string;
  done: number;
  quota: number;
  /** Share of the year elapsed, 0..1. */
  elapsed: number;
}

export function quotaPaceWarnings(
  facts: QuotaPaceFact[],
  s: Pick<WarningSettings, 'paceShare'>,
  today: string,
): Candidate[] {
  return facts.flatMap((f) => {
    const expected = Math.floor(f.quota * f.elapsed);
    if (f.quota <= 0 || expected <= 0) return [];
    const bar = expected * s.paceShare;
    if (f.done >= bar) return [];
    return [
      {
        kind: 'quota_pace' as const,
        level: f.done < bar / 2 ? ('attention' as const) : ('notice' as const),
        scopeKey: `quota_pace:${f.holderCode}:${f.taskKind}`,
        townCode: f.townCode,
        subject: `${f.holderName} ${f.taskLabel}`,
        evidence: {
          summary: `${f.holderName}${f.taskLabel}已完成 ${f.done} 批次，按全年 ${f.quota} 批次和时间进度 ${pct(f.elapsed * 100)} 应完成 ${expected} 批次，低于其 ${pct(s.paceShare * 100)}`,
          figures: [
            { label: '已完成', value: String(f.done) },
            { label: '全年任务', value: String(f.quota) },
            { label: '按进度应完成', value: String(expected) },
            { label: '时间进度', value: pct(f.elapsed * 100) },
          ],
          records: [],
        },
        // A user's resolution holds for the rest of the month.
        fingerprint: today.slice(0, 7),
      },
    ];
  });
}

// --- a promise (certificate) contradicted by a failing sample ---

export interface MismatchFact {
  entityId: string;
  entityName: string;
  townCode: string;
  pairs: {
    certificateId: string;
    certNo: string;
    productName: string;
    sampleId: string;
    sampleNo: string;
    daysApart: number;
  }[];
}

export function mismatchWarnings(facts: MismatchFact[]): Candidate[] {
  return facts.flatMap((f) => {
    if (f.pairs.length === 0) return [];
    const certs = new Map(f.pairs.map((p) => [p.certificateId, p]));
    const samples = new Map(f.pairs.map((p) => [p.sampleId, p]));
    return [
      {
        kind: 'promise_mismatch' as const,
        level: 'serious' as const,
        scopeKey: `promise_mismatch:entity:${f.entityId}`,
        townCode: f.townCode,
        subject: `主体：${f.entityName}`,
        evidence: {
          summary: `${f.entityName}开具的 ${certs.size} 张合格证承诺合格，但前后相近日期的 ${samples.size} 批次同产品抽检不合格`,
          figures: [
            { label: '涉及合格证', value: String(certs.size) },
            { label: '不合格样品', value: String(samples.size) },
          ],
          records: [
            { type: 'entity', id: f.entityId, label: f.entityName },
            ...[...certs.values()].map((p) => ({
              type: 'certificate' as const,
              id: p.certificateId,
              label: `合格证 ${p.certNo}（${p.productName}）`,
            })),
            ...[...samples.values()].map((p) => ({
              type: 'sample' as const,
              id: p.sampleId,
              label: `样品 ${p.sampleNo}（相差 ${p.daysApart} 天）`,
            })),
          ],
        },
        fingerprint: f.pairs
          .map((p) => `${p.certificateId}/${p.sampleId}`)
          .sort()
          .join(','),
      },
    ];
  });
}

// --- overdue rectifications, cases, held lots, inspection duties (one warning per town and kind) ---

export type OverdueKind = 'overdue_rectification' | 'overdue_case' | 'overdue_hold' | 'overdue_duty';
export interface OverdueRecord extends EvidenceRecord {
  /** The last day in time, YYYY-MM-DD (China). */
  dueOn: string;
}
export interface OverdueFact {
  kind: OverdueKind;
  townCode: string;
  townName: string;
  /** Open records of the town with a deadline (those not yet due are ignored by the rule). */
  records: OverdueRecord[];
}
const OVERDUE_WHAT: Record<OverdueKind, string> = {
  overdue_rectification: '整改',
  overdue_case: '案件',
  overdue_hold: '控制批次',
  overdue_duty: '巡查任务',
};

/** Days from a to b (YYYY-MM-DD). */
export const daysBetween = (a: string, b: string) =>
  Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);

export function overdueWarnings(
  facts: OverdueFact[],
  s: Pick<WarningSettings, 'overdueGraceDays'>,
  today: string,
): Candidate[] {
  return facts.flatMap((f) => {
    const late = f.records
      .filter((r) => daysBetween(r.dueOn, today) > s.overdueGraceDays)
      .sort((a, b) => a.dueOn.localeCompare(b.dueOn));
    if (late.length === 0) return [];
    const what = OVERDUE_WHAT[f.kind];
    const oldest = daysBetween(late[0]!.dueOn, today);
    return [
      {
        kind: f.kind,
        level: 'attention' as const,
        scopeKey: `${f.kind}:town:${f.townCode}`,
        townCode: f.townCode,
        subject: `镇街：${f.townName}`,
        evidence: {
          summary: `${f.townName}有 ${late.length} 项${what}超过期限未办结，最久逾期 ${oldest} 天`,
          figures: [
            { label: `逾期${what}`, value: String(late.length) },
            { label: '最久逾期（天）', value: String(oldest) },
          ],
          records: late.slice(0, 50).map(({ type, id, label, dueOn }) => ({
            type,
            id,
            label: `${label}（期限 ${dueOn}）`,
          })),
        },
        fingerprint: ids(late),
      },
    ];
  });
}

// --- a brand certification (两品一标) near or past its expiry ---

export interface BrandExpiryFact {
  certificationId: string;
  label: string;
  entityName: string;
  townCode: string | null;
  expiresOn: string;
}

export function brandExpiryWarnings(
  facts: BrandExpiryFact[],
  s: Pick<WarningSettings, 'brandExpiryDays'>,
  today: string,
): Candidate[] {
  return facts.flatMap((f) => {
    const left = daysBetween(today, f.expiresOn);
    if (left > s.brandExpiryDays) return [];
    return [
      {
        kind: 'brand_expiry' as const,
        level: left < 0 ? ('attention' as const) : ('notice' as const),
        scopeKey: `brand_expiry:cert:${f.certificationId}`,
        townCode: f.townCode,
        subject: `${f.entityName} ${f.label}`,
        evidence: {
          summary:
            left < 0
              ? `${f.entityName}的${f.label}已于 ${f.expiresOn} 到期`
              : `${f.entityName}的${f.label}将于 ${f.expiresOn} 到期（还有 ${left} 天）`,
          figures: [{ label: '到期日', value: f.expiresOn }],
          records: [{ type: 'brand', id: f.certificationId, label: f.label }],
        },
        fingerprint: f.expiresOn,
      },
    ];
  });
}

// --- a trace label scanned in suspicious places (the scan page's copy warning) ---

export interface ScanFact {
  certificateId: string;
  certNo: string;
  entityName: string;
  productName: string;
  townCode: string;
  labelCount: number;
  recentNetworks: number;
  recentDays: number;
}

export function suspiciousScanWarnings(
  facts: ScanFact[],
  isCopy: (s: { recentNetworks: number; recentDays: number }, labelCount: number) => boolean,
  windowDays: number,
): Candidate[] {
  return facts.flatMap((f) => {
    if (!isCopy(f, f.labelCount)) return [];
    return [
      {
        kind: 'suspicious_scan' as const,
        level: 'attention' as const,
        scopeKey: `suspicious_scan:certificate:${f.certificateId}`,
        townCode: f.townCode,
        subject: `合格证 ${f.certNo}（${f.entityName} ${f.productName}）`,
        evidence: {
          summary: `合格证 ${f.certNo} 近 ${windowDays} 天内被 ${f.recentNetworks} 个不同网络在 ${f.recentDays} 个不同日期扫码，开具标签 ${f.labelCount} 张，疑似被复制`,
          figures: [
            { label: '不同网络', value: String(f.recentNetworks) },
            { label: '不同日期', value: String(f.recentDays) },
            { label: '标签张数', value: String(f.labelCount) },
          ],
          records: [{ type: 'certificate', id: f.certificateId, label: `合格证 ${f.certNo}` }],
        },
        fingerprint: `${f.recentNetworks}/${f.recentDays}`,
      },
    ];
  });
}

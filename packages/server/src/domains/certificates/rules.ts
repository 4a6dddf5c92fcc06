/**
 * Pure rules for 承诺达标合格证 under the MARA measures of 2025 (农产品质量安全承诺达标合格证管理办法,
 * Order 2025 No. 4, in force 2026-02-01): the three statutory bases, the mapping of the older
 * template's four, and the mismatch between a promise and a failing sample.
 */
import { BASIS_LABELS, type Basis } from '@nongan/shared/certificates/schemas';
import { plausibleDate } from '@nongan/shared/common/dates';

export { BASES, BASIS_LABELS, type Basis } from '@nongan/shared/certificates/schemas';
/** Bases that rest on a test record, which the certificate must link to. */
export const TEST_BASES: readonly Basis[] = ['self_test', 'entrusted_test'];

/**
 * The trial template (2019–2025) offered four bases. 内部质量控制 and 自我承诺 both rest on the
 * producer's own control, which today's text calls 质量安全控制符合要求; 自我承诺 is kept visible
 * as `legacy` so nobody reads it as a test.
 */
const LEGACY: Record<string, Basis> = {
  自我承诺: 'quality_control',
  内部质量控制: 'quality_control',
  质量安全控制符合要求: 'quality_control',
  自行检测: 'self_test',
  自行检测合格: 'self_test',
  委托检测: 'entrusted_test',
  委托检测合格: 'entrusted_test',
};

export function mapLegacyBasis(label: string): { basis: Basis; legacy: string | null } | null {
  const key = label.trim().replace(/^□|^☑|^✓/, '');
  const basis = LEGACY[key];
  if (!basis) return null;
  return { basis, legacy: BASIS_LABELS[basis] === key ? null : key };
}

export interface IssueCheckInput {
  quantity: number;
  issueDate: string;
  today: string;
  bases: Basis[];
  /** How many test records the certificate links to. */
  tests: number;
  entityActive: boolean | null;
}

/** The refusals that need no database: each names its field. */
export function issueProblems(c: IssueCheckInput): { field: string; reason: string }[] {
  const out: { field: string; reason: string }[] = [];
  if (c.entityActive === null) out.push({ field: 'entityId', reason: '主体未登记' });
  else if (!c.entityActive) out.push({ field: 'entityId', reason: '主体已停用，不能开具合格证' });
  if (!(c.quantity > 0)) out.push({ field: 'quantity', reason: '数量应大于0' });
  const dateProblem = plausibleDate(c.issueDate, c.today);
  if (dateProblem) out.push({ field: 'issueDate', reason: `开具日期${dateProblem}` });
  if (c.bases.length === 0) out.push({ field: 'bases', reason: '至少选择一项承诺依据' });
  if (c.bases.some((b) => TEST_BASES.includes(b)) && c.tests === 0) {
    out.push({ field: 'tests', reason: '依据为检测合格时须关联检测记录' });
  }
  if (c.tests > 0 && !c.bases.some((b) => TEST_BASES.includes(b)))
    out.push({ field: 'bases', reason: '关联了检测记录，请勾选“自行检测合格”或“委托检测合格”' });
  return out;
}

const DAY = 86_400_000;
const dayNumber = (isoDate: string) => Math.floor(Date.parse(`${isoDate.slice(0, 10)}T00:00:00Z`) / DAY);

export interface PromiseRecord {
  id: string;
  entityId: string;
  productCode: string;
  issueDate: string;
}
export interface FailedSample {
  id: string;
  entityId: string | null;
  productCode: string;
  /** YYYY-MM-DD (China time) */
  sampledOn: string;
}

/**
 * 严防承诺与抽检结果不符: a certificate whose promise a failing sample of the same entity and
 * product contradicts, the sample taken within `windowDays` of the issue date either way.
 */
export function findMismatches(certs: PromiseRecord[], failures: FailedSample[], windowDays = 15) {
  const byKey = new Map<string, FailedSample[]>();
  for (const f of failures) {
    if (!f.entityId) continue;
    const k = `${f.entityId}|${f.productCode}`;
    const list = byKey.get(k);
    if (list) list.push(f);
    else byKey.set(k, [f]);
  }
  const out: { certificateId: string; sampleId: string; daysApart: number }[] = [];
  for (const c of certs) {
    for (const f of byKey.get(`${c.entityId}|${c.productCode}`) ?? []) {
      const daysApart = dayNumber(f.sampledOn) - dayNumber(c.issueDate);
      if (Math.abs(daysApart) <= windowDays) out.push({ certificateId: c.id, sampleId: f.id, daysApart });
    }
  }
  return out;
}

/**
 * Retention end: issuing records are kept at least 2 years, received certificates at least 6
 * months, to the same calendar day (29 Feb + 1 year → 1 Mar; 31 Aug + 6 months → 3 Mar, never early).
 */
export function retainUntil(date: string, years: number, months = 0): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + years, d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
}

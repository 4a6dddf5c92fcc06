/** The test report (检验报告): what is printed, built once at issue and kept as issued. */

const VERDICT_WORDS: Record<string, string> = {
  pass: '合格',
  fail: '不合格',
  not_detected: '未检出',
  no_limit: '无限量标准',
};
export const verdictWord = (v: string | null) => (v ? (VERDICT_WORDS[v] ?? v) : '—');

export interface ReportSample {
  sampleNo: string;
  productName: string;
  entityName: string | null;
  /** A market stall or smallholder not in the directory (may be a person's name). */
  sampledParty: string | null;
  townName: string | null;
  linkLabel: string;
  sampler: string;
  sampledAt: Date;
  quantity: number;
  quantityUnit: string;
  sealNo: string | null;
  lotRef: string | null;
  verdict: string | null;
}

export interface ReportResultInput {
  analyteName: string;
  value: number | null;
  unit: string;
  lod: number | null;
  methodStandard: string;
  verdict: string;
  limitMgKg: number | null;
  limitCitation: string | null;
  basis: 'limit' | 'not_detectable' | null;
  editionUsed: string | null;
  editionInForce: string | null;
  provisional: boolean;
  lead: { basis: string; item: string | null; message: string } | null;
  testedAt: string;
}

export interface ReportPerson {
  name: string;
  at: Date;
}

export interface ReportPeople {
  verifier: ReportPerson;
  approver: ReportPerson;
}

export interface ReportSnapshot {
  reportNo: string;
  version: number;
  issuedAt: string;
  sample: {
    sampleNo: string;
    productName: string;
    /** The entity's name, else the sampled party; null in the public copy for a party off the directory. */
    sampledUnit: string | null;
    /** The unit is an entity of the directory (its registered name is public). */
    listed: boolean;
    townName: string | null;
    link: string;
    sampler: string | null;
    sampledAt: string;
    quantity: string;
    sealNo: string | null;
    lotRef: string | null;
  };
  methods: string[];
  results: {
    analyte: string;
    value: string;
    lod: string | null;
    limit: string | null;
    verdict: string;
    basis: string | null;
    provisionalNote: string | null;
  }[];
  findings: { analyte: string; announcement: string; message: string }[];
  conclusion: string;
  testedAt: string | null;
  verifier: { name: string | null; at: string };
  approver: { name: string | null; at: string };
  correction: { reason: string; supersedesNo: string; supersedesVersion: number } | null;
}

/** The basis of a verdict as printed: standard with edition and item, or 不得检出 and its announcement. */
function basisOf(r: ReportResultInput): string | null {
  const citation = r.limitCitation?.split('（暂判')[0] ?? null;
  if (r.basis === 'not_detectable') return citation ?? '不得检出';
  return citation;
}

function conclusionOf(sampleNo: string, verdict: string | null, results: ReportResultInput[], leads: number) {
  const failed = results.filter((r) => r.verdict === 'fail').map((r) => r.analyteName);
  const noLimit = results.filter((r) => r.verdict === 'no_limit').map((r) => r.analyteName);
  const parts: string[] = [];
  if (verdict === 'fail')
    parts.push(`经抽样检验，样品 ${sampleNo} 所检项目中 ${failed.join('、')} 不符合标准要求，判定为不合格。`);
  else if (verdict === 'no_limit')
    parts.push(`经抽样检验，样品 ${sampleNo} 所检项目 ${noLimit.join('、')} 无限量标准，不作合格判定。`);
  else parts.push(`经抽样检验，样品 ${sampleNo} 所检项目均符合标准要求，判定为合格。`);
  if (leads) parts.push(`检出禁限用药物 ${leads} 项，见“禁限用药物检出”。`);
  if (results.some((r) => r.provisional)) parts.push('部分项目按非现行版本标准暂判，见备注。');
  return parts.join('');
}

const fmt = (v: number) => String(Number(v.toPrecision(6)));

/** Everything the report prints, as issued (pure: the same inputs give the same snapshot). */
export function buildReportSnapshot(
  sample: ReportSample,
  results: ReportResultInput[],
  people: ReportPeople,
  issue: { reportNo: string; version: number; issuedAt: Date; correction?: ReportSnapshot['correction'] },
): ReportSnapshot {
  const findings = results.flatMap((r) =>
    r.lead
      ? [
          {
            analyte: r.analyteName,
            announcement: `${r.lead.basis}${r.lead.item ? ` ${r.lead.item}` : ''}`,
            message: r.lead.message,
          },
        ]
      : [],
  );
  const tested = results.map((r) => r.testedAt).sort();
  return {
    reportNo: issue.reportNo,
    version: issue.version,
    issuedAt: issue.issuedAt.toISOString(),
    sample: {
      sampleNo: sample.sampleNo,
      productName: sample.productName,
      sampledUnit: sample.entityName ?? sample.sampledParty,
      listed: sample.entityName != null,
      townName: sample.townName,
      link: sample.linkLabel,
      sampler: sample.sampler,
      sampledAt: sample.sampledAt.toISOString(),
      quantity: `${fmt(sample.quantity)} ${sample.quantityUnit}`,
      sealNo: sample.sealNo,
      lotRef: sample.lotRef,
    },
    methods: [...new Set(results.map((r) => r.methodStandard.trim()).filter(Boolean))].sort(),
    results: results.map((r) => ({
      analyte: r.analyteName,
      value: r.value == null ? '未检出' : `${fmt(r.value)} ${r.unit}`,
      lod: r.lod == null ? null : `${fmt(r.lod)} ${r.unit}`,
      limit:
        r.basis === 'not_detectable' ? '不得检出' : r.limitMgKg == null ? null : `${fmt(r.limitMgKg)} mg/kg`,
      verdict: verdictWord(r.verdict),
      basis: basisOf(r),
      provisionalNote: r.provisional
        ? `暂判：现行 ${r.editionInForce ?? '版本'} 未收录，按 ${r.editionUsed ?? '较早版本'} 判定`
        : null,
    })),
    findings,
    conclusion: conclusionOf(sample.sampleNo, sample.verdict, results, findings.length),
    testedAt: tested.at(-1) ?? null,
    verifier: { name: people.verifier.name, at: people.verifier.at.toISOString() },
    approver: { name: people.approver.name, at: people.approver.at.toISOString() },
    correction: issue.correction ?? null,
  };
}

/**
 * The copy the public may see (scan page): the sampler's name and a sampled party off the
 * directory (often a smallholder's own name) are left out; the entity's registered name, the
 * figures and the lab's signatories (who sign in their official capacity) stay.
 */
export function publicSnapshot(s: ReportSnapshot): ReportSnapshot {
  return {
    ...s,
    sample: { ...s.sample, sampler: null, sampledUnit: s.sample.listed ? s.sample.sampledUnit : null },
  };
}

/**
 * What is stored for each lab result: the counted verdict (the sum's, for a component of a summed
 * residue) and its citation. One function, used when results are recorded and when a new limits
 * table is tried against past results, so both read a verdict the same way.
 */
import type { SampleVerdict } from './verdict.ts';

export interface StoredVerdict {
  analyteCode: string;
  value: number | null;
  unit: string;
  valueMgKg: number | null;
  lod: number | null;
  verdict: string;
  limitMgKg: number | null;
  limitCitation: string | null;
  /** Why a fail fails: over the limit, or a 不得检出 substance detected; null when not a fail. */
  failBasis: 'limit' | 'not_detectable' | null;
  /** The edition whose row supplied the limit, and those in force on the sampling day. */
  editionUsed: string | null;
  editionInForce: string | null;
  provisional: boolean;
  /** 禁限用药物检出 beside the verdict: the announcement that bans the use, and its item. */
  leadKind: 'use_ban' | null;
  leadBasis: string | null;
  leadItem: string | null;
  /** The products the ban covers, by name (所有农产品 for a ban on all food). */
  leadScope: string | null;
}

/** Marks a provisional citation; stored rows are read back by it. */
export const PROVISIONAL_MARK = '（暂判';

/** One row per judged result, in input order; throws if any result is an input error. */
export function storedVerdicts(judged: SampleVerdict): StoredVerdict[] {
  return judged.results.map((v) => {
    if (v.verdict === 'error') throw new Error('storedVerdicts: result with input errors');
    const sum = judged.sums.find((x) => x.components.some((c) => c.code === v.analyte.code));
    const counted = sum && sum.verdict !== 'error' && v.passed !== false ? sum : v;
    const limit = 'limit' in counted && counted.limit ? counted.limit : null;
    const notDetectable = counted.verdict === 'fail' && counted.basis === 'not_detectable';
    return {
      analyteCode: v.analyte.code,
      value: v.result.value,
      unit: v.result.unit,
      valueMgKg: v.result.valueMgKg,
      lod: v.result.lod,
      verdict: counted.verdict,
      limitMgKg: limit?.limitMgKg ?? null,
      limitCitation: notDetectable
        ? `不得检出：${counted.prohibition.basis}`
        : limit
          ? `${limit.standard} ${limit.item}${limit.edition.provisional ? `${PROVISIONAL_MARK}，现行 ${limit.edition.inForce.join('、') || '版本'} 未收录）` : ''}`
          : null,
      failBasis: counted.verdict === 'fail' ? counted.basis : null,
      editionUsed: limit?.edition.used ?? null,
      editionInForce: limit ? limit.edition.inForce.join('、') || null : null,
      provisional: !!limit?.edition.provisional && !notDetectable,
      leadKind: v.lead?.kind ?? null,
      leadBasis: v.lead?.basis ?? null,
      leadItem: v.lead ? v.lead.item || null : null,
      leadScope: v.lead ? (v.lead.scope.code === 'food' ? '所有农产品' : v.lead.scope.name) : null,
    };
  });
}

/** The sample's verdict word from its judged results. */
export function sampleVerdictWord(judged: SampleVerdict): 'pass' | 'fail' | 'no_limit' {
  return judged.passed === false ? 'fail' : judged.passed === null ? 'no_limit' : 'pass';
}

/** What the sample row carries beside its verdict: a lead among its results, a provisional judgement. */
export function sampleFlags(stored: StoredVerdict[]): { hasLead: boolean; provisional: boolean } {
  return {
    hasLead: stored.some((r) => r.leadKind !== null),
    provisional: stored.some((r) => r.provisional),
  };
}

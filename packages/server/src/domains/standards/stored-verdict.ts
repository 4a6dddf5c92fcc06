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
  provisional: boolean;
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
      provisional: !!limit?.edition.provisional && !notDetectable,
    };
  });
}

/** The sample's verdict word from its judged results. */
export function sampleVerdictWord(judged: SampleVerdict): 'pass' | 'fail' | 'no_limit' {
  return judged.passed === false ? 'fail' : judged.passed === null ? 'no_limit' : 'pass';
}

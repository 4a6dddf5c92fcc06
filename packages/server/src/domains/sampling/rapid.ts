/**
 * Rapid-test verdicts. Enzyme inhibition (GB/T 5009.199-2003, NY/T 448-2001) screens
 * organophosphate and carbamate residues: an inhibition rate of 50 % or more is positive.
 * Other kits (colloidal gold strips etc.) report positive or negative themselves.
 */
export const ENZYME_POSITIVE_AT = 50;

export type RapidInput =
  | { method: 'enzyme_inhibition'; inhibitionRate: number }
  | { method: 'colloidal_gold' | 'other'; result: 'positive' | 'negative' };

export type RapidVerdict =
  | { ok: true; result: 'positive' | 'negative' }
  | { ok: false; field: string; reason: string };

export function judgeRapid(input: RapidInput): RapidVerdict {
  if (input.method === 'enzyme_inhibition') {
    const r = input.inhibitionRate;
    if (!Number.isFinite(r) || r < 0 || r > 100)
      return { ok: false, field: 'inhibitionRate', reason: '抑制率应为0-100之间的数' };
    return { ok: true, result: r >= ENZYME_POSITIVE_AT ? 'positive' : 'negative' };
  }
  if (input.result !== 'positive' && input.result !== 'negative') {
    return { ok: false, field: 'result', reason: '结果应为阳性或阴性' };
  }
  return { ok: true, result: input.result };
}

import { describe, expect, it } from 'vitest';
import { sampleFlags, sampleVerdictWord, storedVerdicts } from './stored-verdict.ts';
import { judgeSample } from './verdict.ts';

const mg = (analyte: string, value: number | string) => ({ analyte, value, unit: 'mg/kg' });

describe('stored verdicts', () => {
  it('stores a 禁限用 lead beside a passing verdict (甲拌磷 on 韭菜, GB 2763-2026; 农业部公告第199号)', () => {
    const judged = judgeSample('韭菜', [mg('甲拌磷', 0.005), mg('克百威', 'ND')], undefined, '2026-03-05');
    const [phorate, carbofuran] = storedVerdicts(judged);
    expect(phorate).toMatchObject({
      analyteCode: 'phorate',
      verdict: 'pass',
      limitMgKg: 0.01,
      failBasis: null,
      editionUsed: 'GB 2763-2026',
      editionInForce: 'GB 2763-2026',
      provisional: false,
      leadKind: 'use_ban',
      leadScope: '蔬菜',
    });
    expect(phorate?.leadBasis).toContain('农业部公告第199号');
    expect(phorate?.leadItem).toBeTruthy();
    // Not detected: no lead, whatever the ban.
    expect(carbofuran).toMatchObject({ verdict: 'not_detected', leadKind: null, leadBasis: null });
    expect(sampleVerdictWord(judged)).toBe('pass');
    expect(sampleFlags(storedVerdicts(judged))).toEqual({ hasLead: true, provisional: false });
  });

  it('keeps the lead on a fail over the limit, with the fail basis', () => {
    const judged = judgeSample('韭菜', [mg('甲拌磷', 0.05)], undefined, '2026-03-05');
    const [phorate] = storedVerdicts(judged);
    expect(phorate).toMatchObject({ verdict: 'fail', failBasis: 'limit', leadKind: 'use_ban' });
    expect(sampleVerdictWord(judged)).toBe('fail');
  });

  it('marks a verdict under a stand-in edition provisional, naming both editions (倍硫磷 on 辣椒, 2026-06-01)', () => {
    const judged = judgeSample('辣椒', [mg('倍硫磷', 0.05)], undefined, '2026-06-01');
    const [row] = storedVerdicts(judged);
    expect(row).toMatchObject({
      verdict: 'pass',
      provisional: true,
      editionUsed: 'GB 2763-2021',
      editionInForce: 'GB 2763-2026',
      leadKind: null,
    });
    expect(sampleFlags(storedVerdicts(judged))).toEqual({ hasLead: false, provisional: true });
  });

  it('is not provisional before the new edition took effect', () => {
    const judged = judgeSample('辣椒', [mg('倍硫磷', 0.05)], undefined, '2025-06-01');
    const [row] = storedVerdicts(judged);
    expect(row).toMatchObject({ provisional: false, editionUsed: 'GB 2763-2021' });
    expect(row?.editionInForce).toContain('GB 2763-2021');
  });
});

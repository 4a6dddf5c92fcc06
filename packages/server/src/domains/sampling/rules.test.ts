import { describe, expect, it } from 'vitest';
import { type Candidate, drawSample, weightOf } from './draw.ts';
import { progressOf, yearElapsed } from './progress.ts';
import { judgeRapid } from './rapid.ts';

describe('rapid-test verdict', () => {
  it('judges enzyme inhibition positive at 50 % and above', () => {
    expect(judgeRapid({ method: 'enzyme_inhibition', inhibitionRate: 49.9 })).toEqual({
      ok: true,
      result: 'negative',
    });
    expect(judgeRapid({ method: 'enzyme_inhibition', inhibitionRate: 50 })).toEqual({
      ok: true,
      result: 'positive',
    });
    expect(judgeRapid({ method: 'enzyme_inhibition', inhibitionRate: 87 })).toEqual({
      ok: true,
      result: 'positive',
    });
  });
  it('refuses an impossible inhibition rate, naming the field', () => {
    expect(judgeRapid({ method: 'enzyme_inhibition', inhibitionRate: 120 })).toMatchObject({
      ok: false,
      field: 'inhibitionRate',
    });
    expect(judgeRapid({ method: 'enzyme_inhibition', inhibitionRate: -1 })).toMatchObject({ ok: false });
  });
  it('takes other kits at their word', () => {
    expect(judgeRapid({ method: 'colloidal_gold', result: 'positive' })).toEqual({
      ok: true,
      result: 'positive',
    });
  });
});

describe('progress', () => {
  it('measures the year elapsed in China time', () => {
    expect(yearElapsed(2021, new Date('2020-12-31T16:00:00Z'))).toBe(0);
    expect(yearElapsed(2021, new Date('2021-12-31T16:00:00Z'))).toBe(1);
    expect(yearElapsed(2021, new Date('2021-07-02T16:00:00Z'))).toBeCloseTo(183 / 365, 6); // 2021-07-03 00:00 CST;
  });
  it('flags a holder behind the pace of the year', () => {
    expect(progressOf(300, 800, 0.5)).toEqual({
      done: 300,
      quota: 800,
      rate: 0.375,
      expectedByNow: 400,
      behind: true,
    });
    expect(progressOf(400, 800, 0.5).behind).toBe(false);
    expect(progressOf(5, 0, 0.5).rate).toBeNull();
  });
});

describe('random draw', () => {
  const plain = (i: number): Candidate => ({
    id: `e${String(i).padStart(4, '0')}`,
    preHarvest: false,
    smallholder: false,
    pastFailure: false,
    campaignVariety: false,
  });
  const list = Array.from({ length: 200 }, (_, i) => plain(i));

  it('is reproducible from the seed and independent of input order', () => {
    const a = drawSample(list, 20, 42);
    expect(drawSample([...list].reverse(), 20, 42)).toEqual(a);
    expect(drawSample(list, 20, 43)).not.toEqual(a);
    expect(new Set(a).size).toBe(20);
  });

  it('weights past failures and smallholders up', () => {
    const weighted = list.map((c, i) => (i < 20 ? { ...c, pastFailure: true, smallholder: true } : c));
    expect(
      weightOf(weighted[0] as Candidate, {
        preHarvest: 2,
        smallholder: 1.5,
        pastFailure: 3,
        campaignVariety: 2,
      }),
    ).toBe(4.5);
    let hits = 0;
    for (let seed = 1; seed <= 50; seed++)
      hits += drawSample(weighted, 20, seed).filter((id) => Number(id.slice(1)) < 20).length;
    // Unweighted, 10 % of the draw would come from the first 20; weighted 4.5x it is far more.
    expect(hits / (50 * 20)).toBeGreaterThan(0.25);
  });
});

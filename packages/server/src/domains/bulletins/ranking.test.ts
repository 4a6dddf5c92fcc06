import type { TownFacts } from '@nongan/shared/bulletins/schemas';
import { describe, expect, it } from 'vitest';
import { compositeScore, rankTowns, scoreParts } from './ranking.ts';

const facts = (over: Partial<TownFacts>): TownFacts => ({
  townCode: '500151101',
  townName: '土桥镇',
  rapidQuota: 800,
  rapidToDate: 0,
  rapidQuarter: 0,
  rapidPositive: 0,
  labSamples: 0,
  labFailed: 0,
  passRate: null,
  duties: 0,
  dutiesDone: 0,
  inspections: 0,
  inspectionsWithProblems: 0,
  rectificationsOpened: 0,
  rectificationsClosed: 0,
  casesOpened: 0,
  casesClosed: 0,
  ...over,
});

describe('composite town score', () => {
  it('weighs the parts with data only, the pace capped at the quarter’s share of the quota', () => {
    // Q2: 400 of 800 expected by the end of June; 500 done is still 100.
    const f = facts({
      rapidToDate: 500,
      labSamples: 50,
      labFailed: 1,
      passRate: 0.98,
      duties: 10,
      dutiesDone: 5,
    });
    const parts = scoreParts(f, 2);
    expect(parts.map((p) => p.value)).toEqual([100, 98, 50, null]);
    // (100×0.3 + 98×0.3 + 50×0.2) / 0.8
    expect(compositeScore(parts)).toBe(86.8);
    expect(compositeScore(scoreParts(facts({ rapidQuota: 0 }), 1))).toBe(0);
  });
  it('ranks highest first and gives equal scores the same rank', () => {
    const rows = rankTowns(
      [
        facts({ townCode: 'a', townName: '甲', rapidToDate: 100 }),
        facts({ townCode: 'b', townName: '乙', rapidToDate: 200 }),
        facts({ townCode: 'c', townName: '丙', rapidToDate: 200 }),
      ],
      1,
    );
    expect(rows.map((r) => [r.townName, r.rank, r.score])).toEqual([
      ['乙', 1, 100],
      ['丙', 1, 100],
      ['甲', 3, 50],
    ]);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type RiskFacts, riskLevel } from './risk.ts';

const clean: RiskFacts = {
  failedSamples: 0,
  confirmedPositives: 0,
  banLeads: 0,
  cases: 0,
  pendingPositives: 0,
  problemInspections: 0,
  openRectifications: 0,
  problemFlags: 0,
  supervisedTimes: 3,
  daysListed: 400,
};

describe('riskLevel', () => {
  it('is low for a supervised entity with a clean record', () => {
    expect(riskLevel(clean)).toEqual({ level: 'low', reasons: [] });
  });

  it('is high after a failed sample, whatever else is clean', () => {
    expect(riskLevel({ ...clean, failedSamples: 1 })).toEqual({ level: 'high', reasons: ['failedSamples'] });
  });

  it('names every high reason, and high wins over medium ones', () => {
    expect(riskLevel({ ...clean, cases: 1, banLeads: 2, problemFlags: 1 })).toEqual({
      level: 'high',
      reasons: ['banLeads', 'cases'],
    });
  });

  it('is medium for an inspection with problems or an open rectification', () => {
    expect(riskLevel({ ...clean, problemInspections: 1, openRectifications: 1 })).toEqual({
      level: 'medium',
      reasons: ['problemInspections', 'openRectifications'],
    });
  });

  it('treats a long-listed entity nobody checked as medium, a new one as low', () => {
    expect(riskLevel({ ...clean, supervisedTimes: 0, daysListed: 91 })).toEqual({
      level: 'medium',
      reasons: ['unsupervised'],
    });
    expect(riskLevel({ ...clean, supervisedTimes: 0, daysListed: 30 }).level).toBe('low');
  });

  it('never rates an entity lower for having more problems (monotone)', () => {
    const rank = { low: 0, medium: 1, high: 2 } as const;
    const facts = fc.record({
      failedSamples: fc.nat(3),
      confirmedPositives: fc.nat(3),
      banLeads: fc.nat(3),
      cases: fc.nat(3),
      pendingPositives: fc.nat(3),
      problemInspections: fc.nat(3),
      openRectifications: fc.nat(3),
      problemFlags: fc.nat(3),
      supervisedTimes: fc.nat(5),
      daysListed: fc.nat(1000),
    });
    const key = fc.constantFrom<keyof RiskFacts>(
      'failedSamples',
      'confirmedPositives',
      'banLeads',
      'cases',
      'pendingPositives',
      'problemInspections',
      'openRectifications',
      'problemFlags',
    );
    fc.assert(
      fc.property(facts, key, (f, k) => {
        const worse = { ...f, [k]: f[k] + 1 };
        expect(rank[riskLevel(worse).level]).toBeGreaterThanOrEqual(rank[riskLevel(f).level]);
      }),
    );
  });
});

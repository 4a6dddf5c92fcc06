import { describe, expect, it } from 'vitest';
import { DEFAULT_FOUR_LINKS_RULE, type EntityFacts, fourLinks } from './four-links.ts';

const good: EntityFacts = {
  daysSinceCertificate: 10,
  productionLots: 3,
  riskLevel: 'low',
  colour: 'green',
  openCases: 0,
};

describe('fourLinks', () => {
  it('passes an entity with a clean, active trace record', () => {
    expect(fourLinks(good, DEFAULT_FOUR_LINKS_RULE)).toEqual({ verdict: 'ok', reasons: [] });
  });
  it('refuses high risk and open cases under the default rule, naming each', () => {
    const r = fourLinks({ ...good, riskLevel: 'high', openCases: 2 }, DEFAULT_FOUR_LINKS_RULE);
    expect(r.verdict).toBe('refuse');
    expect(r.reasons.map((x) => x.condition)).toEqual(['highRisk', 'openCase']);
    expect(r.reasons[1]!.text).toContain('2件');
  });
  it('warns on no recent certificate; the window is the district’s', () => {
    const f = { ...good, daysSinceCertificate: 200 };
    expect(fourLinks(f, DEFAULT_FOUR_LINKS_RULE).verdict).toBe('ok');
    const r = fourLinks(f, { ...DEFAULT_FOUR_LINKS_RULE, certWithinDays: 180 });
    expect(r).toMatchObject({ verdict: 'warn', reasons: [{ condition: 'noRecentCertificate' }] });
    expect(fourLinks({ ...good, daysSinceCertificate: null }, DEFAULT_FOUR_LINKS_RULE).reasons[0]!.text).toBe(
      '从未开具食用农产品合格证',
    );
  });
  it('a condition set to off is not checked, and a warn can become a refusal', () => {
    const f = { ...good, colour: 'red' as const, productionLots: 0 };
    expect(fourLinks(f, DEFAULT_FOUR_LINKS_RULE).verdict).toBe('warn');
    expect(
      fourLinks(f, { ...DEFAULT_FOUR_LINKS_RULE, redColour: 'off', noTraceRecords: 'off' }).verdict,
    ).toBe('ok');
    expect(fourLinks(f, { ...DEFAULT_FOUR_LINKS_RULE, redColour: 'refuse' }).verdict).toBe('refuse');
  });
});

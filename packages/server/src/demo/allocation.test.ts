import { describe, expect, it } from 'vitest';
import { allocate } from './allocation.ts';
import { rng } from './random.ts';

const quotas = Array.from({ length: 28 }, (_, i) => ({
  taskKind: 'rapid_test',
  holderCode: `h${i}`,
  quota: i % 4 === 0 ? 800 : 600,
}));

describe('demo allocation', () => {
  it('puts every holder near its pace but the few chosen to be behind', () => {
    const got = allocate(quotas, 0.9, rng(1), { behind: 2 });
    const paces = quotas.map((q) => (got.get(`rapid_test|${q.holderCode}`) ?? 0) / (q.quota * 0.9));
    expect(paces.filter((p) => p < 0.9)).toHaveLength(2);
    for (const p of paces.filter((p) => p >= 0.9)) expect(p).toBeLessThanOrEqual(1.08);
    expect(Math.min(...paces)).toBeGreaterThanOrEqual(0.59);
  });

  it('rescales to a given total and is the same for the same seed', () => {
    const got = allocate(quotas, 1, rng(2), { total: 400 });
    const sum = [...got.values()].reduce((s, n) => s + n, 0);
    expect(Math.abs(sum - 400)).toBeLessThanOrEqual(quotas.length);
    expect(allocate(quotas, 1, rng(2), { total: 400 })).toEqual(got);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PAGE_TTL_MS, pageExpiry } from './scan-cache.ts';

describe('pageExpiry', () => {
  it('keeps a page entry at most PAGE_TTL_MS and at least half of it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4e12 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (now, r) => {
          const at = pageExpiry(now, r);
          expect(at).toBeLessThanOrEqual(now + PAGE_TTL_MS);
          expect(at).toBeGreaterThan(now + PAGE_TTL_MS / 2);
        },
      ),
    );
  });

  it('spreads entries read at one moment over half a TTL, not one instant', () => {
    const now = Date.UTC(2021, 5, 1);
    expect(pageExpiry(now, 0)).toBe(now + PAGE_TTL_MS);
    expect(pageExpiry(now, 0.5)).toBe(now + (PAGE_TTL_MS * 3) / 4);
    expect(pageExpiry(now, 0.999)).toBeLessThan(now + PAGE_TTL_MS / 2 + 100);
  });
});

import { describe, expect, it } from 'vitest';
import { backoffMs, newClientId, outcomeOf } from './rules.ts';

describe('what a server answer means for a queued submission', () => {
  it('removes it on 2xx (201 created, 200 sent before)', () => {
    expect(outcomeOf(201)).toBe('done');
    expect(outcomeOf(200)).toBe('done');
  });
  it('keeps a refused one as failed, never dropping it', () => {
    for (const s of [400, 403, 404, 409, 413, 422]) expect(outcomeOf(s)).toBe('failed');
  });
  it('waits for a new sign-in on 401', () => expect(outcomeOf(401)).toBe('login'));
  it('tries again on no answer, 5xx, 408 and 429', () => {
    for (const s of [null, 500, 502, 503, 504, 408, 429]) expect(outcomeOf(s)).toBe('retry');
  });
});

describe('backoff', () => {
  it('doubles from 5 s and stops at 10 min', () => {
    const mid = () => 0.5;
    expect(backoffMs(1, mid)).toBe(5_000);
    expect(backoffMs(2, mid)).toBe(10_000);
    expect(backoffMs(4, mid)).toBe(40_000);
    expect(backoffMs(30, mid)).toBe(600_000);
  });
  it('spreads retries by ±20 %', () => {
    expect(backoffMs(1, () => 0)).toBe(4_000);
    expect(backoffMs(1, () => 1)).toBe(6_000);
  });
});

describe('client ids', () => {
  it('are v4 UUIDs the server accepts, and differ', () => {
    const a = newClientId();
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(newClientId()).not.toBe(a);
    expect(newClientId((x) => x.fill(255))).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
  });
});

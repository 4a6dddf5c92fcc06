import { COMPLAINT_ACTIONS, COMPLAINT_STATUSES } from '@nongan/shared/complaints/schemas';
import { describe, expect, it } from 'vitest';
import { allowedActions, canLink, nextStatus } from './rules.ts';

describe('complaint handling', () => {
  it('walks accept → investigate → reply → close', () => {
    let s = 'submitted' as (typeof COMPLAINT_STATUSES)[number];
    for (const a of ['accept', 'investigate', 'reply', 'close'] as const) {
      const next = nextStatus(s, a);
      expect(next, a).not.toBeNull();
      s = next!;
    }
    expect(s).toBe('closed');
  });
  it('refuses skipping or repeating a step', () => {
    expect(nextStatus('submitted', 'reply')).toBeNull();
    expect(nextStatus('accepted', 'accept')).toBeNull();
    expect(nextStatus('submitted', 'close')).toBeNull();
    for (const a of COMPLAINT_ACTIONS) expect(nextStatus('closed', a)).toBeNull();
  });
  it('offers exactly one action until closed', () => {
    for (const s of COMPLAINT_STATUSES) expect(allowedActions(s).length).toBe(s === 'closed' ? 0 : 1);
  });
  it('links an inspection or case only while being handled', () => {
    expect(canLink('submitted')).toBe(false);
    expect(canLink('investigating')).toBe(true);
    expect(canLink('closed')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { nextRectification } from './rectification.ts';

const today = '2026-05-10';
const visit = (
  result: 'rectified' | 'not_rectified',
  action: 'close' | 'extend' | 'escalate',
  newDeadline?: string,
) => ({ kind: 'revisit', result, action, newDeadline, today }) as const;

describe('rectification state machine', () => {
  it('closes only through a revisit that found it rectified', () => {
    expect(nextRectification('open', '2026-05-15', { kind: 'close' })).toMatchObject({
      ok: false,
      field: 'action',
    });
    expect(nextRectification('open', '2026-05-15', visit('rectified', 'close'))).toEqual({
      ok: true,
      status: 'closed',
    });
    expect(nextRectification('open', '2026-05-15', visit('not_rectified', 'close'))).toMatchObject({
      ok: false,
    });
  });

  it('extends with a later deadline, or escalates', () => {
    expect(nextRectification('open', '2026-05-15', visit('not_rectified', 'extend', '2026-05-30'))).toEqual({
      ok: true,
      status: 'open',
      deadline: '2026-05-30',
    });
    expect(nextRectification('open', '2026-05-15', visit('not_rectified', 'extend'))).toMatchObject({
      ok: false,
      field: 'newDeadline',
    });
    expect(
      nextRectification('open', '2026-05-15', visit('not_rectified', 'extend', '2026-05-12')),
    ).toMatchObject({
      ok: false,
      field: 'newDeadline',
    });
    expect(nextRectification('open', '2026-05-15', visit('rectified', 'extend', '2026-05-30'))).toMatchObject(
      { ok: false },
    );
    expect(nextRectification('open', '2026-05-15', visit('not_rectified', 'escalate'))).toEqual({
      ok: true,
      status: 'escalated',
    });
    expect(nextRectification('open', '2026-05-15', { kind: 'escalate' })).toEqual({
      ok: true,
      status: 'escalated',
    });
  });

  it('closed and escalated are final', () => {
    for (const s of ['closed', 'escalated'] as const) {
      expect(nextRectification(s, '2026-05-15', visit('rectified', 'close'))).toMatchObject({
        ok: false,
        field: 'status',
      });
      expect(nextRectification(s, '2026-05-15', { kind: 'escalate' })).toMatchObject({ ok: false });
    }
  });
});

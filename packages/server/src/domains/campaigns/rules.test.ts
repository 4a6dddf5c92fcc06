import { describe, expect, it } from 'vitest';
import { campaignStatusProblem, itemChangeProblem, itemOverdue, progress } from './rules.ts';

const today = '2026-06-10';
const active = { status: 'active' as const, startOn: '2026-03-01' };

describe('campaign progress', () => {
  it('counts rectified and overdue items and the rate', () => {
    const p = progress(
      [
        { status: 'rectified', dueOn: '2026-05-01', rectifiedOn: '2026-04-20' },
        { status: 'open', dueOn: '2026-06-09', rectifiedOn: null },
        { status: 'open', dueOn: '2026-06-10', rectifiedOn: null },
      ],
      today,
    );
    expect(p).toEqual({ total: 3, rectified: 1, overdue: 1, rate: 33.3 });
  });
  it('has no rate without items', () => {
    expect(progress([], today).rate).toBeNull();
  });
  it('a rectified item is never overdue', () => {
    expect(itemOverdue({ status: 'rectified', dueOn: '2020-01-01', rectifiedOn: '2020-02-01' }, today)).toBe(
      false,
    );
  });
});

describe('rectification list item state', () => {
  it('rectifies an open item with a date inside the campaign', () => {
    expect(itemChangeProblem(active, { status: 'open' }, 'rectified', '2026-06-01', today)).toBeNull();
  });
  it('needs a date, not in the future, not before the campaign', () => {
    expect(itemChangeProblem(active, { status: 'open' }, 'rectified', undefined, today)?.field).toBe('on');
    expect(itemChangeProblem(active, { status: 'open' }, 'rectified', '2026-06-11', today)?.field).toBe('on');
    expect(itemChangeProblem(active, { status: 'open' }, 'rectified', '2026-02-28', today)?.field).toBe('on');
  });
  it('reopens a rectified item (revisit), but not an open one', () => {
    expect(itemChangeProblem(active, { status: 'rectified' }, 'open', undefined, today)).toBeNull();
    expect(itemChangeProblem(active, { status: 'open' }, 'open', undefined, today)?.field).toBe('status');
  });
  it('freezes the list of a closed campaign', () => {
    const closed = { ...active, status: 'closed' as const };
    expect(itemChangeProblem(closed, { status: 'open' }, 'rectified', '2026-06-01', today)?.reason).toMatch(
      /已结束/,
    );
  });
  it('a closed campaign stays closed', () => {
    expect(campaignStatusProblem('active', 'closed')).toBeNull();
    expect(campaignStatusProblem('closed', 'active')).toMatch(/不能重新开启/);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, coverageRate, dutyStatus, quarterBounds, quarterDuties, quarterOf } from './duties.ts';

const entity = (id: string, active = true) => ({
  id,
  districtCode: '500151',
  townCode: '500151101',
  villageCode: null,
  gridCode: null,
  active,
});

describe('quarters', () => {
  it('names China calendar quarters and their bounds', () => {
    expect(quarterOf('2026-01-01')).toBe('2026-Q1');
    expect(quarterOf('2026-03-31')).toBe('2026-Q1');
    expect(quarterOf('2026-04-01')).toBe('2026-Q2');
    expect(quarterOf('2026-12-31')).toBe('2026-Q4');
    expect(quarterBounds('2024-Q1')).toEqual({ start: '2024-01-01', end: '2024-03-31' });
    expect(quarterBounds('2026-Q2')).toEqual({ start: '2026-04-01', end: '2026-06-30' });
    expect(quarterBounds('2026-Q4')).toEqual({ start: '2026-10-01', end: '2026-12-31' });
  });

  it('adds days across months and years', () => {
    expect(addDays('2026-12-25', 15)).toBe('2027-01-09');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
  });
});

describe('quarterDuties', () => {
  it('gives each active entity without a duty one duty due on the quarter’s last day', () => {
    const out = quarterDuties('2026-Q3', [entity('a'), entity('b', false), entity('c')], new Set(['c']));
    expect(out).toEqual([
      expect.objectContaining({ entityId: 'a', quarter: '2026-Q3', dueDate: '2026-09-30' }),
    ]);
  });

  it('a mid-quarter newcomer is due the same day as everyone else', () => {
    const first = quarterDuties('2026-Q3', [entity('a')], new Set());
    const later = quarterDuties(
      '2026-Q3',
      [entity('a'), entity('new')],
      new Set(first.map((d) => d.entityId)),
    );
    expect(later.map((d) => [d.entityId, d.dueDate])).toEqual([['new', '2026-09-30']]);
  });

  it('property: every active entity exactly once, inactive never, repeat adds nothing', () => {
    const ids = fc.uuid();
    fc.assert(
      fc.property(
        fc.array(fc.record({ id: ids, active: fc.boolean() }), { maxLength: 40 }),
        fc.array(ids, { maxLength: 5 }),
        (list, already) => {
          const entities = list.map((e) => entity(e.id, e.active));
          const covered = new Set(already);
          const out = quarterDuties('2026-Q2', entities, covered);
          const got = out.map((d) => d.entityId);
          expect(new Set(got).size).toBe(got.length);
          const activeIds = new Set(entities.filter((e) => e.active).map((e) => e.id));
          // Each active entity is covered exactly once: by the existing duty or by a new one.
          for (const id of activeIds) expect(covered.has(id) !== got.includes(id)).toBe(true);
          // Inactive-only ids are never given a duty.
          for (const id of got) expect(activeIds.has(id)).toBe(true);
          // Running again with the result gives nothing more.
          expect(quarterDuties('2026-Q2', entities, new Set([...covered, ...got]))).toEqual([]);
        },
      ),
    );
  });
});

describe('duty status and coverage', () => {
  it('an open duty past its due date is overdue; done stays done', () => {
    expect(dutyStatus('open', '2026-03-31', '2026-04-01')).toBe('overdue');
    expect(dutyStatus('open', '2026-03-31', '2026-03-31')).toBe('open');
    expect(dutyStatus('done', '2026-03-31', '2026-05-01')).toBe('done');
  });
  it('rates coverage, nothing due being full', () => {
    expect(coverageRate(0, 0)).toBe(100);
    expect(coverageRate(2, 3)).toBe(66.7);
    expect(coverageRate(3, 3)).toBe(100);
  });
});

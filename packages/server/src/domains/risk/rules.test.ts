import { describe, expect, it } from 'vitest';
import { compareOpinions, incidentChangeProblem, opinionOverdue, stepTimeProblem } from './rules.ts';

const today = '2026-06-10';

describe('public opinion deadlines', () => {
  it('is overdue only when unanswered past the deadline', () => {
    expect(opinionOverdue({ respondedAt: null, respondBy: '2026-06-09' }, today)).toBe(true);
    expect(opinionOverdue({ respondedAt: null, respondBy: '2026-06-10' }, today)).toBe(false);
    expect(opinionOverdue({ respondedAt: new Date(), respondBy: '2026-06-01' }, today)).toBe(false);
  });
  it('sorts overdue first, then open by deadline, then answered', () => {
    const rows = [
      { id: 'answered', respondedAt: new Date(), respondBy: '2026-06-01' },
      { id: 'open-late', respondedAt: null, respondBy: '2026-06-20' },
      { id: 'overdue', respondedAt: null, respondBy: '2026-06-05' },
      { id: 'open-soon', respondedAt: null, respondBy: '2026-06-11' },
    ];
    expect(rows.sort((a, b) => compareOpinions(a, b, today)).map((r) => r.id)).toEqual([
      'overdue',
      'open-soon',
      'open-late',
      'answered',
    ]);
  });
});

describe('incident response', () => {
  it('freezes a closed incident', () => {
    expect(incidentChangeProblem('responding')).toBeNull();
    expect(incidentChangeProblem('closed')).toMatch(/已结案/);
  });
  it('refuses a step before the incident', () => {
    const occurred = new Date('2026-06-01T08:00:00+08:00');
    expect(stepTimeProblem('2026-06-01T07:59:00+08:00', occurred)).toMatch(/早于/);
    expect(stepTimeProblem('2026-06-01T09:00:00+08:00', occurred)).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import {
  dispositionProblem,
  dueOn,
  isOverdue,
  missingItems,
  nextStates,
  transitionProblem,
} from './states.ts';

const settled = {
  cause: '违规使用农药',
  responsible: '负责人已处罚',
  rectification: '已整改',
  education: '已培训',
  lessons: '建立用药记录制度',
};

describe('case state machine', () => {
  it('moves one step along the path', () => {
    expect(transitionProblem('registered', 'investigating')).toBeNull();
    expect(transitionProblem('investigating', 'decided', { note: '罚款 2000 元' })).toBeNull();
    expect(transitionProblem('decided', 'executed')).toBeNull();
    expect(transitionProblem('executed', 'closed', { items: settled })).toBeNull();
  });

  it('cannot skip a state', () => {
    for (const [from, to] of [
      ['registered', 'decided'],
      ['registered', 'closed'],
      ['investigating', 'executed'],
      ['decided', 'closed'],
    ]) {
      const p = transitionProblem(from!, to!, { note: 'x', items: settled });
      expect(p?.field, `${from}→${to}`).toBe('to');
    }
    expect(transitionProblem('registered', 'closed', { items: settled })?.reason).toContain(
      '下一步应为“调查',
    );
  });

  it('cannot go back, nor leave a closed or withdrawn case', () => {
    expect(transitionProblem('decided', 'investigating')?.field).toBe('to');
    expect(transitionProblem('closed', 'registered')?.reason).toContain('已结案');
    expect(transitionProblem('withdrawn', 'investigating')?.field).toBe('to');
    expect(nextStates('closed')).toEqual([]);
  });

  it('may be withdrawn before a decision only, and with a reason', () => {
    expect(nextStates('registered')).toEqual(['investigating', 'withdrawn']);
    expect(transitionProblem('investigating', 'withdrawn', { note: '复检合格' })).toBeNull();
    expect(transitionProblem('registered', 'withdrawn', { note: '  ' })?.field).toBe('note');
    expect(transitionProblem('decided', 'withdrawn', { note: '理由' })?.field).toBe('to');
  });

  it('a decision needs its content', () => {
    expect(transitionProblem('investigating', 'decided')?.field).toBe('note');
  });

  it('cannot close with an item of 五不放过 unsettled, and names it', () => {
    const p = transitionProblem('executed', 'closed', {
      items: { ...settled, education: ' ', lessons: null },
    });
    expect(p?.field).toBe('education,lessons');
    expect(p?.reason).toContain('教育、教训与防范');
    expect(missingItems({})).toEqual(['cause', 'responsible', 'rectification', 'education', 'lessons']);
  });

  it('counts deadlines in calendar days; overdue only after the day and while open', () => {
    expect(dueOn('2026-02-25', 7)).toBe('2026-03-04');
    expect(isOverdue('investigating', '2026-03-04', '2026-03-04')).toBe(false);
    expect(isOverdue('investigating', '2026-03-04', '2026-03-05')).toBe(true);
    expect(isOverdue('closed', '2026-03-04', '2026-03-05')).toBe(false);
  });
});

describe('hold disposition machine', () => {
  it('disposes of a held lot once', () => {
    expect(dispositionProblem('held', 'released', { note: '复检合格', evidence: 0 })).toBeNull();
    expect(dispositionProblem('held', 'destroyed', { note: '监督销毁', evidence: 1 })).toBeNull();
    expect(dispositionProblem('destroyed', 'released', { note: 'x', evidence: 1 })?.status).toBe(409);
    expect(dispositionProblem('released', 'recalled', { note: 'x', evidence: 1 })?.reason).toContain(
      '已解除',
    );
  });

  it('needs a note, a known disposition, and evidence except for a release', () => {
    expect(dispositionProblem('held', 'sold', { note: 'x', evidence: 1 })?.field).toBe('disposition');
    expect(dispositionProblem('held', 'released', { note: '', evidence: 1 })?.field).toBe('note');
    expect(dispositionProblem('held', 'recalled', { note: '召回', evidence: 0 })?.field).toBe('files');
  });

  it('refuses release and return while an open case covers the lot, naming the case', () => {
    const p = dispositionProblem('held', 'released', {
      note: 'x',
      evidence: 0,
      openCaseNo: 'AJ500151-2026-000001',
    });
    expect(p).toMatchObject({ status: 409, field: 'disposition' });
    expect(p?.reason).toContain('AJ500151-2026-000001');
    expect(
      dispositionProblem('held', 'returned', { note: 'x', evidence: 1, openCaseNo: 'AJ1' })?.status,
    ).toBe(409);
    expect(dispositionProblem('held', 'destroyed', { note: 'x', evidence: 1, openCaseNo: 'AJ1' })).toBeNull();
  });
});

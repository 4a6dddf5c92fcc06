import type { Question } from '@nongan/shared/publicity/schemas';
import { describe, expect, it } from 'vitest';
import { checkAnswers, normalisePhone, ratingsOf, satisfactionRate, surveyPhase, tally } from './rules.ts';

const Q: Question[] = [
  { kind: 'choice', text: '您是否购买过带合格证的农产品？', options: ['是', '否', '不清楚'] },
  { kind: 'rating', text: '对本地农产品质量安全的满意程度', options: [] },
  { kind: 'text', text: '意见和建议', options: [] },
];

describe('surveyPhase', () => {
  const s = { status: 'published' as const, opensOn: '2026-06-01', closesOn: '2026-06-30' };
  it('is open inside the window, both ends included', () => {
    expect(surveyPhase(s, '2026-06-01')).toBe('open');
    expect(surveyPhase(s, '2026-06-30')).toBe('open');
  });
  it('is upcoming before and closed after', () => {
    expect(surveyPhase(s, '2026-05-31')).toBe('upcoming');
    expect(surveyPhase(s, '2026-07-01')).toBe('closed');
  });
  it('a draft never opens; a survey closed by hand stays closed inside its window', () => {
    expect(surveyPhase({ ...s, status: 'draft' }, '2026-06-10')).toBe('draft');
    expect(surveyPhase({ ...s, status: 'closed' }, '2026-06-10')).toBe('closed');
  });
});

describe('checkAnswers', () => {
  it('accepts a full answer and drops blank comments', () => {
    expect(checkAnswers(Q, [0, 5, '  '])).toEqual({ ok: true, answers: [0, 5, null] });
    expect(checkAnswers(Q, [2, 1, ' 多宣传 '])).toEqual({ ok: true, answers: [2, 1, '多宣传'] });
  });
  it('names each wrong answer', () => {
    const r = checkAnswers(Q, [3, 6, null]);
    expect(r).toEqual({
      ok: false,
      issues: [
        { field: 'answers.0', reason: '不是本题的选项' },
        { field: 'answers.1', reason: '评分应为 1–5 分' },
      ],
    });
  });
  it('requires choices and ratings, not comments', () => {
    const r = checkAnswers(Q, [null, null, null]);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => i.field)).toEqual(['answers.0', 'answers.1']);
  });
  it('refuses a wrong number of answers, fractions and text for a rating', () => {
    expect(checkAnswers(Q, [0, 5]).ok).toBe(false);
    expect(checkAnswers(Q, [0, 4.5, null]).ok).toBe(false);
    expect(checkAnswers(Q, [0, '5', null]).ok).toBe(false);
    expect(checkAnswers(Q, [0, 0, null]).ok).toBe(false);
  });
});

describe('satisfaction', () => {
  it('is the share of ratings of 4 or 5', () => {
    expect(satisfactionRate([5, 4, 3, 1])).toBe(0.5);
    expect(satisfactionRate([4])).toBe(1);
    expect(satisfactionRate([])).toBeNull();
  });
  it('takes only the rating questions of a response', () => {
    expect(ratingsOf(Q, [1, 4, 'x'])).toEqual([4]);
  });
  it('tallies options, scores, the average and comments', () => {
    const t = tally(Q, [
      [0, 5, '很好'],
      [0, 3, null],
      [1, 4, null],
    ]);
    expect(t[0]!.counts).toEqual([
      { label: '是', count: 2 },
      { label: '否', count: 1 },
      { label: '不清楚', count: 0 },
    ]);
    expect(t[1]!.counts.map((c) => c.count)).toEqual([0, 0, 1, 1, 1]);
    expect(t[1]!.average).toBe(4);
    expect(t[2]).toMatchObject({ answered: 1, comments: ['很好'] });
  });
});

describe('normalisePhone', () => {
  it('drops spaces, dashes and the country code', () => {
    expect(normalisePhone('+86 138-0000-0000')).toBe('13800000000');
    expect(normalisePhone('13800000000')).toBe('13800000000');
  });
});

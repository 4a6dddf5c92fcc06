import { type Question, RATING_LABELS, type SurveyStatus } from '@nongan/shared/publicity/schemas';

export type Phase = 'draft' | 'upcoming' | 'open' | 'closed';

/** Where a survey stands on a China date: answers are taken only while `open`. */
export function surveyPhase(
  s: { status: SurveyStatus; opensOn: string; closesOn: string },
  today: string,
): Phase {
  if (s.status === 'draft') return 'draft';
  if (s.status === 'closed' || today > s.closesOn) return 'closed';
  if (today < s.opensOn) return 'upcoming';
  return 'open';
}

export type Answer = number | string | null;
export interface Issue {
  field: string;
  reason: string;
}

/**
 * One answer per question, in order: a choice is an option index, a rating 1–5 (both required),
 * a text comment is optional. Returns the answers normalised (blank text → null) or the issues.
 */
export function checkAnswers(
  questions: Question[],
  answers: Answer[],
): { ok: true; answers: Answer[] } | { ok: false; issues: Issue[] } {
  const issues: Issue[] = [];
  if (answers.length !== questions.length)
    return { ok: false, issues: [{ field: 'answers', reason: `应回答 ${questions.length} 道题` }] };
  const out: Answer[] = questions.map((q, i) => {
    const a = answers[i] ?? null;
    const field = `answers.${i}`;
    if (q.kind === 'text') {
      if (a === null) return null;
      if (typeof a !== 'string') issues.push({ field, reason: '应为文字' });
      return typeof a === 'string' && a.trim() ? a.trim() : null;
    }
    if (a === null || a === '') {
      issues.push({ field, reason: '请回答此题' });
      return null;
    }
    const max = q.kind === 'choice' ? q.options.length - 1 : 5;
    const min = q.kind === 'choice' ? 0 : 1;
    if (typeof a !== 'number' || !Number.isInteger(a) || a < min || a > max)
      issues.push({ field, reason: q.kind === 'choice' ? '不是本题的选项' : '评分应为 1–5 分' });
    return a;
  });
  return issues.length ? { ok: false, issues } : { ok: true, answers: out };
}

/** Satisfied = a rating of 4 (满意) or 5 (很满意); the rate is their share of all rating answers. */
export function satisfactionRate(ratings: number[]): number | null {
  if (ratings.length === 0) return null;
  return ratings.filter((r) => r >= 4).length / ratings.length;
}

/** Every rating answer of one response. */
export function ratingsOf(questions: Question[], answers: Answer[]): number[] {
  return questions.flatMap((q, i) =>
    q.kind === 'rating' && typeof answers[i] === 'number' ? [answers[i]] : [],
  );
}

export interface QuestionTally {
  index: number;
  kind: Question['kind'];
  text: string;
  answered: number;
  counts: { label: string; count: number }[];
  average: number | null;
  comments: string[];
}

/** Counts per option or score, the average score, and the latest comments (responses newest first). */
export function tally(questions: Question[], responses: Answer[][]): QuestionTally[] {
  return questions.map((q, index) => {
    const values = responses.map((r) => r[index] ?? null).filter((v) => v !== null);
    const labels = q.kind === 'choice' ? q.options : q.kind === 'rating' ? [...RATING_LABELS] : [];
    const base = q.kind === 'rating' ? 1 : 0;
    const counts = labels.map((label, k) => ({ label, count: values.filter((v) => v === k + base).length }));
    const nums = values.filter((v): v is number => typeof v === 'number');
    return {
      index,
      kind: q.kind,
      text: q.text,
      answered: values.length,
      counts,
      average: q.kind === 'rating' && nums.length ? nums.reduce((a, b) => a + b, 0) / nums.length : null,
      comments:
        q.kind === 'text' ? values.filter((v): v is string => typeof v === 'string').slice(0, 50) : [],
    };
  });
}

/** Normalised digits of a mainland mobile number (spaces, dashes and +86 dropped). */
export function normalisePhone(phone: string): string {
  const digits = phone.replace(/[\s-]/g, '').replace(/^\+?86(?=1\d{10}$)/, '');
  return digits;
}

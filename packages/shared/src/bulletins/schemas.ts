import { z } from 'zod';
import { pageQuery } from '../common/paging.ts';

/**
 * The quarterly bulletin (季度通报, plan 二(九)): figures the platform computes for a quarter,
 * with text the district office writes around them; frozen once issued.
 */

export const BULLETIN_STATES = ['draft', 'issued'] as const;
export type BulletinState = (typeof BULLETIN_STATES)[number];
export const BULLETIN_STATE_LABELS: Record<BulletinState, string> = { draft: '草稿', issued: '已签发' };

/** The editable text sections, in the order they are printed. */
export const BULLETIN_SECTIONS = ['intro', 'results', 'problems', 'nextSteps'] as const;
export type BulletinSection = (typeof BULLETIN_SECTIONS)[number];
export const BULLETIN_SECTION_LABELS: Record<BulletinSection, string> = {
  intro: '总体情况',
  results: '监测结果分析',
  problems: '发现的问题及处置',
  nextSteps: '下一步工作',
};

export const QUARTER_LABELS = ['第一季度', '第二季度', '第三季度', '第四季度'] as const;
export const quarterLabel = (year: number, quarter: number) => `${year}年${QUARTER_LABELS[quarter - 1]}`;

/** Who writes bulletins (the district office); town supervisors read the issued ones. */
export const BULLETIN_WRITERS = ['district_admin', 'district_staff'] as const;
export const BULLETIN_READERS = ['district_admin', 'district_staff', 'town_supervisor'] as const;

const text = z.string().max(5000);
export const bulletinSections = z.strictObject({
  intro: text,
  results: text,
  problems: text,
  nextSteps: text,
});
export type BulletinSections = z.infer<typeof bulletinSections>;

const rate = z.number().nullable();

export const kindProgress = z.object({
  taskKind: z.string(),
  label: z.string(),
  /** The year's quota (all holders). */
  quota: z.number().int(),
  /** Done in the quarter, and from 1 January to the quarter's end. */
  doneQuarter: z.number().int(),
  doneToDate: z.number().int(),
  /** doneToDate / quota. */
  rate,
  /** quota × the share of the year elapsed at the quarter's end, rounded down. */
  expected: z.number().int(),
});

export const townFacts = z.object({
  townCode: z.string(),
  townName: z.string(),
  rapidQuota: z.number().int(),
  rapidToDate: z.number().int(),
  rapidQuarter: z.number().int(),
  rapidPositive: z.number().int(),
  labSamples: z.number().int(),
  labFailed: z.number().int(),
  /** Lab pass rate of the quarter (null without samples). */
  passRate: rate,
  /** The quarter's full-coverage inspection duties, and how many were done. */
  duties: z.number().int(),
  dutiesDone: z.number().int(),
  inspections: z.number().int(),
  inspectionsWithProblems: z.number().int(),
  rectificationsOpened: z.number().int(),
  rectificationsClosed: z.number().int(),
  casesOpened: z.number().int(),
  casesClosed: z.number().int(),
});
export type TownFacts = z.infer<typeof townFacts>;

export const townRank = z.object({
  rank: z.number().int(),
  townCode: z.string(),
  townName: z.string(),
  score: z.number(),
  /** The parts of the score (the 考核 scheme's groups), each 0..100 of the group's points, with its weight. */
  parts: z.array(z.object({ label: z.string(), value: z.number().nullable(), weight: z.number() })),
});
export type TownRank = z.infer<typeof townRank>;

export const problemRecord = z.object({
  kind: z.enum(['failed_sample', 'banned_detection', 'rapid_positive']),
  label: z.string(),
  townName: z.string(),
  party: z.string(),
  product: z.string(),
  detail: z.string(),
  at: z.string(),
  /** How it was handled, in words (case, hold, rectification…). */
  handling: z.string(),
});
export type ProblemRecord = z.infer<typeof problemRecord>;

export const bulletinFigures = z.object({
  year: z.number().int(),
  quarter: z.number().int(),
  /** China dates, inclusive. */
  from: z.string(),
  to: z.string(),
  computedAt: z.string(),
  targetPassRate: z.number().nullable(),
  progress: z.array(kindProgress),
  results: z.object({
    labSamples: z.number().int(),
    labFailed: z.number().int(),
    passRate: rate,
    rapidTests: z.number().int(),
    rapidPositive: z.number().int(),
    /** Samples with a 禁限用药物 detected (a lead), apart from the verdict. */
    bannedDetections: z.number().int(),
    byProduct: z.array(
      z.object({ product: z.string(), total: z.number().int(), failed: z.number().int(), passRate: rate }),
    ),
  }),
  problems: z.object({
    failedSamples: z.number().int(),
    rapidPositive: z.number().int(),
    inspections: z.number().int(),
    inspectionsWithProblems: z.number().int(),
    rectificationsOpened: z.number().int(),
    rectificationsClosed: z.number().int(),
    casesOpened: z.number().int(),
    casesClosed: z.number().int(),
    holdsOpened: z.number().int(),
    holdsDisposed: z.number().int(),
    records: z.array(problemRecord),
  }),
  towns: z.array(townFacts),
  ranking: z.array(townRank),
  rankingNote: z.string(),
});
export type BulletinFigures = z.infer<typeof bulletinFigures>;

export const bulletinView = z.object({
  id: z.string(),
  year: z.number().int(),
  quarter: z.number().int(),
  periodLabel: z.string(),
  title: z.string(),
  state: z.enum(BULLETIN_STATES),
  computedAt: z.string(),
  issuedAt: z.string().nullable(),
  issuedByName: z.string().nullable(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type BulletinView = z.infer<typeof bulletinView>;

export const bulletinDetailView = bulletinView.extend({
  districtName: z.string(),
  sections: bulletinSections,
  figures: bulletinFigures,
});
export type BulletinDetailView = z.infer<typeof bulletinDetailView>;

export const bulletinListQuery = z.strictObject({
  year: z.coerce.number().int().min(2000).max(2100).optional(),
  state: z.enum(BULLETIN_STATES).optional(),
  ...pageQuery,
});

export const createBulletinBody = z.strictObject({
  year: z.number().int().min(2000).max(2100),
  quarter: z.number().int().min(1).max(4),
  title: z.string().trim().min(2).max(100).optional(),
});

export const patchBulletinBody = z.strictObject({
  /** The version read; a stale one is a 409. */
  version: z.number().int().min(1),
  title: z.string().trim().min(2).max(100).optional(),
  sections: bulletinSections.partial().optional(),
});

export const versionBody = z.strictObject({ version: z.number().int().min(1) });

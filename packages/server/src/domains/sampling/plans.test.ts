import { readFileSync } from 'node:fs';
import { TASK_KINDS } from '@nongan/shared/sampling/plans';
import { describe, expect, it } from 'vitest';
import { parseCsvObjects } from '../regions/csv.ts';
import { parsePlanRows, quotaIssues, totalsByKind } from './plans.ts';

const plan2021 = parsePlanRows(
  parseCsvObjects(readFileSync(new URL('./plan-data/plan-2021.csv', import.meta.url), 'utf8')),
  TASK_KINDS,
);
const towns = parseCsvObjects(
  readFileSync(new URL('../regions/data/tongliang-towns.csv', import.meta.url), 'utf8'),
);
const townCodes = new Set(towns.map((t) => t.code as string));

describe('the 2021 plan data', () => {
  it('sums to 18,800 rapid tests and 746 lab tests (121 / 605 / 20)', () => {
    const totals = totalsByKind(plan2021);
    expect(totals.rapid_test).toBe(18_800);
    expect(totals).toMatchObject({
      supervisory_sampling: 121,
      routine_monitoring: 605,
      input_inspection: 20,
    });
    expect(totals.supervisory_sampling! + totals.routine_monitoring! + totals.input_inspection!).toBe(746);
  });

  it('gives 800 to the testing centre and the six key towns, 600 to the other 22', () => {
    const rapid = plan2021.filter((q) => q.taskKind === 'rapid_test');
    expect(rapid).toHaveLength(29);
    const keyTowns = new Set(towns.filter((t) => t.key_fruit_vegetable_town === 'true').map((t) => t.code));
    for (const q of rapid) {
      const expected = q.holderCode === '500151' || keyTowns.has(q.holderCode) ? 800 : 600;
      expect(q.quota, q.holderCode).toBe(expected);
    }
    expect(quotaIssues(plan2021, '500151', townCodes)).toEqual([]);
  });
});

describe('quota checks', () => {
  it('names unknown holders and duplicate rows', () => {
    const issues = quotaIssues(
      [
        { taskKind: 'rapid_test', holderCode: '500151101', quota: 1 },
        { taskKind: 'rapid_test', holderCode: '500151101', quota: 2 },
        { taskKind: 'rapid_test', holderCode: '500152101', quota: 3 },
      ],
      '500151',
      townCodes,
    );
    expect(issues).toEqual([
      { field: 'quotas.1', reason: '同一任务类型和承担单位重复' },
      { field: 'quotas.2.holderCode', reason: '500152101 不是本区县或其镇街' },
    ]);
  });

  it('refuses a bad plan file line by line', () => {
    expect(() =>
      parsePlanRows([{ task_kind: 'rapid', holder_code: '500151', quota: '1' }], TASK_KINDS),
    ).toThrow('第2行 task_kind');
    expect(() =>
      parsePlanRows([{ task_kind: 'rapid_test', holder_code: '500151', quota: '-1' }], TASK_KINDS),
    ).toThrow('第2行 quota');
  });
});

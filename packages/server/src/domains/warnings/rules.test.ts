import { describe, expect, it } from 'vitest';
import { COPY_WINDOW_DAYS, copyWarning } from '../certificates/scan-service.ts';
import {
  brandExpiryWarnings,
  mismatchWarnings,
  overdueWarnings,
  passRateWarnings,
  quotaPaceWarnings,
  repeatFailureWarnings,
  suspiciousScanWarnings,
} from './rules.ts';

const sample = (n: number) => ({ type: 'sample' as const, id: `s${n}`, label: `样品 ${n}` });

describe('pass rate', () => {
  const fact = (total: number, failed: number) => ({
    dim: 'town' as const,
    code: '500151101',
    name: '巴川街道',
    townCode: '500151101',
    year: 2026,
    total,
    failed,
    failures: [sample(1)],
  });
  const s = { threshold: 98, minSamples: 20 };
  it('at the threshold: no warning; just under: one, keyed by its town', () => {
    expect(passRateWarnings([fact(50, 1)], s)).toEqual([]); // exactly 98 %
    const [w] = passRateWarnings([fact(49, 1)], s); // 97.96 %
    expect(w?.scopeKey).toBe('pass_rate:town:500151101');
    expect(w?.level).toBe('attention');
    expect(w?.townCode).toBe('500151101');
    expect(w?.evidence.records).toEqual([sample(1)]);
  });
  it('more than five points under is serious', () => {
    expect(passRateWarnings([fact(100, 8)], s)[0]?.level).toBe('serious');
    expect(passRateWarnings([fact(100, 7)], s)[0]?.level).toBe('attention');
  });
  it('too few samples, no data or no threshold: nothing', () => {
    expect(passRateWarnings([fact(19, 5)], s)).toEqual([]);
    expect(passRateWarnings([fact(0, 0)], { ...s, minSamples: 0 })).toEqual([]);
    expect(passRateWarnings([], s)).toEqual([]);
    expect(passRateWarnings([fact(49, 10)], { ...s, threshold: null })).toEqual([]);
  });
  it('product and analyte scopes belong to the district office', () => {
    const [w] = passRateWarnings([{ ...fact(20, 2), dim: 'analyte', code: 'A1', townCode: null }], s);
    expect(w?.scopeKey).toBe('pass_rate:analyte:A1');
    expect(w?.townCode).toBeNull();
  });
});

describe('repeated failures', () => {
  const s = { repeatFailures: 2, repeatWindowDays: 90 };
  const fact = (n: number) => ({
    entityId: 'e1',
    entityName: '某合作社',
    townCode: '500151101',
    failures: Array.from({ length: n }, (_, i) => sample(i)),
  });
  it('N failures raise one warning; N−1 none; more than N is serious', () => {
    expect(repeatFailureWarnings([fact(1)], s)).toEqual([]);
    expect(repeatFailureWarnings([fact(2)], s)[0]).toMatchObject({
      scopeKey: 'repeat_failure:entity:e1',
      level: 'attention',
    });
    expect(repeatFailureWarnings([fact(3)], s)[0]?.level).toBe('serious');
    expect(repeatFailureWarnings([fact(0)], s)).toEqual([]);
  });
  it('the fingerprint follows the records, not their order', () => {
    const a = repeatFailureWarnings([fact(2)], s)[0]!;
    const b = repeatFailureWarnings([{ ...fact(2), failures: [sample(1), sample(0)] }], s)[0]!;
    expect(a.fingerprint).toBe(b.fingerprint);
    expect(repeatFailureWarnings([fact(3)], s)[0]!.fingerprint).not.toBe(a.fingerprint);
  });
});

describe('quota pace', () => {
  const fact = (done: number, quota = 100, elapsed = 0.5) => ({
    holderCode: '500151101',
    holderName: '巴川街道',
    townCode: '500151101',
    taskKind: 'rapid_test',
    taskLabel: '快速检测',
    done,
    quota,
    elapsed,
  });
  const s = { paceShare: 0.8 };
  it('at the share of the expected count: no warning; one under: a notice', () => {
    expect(quotaPaceWarnings([fact(40)], s, '2026-07-02')).toEqual([]); // 50 expected × 0.8
    expect(quotaPaceWarnings([fact(39)], s, '2026-07-02')[0]).toMatchObject({
      scopeKey: 'quota_pace:500151101:rapid_test',
      level: 'notice',
      fingerprint: '2026-07',
    });
    expect(quotaPaceWarnings([fact(19)], s, '2026-07-02')[0]?.level).toBe('attention');
  });
  it('no quota or nothing expected yet: nothing', () => {
    expect(quotaPaceWarnings([fact(0, 0)], s, '2026-01-01')).toEqual([]);
    expect(quotaPaceWarnings([fact(0, 100, 0.005)], s, '2026-01-01')).toEqual([]);
    expect(quotaPaceWarnings([], s, '2026-01-01')).toEqual([]);
  });
});

describe('promise contradicted by a sample', () => {
  const pair = (c: string, s: string) => ({
    certificateId: c,
    certNo: `HG${c}`,
    productName: '白菜',
    sampleId: s,
    sampleNo: `YP${s}`,
    daysApart: 3,
  });
  it('one warning per entity listing each certificate and sample once', () => {
    const [w, none] = mismatchWarnings([
      { entityId: 'e1', entityName: '甲', townCode: 't', pairs: [pair('c1', 's1'), pair('c2', 's1')] },
      { entityId: 'e2', entityName: '乙', townCode: 't', pairs: [] },
    ]);
    expect(none).toBeUndefined();
    expect(w?.scopeKey).toBe('promise_mismatch:entity:e1');
    expect(w?.level).toBe('serious');
    expect(w?.evidence.records.map((r) => r.id)).toEqual(['e1', 'c1', 'c2', 's1']);
  });
});

describe('overdue', () => {
  const rec = (id: string, dueOn: string) => ({ type: 'case' as const, id, label: `案件 ${id}`, dueOn });
  const fact = (records: ReturnType<typeof rec>[]) => ({
    kind: 'overdue_case' as const,
    townCode: '500151101',
    townName: '巴川街道',
    records,
  });
  it('due today is not overdue; due yesterday is; grace days move the line', () => {
    expect(overdueWarnings([fact([rec('a', '2026-11-30')])], { overdueGraceDays: 0 }, '2026-11-30')).toEqual(
      [],
    );
    const [w] = overdueWarnings([fact([rec('a', '2026-11-29')])], { overdueGraceDays: 0 }, '2026-11-30');
    expect(w?.scopeKey).toBe('overdue_case:town:500151101');
    expect(w?.evidence.figures[1]?.value).toBe('1');
    expect(overdueWarnings([fact([rec('a', '2026-11-27')])], { overdueGraceDays: 3 }, '2026-11-30')).toEqual(
      [],
    );
    expect(
      overdueWarnings([fact([rec('a', '2026-11-26')])], { overdueGraceDays: 3 }, '2026-11-30'),
    ).toHaveLength(1);
  });
  it('one warning per town listing only the late records, oldest first; none without records', () => {
    const [w] = overdueWarnings(
      [fact([rec('b', '2026-11-20'), rec('c', '2026-12-20'), rec('a', '2026-10-01')])],
      { overdueGraceDays: 0 },
      '2026-11-30',
    );
    expect(w?.evidence.records.map((r) => r.id)).toEqual(['a', 'b']);
    expect(overdueWarnings([fact([])], { overdueGraceDays: 0 }, '2026-11-30')).toEqual([]);
  });
});

describe('brand certification expiry', () => {
  const fact = (expiresOn: string) => ({
    certificationId: 'b1',
    label: '绿色食品证书',
    entityName: '甲',
    townCode: 't',
    expiresOn,
  });
  it('at the window edge: notice; one day beyond: nothing; past: attention', () => {
    expect(brandExpiryWarnings([fact('2027-02-28')], { brandExpiryDays: 90 }, '2026-11-30')[0]?.level).toBe(
      'notice',
    );
    expect(brandExpiryWarnings([fact('2027-03-01')], { brandExpiryDays: 90 }, '2026-11-30')).toEqual([]);
    expect(brandExpiryWarnings([fact('2026-11-29')], { brandExpiryDays: 90 }, '2026-11-30')[0]?.level).toBe(
      'attention',
    );
    expect(brandExpiryWarnings([], { brandExpiryDays: 90 }, '2026-11-30')).toEqual([]);
  });
});

describe('suspicious scans (the scan page rule)', () => {
  const fact = (recentNetworks: number, recentDays: number, labelCount = 1) => ({
    certificateId: 'c1',
    certNo: 'HG1',
    entityName: '甲',
    productName: '白菜',
    townCode: 't',
    labelCount,
    recentNetworks,
    recentDays,
  });
  const run = (f: ReturnType<typeof fact>) => suspiciousScanWarnings([f], copyWarning, COPY_WINDOW_DAYS);
  it('more networks than the bar on two days: one warning; at the bar or on one day: none', () => {
    expect(run(fact(11, 2))[0]?.scopeKey).toBe('suspicious_scan:certificate:c1');
    expect(run(fact(10, 2))).toEqual([]);
    expect(run(fact(11, 1))).toEqual([]);
    expect(run(fact(21, 2, 10))).toHaveLength(1);
    expect(run(fact(20, 2, 10))).toEqual([]);
    expect(run(fact(0, 0))).toEqual([]);
  });
});

describe('pass rate wording', () => {
  it('shows a rate just under the threshold with two decimals, never as the threshold itself', () => {
    const [w] = passRateWarnings(
      [
        {
          dim: 'analyte',
          code: 'A',
          name: '总汞',
          townCode: null,
          year: 2026,
          total: 98,
          failed: 2,
          failures: [],
        },
      ],
      { threshold: 98, minSamples: 50 },
    );
    expect(w?.evidence.summary).toContain('合格率 97.95%，低于预警阈值 98.0%');
  });
});

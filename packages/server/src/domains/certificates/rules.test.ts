import { describe, expect, it } from 'vitest';
import { findMismatches, issueProblems, mapLegacyBasis, retainUntil } from './rules.ts';

describe('certificate bases', () => {
  it('maps the older template’s four bases onto today’s three', () => {
    expect(mapLegacyBasis('自我承诺')).toEqual({ basis: 'quality_control', legacy: '自我承诺' });
    expect(mapLegacyBasis('内部质量控制')).toEqual({ basis: 'quality_control', legacy: '内部质量控制' });
    expect(mapLegacyBasis('委托检测')).toEqual({ basis: 'entrusted_test', legacy: '委托检测' });
    expect(mapLegacyBasis('☑自行检测')).toEqual({ basis: 'self_test', legacy: '自行检测' });
    expect(mapLegacyBasis('自行检测合格')).toEqual({ basis: 'self_test', legacy: null });
    expect(mapLegacyBasis('口头保证')).toBeNull();
  });
});

describe('issue checks', () => {
  const ok = {
    quantity: 50,
    issueDate: '2026-11-28',
    today: '2026-11-29',
    bases: ['quality_control' as const],
    tests: 0,
    entityActive: true,
  };
  it('accepts a complete certificate', () => expect(issueProblems(ok)).toEqual([]));
  it('names each refusal', () => {
    expect(issueProblems({ ...ok, entityActive: null }).map((p) => p.field)).toEqual(['entityId']);
    expect(issueProblems({ ...ok, entityActive: false })[0]?.reason).toContain('停用');
    expect(issueProblems({ ...ok, quantity: 0 })).toEqual([{ field: 'quantity', reason: '数量应大于0' }]);
    expect(issueProblems({ ...ok, quantity: -3 })[0]?.field).toBe('quantity');
    expect(issueProblems({ ...ok, issueDate: '2026-11-30' })[0]?.field).toBe('issueDate');
    expect(issueProblems({ ...ok, bases: ['self_test'] })).toEqual([
      { field: 'tests', reason: '依据为检测合格时须关联检测记录' },
    ]);
    expect(issueProblems({ ...ok, bases: ['self_test'], tests: 1 })).toEqual([]);
    expect(issueProblems({ ...ok, tests: 1 })).toEqual([
      { field: 'bases', reason: '关联了检测记录，请勾选“自行检测合格”或“委托检测合格”' },
    ]);
  });
});

describe('promise vs sampling mismatch', () => {
  const certs = [
    { id: 'c1', entityId: 'e1', productCode: 'pak_choi', issueDate: '2026-03-01' },
    { id: 'c2', entityId: 'e1', productCode: 'spinach', issueDate: '2026-03-01' },
    { id: 'c3', entityId: 'e2', productCode: 'pak_choi', issueDate: '2026-03-01' },
  ];
  it('pairs a certificate with a failing sample of the same entity and product within the window', () => {
    const failures = [
      { id: 's1', entityId: 'e1', productCode: 'pak_choi', sampledOn: '2026-03-16' },
      { id: 's2', entityId: 'e1', productCode: 'pak_choi', sampledOn: '2026-03-17' },
      { id: 's3', entityId: 'e1', productCode: 'pak_choi', sampledOn: '2026-02-14' },
      { id: 's4', entityId: null, productCode: 'pak_choi', sampledOn: '2026-03-01' },
    ];
    expect(findMismatches(certs, failures)).toEqual([
      { certificateId: 'c1', sampleId: 's1', daysApart: 15 },
      { certificateId: 'c1', sampleId: 's3', daysApart: -15 },
    ]);
  });
  it('counts days across month and year ends', () => {
    const c = [{ id: 'c', entityId: 'e', productCode: 'p', issueDate: '2025-12-31' }];
    expect(
      findMismatches(c, [{ id: 's', entityId: 'e', productCode: 'p', sampledOn: '2026-01-02' }], 2),
    ).toEqual([{ certificateId: 'c', sampleId: 's', daysApart: 2 }]);
  });
});

describe('retention', () => {
  it('keeps issuing records 2 years and receipts 6 months, never ending early', () => {
    expect(retainUntil('2026-03-15', 2)).toBe('2028-03-15');
    expect(retainUntil('2028-02-29', 2)).toBe('2030-03-01');
    expect(retainUntil('2026-05-10', 0, 6)).toBe('2026-11-10');
    expect(retainUntil('2026-08-31', 0, 6)).toBe('2027-03-03');
    expect(retainUntil('2026-12-31', 0, 6)).toBe('2027-07-01');
  });
});

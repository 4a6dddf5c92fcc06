import { describe, expect, it } from 'vitest';
import {
  canStartDraft,
  currentVersion,
  householdReach,
  nextVersionNumber,
  nextVersionStatus,
  publishPlan,
  statusAfterEvaluation,
} from './rules.ts';

describe('version rule', () => {
  it('only a draft is published and only the published version is withdrawn', () => {
    expect(nextVersionStatus('draft', 'publish')).toBe('published');
    expect(nextVersionStatus('published', 'publish')).toBeNull();
    expect(nextVersionStatus('superseded', 'publish')).toBeNull();
    expect(nextVersionStatus('published', 'withdraw')).toBe('withdrawn');
    expect(nextVersionStatus('draft', 'withdraw')).toBeNull();
    expect(nextVersionStatus('withdrawn', 'withdraw')).toBeNull();
  });

  it('numbers versions after the highest, even with gaps', () => {
    expect(nextVersionNumber([])).toBe(1);
    expect(nextVersionNumber([{ version: 1 }, { version: 3 }])).toBe(4);
  });

  it('allows one open draft at a time', () => {
    expect(canStartDraft([{ status: 'published' }, { status: 'superseded' }])).toBe(true);
    expect(canStartDraft([{ status: 'published' }, { status: 'draft' }])).toBe(false);
  });

  it('publishing a draft supersedes the current version and keeps the rest', () => {
    const vs = [
      { id: 'v1', status: 'superseded' as const },
      { id: 'v2', status: 'published' as const },
      { id: 'v3', status: 'draft' as const },
    ];
    expect(currentVersion(vs)?.id).toBe('v2');
    expect(publishPlan(vs, 'v3')).toEqual({ publish: 'v3', supersede: 'v2' });
    expect(publishPlan(vs, 'v2')).toBeNull();
    expect(publishPlan(vs, 'nope')).toBeNull();
    expect(publishPlan([{ id: 'a', status: 'draft' }], 'a')).toEqual({ publish: 'a', supersede: null });
  });
});

describe('household reach rule', () => {
  const leafy = ['spinach', 'leafy_vegetable', 'vegetable'];
  const citrus = ['pomelo', 'citrus_fruit', 'fruit'];
  const entities = [
    { id: 'a', townCode: 'T1', productCodes: leafy },
    { id: 'b', townCode: 'T1', productCodes: leafy },
    { id: 'c', townCode: 'T1', productCodes: citrus },
    { id: 'd', townCode: 'T2', productCodes: [...leafy, ...citrus] },
    { id: 'e', townCode: 'T2', productCodes: [] },
  ];

  it('counts entities producing a covered product (a category covers its members) and those reached', () => {
    const r = householdReach(entities, [{ covers: ['leafy_vegetable'], receivedBy: new Set(['a', 'd']) }]);
    expect(r.towns.get('T1')).toEqual({ eligible: 2, reached: 1, rate: 0.5 });
    expect(r.towns.get('T2')).toEqual({ eligible: 1, reached: 1, rate: 1 });
    expect(r.district).toEqual({ eligible: 3, reached: 2, rate: 2 / 3 });
  });

  it('an entity is reached only when it holds every procedure that covers its products', () => {
    const r = householdReach(entities, [
      { covers: ['spinach'], receivedBy: new Set(['a', 'b', 'd']) },
      { covers: ['citrus_fruit'], receivedBy: new Set(['c']) },
    ]);
    expect(r.towns.get('T1')).toEqual({ eligible: 3, reached: 3, rate: 1 });
    expect(r.towns.get('T2')).toEqual({ eligible: 1, reached: 0, rate: 0 });
  });

  it('no covered producer gives no rate rather than 0 or 100%', () => {
    const r = householdReach(entities, [{ covers: ['tea'], receivedBy: new Set(['a']) }]);
    expect(r.towns.size).toBe(0);
    expect(r.district).toEqual({ eligible: 0, reached: 0, rate: null });
    expect(householdReach(entities, []).district.rate).toBeNull();
  });

  it('a hand-out to an entity that does not produce a covered product does not count', () => {
    const r = householdReach(entities, [{ covers: ['spinach'], receivedBy: new Set(['c', 'e']) }]);
    expect(r.district).toEqual({ eligible: 3, reached: 0, rate: 0 });
  });
});

describe('base status after an evaluation', () => {
  it('rectify or fail puts a base under rectification; a pass clears it; a revoked base stays revoked', () => {
    expect(statusAfterEvaluation('designated', 'rectify')).toBe('rectifying');
    expect(statusAfterEvaluation('designated', 'fail')).toBe('rectifying');
    expect(statusAfterEvaluation('rectifying', 'pass')).toBe('designated');
    expect(statusAfterEvaluation('revoked', 'pass')).toBe('revoked');
  });
});

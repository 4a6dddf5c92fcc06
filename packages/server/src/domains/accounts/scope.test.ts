import { describe, expect, it } from 'vitest';
import { type AuthUser, codeInScope, inScope, scopeOf } from './scope.ts';

const user = (over: Partial<AuthUser>): AuthUser => ({
  id: 'u',
  username: 'u',
  displayName: 'u',
  role: 'district_staff',
  scopeCode: '500151',
  entityId: null,
  districtCode: '500151',
  mustChangePassword: false,
  ...over,
});

describe('scope', () => {
  it('derives the level from the scope code', () => {
    expect(scopeOf(user({})).kind).toBe('district');
    expect(scopeOf(user({ role: 'town_supervisor', scopeCode: '500151101' }))).toMatchObject({
      kind: 'town',
      townCode: '500151101',
    });
    expect(scopeOf(user({ role: 'village_coordinator', scopeCode: '50015110120101' }))).toMatchObject({
      kind: 'village',
      villageCode: '500151101201',
    });
    expect(scopeOf(user({ role: 'producer', scopeCode: null, entityId: 'e1' }))).toMatchObject({
      kind: 'entity',
      entityId: 'e1',
    });
  });

  it('keeps records of other towns and districts out', () => {
    const town = scopeOf(user({ role: 'town_supervisor', scopeCode: '500151101' }));
    expect(inScope(town, { districtCode: '500151', townCode: '500151101' })).toBe(true);
    expect(inScope(town, { districtCode: '500151', townCode: '500151105' })).toBe(false);
    expect(inScope(scopeOf(user({})), { districtCode: '500152', townCode: '500152101' })).toBe(false);
    expect(codeInScope(town, '500151101201')).toBe(true);
    expect(codeInScope(town, '500151105201')).toBe(false);
  });

  it('gives a producer its own entity only', () => {
    const p = scopeOf(user({ role: 'producer', scopeCode: null, entityId: 'e1' }));
    expect(inScope(p, { districtCode: '500151', townCode: '500151101', id: 'e1' })).toBe(true);
    expect(inScope(p, { districtCode: '500151', townCode: '500151101', id: 'e2' })).toBe(false);
  });
});

import { checkCreditCode, checkIdCard } from '@nongan/shared/entities/check-digits';
import { entityCreateBody } from '@nongan/shared/entities/schemas';
import { describe, expect, it } from 'vitest';
import { demoEntities, demoVillages, rng } from './generate.ts';

const towns = [
  { code: '500151001', name: '巴川街道', kind: 'street', keyTown: false },
  { code: '500151101', name: '土桥镇', kind: 'town', keyTown: true },
  { code: '500151103', name: '二坪镇', kind: 'town', keyTown: false },
];

describe('demo generator', () => {
  const villages = demoVillages(towns, rng(1));
  const list = demoEntities(towns, villages, 600, 2);

  it('is reproducible from its seed', () => {
    expect(demoEntities(towns, villages, 50, 2).map((e) => e.name)).toEqual(
      list.slice(0, 50).map((e) => e.name),
    );
    expect(demoEntities(towns, villages, 50, 3).map((e) => e.name)).not.toEqual(
      list.slice(0, 50).map((e) => e.name),
    );
  });

  it('makes entities that pass the same validation as user input', () => {
    for (const { createdAt: _, ...e } of list) {
      const r = entityCreateBody.safeParse(e);
      expect(r.success, `${e.name}: ${JSON.stringify(r.error?.issues)}`).toBe(true);
      if (e.creditCode) expect(checkCreditCode(e.creditCode).ok).toBe(true);
      if (e.idCard) expect(checkIdCard(e.idCard).ok).toBe(true);
    }
  });

  it('nests villages and grids under their towns and puts more producers in key towns', () => {
    for (const v of villages) expect(v.code.startsWith(v.parentCode)).toBe(true);
    const n = (code: string) => list.filter((e) => e.townCode === code).length;
    expect(n('500151101')).toBeGreaterThan(n('500151103'));
    expect(n('500151103')).toBeGreaterThan(n('500151001'));
  });
});

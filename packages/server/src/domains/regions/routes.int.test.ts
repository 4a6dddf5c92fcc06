import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Requester, type TestApp, TOWN_A, TOWN_B } from '../../test/helper.ts';

let t: TestApp;
let office: Requester;

beforeAll(async () => {
  t = await buildTestApp();
  office = await t.as('district_staff');
});
afterAll(() => t.close());

describe('divisions', () => {
  it('has the district and its 28 towns and streets from the reference data', async () => {
    const towns = (await office({ url: '/api/divisions?level=town' })).json();
    expect(towns).toHaveLength(28);
    expect(towns.filter((d: { kind: string }) => d.kind === 'street')).toHaveLength(5);
    expect(
      towns
        .filter((d: { keyTown: boolean }) => d.keyTown)
        .map((d: { name: string }) => d.name)
        .sort(),
    ).toEqual(['土桥镇', '安居镇', '平滩镇', '高楼镇', '侣俸镇', '太平镇'].sort());
    expect(towns.find((d: { code: string }) => d.code === '500151004')).toMatchObject({
      name: '蒲吕街道',
      formerName: '蒲吕镇',
    });
  });

  it('adds villages and grids under the right parent, audited', async () => {
    const v = await office({
      method: 'POST',
      url: '/api/divisions',
      payload: { code: `${TOWN_A}201`, name: '测试村', parentCode: TOWN_A },
    });
    expect(v.statusCode, v.body).toBe(201);
    expect(v.json()).toMatchObject({ level: 'village', parentCode: TOWN_A });
    const g = await office({
      method: 'POST',
      url: '/api/divisions',
      payload: { code: `${TOWN_A}20101`, name: '测试一网格', parentCode: `${TOWN_A}201` },
    });
    expect(g.json()).toMatchObject({ level: 'grid' });
    const wrongParent = await office({
      method: 'POST',
      url: '/api/divisions',
      payload: { code: `${TOWN_B}201`, name: 'X村', parentCode: TOWN_A },
    });
    expect(wrongParent.statusCode).toBe(400);
    expect(wrongParent.json().issues[0].field).toBe('code');
    const dup = await office({
      method: 'POST',
      url: '/api/divisions',
      payload: { code: `${TOWN_A}201`, name: '又一个', parentCode: TOWN_A },
    });
    expect(dup.statusCode).toBe(409);
    const villages = (await office({ url: `/api/divisions?parentCode=${TOWN_A}` })).json();
    expect(villages.map((d: { name: string }) => d.name)).toContain('测试村');
    const audit = (await office({ url: `/api/audit?subjectType=division&subjectId=${TOWN_A}201` })).json();
    expect(audit.total).toBe(1);
  });

  it('refuses changes to the national town list and to other roles', async () => {
    expect(
      (await office({ method: 'PATCH', url: `/api/divisions/${TOWN_A}`, payload: { name: '改名' } }))
        .statusCode,
    ).toBe(403);
    const town = await t.as('town_supervisor', TOWN_A);
    expect(
      (
        await town({
          method: 'POST',
          url: '/api/divisions',
          payload: { code: `${TOWN_A}209`, name: 'Y村', parentCode: TOWN_A },
        })
      ).statusCode,
    ).toBe(403);
  });
});

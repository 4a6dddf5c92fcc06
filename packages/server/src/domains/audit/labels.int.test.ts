import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, entityBody, type Requester, type TestApp, TOWN_A, TOWN_B } from '../../test/helper.ts';
import { subjectLabelOf } from './repository.ts';

// The audit log and an entity's history speak in names: who, where, which record (issue 11).

let t: TestApp;
let office: Requester;
beforeAll(async () => {
  t = await buildTestApp();
  office = await t.as('district_staff');
});
afterAll(() => t.close());

describe('audit answers carry names', () => {
  it('names the user, the place, the record and the division codes in the change', async () => {
    const made = await office({
      method: 'POST',
      url: '/api/entities',
      payload: entityBody({ townCode: TOWN_A }),
    });
    expect(made.statusCode, made.body).toBe(201);
    const e = made.json() as { id: string; name: string; version: number };
    const moved = await office({
      method: 'PATCH',
      url: `/api/entities/${e.id}`,
      payload: { version: e.version, townCode: TOWN_B, villageCode: null, gridCode: null },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    const history = (await office({ url: `/api/entities/${e.id}/history` })).json() as {
      userName: string | null;
      regionName: string | null;
      subjectLabel: string | null;
      names: Record<string, string>;
    }[];
    const change = history.at(-1)!;
    expect(change.userName).toBeTruthy();
    expect(change.subjectLabel).toBe(e.name);
    expect(change.names).toMatchObject({ [TOWN_A]: '土桥镇', [TOWN_B]: '安居镇' });
    expect(['土桥镇', '安居镇']).toContain(change.regionName);
    const page = (await office({ url: `/api/audit?subjectId=${e.id}` })).json();
    expect(page.items[0]).toMatchObject({ subjectLabel: e.name, names: { [TOWN_B]: '安居镇' } });
  });

  it('takes a record label from its number before its name', () => {
    expect(subjectLabelOf({ name: '旧名' }, { caseNo: 'AJ500151-2026-000001', title: '案由' })).toBe(
      'AJ500151-2026-000001',
    );
    expect(subjectLabelOf({ name: '某合作社' }, null)).toBe('某合作社');
    expect(subjectLabelOf(null, { password: 'x' })).toBeNull();
  });
});

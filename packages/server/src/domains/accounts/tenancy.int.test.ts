import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildTestApp,
  DISTRICT,
  entityBody,
  PASSWORD,
  type Requester,
  type TestApp,
  TOWN_A,
  TOWN_B,
} from '../../test/helper.ts';
import { loadDistrict } from '../regions/reference.ts';
import { listUsers } from './repository.ts';
import { createUser } from './service.ts';
import { users } from './table.ts';

// A second district beside the reference one, as `nongan divisions load` would add it.
const OTHER = '500152';
const OTHER_TOWN = '500152101';
const system = { user: null, ip: null };

let t: TestApp;
let adminA: Requester;
let adminB: Requester;
const ids: Record<string, string> = {};

async function addUser(
  username: string,
  at:
    | { role: 'producer'; entityId: string }
    | { role: 'town_supervisor' | 'district_staff'; scopeCode: string },
) {
  ids[username] = await createUser(t.database.db, system, {
    username,
    displayName: username,
    password: PASSWORD,
    ...at,
  });
}

const row = async (id: string) => (await t.database.db.select().from(users).where(eq(users.id, id)))[0];

beforeAll(async () => {
  t = await buildTestApp();
  await loadDistrict(t.database.db, { code: OTHER, name: '测试二区', source: 'test' }, [
    { code: OTHER_TOWN, name: '测试镇', kind: 'town', key_fruit_vegetable_town: 'false', former_name: '' },
  ]);
  adminA = await t.as('district_admin', DISTRICT);
  adminB = await t.as('district_admin', OTHER);
  for (const town of [TOWN_A, TOWN_B]) {
    const e = await adminA({ method: 'POST', url: '/api/entities', payload: entityBody({ townCode: town }) });
    expect(e.statusCode, e.body).toBe(201);
    ids[`entity_${town}`] = e.json().id;
  }
  await addUser('prod_a', { role: 'producer', entityId: ids[`entity_${TOWN_A}`] as string });
  await addUser('prod_b', { role: 'producer', entityId: ids[`entity_${TOWN_B}`] as string });
  await addUser('town_a', { role: 'town_supervisor', scopeCode: TOWN_A });
  await addUser('staff_a', { role: 'district_staff', scopeCode: DISTRICT });
  await addUser('town_other', { role: 'town_supervisor', scopeCode: OTHER_TOWN });
});
afterAll(() => t.close());

describe('user tenancy', () => {
  it('stores each user under exactly one district', async () => {
    expect((await row(ids.prod_a as string))?.districtCode).toBe(DISTRICT);
    expect((await row(ids.town_a as string))?.districtCode).toBe(DISTRICT);
    expect((await row(ids.town_other as string))?.districtCode).toBe(OTHER);
  });

  it.each(['prod_a', 'town_a', 'staff_a'])(
    "gives another district's admin 404 on every user route against %s, writing nothing",
    async (name) => {
      const id = ids[name] as string;
      const before = await row(id);
      const attempts = [
        { method: 'GET' as const, url: `/api/users/${id}` },
        { method: 'PATCH' as const, url: `/api/users/${id}`, payload: { displayName: '被改名' } },
        { method: 'PATCH' as const, url: `/api/users/${id}`, payload: { password: 'Hj7-kq2Vx-9Pra-Lm' } },
        { method: 'PATCH' as const, url: `/api/users/${id}`, payload: { active: false } },
      ];
      for (const a of attempts) {
        const res = await adminB(a);
        expect(res.statusCode, `${a.method} ${JSON.stringify(a.payload)}`).toBe(404);
      }
      expect(await row(id)).toEqual(before);
      // The same user answers its own district's admin (so the 404 above is the scope, not a typo).
      expect((await adminA({ url: `/api/users/${id}` })).json().username).toBe(name);
    },
  );

  it("never lists another district's users, producers included", async () => {
    const all = (await adminB({ url: '/api/users?pageSize=200' })).json();
    const names = all.items.map((u: { username: string }) => u.username);
    expect(names).toContain('town_other');
    for (const n of ['prod_a', 'prod_b', 'town_a', 'staff_a']) expect(names).not.toContain(n);
    expect((await adminB({ url: '/api/users?q=prod_a' })).json().total).toBe(0);
    expect((await adminB({ url: '/api/users?role=producer' })).json().total).toBe(0);
    const mine = (await adminA({ url: '/api/users?pageSize=200' })).json();
    const mineNames = mine.items.map((u: { username: string }) => u.username);
    expect(mineNames).toEqual(expect.arrayContaining(['prod_a', 'prod_b', 'town_a', 'staff_a']));
    expect(mineNames).not.toContain('town_other');
  });

  it("refuses to create a user on another district's entity or division, writing nothing", async () => {
    const base = { displayName: '越权', password: 'Hj7-kq2Vx-9Pra-Lm' };
    const onEntity = await adminB({
      method: 'POST',
      url: '/api/users',
      payload: { ...base, username: 'sneaky_p', role: 'producer', entityId: ids[`entity_${TOWN_A}`] },
    });
    expect(onEntity.statusCode).toBe(404);
    expect(onEntity.json().issues[0].field).toBe('entityId');
    const onTown = await adminB({
      method: 'POST',
      url: '/api/users',
      payload: { ...base, username: 'sneaky_t', role: 'town_supervisor', scopeCode: TOWN_A },
    });
    expect(onTown.statusCode).toBe(404);
    expect(onTown.json().issues[0].field).toBe('scopeCode');
    const written = await t.database.db.select().from(users).where(eq(users.displayName, '越权'));
    expect(written).toEqual([]);
  });

  it('confines a town scope to its own town, producers placed by their entity', async () => {
    const page = await listUsers(
      t.database.db,
      { kind: 'town', districtCode: DISTRICT, townCode: TOWN_B },
      { page: 1, pageSize: 200 },
    );
    const names = page.items.map((u) => u.username);
    expect(names).toContain('prod_b');
    for (const n of ['prod_a', 'town_a', 'staff_a', 'town_other']) expect(names).not.toContain(n);
  });

  it("lets a district's own admin rename and reset its producer", async () => {
    const id = ids.prod_b as string;
    const res = await adminA({
      method: 'PATCH',
      url: `/api/users/${id}`,
      payload: { displayName: '新名字' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().displayName).toBe('新名字');
  });
});

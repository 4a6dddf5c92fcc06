import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, entityBody, type Requester, type TestApp, TOWN_A, TOWN_B } from '../../test/helper.ts';

let t: TestApp;
let admin: Requester;
let townA: Requester;
let townB: Requester;

beforeAll(async () => {
  t = await buildTestApp();
  admin = await t.as('district_staff');
  townA = await t.as('town_supervisor', TOWN_A);
  townB = await t.as('town_supervisor', TOWN_B);
});
afterAll(() => t.close());

describe('entity directory', () => {
  it('creates, reads, searches and audits an entity', async () => {
    const body = entityBody({ name: '土桥镇青菜种植合作社' });
    const created = await townA({ method: 'POST', url: '/api/entities', payload: body });
    expect(created.statusCode, created.body).toBe(201);
    const e = created.json();
    expect(e).toMatchObject({
      name: '土桥镇青菜种植合作社',
      townCode: TOWN_A,
      townName: '土桥镇',
      version: 1,
      active: true,
    });

    const found = await admin({ method: 'GET', url: `/api/entities?q=${encodeURIComponent('青菜种植')}` });
    expect(found.json().items.map((i: { id: string }) => i.id)).toContain(e.id);

    const history = await townA({ method: 'GET', url: `/api/entities/${e.id}/history` });
    expect(history.json()).toHaveLength(1);
    expect(history.json()[0]).toMatchObject({ action: 'create', subjectType: 'entity', subjectId: e.id });
  });

  it('refuses a credit code with a wrong check character, naming the field', async () => {
    const good = entityBody();
    const bad = {
      ...good,
      creditCode: `${good.creditCode.slice(0, 17)}${good.creditCode.endsWith('0') ? '1' : '0'}`,
    };
    const res = await admin({ method: 'POST', url: '/api/entities', payload: bad });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues[0].field).toBe('creditCode');
    expect(res.json().issues[0].reason).toContain('校验位错误');
  });

  it('refuses unknown fields, wrong types and malformed JSON', async () => {
    const unknown = await admin({
      method: 'POST',
      url: '/api/entities',
      payload: { ...entityBody(), color: 'red' },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().issues[0]).toMatchObject({ field: 'color', reason: '不允许的字段' });

    const wrongType = await admin({
      method: 'POST',
      url: '/api/entities',
      payload: { ...entityBody(), certificateTrial: 'yes' },
    });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json().issues[0].field).toBe('certificateTrial');

    const malformed = await admin({
      method: 'POST',
      url: '/api/entities',
      headers: { 'content-type': 'application/json' },
      payload: '{"name": ',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().message).toContain('JSON');
  });

  it('refuses an oversized body with 413', async () => {
    const res = await admin({
      method: 'POST',
      url: '/api/entities',
      payload: { ...entityBody(), remarks: 'x'.repeat(2 * 1024 * 1024) },
    });
    expect(res.statusCode).toBe(413);
  });

  it('keeps a town supervisor out of another town through every route', async () => {
    const other = (
      await townB({ method: 'POST', url: '/api/entities', payload: entityBody({ townCode: TOWN_B }) })
    ).json();
    const routes: { method: 'GET' | 'PATCH' | 'POST'; url: string; payload?: object }[] = [
      { method: 'GET', url: `/api/entities/${other.id}` },
      { method: 'GET', url: `/api/entities/${other.id}/history` },
      { method: 'PATCH', url: `/api/entities/${other.id}`, payload: { phone: '13900000000', version: 1 } },
      {
        method: 'POST',
        url: `/api/entities/${other.id}/deactivate`,
        payload: { reason: '测试停用', version: 1 },
      },
      { method: 'POST', url: `/api/entities/${other.id}/reactivate`, payload: { version: 1 } },
    ];
    for (const r of routes) {
      const res = await townA(r);
      expect([403, 404], `${r.method} ${r.url}`).toContain(res.statusCode);
    }
    const list = await townA({ method: 'GET', url: `/api/entities?townCode=${TOWN_B}` });
    expect(list.json().total).toBe(0);
    const create = await townA({
      method: 'POST',
      url: '/api/entities',
      payload: entityBody({ townCode: TOWN_B }),
    });
    expect(create.statusCode).toBe(400);
    expect(create.json().issues[0]).toMatchObject({ field: 'townCode' });
    const unchanged = (await townB({ method: 'GET', url: `/api/entities/${other.id}` })).json();
    expect(unchanged).toMatchObject({ version: 1, active: true, phone: other.phone });
  });

  it('updates with optimistic versioning and records before/after', async () => {
    const e = (await admin({ method: 'POST', url: '/api/entities', payload: entityBody() })).json();
    const upd = await admin({
      method: 'PATCH',
      url: `/api/entities/${e.id}`,
      payload: { phone: '13911112222', version: 1 },
    });
    expect(upd.statusCode, upd.body).toBe(200);
    expect(upd.json()).toMatchObject({ phone: '13911112222', version: 2 });
    const stale = await admin({
      method: 'PATCH',
      url: `/api/entities/${e.id}`,
      payload: { phone: '13933334444', version: 1 },
    });
    expect(stale.statusCode).toBe(409);
    const history = (await admin({ method: 'GET', url: `/api/entities/${e.id}/history` })).json();
    expect(history[1]).toMatchObject({
      action: 'update',
      before: { phone: '13800138000' },
      after: { phone: '13911112222' },
    });
  });

  it('deactivates without deleting, and refuses a duplicate credit code', async () => {
    const body = entityBody();
    const e = (await admin({ method: 'POST', url: '/api/entities', payload: body })).json();
    const dup = await admin({
      method: 'POST',
      url: '/api/entities',
      payload: { ...body, name: '另一个名字合作社' },
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().issues[0].field).toBe('creditCode');
    const off = await admin({
      method: 'POST',
      url: `/api/entities/${e.id}/deactivate`,
      payload: { reason: '已注销', version: 1 },
    });
    expect(off.json()).toMatchObject({ active: false, deactivateReason: '已注销' });
    const activeList = (
      await admin({ method: 'GET', url: `/api/entities?q=${encodeURIComponent(e.name)}` })
    ).json();
    expect(activeList.total).toBe(0);
    const all = (
      await admin({ method: 'GET', url: `/api/entities?active=all&q=${encodeURIComponent(e.name)}` })
    ).json();
    expect(all.total).toBe(1);
  });

  it('lets a smallholder go without a credit code only with a valid ID card', async () => {
    const base = entityBody({ type: 'smallholder', creditCode: null, name: '李四' });
    const none = await admin({ method: 'POST', url: '/api/entities', payload: base });
    expect(none.statusCode).toBe(400);
    expect(none.json().issues[0].field).toBe('idCard');
    const badId = await admin({
      method: 'POST',
      url: '/api/entities',
      payload: { ...base, idCard: '110105194912310021' },
    });
    expect(badId.json().issues[0]).toMatchObject({ field: 'idCard' });
    const ok = await admin({
      method: 'POST',
      url: '/api/entities',
      payload: { ...base, idCard: '11010519491231002X' },
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().idCardMasked).toBe('110105********002X');
  });

  it('scopes a producer to its own entity', async () => {
    const own = (await admin({ method: 'POST', url: '/api/entities', payload: entityBody() })).json();
    const other = (await admin({ method: 'POST', url: '/api/entities', payload: entityBody() })).json();
    const producer = await t.as('producer', null, own.id);
    expect((await producer({ method: 'GET', url: `/api/entities/${own.id}` })).statusCode).toBe(200);
    expect((await producer({ method: 'GET', url: `/api/entities/${other.id}` })).statusCode).toBe(404);
    expect((await producer({ method: 'GET', url: '/api/entities' })).json().total).toBe(1);
    expect((await producer({ method: 'POST', url: '/api/entities', payload: entityBody() })).statusCode).toBe(
      403,
    );
  });

  it('filters by industry, town, type and flags', async () => {
    const fish = (
      await admin({
        method: 'POST',
        url: '/api/entities',
        payload: entityBody({
          townCode: TOWN_B,
          type: 'family_farm',
          industries: ['aquatic', 'fruit'],
          traceManaged: true,
        }),
      })
    ).json();
    const ids = async (query: string) =>
      (await admin({ url: `/api/entities?pageSize=200&${query}` }))
        .json()
        .items.map((i: { id: string }) => i.id);
    expect(await ids('industry=aquatic')).toEqual([fish.id]);
    expect(await ids('industry=fruit')).toContain(fish.id);
    expect(await ids('industry=vegetables')).not.toContain(fish.id);
    expect(await ids(`townCode=${TOWN_B}&type=family_farm&traceManaged=true`)).toEqual([fish.id]);
    expect(await ids(`townCode=${TOWN_A}&industry=aquatic`)).toEqual([]);
    const bad = await admin({ url: '/api/entities?industry=spaceships' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0].field).toBe('industry');
  });

  it('asks for a login', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/entities' });
    expect(res.statusCode).toBe(401);
  });
});

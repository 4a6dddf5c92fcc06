import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, entityBody, type Requester, type TestApp, TOWN_A, TOWN_B } from '../../test/helper.ts';
import { chinaDate } from '../trace/rules.ts';

let t: TestApp;
let admin: Requester;
let supA: Requester;
let supB: Requester;
const today = chinaDate(new Date());
const daysAgo = (n: number) => chinaDate(new Date(Date.now() - n * 86400_000));
const ids = {} as { entityA: string; entityB: string; sampleA: string; campaign: string };

const body = (over: Record<string, unknown> = {}) => ({
  year: Number(today.slice(0, 4)),
  variety: '豇豆',
  title: '豇豆农药残留突出问题攻坚治理',
  drugs: ['灭蝇胺'],
  plan: '以乡镇为单元，对豇豆种植主体建档立卡，逐户排查用药。',
  measures: '上市前快检全覆盖，开具承诺达标合格证，问题主体回头看。',
  startOn: daysAgo(30),
  endOn: daysAgo(-90),
  ...over,
});

async function created(who: Requester, url: string, payload: unknown, status = 201) {
  const res = await who({ method: 'POST', url, payload: payload as never });
  expect(res.statusCode, `${url}: ${res.body}`).toBe(status);
  return res.json();
}

beforeAll(async () => {
  t = await buildTestApp();
  admin = await t.as('district_admin');
  supA = await t.as('town_supervisor', TOWN_A);
  supB = await t.as('town_supervisor', TOWN_B);
  ids.entityA = (await created(supA, '/api/entities', entityBody({ name: '土桥豇豆合作社' }))).id;
  ids.entityB = (
    await created(supB, '/api/entities', entityBody({ townCode: TOWN_B, name: '安居豇豆基地' }))
  ).id;
  ids.sampleA = (
    await created(supA, '/api/samples', {
      taskKind: 'supervisory_sampling',
      townCode: TOWN_A,
      entityId: ids.entityA,
      product: '豇豆',
      link: 'pre_harvest_base',
      sampler: '李抽样',
      sampledAt: new Date(Date.now() - 86400_000).toISOString(),
      quantity: 1,
      quantityUnit: 'kg',
    })
  ).id;
  ids.campaign = (await created(admin, '/api/campaigns', body())).id;
});
afterAll(() => t.close());

describe('campaigns', () => {
  it('offers the priority varieties with their source and the gap stated', async () => {
    const res = (await supA({ url: '/api/campaigns/varieties' })).json();
    expect(res.items.map((v: { name: string }) => v.name)).toContain('豇豆');
    expect(res.items[0].source).toMatch(/788px\.cn/);
    expect(res.note).toMatch(/并非农业农村部全国名单/);
  });

  it('creates a campaign with its four ones; only the district office may', async () => {
    const d = (await admin({ url: `/api/campaigns/${ids.campaign}` })).json();
    expect(d).toMatchObject({ variety: '豇豆', status: 'active', progress: { total: 0, rate: null } });
    expect(d.plan).toContain('建档立卡');
    expect(d.measures).toContain('回头看');
    expect((await supA({ method: 'POST', url: '/api/campaigns', payload: body() })).statusCode).toBe(403);
  });

  it('names the bad field', async () => {
    const res = await admin({ method: 'POST', url: '/api/campaigns', payload: body({ endOn: daysAgo(60) }) });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues[0].field).toBe('endOn');
    const missing = await admin({ method: 'POST', url: '/api/campaigns', payload: body({ plan: '' }) });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().issues[0].field).toBe('plan');
  });

  it('keeps the list by town: each supervisor adds and sees its own entities only', async () => {
    await created(supA, `/api/campaigns/${ids.campaign}/items`, {
      entityId: ids.entityA,
      issue: '豇豆检出灭蝇胺超标，未落实安全间隔期',
      dueOn: daysAgo(1),
    });
    await created(supB, `/api/campaigns/${ids.campaign}/items`, {
      entityId: ids.entityB,
      issue: '生产记录不全',
      dueOn: daysAgo(-10),
    });
    const other = await supB({
      method: 'POST',
      url: `/api/campaigns/${ids.campaign}/items`,
      payload: { entityId: ids.entityA, issue: '越权添加', dueOn: today },
    });
    expect(other.statusCode).toBe(404);
    expect(other.json().issues[0].field).toBe('entityId');
    const a = (await supA({ url: `/api/campaigns/${ids.campaign}` })).json();
    expect(a.items.map((i: { entityName: string }) => i.entityName)).toEqual(['土桥豇豆合作社']);
    expect(a.items[0]).toMatchObject({ townName: '土桥镇', overdue: true });
    const all = (await admin({ url: `/api/campaigns/${ids.campaign}` })).json();
    expect(all.progress).toMatchObject({ total: 2, rectified: 0, overdue: 1 });
  });

  it('records the rectification with its date and who; progress follows', async () => {
    const a = (await supA({ url: `/api/campaigns/${ids.campaign}` })).json();
    const item = a.items[0].id;
    const url = `/api/campaigns/${ids.campaign}/items/${item}/status`;
    const future = await supA({ method: 'POST', url, payload: { status: 'rectified', on: daysAgo(-1) } });
    expect(future.statusCode).toBe(400);
    expect(future.json().issues[0].field).toBe('on');
    expect(
      (await supB({ method: 'POST', url, payload: { status: 'rectified', on: today } })).statusCode,
    ).toBe(404);
    const done = await supA({
      method: 'POST',
      url,
      payload: { status: 'rectified', on: today, note: '已复检合格' },
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().items[0]).toMatchObject({ status: 'rectified', rectifiedOn: today, overdue: false });
    expect(done.json().items[0].updatedByName).toBeTruthy();
    const list = (await admin({ url: '/api/campaigns?q=豇豆' })).json();
    expect(list.items[0].progress).toMatchObject({ total: 2, rectified: 1, rate: 50 });
    const again = await supA({ method: 'POST', url, payload: { status: 'rectified', on: today } });
    expect(again.statusCode).toBe(400);
  });

  it('links samples in scope and generic inspection/case links', async () => {
    const bad = await supB({
      method: 'POST',
      url: `/api/campaigns/${ids.campaign}/samples`,
      payload: { sampleId: ids.sampleA },
    });
    expect(bad.statusCode).toBe(404);
    expect(bad.json().issues[0].field).toBe('sampleId');
    const ok = await created(supA, `/api/campaigns/${ids.campaign}/samples`, { sampleId: ids.sampleA });
    expect(ok.samples[0]).toMatchObject({
      productName: '豇豆',
      partyName: '土桥豇豆合作社',
      townName: '土桥镇',
    });
    expect(
      (
        await supA({
          method: 'POST',
          url: `/api/campaigns/${ids.campaign}/samples`,
          payload: { sampleId: ids.sampleA },
        })
      ).statusCode,
    ).toBe(409);
    const kase = await admin({
      method: 'POST',
      url: '/api/cases',
      payload: {
        sourceType: 'manual',
        partyName: '某合作社',
        townCode: TOWN_A,
        title: '使用禁用农药案',
        holdIds: [],
      },
    });
    expect(kase.statusCode, kase.body).toBe(201);
    const linked = await created(admin, `/api/campaigns/${ids.campaign}/links`, {
      kind: 'case',
      refId: kase.json().id,
    });
    expect(linked.links[0]).toMatchObject({ kind: 'case', label: `${kase.json().caseNo} 使用禁用农药案` });
    // A link to nothing is refused on the field.
    const ghost = await admin({
      method: 'POST',
      url: `/api/campaigns/${ids.campaign}/links`,
      payload: { kind: 'case', refId: 'AJ-0' },
    });
    expect(ghost.statusCode).toBe(404);
    expect(ghost.json().issues[0].field).toBe('refId');
    expect(
      (
        await supA({
          method: 'POST',
          url: `/api/campaigns/${ids.campaign}/links`,
          payload: { kind: 'case', refId: 'AJ-2', label: 'x' },
        })
      ).statusCode,
    ).toBe(403);
  });

  it('exports the list a town sees as xlsx', async () => {
    const res = await supA({ url: `/api/campaigns/${ids.campaign}/items.xlsx` });
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('整治清单')!;
    expect(ws.getRow(1).getCell(2).value).toBe('主体');
    expect(ws.getRow(2).getCell(2).value).toBe('土桥豇豆合作社');
    expect(ws.getRow(3).getCell(2).value).not.toBe('安居豇豆基地');
  });

  it('closing freezes the campaign; it cannot reopen; a stale version is 409', async () => {
    const d = (await admin({ url: `/api/campaigns/${ids.campaign}` })).json();
    const stale = await admin({
      method: 'PATCH',
      url: `/api/campaigns/${ids.campaign}`,
      payload: { title: '改名', version: d.version - 1 || 99 },
    });
    expect(stale.statusCode).toBe(409);
    const closed = await admin({
      method: 'PATCH',
      url: `/api/campaigns/${ids.campaign}`,
      payload: { status: 'closed', version: d.version },
    });
    expect(closed.statusCode, closed.body).toBe(200);
    const add = await supA({
      method: 'POST',
      url: `/api/campaigns/${ids.campaign}/items`,
      payload: { entityId: ids.entityA, issue: '再添加', dueOn: today },
    });
    expect(add.statusCode).toBe(409);
    const reopen = await admin({
      method: 'PATCH',
      url: `/api/campaigns/${ids.campaign}`,
      payload: { status: 'active', version: closed.json().version },
    });
    expect(reopen.statusCode).toBe(409);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildTestApp,
  DISTRICT,
  entityBody,
  type Requester,
  type TestApp,
  TOWN_A,
  TOWN_B,
} from '../../test/helper.ts';
import { addDays, chinaDate } from './rules.ts';

let t: TestApp;
let office: Requester;
let supA: Requester;
let supB: Requester;
let village: Requester;
let producer: Requester;
let otherProducer: Requester;
let storeUser: Requester;
let lab: Requester;
let coop: { id: string };
let farm: { id: string };
let piggery: { id: string };
let coopB: { id: string };
let store: { id: string };
let villageEntity: { id: string };

const VILLAGE = `${TOWN_A}201`;
const today = chinaDate(new Date());
const daysAgo = (n: number) => addDays(today, -n);

async function makeEntity(over: Record<string, unknown> = {}) {
  const res = await office({ method: 'POST', url: '/api/entities', payload: entityBody(over) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string };
}

const lotBody = (over: Record<string, unknown> = {}) => ({
  entityId: coop.id,
  product: '黄瓜',
  plot: '3号大棚',
  area: 5,
  startedOn: daysAgo(60),
  ...over,
});
const use = (over: Record<string, unknown> = {}) => ({
  input: '阿维菌素',
  usedOn: daysAgo(1),
  dose: '40 mL/亩',
  area: 2,
  operator: '李农',
  ...over,
});

async function newLot(as: Requester, over: Record<string, unknown> = {}) {
  const res = await as({ method: 'POST', url: '/api/production/lots', payload: lotBody(over) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

beforeAll(async () => {
  t = await buildTestApp();
  office = await t.as('district_staff');
  supA = await t.as('town_supervisor', TOWN_A);
  supB = await t.as('town_supervisor', TOWN_B);
  lab = await t.as('testing_centre');
  const v = await office({
    method: 'POST',
    url: '/api/divisions',
    payload: { code: VILLAGE, name: '测试村', parentCode: TOWN_A },
  });
  expect(v.statusCode, v.body).toBe(201);
  village = await t.as('village_coordinator', VILLAGE);
  coop = await makeEntity({ townCode: TOWN_A });
  farm = await makeEntity({ townCode: TOWN_A, type: 'family_farm', name: '测试家庭农场' });
  piggery = await makeEntity({ townCode: TOWN_A, industries: ['livestock'], mainProducts: ['生猪'] });
  coopB = await makeEntity({ townCode: TOWN_B, address: '重庆市铜梁区安居镇测试村2组' });
  store = await makeEntity({
    townCode: TOWN_B,
    type: 'input_store',
    name: '安居农资店',
    industries: ['inputs'],
  });
  villageEntity = await makeEntity({ townCode: TOWN_A, villageCode: VILLAGE, name: '测试村种植大户' });
  producer = await t.as('producer', null, coop.id);
  otherProducer = await t.as('producer', null, farm.id);
  storeUser = await t.as('producer', null, store.id);
});
afterAll(() => t.close());

describe('production lots', () => {
  it('creates a lot with a district serial number, audited', async () => {
    const lot = await newLot(producer);
    expect(lot).toMatchObject({
      entityId: coop.id,
      townCode: TOWN_A,
      townName: '土桥镇',
      productCode: 'cucumber',
      productName: '黄瓜',
      inputKind: 'pesticide',
      status: 'growing',
      area: 5,
      useCount: 0,
      uses: [],
      check: { ok: true, dateSource: 'today', date: today, problems: [], earliestDate: null },
    });
    expect(lot.lotNo).toMatch(new RegExp(`^SC${DISTRICT}-${today.slice(0, 4)}-\\d{6}$`));
    const audit = (await office({ url: `/api/audit?subjectType=production_lot&subjectId=${lot.id}` })).json();
    expect(audit.items).toHaveLength(1);
    expect(audit.items[0]).toMatchObject({ action: 'create', regionCode: TOWN_A });
  });

  it('gives unique lot numbers to 10 concurrent creations', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        office({ method: 'POST', url: '/api/production/lots', payload: lotBody({ plot: `并发${i}` }) }),
      ),
    );
    for (const r of results) expect(r.statusCode, r.body).toBe(201);
    const nos = results.map((r) => r.json().lotNo);
    expect(new Set(nos).size).toBe(10);
  });

  it('refuses bad input with 400 naming the field', async () => {
    const cases: [Record<string, unknown>, string, string?][] = [
      [{ startedOn: addDays(today, 2) }, 'startedOn', '不能晚于今天'],
      [{ area: -1 }, 'area'],
      [{ product: '火星菜' }, 'product', '未知产品'],
      [{ startedOn: '2025-02-29' }, 'startedOn'],
      [{ area: undefined, animals: undefined }, 'area'],
      [{ animals: 10 }, 'animals', '种植批次'],
      [{ entityId: 'not-a-uuid' }, 'entityId'],
    ];
    for (const [over, field, reason] of cases) {
      const res = await producer({ method: 'POST', url: '/api/production/lots', payload: lotBody(over) });
      expect(res.statusCode, JSON.stringify(over)).toBe(400);
      const issue = res.json().issues.find((i: { field: string }) => i.field === field);
      expect(issue, res.body).toBeDefined();
      if (reason) expect(issue.reason).toContain(reason);
    }
  });

  it('refuses new lots for deactivated entities and input stores', async () => {
    const e = await makeEntity({ townCode: TOWN_A });
    const off = await office({
      method: 'POST',
      url: `/api/entities/${e.id}/deactivate`,
      payload: { version: 1, reason: '停产' },
    });
    expect(off.statusCode, off.body).toBe(200);
    const res = await office({
      method: 'POST',
      url: '/api/production/lots',
      payload: lotBody({ entityId: e.id }),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues[0]).toMatchObject({
      field: 'entityId',
      reason: expect.stringContaining('已停用'),
    });
    const s = await office({
      method: 'POST',
      url: '/api/production/lots',
      payload: lotBody({ entityId: store.id }),
    });
    expect(s.statusCode).toBe(400);
    expect(s.json().issues[0].field).toBe('entityId');
  });
});

describe('input uses, harvest and the interval check', () => {
  it('harvest inside the safety interval is recorded, and the check reports within_interval with the earliest date', async () => {
    const lot = await newLot(producer);
    // 阿维菌素 on 黄瓜: 安全间隔期 2 天 (GB/T 8321 as reproduced), used yesterday.
    const added = await producer({
      method: 'POST',
      url: `/api/production/lots/${lot.id}/uses`,
      payload: { uses: [use()] },
    });
    expect(added.statusCode, added.body).toBe(201);
    const a = added.json();
    expect(a.added).toHaveLength(1);
    expect(a.flags).toEqual([]);
    expect(a.uses[0]).toMatchObject({
      input: '阿维菌素',
      inputCode: 'abamectin',
      kind: 'pesticide',
      area: 2,
    });
    const earliest = addDays(daysAgo(1), 2);
    // Not yet harvested: checked for today.
    expect(a.check).toMatchObject({ ok: false, dateSource: 'today', earliestDate: earliest });
    expect(a.check.problems[0]).toMatchObject({ code: 'within_interval', useIds: a.added });

    // A planned date when the interval has run: ok, with the basis.
    const planned = await producer({ url: `/api/production/check?lotId=${lot.id}&date=${earliest}` });
    expect(planned.statusCode, planned.body).toBe(200);
    expect(planned.json()).toMatchObject({ ok: true, dateSource: 'query', date: earliest });
    expect(planned.json().checked[0]).toMatchObject({
      inputCode: 'abamectin',
      days: 2,
      earliestDate: earliest,
    });

    const harvest = await producer({
      method: 'POST',
      url: `/api/production/lots/${lot.id}/harvest`,
      payload: { harvestDate: today, quantity: 1200, unit: 'kg' },
    });
    expect(harvest.statusCode, harvest.body).toBe(200);
    const h = harvest.json();
    expect(h).toMatchObject({
      status: 'harvested',
      harvestDate: today,
      harvestQuantity: 1200,
      harvestUnit: 'kg',
    });
    expect(h.check).toMatchObject({ ok: false, dateSource: 'harvest', date: today, banned: false });
    expect(h.check.problems).toHaveLength(1);
    expect(h.check.problems[0]).toMatchObject({
      severity: 'error',
      code: 'within_interval',
      field: 'uses[0].date',
      input: '阿维菌素',
      days: 2,
      daysSinceUse: 1,
      earliestDate: earliest,
    });
    expect(h.check.problems[0].reason).toContain('安全间隔期为2天');

    // The check endpoint and the detail share one code path; a date is ignored once harvested.
    const check = await supA({ url: `/api/production/check?lotId=${lot.id}&date=${earliest}` });
    expect(check.json()).toEqual(h.check);
    const detail = await village({ url: `/api/production/lots/${lot.id}` });
    expect(detail.statusCode).toBe(404); // the coop has no village: not in the coordinator's village

    const again = await producer({
      method: 'POST',
      url: `/api/production/lots/${lot.id}/harvest`,
      payload: { harvestDate: today, quantity: 1, unit: 'kg' },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().issues[0].field).toBe('harvestDate');

    const audit = (await office({ url: `/api/audit?subjectType=production_lot&subjectId=${lot.id}` })).json();
    expect(audit.items.map((i: { action: string }) => i.action).sort()).toEqual(['create', 'harvest']);
    const useAudit = (
      await office({ url: `/api/audit?subjectType=input_use&subjectId=${a.added[0]}` })
    ).json();
    expect(useAudit.total).toBe(1);
  });

  it('records a banned input (the record stays true) but flags it, and the check reports banned', async () => {
    const lot = await newLot(supA, { product: '菠菜' });
    const res = await supA({
      method: 'POST',
      url: `/api/production/lots/${lot.id}/uses`,
      payload: {
        uses: [use({ input: '百菌清', usedOn: daysAgo(20) }), use({ input: '甲拌磷', usedOn: daysAgo(10) })],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const r = res.json();
    expect(r.uses).toHaveLength(2);
    expect(r.flags).toEqual([
      expect.objectContaining({ field: 'uses.1.input', severity: 'error', code: 'banned' }),
    ]);
    expect(r.check.banned).toBe(true);
    const banned = r.check.problems.find((p: { code: string }) => p.code === 'banned');
    expect(banned).toMatchObject({ inputCode: 'phorate', useIds: [r.added[1]] });
    expect(banned.reason).toContain('禁止用于');
    // 百菌清 on vegetables: 7 days, long past.
    expect(r.check.checked[0]).toMatchObject({ inputCode: 'chlorothalonil', days: 7 });
  });

  it('records veterinary drugs with animals and the withdrawal period', async () => {
    const lot = await newLot(office, {
      entityId: piggery.id,
      product: '猪肉',
      plot: '2号猪舍',
      area: undefined,
      animals: 100,
    });
    expect(lot.inputKind).toBe('vet_drug');
    const wrongKind = await office({
      method: 'POST',
      url: `/api/production/lots/${lot.id}/uses`,
      payload: { uses: [use({ kind: 'pesticide' })] },
    });
    expect(wrongKind.statusCode).toBe(400);
    expect(wrongKind.json().issues[0].field).toBe('uses.0.kind');
    const noAnimals = await office({
      method: 'POST',
      url: `/api/production/lots/${lot.id}/uses`,
      payload: { uses: [{ input: '土霉素', usedOn: daysAgo(10), operator: '王兽医' }] },
    });
    expect(noAnimals.statusCode).toBe(400);
    expect(noAnimals.json().issues.map((i: { field: string }) => i.field)).toContain('uses.0.animals');
    const ok = await office({
      method: 'POST',
      url: `/api/production/lots/${lot.id}/uses`,
      payload: {
        uses: [{ input: '土霉素', usedOn: daysAgo(10), animals: 20, dose: '注射液', operator: '王兽医' }],
      },
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().uses[0]).toMatchObject({ kind: 'vet_drug', animals: 20, inputCode: 'oxytetracycline' });
    expect(ok.json().check.problems[0]).toMatchObject({
      code: 'within_interval',
      days: 28,
      earliestDate: addDays(daysAgo(10), 28),
    });
    expect(ok.json().check.problems[0].reason).toContain('休药期');
  });

  it('refuses use dates in the future, before the lot started or after the harvest, and a harvest before a use', async () => {
    const lot = await newLot(producer, { startedOn: daysAgo(30) });
    const cases: [Record<string, unknown>, string, string][] = [
      [{ usedOn: addDays(today, 1) }, 'uses.0.usedOn', '不能晚于今天'],
      [{ usedOn: daysAgo(31) }, 'uses.0.usedOn', '不能早于批次开始日期'],
      [{ area: -2 }, 'uses.0.area', ''],
      [{ area: 50 }, 'uses.0.area', '不能超过批次面积'],
      [{ operator: '' }, 'uses.0.operator', ''],
    ];
    for (const [over, field, reason] of cases) {
      const res = await producer({
        method: 'POST',
        url: `/api/production/lots/${lot.id}/uses`,
        payload: { uses: [use(over)] },
      });
      expect(res.statusCode, JSON.stringify(over)).toBe(400);
      const issue = res.json().issues.find((i: { field: string }) => i.field === field);
      expect(issue, res.body).toBeDefined();
      expect(issue.reason).toContain(reason);
    }
    // Nothing of a refused batch is kept.
    const mixed = await producer({
      method: 'POST',
      url: `/api/production/lots/${lot.id}/uses`,
      payload: { uses: [use({ usedOn: daysAgo(5) }), use({ usedOn: addDays(today, 3) })] },
    });
    expect(mixed.statusCode).toBe(400);
    expect(mixed.json().issues[0].field).toBe('uses.1.usedOn');
    expect((await producer({ url: `/api/production/lots/${lot.id}` })).json().uses).toHaveLength(0);

    await producer({
      method: 'POST',
      url: `/api/production/lots/${lot.id}/uses`,
      payload: { uses: [use({ usedOn: daysAgo(5) })] },
    });
    const early = await producer({
      method: 'POST',
      url: `/api/production/lots/${lot.id}/harvest`,
      payload: { harvestDate: daysAgo(6), quantity: 10, unit: 'kg' },
    });
    expect(early.statusCode).toBe(400);
    expect(early.json().issues[0]).toMatchObject({
      field: 'harvestDate',
      reason: expect.stringContaining('早于'),
    });
    const h = await producer({
      method: 'POST',
      url: `/api/production/lots/${lot.id}/harvest`,
      payload: { harvestDate: daysAgo(3), quantity: 10, unit: 'kg' },
    });
    expect(h.statusCode, h.body).toBe(200);
    expect(h.json().check.ok).toBe(true);
    const after = await producer({
      method: 'POST',
      url: `/api/production/lots/${lot.id}/uses`,
      payload: { uses: [use({ usedOn: daysAgo(1) })] },
    });
    expect(after.statusCode).toBe(400);
    expect(after.json().issues[0]).toMatchObject({
      field: 'uses.0.usedOn',
      reason: expect.stringContaining('不能晚于采收'),
    });
  });
});

describe('scoping', () => {
  it("hides other towns' and other entities' lots (404), and lists only what is in scope", async () => {
    const lot = await newLot(supA);
    for (const as of [supB, otherProducer]) {
      expect((await as({ url: `/api/production/lots/${lot.id}` })).statusCode).toBe(404);
      const check = await as({ url: `/api/production/check?lotId=${lot.id}` });
      expect(check.statusCode).toBe(404);
      expect(check.json().issues[0].field).toBe('lotId');
      const write = await as({
        method: 'POST',
        url: `/api/production/lots/${lot.id}/uses`,
        payload: { uses: [use()] },
      });
      expect(write.statusCode).toBe(404);
    }
    const listB = (await supB({ url: '/api/production/lots?pageSize=200' })).json();
    expect(listB.total).toBe(0);
    const own = (await producer({ url: '/api/production/lots?pageSize=200' })).json();
    expect(own.total).toBeGreaterThan(0);
    expect(own.items.every((l: { entityId: string }) => l.entityId === coop.id)).toBe(true);
    expect((await otherProducer({ url: '/api/production/lots' })).json().total).toBe(0);
    const all = (await office({ url: `/api/production/lots?entityId=${coop.id}&pageSize=200` })).json();
    expect(all.total).toBe(own.total);
  });

  it('lets town supervisors write only in their town, producers only for their own entity', async () => {
    const b = await supB({
      method: 'POST',
      url: '/api/production/lots',
      payload: lotBody({ entityId: coop.id }),
    });
    expect(b.statusCode).toBe(404);
    expect(b.json().issues[0].field).toBe('entityId');
    const ok = await supB({
      method: 'POST',
      url: '/api/production/lots',
      payload: lotBody({ entityId: coopB.id }),
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().townCode).toBe(TOWN_B);
    const p = await otherProducer({
      method: 'POST',
      url: '/api/production/lots',
      payload: lotBody({ entityId: coop.id }),
    });
    expect(p.statusCode).toBe(404);
  });

  it('gives village coordinators read-only access to their village', async () => {
    const lot = await newLot(office, { entityId: villageEntity.id });
    expect(lot.villageCode).toBe(VILLAGE);
    const list = (await village({ url: '/api/production/lots' })).json();
    expect(list.items.map((l: { id: string }) => l.id)).toEqual([lot.id]);
    expect((await village({ url: `/api/production/lots/${lot.id}` })).statusCode).toBe(200);
    const write = await village({
      method: 'POST',
      url: `/api/production/lots/${lot.id}/uses`,
      payload: { uses: [use()] },
    });
    expect(write.statusCode).toBe(403);
    expect((await lab({ url: '/api/production/lots' })).statusCode).toBe(403);
  });

  it('filters lots by product, status and lot number or plot', async () => {
    const lot = await newLot(supA, { plot: '河边特殊地块' });
    const byPlot = (await supA({ url: `/api/production/lots?q=${encodeURIComponent('河边特殊')}` })).json();
    expect(byPlot.items.map((l: { id: string }) => l.id)).toEqual([lot.id]);
    const byNo = (await supA({ url: `/api/production/lots?q=${lot.lotNo}` })).json();
    expect(byNo.items.map((l: { id: string }) => l.id)).toEqual([lot.id]);
    const pork = (await office({ url: `/api/production/lots?product=${encodeURIComponent('猪肉')}` })).json();
    expect(pork.items.every((l: { productCode: string }) => l.productCode === 'pork')).toBe(true);
    expect(pork.total).toBeGreaterThan(0);
    const harvested = (await office({ url: '/api/production/lots?status=harvested' })).json();
    expect(harvested.items.every((l: { status: string }) => l.status === 'harvested')).toBe(true);
    const bad = await office({ url: `/api/production/lots?product=${encodeURIComponent('火星菜')}` });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0].field).toBe('product');
  });
});

describe('input purchases', () => {
  it("records a producer's purchase from an input store, searchable by buyer and by store", async () => {
    const res = await producer({
      method: 'POST',
      url: '/api/production/purchases',
      payload: {
        entityId: coop.id,
        input: '阿维菌素',
        quantity: 10,
        unit: 'bottle',
        storeId: store.id,
        purchasedOn: daysAgo(3),
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      inputCode: 'abamectin',
      kind: 'pesticide',
      storeName: '安居农资店',
      banned: false,
    });
    // The store's own sales ledger: a sale to an entity outside its own scope.
    const sale = await storeUser({
      method: 'POST',
      url: '/api/production/purchases',
      payload: {
        entityId: farm.id,
        input: '甲拌磷',
        quantity: 2,
        unit: 'kg',
        storeId: store.id,
        purchasedOn: daysAgo(2),
      },
    });
    expect(sale.statusCode, sale.body).toBe(201);
    expect(sale.json().banned).toBe(true);

    const sales = (await storeUser({ url: `/api/production/purchases?storeId=${store.id}` })).json();
    expect(sales.total).toBe(2);
    // Town B's supervisor sees the store's sales (the store is in town B) …
    expect((await supB({ url: '/api/production/purchases' })).json().total).toBe(2);
    // … the buyer sees only its own purchase.
    const mine = (await producer({ url: '/api/production/purchases' })).json();
    expect(mine.items.map((p: { entityId: string }) => p.entityId)).toEqual([coop.id]);
    const byInput = (
      await office({ url: `/api/production/purchases?q=${encodeURIComponent('甲拌磷')}` })
    ).json();
    expect(byInput.items.map((p: { entityId: string }) => p.entityId)).toEqual([farm.id]);
  });

  it('refuses a store that is not an input store, an unknown input without a kind, and a future date', async () => {
    const base = {
      entityId: coop.id,
      input: '阿维菌素',
      quantity: 1,
      unit: 'bottle',
      purchasedOn: daysAgo(1),
    };
    const notStore = await producer({
      method: 'POST',
      url: '/api/production/purchases',
      payload: { ...base, storeId: farm.id },
    });
    expect(notStore.statusCode).toBe(400);
    expect(notStore.json().issues[0].field).toBe('storeId');
    const unknown = await producer({
      method: 'POST',
      url: '/api/production/purchases',
      payload: { ...base, input: '神奇增产灵', storeName: '赶场摊贩' },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().issues[0].field).toBe('kind');
    const future = await producer({
      method: 'POST',
      url: '/api/production/purchases',
      payload: { ...base, storeName: '赶场摊贩', purchasedOn: addDays(today, 1) },
    });
    expect(future.statusCode).toBe(400);
    expect(future.json().issues[0].field).toBe('purchasedOn');
    const noStore = await producer({ method: 'POST', url: '/api/production/purchases', payload: base });
    expect(noStore.statusCode).toBe(400);
    expect(noStore.json().issues[0].field).toBe('storeName');
    const other = await producer({
      method: 'POST',
      url: '/api/production/purchases',
      payload: { ...base, entityId: farm.id, storeName: '赶场摊贩' },
    });
    expect(other.statusCode).toBe(404);
  });
});

describe('reference lists for the forms', () => {
  it('lists the products a lot may be of, with their input kind, and the input stores', async () => {
    const products = (await village({ url: '/api/production/products' })).json();
    expect(products.find((p: { code: string }) => p.code === 'cucumber')).toMatchObject({
      kind: 'pesticide',
      category: false,
    });
    expect(products.find((p: { code: string }) => p.code === 'pork')).toMatchObject({ kind: 'vet_drug' });
    expect(products.find((p: { code: string }) => p.code === 'vegetable')).toMatchObject({ category: true });
    // A producer can pick a store outside its own scope (the directory search would not show it).
    const stores = (await producer({ url: `/api/production/stores?q=${encodeURIComponent('安居')}` })).json();
    expect(stores).toEqual([{ id: store.id, name: '安居农资店', townCode: TOWN_B, townName: '安居镇' }]);
  });
});

describe('reference inputs search', () => {
  it('finds inputs by name with intervals and bans, for a product', async () => {
    const res = await producer({
      url: `/api/production/inputs?q=${encodeURIComponent('阿维菌素')}&product=黄瓜`,
    });
    expect(res.statusCode, res.body).toBe(200);
    const [first] = res.json();
    expect(first).toMatchObject({ code: 'abamectin', name: '阿维菌素', kind: 'pesticide', banned: false });
    expect(first.intervals.find((i: { productCode: string }) => i.productCode === 'cucumber').days).toBe(2);
    expect(first.forProduct).toMatchObject({ productCode: 'cucumber', banned: null, interval: { days: 2 } });
    const banned = (
      await producer({ url: `/api/production/inputs?q=${encodeURIComponent('甲拌磷')}&product=菠菜` })
    ).json();
    expect(banned[0]).toMatchObject({ code: 'phorate', banned: true });
    expect(banned[0].forProduct.banned.scope).toBe('蔬菜');
    const vet = (await producer({ url: '/api/production/inputs?kind=vet_drug&limit=200' })).json();
    expect(vet.length).toBeGreaterThan(5);
    expect(vet.every((i: { kind: string }) => i.kind === 'vet_drug')).toBe(true);
    const bad = await producer({ url: `/api/production/inputs?product=${encodeURIComponent('火星菜')}` });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0].field).toBe('product');
  });
});

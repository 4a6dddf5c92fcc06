import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, entityBody, type Requester, type TestApp, TOWN_A } from '../../test/helper.ts';
import { addDays, chinaDate } from '../trace/rules.ts';

// 查限量, ambiguous names and class rapid tests through the API (PGlite; PostgreSQL with TEST_DATABASE_URL).
const today = chinaDate(new Date());
const daysAgo = (n: number) => addDays(today, -n);
const ASK = '「青菜」可能指：普通白菜、大白菜，请选择';

let t: TestApp;
let office: Requester;
let supA: Requester;
let checker: Requester;
let producer: Requester;
let coop: { id: string };
let market: { id: string };

async function makeEntity(over: Record<string, unknown> = {}) {
  const res = await office({ method: 'POST', url: '/api/entities', payload: entityBody(over) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

const rapid = (over: Record<string, unknown> = {}) => ({
  holderCode: TOWN_A,
  townCode: TOWN_A,
  entityId: coop.id,
  product: '稻谷',
  link: 'pre_harvest_base',
  method: 'enzyme_inhibition',
  inhibitionRate: 12,
  testedAt: `${daysAgo(1)}T09:30:00+08:00`,
  tester: '王检测',
  ...over,
});

beforeAll(async () => {
  t = await buildTestApp();
  office = await t.as('district_staff');
  supA = await t.as('town_supervisor', TOWN_A);
  checker = await t.as('market_checker', TOWN_A);
  coop = await makeEntity({ type: 'cooperative', townCode: TOWN_A });
  producer = await t.as('producer', null, coop.id);
  market = await makeEntity({ type: 'market', name: '土桥农贸市场', industries: ['other'] });
});
afterAll(() => t?.close());

describe('查限量', () => {
  it('any logged-in role reads a product’s limits with citations; anonymous is refused', async () => {
    const res = await checker({
      url: `/api/standards/lookup?product=${encodeURIComponent('豇豆')}&date=2025-06-01`,
    });
    expect(res.statusCode, res.body).toBe(200);
    const v = res.json();
    expect(v.limits.find((l: { analyteName: string }) => l.analyteName === '噻虫胺')).toMatchObject({
      limit: 0.01,
      standard: 'GB 2763-2021',
      item: '噻虫胺：豇豆',
    });
    expect((await t.app.inject({ url: '/api/standards/lookup?product=cowpea' })).statusCode).toBe(401);
  });

  it('a pair answers with its history; bad questions are 400 naming the field', async () => {
    const v = (
      await supA({ url: `/api/standards/lookup?product=chinese_chive&analyte=procymidone&date=2024-01-01` })
    ).json();
    expect(v.limits[0]).toMatchObject({ limit: 5, standard: 'GB 2763.1-2022' });
    expect(v.history.map((h: { edition: { code: string } }) => h.edition.code)).toContain('GB 2763-2019');
    const amb = await supA({ url: `/api/standards/lookup?product=${encodeURIComponent('青菜')}` });
    expect(amb.statusCode).toBe(400);
    expect(amb.json().issues[0]).toEqual({ field: 'product', reason: ASK });
    const badDate = await supA({ url: '/api/standards/lookup?product=cowpea&date=2025-02-30' });
    expect(badDate.statusCode).toBe(400);
    expect((await supA({ url: '/api/standards/lookup' })).json().issues[0].field).toBe('product');
    const picks = (await supA({ url: `/api/standards/products?q=${encodeURIComponent('青菜')}` })).json();
    expect(picks).toMatchObject({ ambiguous: ASK, items: [{ name: '普通白菜' }, { name: '大白菜' }] });
  });
});

describe('an ambiguous product name asks instead of guessing', () => {
  it('rapid test, sample and 无合格证 market check answer 400 with the candidates and write nothing', async () => {
    const before = (await office({ url: '/api/rapid-tests?pageSize=1' })).json().total;
    const r = await supA({ method: 'POST', url: '/api/rapid-tests', payload: rapid({ product: '青菜' }) });
    expect(r.statusCode).toBe(400);
    expect(r.json().issues).toContainEqual({ field: 'product', reason: ASK });
    expect((await office({ url: '/api/rapid-tests?pageSize=1' })).json().total).toBe(before);

    const s = await supA({
      method: 'POST',
      url: '/api/samples',
      payload: {
        taskKind: 'supervisory_sampling',
        townCode: TOWN_A,
        entityId: coop.id,
        product: '青菜',
        link: 'pre_harvest_base',
        sampler: '李抽样',
        sampledAt: `${daysAgo(1)}T10:00:00+08:00`,
        quantity: 1,
        quantityUnit: 'kg',
      },
    });
    expect(s.statusCode).toBe(400);
    expect(s.json().issues).toContainEqual({ field: 'product', reason: ASK });

    const m = await checker({
      method: 'POST',
      url: '/api/market-checks',
      payload: { marketId: market.id, product: '青菜', code: '' },
    });
    expect(m.statusCode).toBe(400);
    // The market check also lists the candidates, for the form to offer as a choice.
    expect(m.json().issues).toEqual([
      {
        field: 'product',
        reason: ASK,
        choices: [
          { code: 'pak_choi', name: '普通白菜' },
          { code: 'napa_cabbage', name: '大白菜' },
        ],
      },
    ]);
    const chosen = await checker({
      method: 'POST',
      url: '/api/market-checks',
      payload: { marketId: market.id, product: '普通白菜', code: '' },
    });
    expect(chosen.statusCode, chosen.body).toBe(201);
    expect(chosen.json()).toMatchObject({ productCode: 'pak_choi', productName: '普通白菜' });
  });
});

describe('a class rapid test covers the inputs of its groups', () => {
  async function lotUsing(product: string, input: string, usedDaysAgo: number) {
    const lot = await supA({
      method: 'POST',
      url: '/api/production/lots',
      payload: { entityId: coop.id, product, plot: '2号田', area: 5, startedOn: daysAgo(90) },
    });
    expect(lot.statusCode, lot.body).toBe(201);
    const uses = await supA({
      method: 'POST',
      url: `/api/production/lots/${lot.json().id}/uses`,
      payload: {
        uses: [{ input, usedOn: daysAgo(usedDaysAgo), dose: '50 mL/亩', area: 2, operator: '李农' }],
      },
    });
    expect(uses.statusCode, uses.body).toBe(201);
    return lot.json().id as string;
  }
  const issue = (lotId: string, product: string, refId: string) =>
    producer({
      method: 'POST',
      url: '/api/certificates',
      payload: {
        entityId: coop.id,
        lotId,
        product,
        quantity: 500,
        unit: 'kg',
        contact: '13800138000',
        issueDate: today,
        bases: ['self_test'],
        tests: [{ kind: 'rapid', refId }],
      },
    });

  it('a negative enzyme-inhibition test is the basis for a lot that used an organophosphate (倍硫磷)', async () => {
    const test = await supA({ method: 'POST', url: '/api/rapid-tests', payload: rapid() });
    expect(test.statusCode, test.body).toBe(201);
    expect(test.json()).toMatchObject({ target: '有机磷和氨基甲酸酯类', result: 'negative' });
    // 倍硫磷 on 稻类: 安全间隔期 21 天; used 30 days ago.
    const lot = await lotUsing('稻谷', '倍硫磷', 30);
    const res = await issue(lot, '稻谷', test.json().id);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().tests[0]).toMatchObject({ kind: 'rapid', items: ['有机磷和氨基甲酸酯类'] });
  });

  it('the same test does not cover a lot that used 阿维菌素 (not in its groups)', async () => {
    const test = await supA({ method: 'POST', url: '/api/rapid-tests', payload: rapid({ product: '黄瓜' }) });
    expect(test.statusCode, test.body).toBe(201);
    const lot = await lotUsing('黄瓜', '阿维菌素', 10);
    const res = await issue(lot, '黄瓜', test.json().id);
    expect(res.statusCode).toBe(400);
    expect(res.json().issues).toEqual([
      expect.objectContaining({ field: 'tests', reason: expect.stringContaining('阿维菌素') }),
    ]);
  });
});

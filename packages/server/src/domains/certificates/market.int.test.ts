import { and, count, eq } from 'drizzle-orm';
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
import { auditLog } from '../audit/table.ts';
import { addDays, chinaDate } from '../trace/rules.ts';
import { traceEvents } from '../trace/table.ts';
import { certificateScans, certificates, marketChecks } from './table.ts';
import { insertCertificate } from './test-fixtures.ts';
import { codeOf, newTraceId, signLegacyTraceCode, signTraceCode } from './trace-code.ts';

// 入市查验 through the API, on PGlite and (with TEST_DATABASE_URL) on PostgreSQL.
const today = chinaDate(new Date());

let t: TestApp;
let office: Requester;
let checkerA: Requester;
let checkerB: Requester;
let supA: Requester;
let supB: Requester;
let coop: { id: string; name: string };
let marketA: { id: string; name: string };
let marketB: { id: string; name: string };

async function makeEntity(over: Record<string, unknown> = {}) {
  const res = await office({ method: 'POST', url: '/api/entities', payload: entityBody(over) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; name: string };
}

const makeCert = (over: Partial<typeof certificates.$inferInsert> = {}) =>
  insertCertificate(t.database.db, t.app.keyRing, coop, { bases: ['quality_control', 'self_test'], ...over });

const check = (who: Requester, payload: Record<string, unknown>) =>
  who({ method: 'POST', url: '/api/market-checks', payload });

async function receiveEvents(certificateId: string) {
  return t.database.db
    .select()
    .from(traceEvents)
    .where(
      and(
        eq(traceEvents.districtCode, DISTRICT),
        eq(traceEvents.certificateId, certificateId),
        eq(traceEvents.type, 'receive'),
      ),
    );
}

beforeAll(async () => {
  t = await buildTestApp();
  office = await t.as('district_staff');
  checkerA = await t.as('market_checker', TOWN_A);
  checkerB = await t.as('market_checker', TOWN_B);
  supA = await t.as('town_supervisor', TOWN_A);
  supB = await t.as('town_supervisor', TOWN_B);
  coop = await makeEntity({ type: 'cooperative', name: '土桥蔬菜专业合作社' });
  marketA = await makeEntity({ type: 'market', name: '土桥农贸市场', industries: ['other'] });
  marketB = await makeEntity({
    type: 'market',
    name: '安居农贸市场',
    townCode: TOWN_B,
    industries: ['other'],
  });
});
afterAll(() => t?.close());

describe('reading the code', () => {
  it('takes a bare code or a scanned URL ending in /t/<code>', () => {
    const code = 'k1a2b3c.0123456789ABCDEFGHJK.abc_-';
    expect(codeOf(`  ${code}\n`)).toBe(code);
    expect(codeOf(`https://nongan.example.gov.cn/t/${code}`)).toBe(code);
    expect(codeOf(`http://10.1.2.3:3000/t/${code}/`)).toBe(code);
    expect(codeOf(`https://x.cn/t/${code}?from=singlemessage#top`)).toBe(code);
    expect(codeOf('hello')).toBe('hello');
  });
});

describe('POST /api/market-checks', () => {
  it('says valid with the certificate to compare, records the check, a receive event and the audit', async () => {
    const c = await makeCert();
    const scansBefore = await t.database.db.select({ n: count() }).from(certificateScans);
    const res = await check(checkerA, {
      marketId: marketA.id,
      code: `https://nongan.example.gov.cn/t/${c.traceCode}`,
      quantity: 120,
      unit: 'kg',
    });
    expect(res.statusCode, res.body).toBe(201);
    const v = res.json();
    expect(v).toMatchObject({
      result: 'valid',
      resultLabel: '合格证有效',
      marketId: marketA.id,
      marketName: '土桥农贸市场',
      townCode: TOWN_A,
      townName: '土桥镇',
      certificateId: c.id,
      productCode: 'spinach',
      productName: '菠菜',
      quantity: 120,
      unit: 'kg',
      supplier: '土桥蔬菜专业合作社',
      certificate: {
        id: c.id,
        certNo: c.certNo,
        status: 'valid',
        productName: '菠菜',
        producerName: '土桥蔬菜专业合作社',
        origin: c.origin,
        issueDate: today,
        bases: ['quality_control', 'self_test'],
        colour: 'green',
      },
    });
    const [row] = await t.database.db
      .select()
      .from(marketChecks)
      .where(and(eq(marketChecks.districtCode, DISTRICT), eq(marketChecks.id, v.id)));
    expect(row).toMatchObject({
      result: 'valid',
      certificateId: c.id,
      marketId: marketA.id,
      townCode: TOWN_A,
    });
    expect(row!.code).toContain(c.traceCode);
    const events = await receiveEvents(c.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      placeId: marketA.id,
      placeName: '土桥农贸市场',
      townCode: TOWN_A,
      fromEntityId: coop.id,
      toEntityId: marketA.id,
      quantity: 120,
      unit: 'kg',
      detail: { marketCheckId: v.id, via: 'market_check' },
    });
    const audit = await t.database.db.select().from(auditLog).where(eq(auditLog.subjectId, v.id));
    expect(audit.map((a) => a.action)).toEqual(['market.check']);
    // A check is not a public scan.
    expect(await t.database.db.select({ n: count() }).from(certificateScans)).toEqual(scansBefore);
  });

  it('takes the bare code typed with spaces, and the checker’s own town without a market', async () => {
    const c = await makeCert();
    const res = await check(checkerA, { code: `  ${c.traceCode} ` });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ result: 'valid', marketId: null, townCode: TOWN_A, quantity: null });
    const [e] = await receiveEvents(c.id);
    expect(e).toMatchObject({
      placeId: TOWN_A,
      placeName: '土桥镇',
      toEntityId: null,
      fromEntityId: coop.id,
    });
  });

  it('says revoked, with the reason, and the lot is not received', async () => {
    const c = await makeCert();
    await t.database.db
      .update(certificates)
      .set({ status: 'revoked', revokedAt: new Date(), revokeReason: '数量填写错误' })
      .where(and(eq(certificates.districtCode, DISTRICT), eq(certificates.id, c.id)));
    const res = await check(checkerA, { marketId: marketA.id, code: c.traceCode });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      result: 'revoked',
      resultLabel: '合格证已撤销',
      certificateId: c.id,
      certificate: { status: 'revoked', revokeReason: '数量填写错误' },
    });
    expect(await receiveEvents(c.id)).toHaveLength(0);
  });

  it('says invalid for a forged or altered code and unknown for a genuine but unregistered one', async () => {
    const legacyId = newTraceId();
    const c = await makeCert({ traceId: legacyId, traceCode: signLegacyTraceCode(t.app.keyRing, legacyId) });
    const altered = `${c.traceCode.slice(0, -40)}${c.traceCode.at(-40) === 'A' ? 'B' : 'A'}${c.traceCode.slice(-39)}`;
    const [key, , sig] = c.traceCode.split('.');
    const compact = (await makeCert()).traceCode;
    for (const code of [
      altered,
      `${key}.${newTraceId()}.${sig}`,
      `${compact.slice(0, -1)}${compact.endsWith('0') ? '1' : '0'}`,
      `HTTPS://EVIL.EXAMPLE/T/${compact.slice(0, 5)}${newTraceId()}${compact.slice(25)}`,
      'hello world',
      `https://evil.example/t/${altered}`,
    ]) {
      const res = await check(checkerA, { marketId: marketA.id, code, product: '菠菜' });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ result: 'invalid', certificateId: null, certificate: null });
    }
    const unregistered = signTraceCode(t.app.keyRing, newTraceId());
    const res = await check(checkerA, { marketId: marketA.id, code: unregistered });
    expect(res.json()).toMatchObject({ result: 'unknown', resultLabel: '追溯码未登记', certificate: null });
    expect(await receiveEvents(c.id)).toHaveLength(0);
  });

  it('records a lot without a certificate as such', async () => {
    const res = await check(checkerA, {
      marketId: marketA.id,
      product: '菠菜',
      quantity: 30,
      unit: 'kg',
      supplier: '王大爷',
      note: '自产自销',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      result: 'none',
      resultLabel: '无合格证',
      code: null,
      productCode: 'spinach',
      productName: '菠菜',
      quantity: 30,
      unit: 'kg',
      supplier: '王大爷',
      note: '自产自销',
      certificate: null,
    });
    // A product outside the catalogue is kept as typed.
    const odd = await check(checkerA, { marketId: marketA.id, product: '野生折耳根', code: '' });
    expect(odd.json()).toMatchObject({
      result: 'none',
      productCode: '野生折耳根',
      productName: '野生折耳根',
    });
  });

  it('asks which product a regional name means (青菜), with the candidates, and records nothing', async () => {
    const rows = async () =>
      Number((await t.database.db.select({ n: count() }).from(marketChecks))[0]?.n ?? 0);
    const before = await rows();
    for (const product of ['青菜', ' 青菜 ']) {
      const res = await check(checkerA, { marketId: marketA.id, product, quantity: 20, unit: 'kg' });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().issues).toEqual([
        {
          field: 'product',
          reason: '「青菜」可能指：普通白菜、大白菜，请选择',
          choices: [
            { code: 'pak_choi', name: '普通白菜' },
            { code: 'napa_cabbage', name: '大白菜' },
          ],
        },
      ]);
    }
    expect(await rows()).toBe(before);
    // The choice the form sends back, by name or by code, is recorded as that product.
    for (const [product, productName] of [
      ['普通白菜', '普通白菜'],
      ['napa_cabbage', '大白菜'],
    ] as const) {
      const res = await check(checkerA, { marketId: marketA.id, product, quantity: 20, unit: 'kg' });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ result: 'none', productName });
    }
  });

  it('refuses what it cannot record', async () => {
    const noProduct = await check(checkerA, { marketId: marketA.id });
    expect(noProduct.statusCode).toBe(400);
    expect(noProduct.json().issues[0].field).toBe('product');
    const otherTown = await check(checkerA, { marketId: marketB.id, product: '菠菜' });
    expect(otherTown.statusCode).toBe(400);
    expect(otherTown.json().issues[0]).toMatchObject({ field: 'marketId' });
    const notMarket = await check(checkerA, { marketId: coop.id, product: '菠菜' });
    expect(notMarket.statusCode).toBe(400);
    expect(notMarket.json().issues[0].reason).toContain('不是农产品市场');
    const districtWithout = await check(office, { product: '菠菜' });
    expect(districtWithout.statusCode).toBe(400);
    expect(districtWithout.json().issues[0].field).toBe('marketId');
    expect((await check(office, { marketId: marketB.id, product: '菠菜' })).statusCode).toBe(201);
    const producer = await t.as('producer', null, coop.id);
    expect((await check(producer, { product: '菠菜' })).statusCode).toBe(403);
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/market-checks', payload: { product: '菠菜' } }))
        .statusCode,
    ).toBe(401);
  });
});

describe('GET /api/market-checks and /summary', () => {
  it('lists the checks in the user’s scope, with filters', async () => {
    const b = await check(checkerB, { marketId: marketB.id, product: '白菜', supplier: '安居某户' });
    expect(b.statusCode, b.body).toBe(201);
    const listA = (await checkerA({ url: '/api/market-checks?pageSize=200' })).json();
    expect(listA.total).toBeGreaterThan(0);
    expect(listA.items.every((i: { townCode: string }) => i.townCode === TOWN_A)).toBe(true);
    expect(listA.items.some((i: { id: string }) => i.id === b.json().id)).toBe(false);
    const listB = (await checkerB({ url: '/api/market-checks?pageSize=200' })).json();
    expect(listB.items.map((i: { id: string }) => i.id)).toContain(b.json().id);
    expect(listB.items.every((i: { townCode: string }) => i.townCode === TOWN_B)).toBe(true);
    // Asking for another town does not widen the scope.
    const sneaky = (await checkerA({ url: `/api/market-checks?townCode=${TOWN_B}` })).json();
    expect(sneaky.total).toBe(0);

    const all = (await office({ url: '/api/market-checks?pageSize=200' })).json();
    expect(all.total).toBe(listA.total + listB.total);
    const valid = (await supA({ url: '/api/market-checks?result=valid&pageSize=200' })).json();
    expect(valid.total).toBeGreaterThan(0);
    expect(valid.items[0]).toMatchObject({
      result: 'valid',
      checkerName: expect.any(String),
      certificate: { productName: '菠菜', producerName: '土桥蔬菜专业合作社', colour: null },
    });
    const atMarket = (await office({ url: `/api/market-checks?marketId=${marketB.id}` })).json();
    expect(atMarket.items.every((i: { marketName: string }) => i.marketName === '安居农贸市场')).toBe(true);
    const tomorrow = addDays(today, 1);
    expect((await office({ url: `/api/market-checks?from=${tomorrow}` })).json().total).toBe(0);
    expect((await office({ url: `/api/market-checks?from=${today}&to=${today}` })).json().total).toBe(
      all.total,
    );
    const paged = (await office({ url: '/api/market-checks?pageSize=2&page=2' })).json();
    expect(paged).toMatchObject({ page: 2, pageSize: 2, total: all.total });
    expect(paged.items).toHaveLength(2);
  });

  it('counts by result and town for supervisors', async () => {
    const sum = (await office({ url: `/api/market-checks/summary?from=${today}&to=${today}` })).json();
    const all = (await office({ url: '/api/market-checks?pageSize=1' })).json();
    expect(sum.total.total).toBe(all.total);
    expect(sum.total.valid).toBeGreaterThanOrEqual(2);
    expect(sum.total.revoked).toBe(1);
    expect(sum.total.invalid).toBe(6); // the six altered codes of the test above
    expect(sum.total.unknown).toBe(1);
    const towns = sum.towns.map((r: { townCode: string }) => r.townCode);
    expect(towns).toEqual([TOWN_A, TOWN_B]);
    expect(sum.towns[0]).toMatchObject({ townName: '土桥镇' });
    const a = (await supA({ url: '/api/market-checks/summary' })).json();
    expect(a.towns.map((r: { townCode: string }) => r.townCode)).toEqual([TOWN_A]);
    expect(a.to).toBe(today);
    expect(a.from).toBe(addDays(today, -29));
    const b = (await supB({ url: '/api/market-checks/summary' })).json();
    expect(b.total.total).toBe(2);
    expect((await checkerA({ url: '/api/market-checks/summary' })).statusCode).toBe(403);
    const bad = await office({ url: `/api/market-checks/summary?from=${today}&to=${addDays(today, -1)}` });
    expect(bad.statusCode).toBe(400);
  });
});

describe('the same code checked again', () => {
  it('shows the earlier checks and warns when the quantity checked exceeds the certificate', async () => {
    const c = await makeCert({ quantity: 500, unit: 'kg' });
    const first = await check(checkerA, {
      code: c.traceCode,
      marketId: marketA.id,
      quantity: 500,
      unit: 'kg',
    });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().history).toMatchObject({
      earlier: 0,
      checkedQuantity: 500,
      unit: 'kg',
      overQuantity: false,
      warning: null,
    });
    // 800 kg more in another town, half of it in 斤: converted through the unit table.
    const second = await check(checkerB, {
      code: c.traceCode,
      marketId: marketB.id,
      quantity: 800,
      unit: 'jin',
    });
    expect(second.statusCode, second.body).toBe(201);
    const h = second.json().history;
    expect(second.json().result).toBe('valid');
    expect(h).toMatchObject({
      earlier: 1,
      places: [{ name: '土桥农贸市场', count: 1 }],
      checkedQuantity: 900,
      overQuantity: true,
    });
    expect(h.firstAt).toBe(first.json().checkedAt);
    expect(h.warning).toContain('累计查验 900 公斤，超过合格证数量 500 公斤');
    // A count against a weighed certificate does not convert: refused, naming the field, nothing written.
    const before = await t.database.db.select().from(marketChecks).where(eq(marketChecks.code, c.traceCode));
    const heads = await check(checkerA, {
      code: c.traceCode,
      marketId: marketA.id,
      quantity: 3,
      unit: 'head',
    });
    expect(heads.statusCode).toBe(400);
    expect(heads.json().issues).toEqual([{ field: 'unit', reason: expect.stringContaining('不能换算') }]);
    const after = await t.database.db.select().from(marketChecks).where(eq(marketChecks.code, c.traceCode));
    expect(after).toHaveLength(before.length);
  });

  it('counts concurrent checks of one certificate against each other', async () => {
    const c = await makeCert({ quantity: 500, unit: 'kg' });
    const res = await Promise.all(
      [300, 300, 300].map((q) =>
        check(checkerA, { code: c.traceCode, marketId: marketA.id, quantity: q, unit: 'kg' }),
      ),
    );
    for (const r of res) expect(r.statusCode, r.body).toBe(201);
    const seen = res.map((r) => r.json().history.earlier).sort();
    expect(seen).toEqual([0, 1, 2]);
    expect(res.filter((r) => r.json().history.overQuantity)).toHaveLength(2);
  });
});

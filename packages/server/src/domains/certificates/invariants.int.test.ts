import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildTestApp,
  DISTRICT,
  entityBody,
  type Requester,
  type TestApp,
  TOWN_A,
} from '../../test/helper.ts';
import { addDays, chinaDate } from '../trace/rules.ts';
import { productionLots } from '../trace/table.ts';
import { certificates, receivedCertificates } from './table.ts';
import { insertCertificate } from './test-fixtures.ts';

// The rules the database holds: one valid certificate per lot, quantities bounded by the lot and
// the receipts through the unit table, dates after what they rest on. PGlite and PostgreSQL.
const today = chinaDate(new Date());
const daysAgo = (n: number) => addDays(today, -n);

let t: TestApp;
let office: Requester;
let producer: Requester;
let buyer: Requester;
let coop: { id: string; name: string };
let buyerEntity: { id: string; name: string };

async function makeEntity(over: Record<string, unknown> = {}) {
  const res = await office({ method: 'POST', url: '/api/entities', payload: entityBody(over) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

const issueBody = (over: Record<string, unknown> = {}) => ({
  entityId: coop.id,
  product: '菠菜',
  quantity: 50,
  unit: 'kg',
  contact: '13800138000',
  issueDate: today,
  bases: ['quality_control'],
  ...over,
});
const issue = (payload: Record<string, unknown>) =>
  producer({ method: 'POST', url: '/api/certificates', payload });
const batch = (items: Record<string, unknown>[]) =>
  producer({ method: 'POST', url: '/api/certificates/batch', payload: { certificates: items } });

/** A lot, harvested when `harvest` is given. */
async function makeLot(harvest?: { quantity: number; unit: string; date?: string }) {
  const id = randomUUID();
  await t.database.db.insert(productionLots).values({
    id,
    districtCode: DISTRICT,
    lotNo: `SC-I-${id.slice(0, 8)}`,
    entityId: coop.id,
    townCode: TOWN_A,
    productCode: 'spinach',
    startedOn: daysAgo(60),
    ...(harvest
      ? {
          status: 'harvested',
          harvestDate: harvest.date ?? daysAgo(1),
          harvestQuantity: harvest.quantity,
          harvestUnit: harvest.unit,
        }
      : {}),
  });
  return id;
}

const validOn = async (lotId: string) =>
  t.database.db
    .select()
    .from(certificates)
    .where(and(eq(certificates.lotId, lotId), eq(certificates.status, 'valid')));

beforeAll(async () => {
  t = await buildTestApp();
  office = await t.as('district_staff');
  coop = await makeEntity({ type: 'cooperative', townCode: TOWN_A, name: '合作社甲' });
  buyerEntity = await makeEntity({ type: 'enterprise', name: '收购公司乙' });
  producer = await t.as('producer', null, coop.id);
  buyer = await t.as('producer', null, buyerEntity.id);
});
afterAll(() => t?.close());

describe('one valid certificate per lot', () => {
  it('refuses a batch that names the same lot twice, naming the item, writing nothing', async () => {
    const lotId = await makeLot();
    const res = await batch([issueBody({ lotId }), issueBody(), issueBody({ lotId })]);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().issues).toEqual([
      { field: 'certificates.2.lotId', reason: expect.stringContaining('同一生产批次') },
    ]);
    expect(await validOn(lotId)).toHaveLength(0);
  });

  it('leaves exactly one valid certificate when concurrent issues and batches name the same lot', async () => {
    const lotId = await makeLot();
    const res = await Promise.all([
      issue(issueBody({ lotId })),
      batch([issueBody(), issueBody({ lotId })]),
      batch([issueBody({ lotId }), issueBody()]),
      issue(issueBody({ lotId })),
    ]);
    const ok = res.filter((r) => r.statusCode === 201);
    expect(ok, res.map((r) => r.body).join('\n')).toHaveLength(1);
    for (const r of res.filter((x) => x.statusCode !== 201)) {
      expect([400, 409]).toContain(r.statusCode);
      expect(r.json().issues.map((i: { field: string }) => i.field)).toEqual([
        expect.stringMatching(/^(certificates\.\d\.)?lotId$/),
      ]);
    }
    expect(await validOn(lotId)).toHaveLength(1);
  });

  it('is held by the database itself: a second valid row for the lot is refused', async () => {
    const lotId = await makeLot();
    await insertCertificate(t.database.db, t.app.keyRing, coop, { lotId });
    await expect(insertCertificate(t.database.db, t.app.keyRing, coop, { lotId })).rejects.toThrow();
    // A revoked certificate does not count: the lot may be issued again.
    await insertCertificate(t.database.db, t.app.keyRing, coop, {
      lotId: await makeLot(),
      status: 'revoked',
    });
    expect(await validOn(lotId)).toHaveLength(1);
  });
});

describe('quantities through the unit table', () => {
  it('bounds a producer certificate by the lot’s harvest, in any unit of the same kind', async () => {
    const lotId = await makeLot({ quantity: 100, unit: 'kg' });
    const huge = await issue(issueBody({ lotId, quantity: 1_000_000, unit: 't' }));
    expect(huge.statusCode).toBe(400);
    expect(huge.json().issues).toEqual([
      { field: 'quantity', reason: expect.stringContaining('采收 100 公斤，已开具 0 公斤，剩余 0.1 吨') },
    ]);
    const heads = await issue(issueBody({ lotId, quantity: 3, unit: 'head' }));
    expect(heads.statusCode).toBe(400);
    expect(heads.json().issues).toEqual([{ field: 'unit', reason: expect.stringContaining('不能换算') }]);
    expect(await validOn(lotId)).toHaveLength(0);
    // 200 斤 is the whole 100 kg.
    const whole = await issue(issueBody({ lotId, quantity: 200, unit: 'jin' }));
    expect(whole.statusCode, whole.body).toBe(201);
  });

  it('bounds a buyer certificate by its receipts, converted, naming the remaining quantity', async () => {
    const paper = async (quantity: number, unit: string) => {
      const res = await buyer({
        method: 'POST',
        url: '/api/certificates/received',
        payload: {
          receiverId: buyerEntity.id,
          certNo: `P-${randomUUID().slice(0, 6)}`,
          supplier: '某农户',
          product: '菠菜',
          quantity,
          unit,
          receivedOn: daysAgo(1),
        },
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    };
    const a = await paper(10, 'kg');
    const b = await paper(4, 'jin');
    const buyerIssue = (quantity: number, unit: string, receivedIds: string[]) =>
      buyer({
        method: 'POST',
        url: '/api/certificates/buyer',
        payload: {
          entityId: buyerEntity.id,
          product: '菠菜',
          quantity,
          unit,
          contact: '13900000000',
          issueDate: today,
          receivedIds,
        },
      });
    const tons = await buyerIssue(1000, 't', [a, b]);
    expect(tons.statusCode).toBe(400);
    expect(tons.json().issues).toEqual([
      { field: 'quantity', reason: expect.stringContaining('剩余可开具 0.012 吨') },
    ]);
    const boxes = await buyerIssue(1, 'box', [a]);
    expect(boxes.statusCode).toBe(400);
    expect(boxes.json().issues[0].field).toBe('unit');
    const ok = await buyerIssue(24, 'jin', [a, b]);
    expect(ok.statusCode, ok.body).toBe(201);
  });

  it('bounds receipts of a platform certificate by what it carries, also when they race', async () => {
    const source = await insertCertificate(t.database.db, t.app.keyRing, coop, { quantity: 500, unit: 'kg' });
    const receive = (quantity: number, unit = 'kg') =>
      buyer({
        method: 'POST',
        url: '/api/certificates/received',
        payload: { receiverId: buyerEntity.id, code: source.traceCode, quantity, unit, receivedOn: today },
      });
    const res = await Promise.all([receive(300), receive(300), receive(0.3, 't')]);
    expect(res.filter((r) => r.statusCode === 201)).toHaveLength(1);
    for (const r of res.filter((x) => x.statusCode !== 201)) {
      expect([400, 409]).toContain(r.statusCode);
      // The remaining quantity in the unit the receipt asked in.
      expect(r.json().issues).toEqual([
        { field: 'quantity', reason: expect.stringMatching(/剩余 (200 公斤|0\.2 吨)$/) },
      ]);
    }
    expect((await receive(400, 'jin')).statusCode).toBe(201);
    const rows = await t.database.db
      .select()
      .from(receivedCertificates)
      .where(eq(receivedCertificates.sourceCertificateId, source.id));
    expect(rows).toHaveLength(2);
    const more = await receive(1, 'head');
    expect(more.statusCode).toBe(400);
    expect(more.json().issues[0].field).toBe('unit');
  });

  it('refuses a harvest recorded below what is already certified on the lot', async () => {
    const lotId = await makeLot();
    expect((await issue(issueBody({ lotId, quantity: 80 }))).statusCode).toBe(201);
    const harvest = (payload: Record<string, unknown>) =>
      producer({ method: 'POST', url: `/api/production/lots/${lotId}/harvest`, payload });
    const low = await harvest({ harvestDate: today, quantity: 100, unit: 'jin' });
    expect(low.statusCode).toBe(400);
    expect(low.json().issues).toEqual([{ field: 'quantity', reason: expect.stringContaining('160 斤') }]);
    expect((await harvest({ harvestDate: today, quantity: 3, unit: 'head' })).json().issues[0].field).toBe(
      'unit',
    );
    expect((await harvest({ harvestDate: today, quantity: 80, unit: 'kg' })).statusCode).toBe(200);
  });
});

describe('dates', () => {
  it('refuses implausible dates and dates before what they rest on, naming the field', async () => {
    const lotId = await makeLot({ quantity: 100, unit: 'kg', date: daysAgo(3) });
    const cases: [Record<string, unknown>, string, string][] = [
      [{ issueDate: '1999-12-31' }, 'issueDate', '不能早于 2000-01-01'],
      [{ issueDate: addDays(today, 1) }, 'issueDate', '不能晚于今天'],
      [{ lotId, issueDate: daysAgo(5) }, 'issueDate', `采收/屠宰日期（${daysAgo(3)}）`],
      [{ lotId, issueDate: daysAgo(90) }, 'issueDate', `开始日期（${daysAgo(60)}）`],
      [
        {
          bases: ['entrusted_test'],
          tests: [{ kind: 'report', refNo: 'R1', items: ['铅'], testedOn: '1970-01-01' }],
        },
        'tests.0.testedOn',
        '不能早于 2000-01-01',
      ],
    ];
    for (const [over, field, reason] of cases) {
      const res = await issue(issueBody(over));
      expect(res.statusCode, JSON.stringify(over)).toBe(400);
      expect(res.json().issues).toContainEqual({ field, reason: expect.stringContaining(reason) });
    }
    expect(await validOn(lotId)).toHaveLength(0);
    const source = await insertCertificate(t.database.db, t.app.keyRing, coop, { issueDate: daysAgo(2) });
    const early = await buyer({
      method: 'POST',
      url: '/api/certificates/received',
      payload: {
        receiverId: buyerEntity.id,
        code: source.traceCode,
        quantity: 1,
        unit: 'kg',
        receivedOn: daysAgo(4),
      },
    });
    expect(early.statusCode).toBe(400);
    expect(early.json().issues).toEqual([
      { field: 'receivedOn', reason: `不能早于合格证开具日期（${daysAgo(2)}）` },
    ]);
  });

  it('refuses a shipment dated before its certificate or carrying more than it', async () => {
    const c = await insertCertificate(t.database.db, t.app.keyRing, coop, {
      issueDate: daysAgo(2),
      quantity: 500,
    });
    const ship = (payload: Record<string, unknown>) =>
      producer({
        method: 'POST',
        url: `/api/certificates/${c.id}/events`,
        payload: { toName: '某超市', ...payload },
      });
    const early = await ship({ at: `${daysAgo(3)}T12:00:00+08:00` });
    expect(early.statusCode).toBe(400);
    expect(early.json().issues).toEqual([{ field: 'at', reason: `不能早于合格证开具日期（${daysAgo(2)}）` }]);
    const much = await ship({ at: new Date().toISOString(), quantity: 501 });
    expect(much.statusCode).toBe(400);
    expect(much.json().issues[0].field).toBe('quantity');
    expect((await ship({ at: new Date().toISOString(), quantity: 500 })).statusCode).toBe(201);
  });
});

import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { and, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
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
import { addDays, chinaDate } from '../trace/rules.ts';
import { inputUses, productionLots } from '../trace/table.ts';
import { certificates } from './table.ts';

// Certificates through the API, on PGlite and (with TEST_DATABASE_URL) on PostgreSQL.
const today = chinaDate(new Date());
const daysAgo = (n: number) => addDays(today, -n);

const epcisDir = new URL('../../../../../../shared/standards/epcis/', import.meta.url);
const schemaFile = fileURLToPath(new URL('EPCIS-JSON-Schema.json', epcisDir));
if (!existsSync(schemaFile))
  throw new Error(`EPCIS schema not found at ${schemaFile} (shared/ beside the repo)`);
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
const validateEpcis = ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8')));

let t: TestApp;
let office: Requester;
let supA: Requester;
let supB: Requester;
let coop: { id: string; townCode: string };
let smallholder: { id: string };
let buyerEntity: { id: string };
let producer: Requester;
let buyer: Requester;

async function makeEntity(over: Record<string, unknown> = {}) {
  const res = await office({ method: 'POST', url: '/api/entities', payload: entityBody(over) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

const issueBody = (over: Record<string, unknown> = {}) => ({
  entityId: coop.id,
  product: '菠菜',
  quantity: 500,
  unit: 'kg',
  contact: '13800138000',
  issueDate: today,
  bases: ['quality_control'],
  ...over,
});

/** A lot with input uses, written straight to the tables (production records have their own tests). */
async function lotWith(uses: { input: string; usedOn: string }[], entityId = coop.id) {
  const id = randomUUID();
  await t.database.db.insert(productionLots).values({
    id,
    districtCode: DISTRICT,
    lotNo: `SC-T-${id.slice(0, 8)}`,
    entityId,
    townCode: TOWN_A,
    productCode: 'spinach',
    startedOn: daysAgo(60),
  });
  for (const u of uses)
    await t.database.db.insert(inputUses).values({
      id: randomUUID(),
      districtCode: DISTRICT,
      lotId: id,
      entityId,
      input: u.input,
      kind: 'pesticide',
      usedOn: u.usedOn,
    });
  return id;
}

beforeAll(async () => {
  t = await buildTestApp();
  office = await t.as('district_staff');
  supA = await t.as('town_supervisor', TOWN_A);
  supB = await t.as('town_supervisor', TOWN_B);
  coop = await makeEntity({ type: 'cooperative', townCode: TOWN_A });
  smallholder = await makeEntity({
    type: 'smallholder',
    creditCode: undefined,
    idCard: '11010519491231002X',
    name: '张小农',
  });
  buyerEntity = await makeEntity({ type: 'enterprise', name: '测试农产品收购公司' });
  producer = await t.as('producer', null, coop.id);
  buyer = await t.as('producer', null, buyerEntity.id);
});
afterAll(() => t?.close());

describe('issuing', () => {
  it('issues a producer certificate with a signed trace code and a serial number', async () => {
    const res = await producer({
      method: 'POST',
      url: '/api/certificates',
      payload: issueBody({ labelCount: 3 }),
    });
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json();
    expect(c.certNo).toMatch(new RegExp(`^HGZ500151-${today.slice(0, 4)}-\\d{6}$`));
    // The QR payload is an upper-case URL in the QR alphanumeric set (compact code, issue 11).
    expect(c.traceUrl).toMatch(/^HTTP:\/\/LOCALHOST(:\d+)?\/T\/[0-9A-HJKMNP-TV-Z]{37}$/);
    expect(c).toMatchObject({
      style: 'producer',
      status: 'valid',
      productName: '菠菜',
      labelCount: 3,
      onBehalf: false,
      bases: ['quality_control'],
      retainUntil: addDays(today, 0).replace(/^\d{4}/, (y) => String(Number(y) + 2)),
    });
    expect(c.commitments.join()).toContain('不使用禁用农药兽药');
    expect(c.origin).toContain('铜梁区');
    const events = (await producer({ url: `/api/certificates/${c.id}/events` })).json().items;
    expect(events.map((e: { type: string }) => e.type)).toEqual(['commission']);
  });

  it('refuses bad input with the field and the reason, and writes nothing', async () => {
    const before = (await office({ url: '/api/certificates' })).json().total;
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ quantity: 0 }, 'quantity', /大于0/],
      [{ quantity: -3 }, 'quantity', /大于0/],
      [{ issueDate: addDays(today, 2) }, 'issueDate', /晚于今天/],
      [{ bases: ['self_test'] }, 'tests', /关联检测记录/],
      [{ entityId: randomUUID() }, 'entityId', /未登记/],
      [{ product: '不存在的菜' }, 'product', /未知产品/],
      [{ bases: [] }, 'bases', /至少/],
    ];
    for (const [over, field, reason] of cases) {
      const res = await office({ method: 'POST', url: '/api/certificates', payload: issueBody(over) });
      expect(res.statusCode, JSON.stringify(over)).toBe(400);
      const issue = res.json().issues.find((i: { field: string }) => i.field === field);
      expect(issue, `${JSON.stringify(over)} → ${res.body}`).toBeDefined();
      expect(issue.reason).toMatch(reason);
    }
    expect((await office({ url: '/api/certificates' })).json().total).toBe(before);
  });

  it('refuses a deactivated entity', async () => {
    const e = await makeEntity({ type: 'family_farm' });
    const p = await t.as('producer', null, e.id);
    const off = await office({
      method: 'POST',
      url: `/api/entities/${e.id}/deactivate`,
      payload: { reason: '停产歇业', version: e.version },
    });
    expect(off.statusCode, off.body).toBe(200);
    const res = await p({ method: 'POST', url: '/api/certificates', payload: issueBody({ entityId: e.id }) });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues).toContainEqual({ field: 'entityId', reason: '主体已停用，不能开具合格证' });
  });

  it('lets a town supervisor issue on a smallholder’s behalf, and only that', async () => {
    const ok = await supA({
      method: 'POST',
      url: '/api/certificates',
      payload: issueBody({ entityId: smallholder.id }),
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().onBehalf).toBe(true);
    const no = await supA({ method: 'POST', url: '/api/certificates', payload: issueBody() });
    expect(no.statusCode).toBe(400);
    expect(no.json().issues[0].reason).toMatch(/只能为小农户代开/);
    const otherTown = await supB({
      method: 'POST',
      url: '/api/certificates',
      payload: issueBody({ entityId: smallholder.id }),
    });
    expect(otherTown.json().issues[0]).toMatchObject({ field: 'entityId' });
  });

  it('refuses a lot harvested inside a safety interval or with a banned input, with the reason', async () => {
    const inside = await lotWith([{ input: '阿维菌素', usedOn: daysAgo(3) }]);
    const res = await producer({
      method: 'POST',
      url: '/api/certificates',
      payload: issueBody({ lotId: inside }),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues[0]).toMatchObject({ field: 'lotId' });
    expect(res.json().issues[0].reason).toMatch(/安全间隔期为7天.*最早可于/);
    const check = await producer({
      method: 'POST',
      url: '/api/certificates/check',
      payload: issueBody({ lotId: inside }),
    });
    expect(check.json().warnings).toContainEqual({
      field: 'originVillageCode',
      reason: '产地未具体到村：主体未登记所在村，请选择产地村',
    });
    expect(check.json().problems[0].reason).toMatch(/安全间隔期/);

    const banned = await lotWith([{ input: '甲胺磷', usedOn: daysAgo(40) }]);
    const b = await producer({
      method: 'POST',
      url: '/api/certificates',
      payload: issueBody({ lotId: banned }),
    });
    expect(b.statusCode).toBe(400);
    expect(b.json().issues[0].reason).toMatch(/甲胺磷禁止/);

    const clear = await lotWith([{ input: '阿维菌素', usedOn: daysAgo(10) }]);
    const ok = await producer({
      method: 'POST',
      url: '/api/certificates',
      payload: issueBody({ lotId: clear }),
    });
    expect(ok.statusCode, ok.body).toBe(201);
    // One certificate per lot, until it is revoked.
    const post = () =>
      producer({ method: 'POST', url: '/api/certificates', payload: issueBody({ lotId: clear }) });
    const second = await post();
    expect(second.statusCode).toBe(400);
    expect(second.json().issues[0].reason).toMatch(/一批一证/);
    await producer({
      method: 'POST',
      url: `/api/certificates/${ok.json().id}/revoke`,
      payload: { reason: '重量填错' },
    });
    expect((await post()).statusCode).toBe(201);
  });

  it('requires the test items to cover the inputs used (“test what you used”)', async () => {
    const lot = await lotWith([{ input: '阿维菌素', usedOn: daysAgo(10) }]);
    const report = (items: string[]) => ({
      kind: 'report',
      refNo: 'WT-2026-001',
      lab: '重庆某检测公司',
      items,
      testedOn: daysAgo(1),
    });
    const no = await producer({
      method: 'POST',
      url: '/api/certificates',
      payload: issueBody({ lotId: lot, bases: ['entrusted_test'], tests: [report(['铅', '镉'])] }),
    });
    expect(no.statusCode).toBe(400);
    expect(no.json().issues[0]).toMatchObject({ field: 'tests' });
    expect(no.json().issues[0].reason).toMatch(/阿维菌素/);
    const ok = await producer({
      method: 'POST',
      url: '/api/certificates',
      payload: issueBody({ lotId: lot, bases: ['entrusted_test'], tests: [report(['阿维菌素', '铅'])] }),
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().tests[0]).toMatchObject({
      kind: 'report',
      refNo: 'WT-2026-001',
      items: ['阿维菌素', '铅'],
    });
  });

  it('lets a producer cite its own passed sample, and refuses another entity’s', async () => {
    const lab = await t.as('testing_centre');
    const sampleOf = async (entityId: string, value: number) => {
      const s = await supA({
        method: 'POST',
        url: '/api/samples',
        payload: {
          taskKind: 'routine_monitoring',
          townCode: TOWN_A,
          entityId,
          product: '菠菜',
          link: 'pre_harvest_base',
          sampler: '李抽样',
          sampledAt: `${daysAgo(3)}T10:00:00+08:00`,
          quantity: 1,
          quantityUnit: 'kg',
        },
      });
      expect(s.statusCode, s.body).toBe(201);
      const r = await lab({
        method: 'POST',
        url: `/api/samples/${s.json().id}/results`,
        payload: {
          testedAt: `${daysAgo(2)}T10:00:00+08:00`,
          results: [{ analyte: '溴氰菊酯', value, unit: 'mg/kg', methodStandard: 'GB 23200.113-2018' }],
        },
      });
      expect(r.statusCode, r.body).toBe(200);
      const v = await office({ method: 'POST', url: `/api/samples/${s.json().id}/verify`, payload: {} });
      expect(v.statusCode, v.body).toBe(200);
      return s.json().id as string;
    };
    const own = await sampleOf(coop.id, 0.01);
    const other = await sampleOf(smallholder.id, 0.01);
    const mine = (await producer({ url: '/api/samples?pageSize=100' })).json();
    expect(mine.items.map((i: { id: string }) => i.id)).toContain(own);
    expect(mine.items.every((i: { entityId: string }) => i.entityId === coop.id)).toBe(true);
    expect((await producer({ url: `/api/samples/${other}` })).statusCode).toBe(404);
    const lot = await lotWith([{ input: '溴氰菊酯', usedOn: daysAgo(20) }]);
    const ok = await producer({
      method: 'POST',
      url: '/api/certificates',
      payload: issueBody({ lotId: lot, bases: ['self_test'], tests: [{ kind: 'sample', refId: own }] }),
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().tests[0]).toMatchObject({ kind: 'sample', refId: own, items: ['溴氰菊酯'] });
    const no = await producer({
      method: 'POST',
      url: '/api/certificates',
      payload: issueBody({ bases: ['self_test'], tests: [{ kind: 'sample', refId: other }] }),
    });
    expect(no.json().issues[0]).toMatchObject({ field: 'tests.0.refId' });
  });

  it('never duplicates serial numbers under concurrent batch issue', async () => {
    const batch = () =>
      producer({
        method: 'POST',
        url: '/api/certificates/batch',
        payload: { certificates: [issueBody(), issueBody({ quantity: 20 }), issueBody({ labelCount: 10 })] },
      });
    const results = await Promise.all(Array.from({ length: 8 }, batch));
    for (const r of results) expect(r.statusCode, r.body).toBe(201);
    const nos = results.flatMap((r) => r.json().items.map((c: { certNo: string }) => c.certNo));
    expect(nos).toHaveLength(24);
    expect(new Set(nos).size).toBe(24);
  });

  it('a batch with one bad certificate issues none, naming the item', async () => {
    const before = (await producer({ url: '/api/certificates' })).json().total;
    const res = await producer({
      method: 'POST',
      url: '/api/certificates/batch',
      payload: { certificates: [issueBody(), issueBody({ issueDate: addDays(today, 1) })] },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues[0].field).toBe('certificates.1.issueDate');
    expect((await producer({ url: '/api/certificates' })).json().total).toBe(before);
  });
});

describe('revocation, printing, retention and scoping', () => {
  it('revokes keeping the record, and the public scan then says revoked', async () => {
    const c = (await producer({ method: 'POST', url: '/api/certificates', payload: issueBody() })).json();
    const scan1 = await t.app.inject({ url: `/api/public/trace/${c.traceCode}` });
    expect(scan1.statusCode, scan1.body).toBe(200);
    expect(scan1.json().validity).toBe('genuine');
    const r = await producer({
      method: 'POST',
      url: `/api/certificates/${c.id}/revoke`,
      payload: { reason: '数量填写错误' },
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ status: 'revoked', revokeReason: '数量填写错误', certNo: c.certNo });
    const again = await producer({
      method: 'POST',
      url: `/api/certificates/${c.id}/revoke`,
      payload: { reason: 'x' },
    });
    expect(again.statusCode).toBe(409);
    const scan2 = await t.app.inject({ url: `/api/public/trace/${c.traceCode}` });
    expect(scan2.json().validity).toBe('revoked');
    const page = await t.app.inject({ url: `/t/${c.traceCode}` });
    expect(page.body).toContain('已撤销');
    expect((await producer({ url: `/api/certificates/${c.id}` })).json().status).toBe('revoked');
  });

  it('counts prints and reprints', async () => {
    const c = (await producer({ method: 'POST', url: '/api/certificates', payload: issueBody() })).json();
    const print = () =>
      producer({
        method: 'POST',
        url: `/api/certificates/${c.id}/print`,
        payload: { layout: 'thermal_60x40', copies: 2 },
      });
    expect((await print()).json().printCount).toBe(1);
    expect((await print()).json().printCount).toBe(2);
    const audit = (await office({ url: `/api/audit?subjectId=${c.id}` })).json();
    const actions = (audit.items ?? []).map((a: { action: string }) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining(['certificate.issue', 'certificate.print', 'certificate.reprint']),
    );
  });

  it('refuses deletion inside the retention period at the database', async () => {
    const c = (await producer({ method: 'POST', url: '/api/certificates', payload: issueBody() })).json();
    await expect(
      t.database.db
        .delete(certificates)
        .where(and(eq(certificates.districtCode, DISTRICT), eq(certificates.id, c.id))),
    ).rejects.toThrow();
    expect((await producer({ url: `/api/certificates/${c.id}` })).statusCode).toBe(200);
  });

  it('keeps each user to their region and entity', async () => {
    const c = (await producer({ method: 'POST', url: '/api/certificates', payload: issueBody() })).json();
    expect((await supA({ url: `/api/certificates/${c.id}` })).statusCode).toBe(200);
    expect((await supB({ url: `/api/certificates/${c.id}` })).statusCode).toBe(404);
    expect((await buyer({ url: `/api/certificates/${c.id}` })).statusCode).toBe(404);
    expect(
      (await supB({ method: 'POST', url: `/api/certificates/${c.id}/revoke`, payload: { reason: 'x' } }))
        .statusCode,
    ).toBe(404);
    const listB = (await supB({ url: '/api/certificates?pageSize=200' })).json();
    expect(listB.items.every((i: { townCode: string }) => i.townCode === TOWN_B)).toBe(true);
    const listP = (await buyer({ url: '/api/certificates?pageSize=200' })).json();
    expect(listP.items.every((i: { entityId: string }) => i.entityId === buyerEntity.id)).toBe(true);
  });
});

describe('buyers and the trace', () => {
  it('runs the trace through a buyer and exports EPCIS 2.0 that validates against the schema', async () => {
    const a = (
      await producer({ method: 'POST', url: '/api/certificates', payload: issueBody({ quantity: 300 }) })
    ).json();
    const b = (
      await supA({
        method: 'POST',
        url: '/api/certificates',
        payload: issueBody({ entityId: smallholder.id, quantity: 200 }),
      })
    ).json();
    const rec = async (code: string, quantity: number) => {
      const res = await buyer({
        method: 'POST',
        url: '/api/certificates/received',
        payload: { receiverId: buyerEntity.id, code, quantity, unit: 'kg', receivedOn: today },
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json();
    };
    const ra = await rec(`https://example.org/t/${a.traceCode}`, 300);
    const rb = await rec(b.traceCode, 200);
    expect(ra).toMatchObject({
      sourceCertificateId: a.id,
      sourceStatus: 'valid',
      supplier: coop.id ? ra.supplier : '',
    });
    const forged = await buyer({
      method: 'POST',
      url: '/api/certificates/received',
      payload: {
        receiverId: buyerEntity.id,
        code: `${a.traceCode.slice(0, 10)}${a.traceCode[10] === '0' ? '1' : '0'}${a.traceCode.slice(11)}`,
        quantity: 1,
        unit: 'kg',
        receivedOn: today,
      },
    });
    expect(forged.statusCode).toBe(400);
    expect(forged.json().issues[0].field).toBe('code');

    const over = await buyer({
      method: 'POST',
      url: '/api/certificates/buyer',
      payload: {
        entityId: buyerEntity.id,
        product: '菠菜',
        quantity: 600,
        unit: 'kg',
        contact: '023-45678901',
        issueDate: today,
        receivedIds: [ra.id, rb.id],
      },
    });
    expect(over.statusCode).toBe(400);
    expect(over.json().issues[0].field).toBe('quantity');

    const made = await buyer({
      method: 'POST',
      url: '/api/certificates/buyer',
      payload: {
        entityId: buyerEntity.id,
        product: '菠菜',
        quantity: 480,
        unit: 'kg',
        contact: '023-45678901',
        issueDate: today,
        receivedIds: [ra.id, rb.id],
        labelCount: 4,
      },
    });
    expect(made.statusCode, made.body).toBe(201);
    const m = made.json();
    expect(m.style).toBe('buyer');
    expect(m.commitments.join()).toContain('保鲜剂');
    expect(m.sources.map((s: { certificateId: string }) => s.certificateId).sort()).toEqual(
      [a.id, b.id].sort(),
    );
    const reuse = await buyer({
      method: 'POST',
      url: '/api/certificates/buyer',
      payload: {
        entityId: buyerEntity.id,
        product: '菠菜',
        quantity: 10,
        unit: 'kg',
        contact: '023-45678901',
        issueDate: today,
        receivedIds: [ra.id],
      },
    });
    expect(reuse.statusCode).toBe(400);
    expect(reuse.json().issues[0].reason).toMatch(/已用于/);
    expect((await producer({ url: `/api/certificates/${a.id}` })).json().usedBy[0]).toMatchObject({
      id: m.id,
    });

    const ship = await buyer({
      method: 'POST',
      url: `/api/certificates/${m.id}/events`,
      payload: { toName: '重庆某超市', at: new Date().toISOString() },
    });
    expect(ship.statusCode, ship.body).toBe(201);

    const epcis = await buyer({ url: `/api/certificates/${m.id}/epcis` });
    expect(epcis.statusCode).toBe(200);
    expect(epcis.headers['content-type']).toContain('application/ld+json');
    const doc = JSON.parse(epcis.body);
    expect(validateEpcis(doc), ajv.errorsText(validateEpcis.errors)).toBe(true);
    const types = doc.epcisBody.eventList.map(
      (e: { type: string; bizStep?: string }) => `${e.type}:${e.bizStep}`,
    );
    // Both suppliers' commissioning, their receipt by the buyer, the buyer's transformation and shipment.
    expect(types.filter((x: string) => x === 'ObjectEvent:commissioning')).toHaveLength(2);
    expect(types.filter((x: string) => x === 'ObjectEvent:receiving')).toHaveLength(2);
    expect(types).toContain('TransformationEvent:commissioning');
    expect(types).toContain('ObjectEvent:shipping');
    const transform = doc.epcisBody.eventList.find((e: { type: string }) => e.type === 'TransformationEvent');
    expect(transform.inputQuantityList).toHaveLength(2);
  });

  it('gives a GS1 Digital Link when the producer has a GTIN', async () => {
    const c = (
      await producer({
        method: 'POST',
        url: '/api/certificates',
        payload: issueBody({ gtin: '06901234567892' }),
      })
    ).json();
    expect(c.digitalLink).toMatch(/^https:\/\/id\.gs1\.org\/01\/06901234567892\/10\/[0-9A-Z]{20}$/);
  });
});

describe('supervision', () => {
  it('counts issuance and the rate of use per town', async () => {
    const idle = await makeEntity({ type: 'enterprise', townCode: TOWN_A, name: '未开证企业' });
    const res = await office({ url: `/api/certificates/supervision?from=${daysAgo(30)}&to=${today}` });
    expect(res.statusCode, res.body).toBe(200);
    const a = res.json().rows.find((r: { key: string }) => r.key === TOWN_A);
    expect(a.issued).toBeGreaterThan(10);
    expect(a.mustIssue).toBeGreaterThanOrEqual(2);
    expect(a.issuing).toBeLessThan(a.mustIssue);
    expect(a.useRate).toBeCloseTo((a.issuing / a.mustIssue) * 100, 1);
    const byEntity = (
      await office({ url: `/api/certificates/supervision?by=entity&from=${daysAgo(30)}&to=${today}` })
    ).json();
    expect(byEntity.rows.find((r: { key: string }) => r.key === idle.id)).toMatchObject({
      issued: 0,
      mustIssue: 1,
      issuing: 0,
    });
    expect(
      (await supA({ url: `/api/certificates/supervision?from=${daysAgo(30)}&to=${today}` }))
        .json()
        .rows.every((r: { key: string }) => r.key === TOWN_A),
    ).toBe(true);
  });

  it('lists a promise contradicted by a failing sample of the same entity and product', async () => {
    const c = (
      await producer({
        method: 'POST',
        url: '/api/certificates',
        payload: issueBody({ issueDate: daysAgo(2) }),
      })
    ).json();
    const lab = await t.as('testing_centre');
    const s = await supA({
      method: 'POST',
      url: '/api/samples',
      payload: {
        taskKind: 'supervisory_sampling',
        townCode: TOWN_A,
        entityId: coop.id,
        product: '菠菜',
        link: 'pre_harvest_base',
        sampler: '李抽样',
        sampledAt: `${daysAgo(1)}T10:00:00+08:00`,
        quantity: 1,
        quantityUnit: 'kg',
      },
    });
    expect(s.statusCode, s.body).toBe(201);
    const r = await lab({
      method: 'POST',
      url: `/api/samples/${s.json().id}/results`,
      payload: {
        testedAt: new Date().toISOString(),
        results: [{ analyte: '铅', value: 0.5, unit: 'mg/kg', methodStandard: 'GB 5009.12-2023' }],
      },
    });
    expect(r.statusCode, r.body).toBe(200);
    const v = await office({ method: 'POST', url: `/api/samples/${s.json().id}/verify`, payload: {} });
    expect(v.statusCode, v.body).toBe(200);
    expect((await office({ url: `/api/samples/${s.json().id}` })).json().verdict).toBe('fail');
    const list = (
      await office({ url: `/api/certificates/mismatches?from=${daysAgo(10)}&to=${today}` })
    ).json();
    const hit = list.items.find((i: { certificateId: string }) => i.certificateId === c.id);
    expect(hit).toMatchObject({
      sampleNo: s.json().sampleNo,
      daysApart: 1,
      failedAnalytes: ['铅'],
    });
    const far = (
      await office({ url: `/api/certificates/mismatches?from=${daysAgo(10)}&to=${daysAgo(5)}` })
    ).json();
    expect(far.items.find((i: { certificateId: string }) => i.certificateId === c.id)).toBeUndefined();
  });
});

describe('legacy import', () => {
  async function workbook(rows: unknown[][]) {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('旧版合格证');
    ws.addRow([
      '合格证编号',
      '生产者统一社会信用代码或名称',
      '产品名称',
      '数量',
      '单位',
      '联系电话',
      '开具日期',
      '承诺依据',
    ]);
    for (const r of rows) ws.addRow(r);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }
  async function upload(buf: Buffer, mode: string) {
    const boundary = '----nongan';
    const body = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="legacy.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      buf,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return office({
      method: 'POST',
      url: `/api/certificates/legacy/import?mode=${mode}`,
      payload: body,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
  }

  it('maps the older template’s four bases to today’s three, all or nothing in strict mode', async () => {
    const name = (await office({ url: `/api/entities/${coop.id}` })).json().name;
    const file = await workbook([
      ['HG-2021-000001', name, '菠菜', 100, '公斤', '13800138000', '2021-06-01', '自我承诺'],
      ['HG-2021-000002', name, '菠菜', 50, '斤', '13800138000', '2021-06-02', '委托检测；内部质量控制'],
      ['HG-2021-000003', '不存在的主体', '菠菜', 50, '斤', '13800138000', '2021-06-02', '自我承诺'],
    ]);
    const strict = await upload(file, 'strict');
    expect(strict.statusCode, strict.body).toBe(200);
    expect(strict.json()).toMatchObject({ total: 3, created: 0, committed: false });
    expect(strict.json().errors).toEqual([
      { row: 4, field: '生产者统一社会信用代码或名称', reason: '主体未登记或不在本人辖区' },
    ]);
    expect((await office({ url: '/api/certificates?source=legacy' })).json().total).toBe(0);

    const lenient = await upload(file, 'lenient');
    expect(lenient.json()).toMatchObject({ total: 3, created: 2, committed: true });
    const list = (await office({ url: '/api/certificates?source=legacy' })).json().items;
    const one = list.find((c: { certNo: string }) => c.certNo === 'HG-2021-000001');
    expect(one).toMatchObject({
      bases: ['quality_control'],
      legacyBasis: '自我承诺',
      issueDate: '2021-06-01',
    });
    const two = list.find((c: { certNo: string }) => c.certNo === 'HG-2021-000002');
    expect(two.bases.sort()).toEqual(['entrusted_test', 'quality_control']);
    expect(two.unit).toBe('jin');
    const again = await upload(file, 'lenient');
    expect(again.json().created).toBe(0);
    expect(again.json().errors.filter((e: { reason: string }) => e.reason.includes('已有'))).toHaveLength(2);
  });

  it('refuses a file with the wrong columns', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('x');
    ws.addRow(['编号', '产品']);
    ws.addRow(['HGZ-1', '白菜']);
    const res = await upload(Buffer.from(await wb.xlsx.writeBuffer()), 'strict');
    expect(res.statusCode).toBe(400);
    expect(res.json().issues[0].reason).toMatch(/缺少列/);
  });
});

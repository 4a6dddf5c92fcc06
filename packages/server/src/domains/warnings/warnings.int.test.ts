import { chinaToday } from '@nongan/shared/common/dates';
import { and, eq, sql } from 'drizzle-orm';
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
import { addDays } from '../trace/rules.ts';
import { DEFAULT_WARNING_SETTINGS } from './settings.ts';
import { warnings } from './table.ts';

// 预警: a failing result raises one warning for its scope (not a storm), scoped reads and writes,
// auto-resolve when the condition no longer holds, and per-district thresholds.

let t: TestApp;
let office: Requester;
let lab: Requester;
let townA: Requester;
let townB: Requester;
let producer: Requester;

const at = (hoursAgo: number) => new Date(Date.now() - hoursAgo * 3_600_000).toISOString();

async function failingSample(entityId: string) {
  const s = await townA({
    method: 'POST',
    url: '/api/samples',
    payload: {
      taskKind: 'supervisory_sampling',
      townCode: TOWN_A,
      entityId,
      product: '猪肉',
      link: 'slaughter',
      sampler: '王抽样',
      sampledAt: at(3),
      quantity: 1,
      quantityUnit: 'kg',
      lotRef: 'P-9',
    },
  });
  expect(s.statusCode, s.body).toBe(201);
  const sample = s.json() as { id: string; sampleNo: string };
  const entered = await lab({
    method: 'POST',
    url: `/api/samples/${sample.id}/results`,
    payload: {
      testedAt: at(2),
      results: [
        { analyte: '克伦特罗', value: 0.3, unit: 'μg/kg', lod: 0.1, methodStandard: 'GB/T 22286-2008' },
      ],
    },
  });
  expect(entered.statusCode, entered.body).toBe(200);
  const v = await office({ method: 'POST', url: `/api/samples/${sample.id}/verify`, payload: {} });
  expect(v.statusCode, v.body).toBe(200);
  return sample;
}

const active = (scopeKey: string) =>
  t.database.db
    .select()
    .from(warnings)
    .where(
      and(
        eq(warnings.districtCode, DISTRICT),
        eq(warnings.scopeKey, scopeKey),
        sql`${warnings.state} in ('open', 'acknowledged')`,
      ),
    );

const put = (over: Partial<typeof DEFAULT_WARNING_SETTINGS>) =>
  office({
    method: 'PUT',
    url: '/api/warnings/settings',
    payload: { ...DEFAULT_WARNING_SETTINGS, passRateThreshold: 98, minSamples: 1, ...over },
  });

let farmId = '';

beforeAll(async () => {
  t = await buildTestApp();
  office = await t.as('district_staff');
  lab = await t.as('testing_centre');
  townA = await t.as('town_supervisor', TOWN_A);
  townB = await t.as('town_supervisor', TOWN_B);
  const e = await office({ method: 'POST', url: '/api/entities', payload: entityBody({ townCode: TOWN_A }) });
  expect(e.statusCode, e.body).toBe(201);
  farmId = (e.json() as { id: string }).id;
  producer = await t.as('producer', null, farmId);
});
afterAll(() => t.close());

describe('settings', () => {
  it('are the district defaults until set; only the district office sets them, audited', async () => {
    const g = await townA({ url: '/api/warnings/settings' });
    expect(g.statusCode, g.body).toBe(200);
    expect(g.json()).toMatchObject({ isDefault: true, minSamples: DEFAULT_WARNING_SETTINGS.minSamples });
    expect(
      (await townA({ method: 'PUT', url: '/api/warnings/settings', payload: DEFAULT_WARNING_SETTINGS }))
        .statusCode,
    ).toBe(403);
    const bad = await office({
      method: 'PUT',
      url: '/api/warnings/settings',
      payload: { ...DEFAULT_WARNING_SETTINGS, paceShare: 3 },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('paceShare');
    const ok = await put({});
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ isDefault: false, passRateThreshold: 98, effectivePassRate: 98 });
    const audit = await t.database.db.execute(
      sql`select count(*)::int as n from audit_log where subject_type = 'warning_settings' and subject_id = ${DISTRICT}`,
    );
    expect((audit as unknown as { rows: { n: number }[] }).rows[0]?.n).toBe(1);
  });
});

describe('a failing result', () => {
  it('raises exactly one warning for its town; a second failure updates it, not a storm', async () => {
    const first = await failingSample(farmId);
    const [w1, ...more1] = await active(`pass_rate:town:${TOWN_A}`);
    expect(more1).toEqual([]);
    expect(w1).toMatchObject({
      kind: 'pass_rate',
      townCode: TOWN_A,
      ownerRole: 'town_supervisor',
      state: 'open',
    });
    expect(JSON.stringify(w1?.evidence)).toContain(first.sampleNo);
    expect(await active(`repeat_failure:entity:${farmId}`)).toEqual([]);

    const second = await failingSample(farmId);
    const [w2, ...more2] = await active(`pass_rate:town:${TOWN_A}`);
    expect(more2).toEqual([]);
    expect(w2?.id).toBe(w1?.id);
    expect(w2!.lastSeen.getTime()).toBeGreaterThanOrEqual(w1!.lastSeen.getTime());
    const ev = w2?.evidence as { records: { id: string; label: string }[]; figures: { value: string }[] };
    expect(ev.records.map((r) => r.id).sort()).toEqual([first.id, second.id].sort());
    expect(ev.figures[1]?.value).toBe('2');
    // Two failures of one entity in the window: one repeated-failure warning, with the entity's name.
    const [rep, ...moreRep] = await active(`repeat_failure:entity:${farmId}`);
    expect(moreRep).toEqual([]);
    expect(rep?.subject).toContain('主体：');
    // The district-wide product scope belongs to the district office.
    const [product] = await t.database.db
      .select()
      .from(warnings)
      .where(and(eq(warnings.kind, 'pass_rate'), sql`${warnings.scopeKey} like 'pass_rate:product:%'`));
    expect(product).toMatchObject({ townCode: null, ownerRole: 'district_staff' });
  });

  it('lists it for its town with names, not for another town nor a producer', async () => {
    const a = await townA({ url: '/api/warnings?state=active' });
    expect(a.statusCode, a.body).toBe(200);
    const items = a.json().items as { kind: string; townName: string; summary: string; ownerLabel: string }[];
    expect(items.map((i) => i.kind).sort()).toEqual(['pass_rate', 'repeat_failure']);
    expect(items[0]?.townName).toBe('土桥镇');
    expect(items[0]?.ownerLabel).toBe('土桥镇镇街监管员');
    // What the page prints: names, never ids or codes.
    const printed = JSON.stringify(
      items.map(({ summary, ownerLabel, townName }) => [summary, ownerLabel, townName]),
    );
    expect(printed).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-|500151|pork|supervisory/);
    expect((await townB({ url: '/api/warnings' })).json().total).toBe(0);
    expect((await producer({ url: '/api/warnings' })).statusCode).toBe(403);
    expect((await producer({ url: '/api/warnings/mine/summary' })).json()).toEqual({
      open: 0,
      acknowledged: 0,
      serious: 0,
    });
    const all = (await office({ url: '/api/warnings?state=open&kind=pass_rate' })).json();
    expect(all.total).toBeGreaterThanOrEqual(3); // town, product, analyte
    expect((await townA({ url: '/api/warnings/mine/summary' })).json()).toMatchObject({ open: 2 });
    const xlsx = await townA({ url: '/api/warnings/export?state=active' });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('预警台账');
    expect(sheet?.rowCount).toBe(3);
    expect(sheet?.getRow(2).getCell(5).value).toBe('土桥镇');
  });
});

describe('acknowledge and resolve', () => {
  it('are scoped: another town gets 404 and nothing changes', async () => {
    const [w] = await active(`pass_rate:town:${TOWN_A}`);
    for (const req of [
      { method: 'GET' as const, url: `/api/warnings/${w!.id}` },
      { method: 'POST' as const, url: `/api/warnings/${w!.id}/acknowledge` },
      { method: 'POST' as const, url: `/api/warnings/${w!.id}/resolve`, payload: { reason: '已处理完毕' } },
    ]) {
      const res = await townB(req);
      expect(res.statusCode, `${req.url}: ${res.body}`).toBe(404);
    }
    const [after] = await active(`pass_rate:town:${TOWN_A}`);
    expect(after?.state).toBe('open');
  });

  it('acknowledge once, then the detail shows who; a second acknowledge is a 409', async () => {
    const [w] = await active(`pass_rate:town:${TOWN_A}`);
    const ack = await townA({ method: 'POST', url: `/api/warnings/${w!.id}/acknowledge` });
    expect(ack.statusCode, ack.body).toBe(200);
    expect(ack.json()).toMatchObject({ state: 'acknowledged', acknowledgedByName: expect.any(String) });
    expect(ack.json().evidence.records[0].label).toContain('样品');
    expect((await townA({ method: 'POST', url: `/api/warnings/${w!.id}/acknowledge` })).statusCode).toBe(409);
    expect((await townA({ url: '/api/warnings/mine/summary' })).json()).toMatchObject({
      open: 1,
      acknowledged: 1,
    });
  });

  it('a user resolution needs a reason and holds while the evidence is unchanged', async () => {
    const [w] = await active(`repeat_failure:entity:${farmId}`);
    const noReason = await townA({
      method: 'POST',
      url: `/api/warnings/${w!.id}/resolve`,
      payload: { reason: '' },
    });
    expect(noReason.statusCode).toBe(400);
    const r = await townA({
      method: 'POST',
      url: `/api/warnings/${w!.id}/resolve`,
      payload: { reason: '已立案查处' },
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ state: 'resolved', resolveReason: '已立案查处' });
    await t.app.drainEvents({ jobs: true }); // the hourly sweep, now
    expect(await active(`repeat_failure:entity:${farmId}`)).toEqual([]);
    // A new failure is new evidence: the warning is raised again.
    await failingSample(farmId);
    const [again] = await active(`repeat_failure:entity:${farmId}`);
    expect(again?.id).not.toBe(w?.id);
    expect(again?.level).toBe('serious');
  });
});

describe('auto-resolve', () => {
  it('resolves by the system when the condition no longer holds (a higher sample minimum)', async () => {
    const [w] = await active(`pass_rate:town:${TOWN_A}`);
    const res = await put({ minSamples: 1000 });
    expect(res.statusCode, res.body).toBe(200);
    expect(await active(`pass_rate:town:${TOWN_A}`)).toEqual([]);
    const d = (await townA({ url: `/api/warnings/${w!.id}` })).json();
    expect(d).toMatchObject({ state: 'resolved', resolvedByName: '系统' });
    expect(d.resolveReason).toContain('自动解除');
    // The repeated-failure warning is another rule: untouched.
    expect(await active(`repeat_failure:entity:${farmId}`)).toHaveLength(1);
  });

  it('the database holds one active warning per scope', async () => {
    const [w] = await active(`repeat_failure:entity:${farmId}`);
    await expect(t.database.db.insert(warnings).values({ ...w!, id: crypto.randomUUID() })).rejects.toThrow();
  });
});

describe('rapid positives and time', () => {
  const rapid = (entityId: string) => ({
    holderCode: TOWN_A,
    townCode: TOWN_A,
    entityId,
    product: '普通白菜',
    link: 'pre_harvest_base',
    method: 'enzyme_inhibition',
    inhibitionRate: 80,
    testedAt: at(1),
    tester: '王检测',
  });

  it('two positive rapid tests of one entity raise its repeated-failure warning through the event', async () => {
    const e = await office({
      method: 'POST',
      url: '/api/entities',
      payload: entityBody({ townCode: TOWN_A, name: '土桥镇第二蔬菜基地' }),
    });
    const id = (e.json() as { id: string }).id;
    for (let i = 0; i < 2; i++) {
      const r = await townA({ method: 'POST', url: '/api/rapid-tests', payload: rapid(id) });
      expect(r.statusCode, r.body).toBe(201);
      expect(r.json().result).toBe('positive');
    }
    const [w, ...more] = await active(`repeat_failure:entity:${id}`);
    expect(more).toEqual([]);
    const ev = w?.evidence as { records: { type: string; label: string }[] };
    expect(ev.records.filter((r) => r.type === 'rapid_test')).toHaveLength(2);
    expect(ev.records[0]?.label).toBe('土桥镇第二蔬菜基地');
  });

  it('the sweep raises a held lot past its deadline and resolves it when it is no longer late', async () => {
    const key = `overdue_hold:town:${TOWN_A}`;
    expect(await active(key)).toEqual([]);
    await t.database.db.execute(
      sql`update lot_holds set created_at = now() - interval '40 days' where district_code = ${DISTRICT} and town_code = ${TOWN_A}`,
    );
    await t.app.drainEvents({ jobs: true });
    const [w] = await active(key);
    expect(w).toMatchObject({ kind: 'overdue_hold', level: 'attention', townCode: TOWN_A });
    expect((w!.evidence as { summary: string }).summary).toContain('控制批次超过期限未办结');
    await t.database.db.execute(
      sql`update lot_holds set created_at = now() where district_code = ${DISTRICT} and town_code = ${TOWN_A}`,
    );
    await t.app.drainEvents({ jobs: true });
    expect(await active(key)).toEqual([]);
  });
});

describe('brand certifications', () => {
  it('the sweep warns of a certification ending within the window, and not once it is renewed', async () => {
    const today = chinaToday();
    const soon = addDays(today, 10);
    // A fresh entity: the farm above has failed samples, which the four-links rule refuses.
    const e = await office({
      method: 'POST',
      url: '/api/entities',
      payload: entityBody({ townCode: TOWN_A }),
    });
    expect(e.statusCode, e.body).toBe(201);
    const res = await office({
      method: 'POST',
      url: '/api/brands/certifications',
      payload: {
        kind: 'green',
        certNo: 'LB-WARN-0001',
        entityId: (e.json() as { id: string }).id,
        productCodes: ['spinach'],
        issuedOn: addDays(today, -1000),
        validUntil: soon,
        acknowledge: true,
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = (res.json() as { id: string }).id;
    await put({ brandExpiryDays: 30 });
    await t.app.drainEvents({ jobs: true });
    const [w] = await active(`brand_expiry:cert:${id}`);
    expect(w).toMatchObject({ kind: 'brand_expiry', level: 'notice', townCode: TOWN_A });
    expect((w!.evidence as { summary: string }).summary).toContain('LB-WARN-0001');
    expect((w!.evidence as { summary: string }).summary).toContain('还有 10 天');
    // Outside the window (renewed to a later date): resolved by the system on the next sweep.
    const renewed = await office({
      method: 'PATCH',
      url: `/api/brands/certifications/${id}`,
      payload: { validUntil: addDays(today, 400) },
    });
    expect(renewed.statusCode, renewed.body).toBe(200);
    await t.app.drainEvents({ jobs: true });
    expect(await active(`brand_expiry:cert:${id}`)).toEqual([]);
  });
});

describe('copied labels', () => {
  it('the sweep warns of a certificate scanned from more than 10 networks in the window, counting only the window', async () => {
    const cert = async (no: string) => {
      const id = crypto.randomUUID();
      await t.database.db.execute(sql`
        insert into certificates (id, district_code, cert_no, trace_id, trace_code, style, entity_id, town_code,
          product_code, product_name, quantity, unit, origin, promiser, contact, issue_date, bases, retain_until)
        values (${id}, ${DISTRICT}, ${no}, ${`TRACE${no}`}, ${`k.TRACE${no}.sig`}, 'producer', ${farmId}, ${TOWN_A},
          'spinach', '菠菜', 10, 'kg', '土桥镇', '测试主体', '13800000000', ${chinaToday()}, array['self_test'],
          ${addDays(chinaToday(), 730)})`);
      return id;
    };
    const scans = async (certificateId: string, networks: number, hoursAgo: number, tag: string) => {
      for (let k = 0; k < networks; k++)
        await t.database.db.execute(sql`
          insert into certificate_scans (id, district_code, certificate_id, at, network)
          values (${crypto.randomUUID()}, ${DISTRICT}, ${certificateId}, ${at(hoursAgo + k)}::timestamptz,
            ${`10.${tag}.${k}.0/24`})`);
    };
    const copied = await cert('SCAN-WARN-1');
    const near = await cert('SCAN-WARN-2');
    // 11 networks over two days in the window (and 3 more 40 days ago): over the bar of 10.
    await scans(copied, 6, 1, '1');
    await scans(copied, 5, 30, '2');
    await scans(copied, 3, 40 * 24, '3');
    // 10 networks in the window and 5 more before it: not over the bar, as only the window counts.
    await scans(near, 5, 1, '4');
    await scans(near, 5, 30, '5');
    await scans(near, 5, 40 * 24, '6');
    await t.app.drainEvents({ jobs: true });
    const [w] = await active(`suspicious_scan:certificate:${copied}`);
    expect(w).toMatchObject({ kind: 'suspicious_scan', townCode: TOWN_A });
    expect((w!.evidence as { summary: string }).summary).toContain(
      '合格证 SCAN-WARN-1 近 30 天内被 11 个不同网络',
    );
    expect(await active(`suspicious_scan:certificate:${near}`)).toEqual([]);
  });
});

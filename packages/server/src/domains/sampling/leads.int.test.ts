import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildTestApp,
  DISTRICT,
  entityBody,
  type Requester,
  type TestApp,
  TOWN_A,
} from '../../test/helper.ts';
import { entityColour } from '../certificates/scan-service.ts';
import { insertCertificate } from '../certificates/test-fixtures.ts';
import { cstDay } from './stats-rows.ts';

// 禁限用药物检出 (a supervision lead beside the verdict) and provisional verdicts, end to end,
// with real data: 甲拌磷 on 韭菜 (limit 0.01 mg/kg, GB 2763-2026; banned on vegetables by
// 农业部公告第199号) and 倍硫磷 on 辣椒 (GB 2763-2026 not loaded for the pair: judged under 2021).

let t: TestApp;
let office: Requester;
let lab: Requester;
let townA: Requester;
let farm: { id: string; name: string };
let leadSample: { id: string; sampleNo: string };
let provisionalSample: { id: string };

const rows = async <T>(q: ReturnType<typeof sql>) =>
  ((await t.database.db.execute(q)) as unknown as { rows: T[] }).rows;

// Within the supervision colour's window, after GB 2763-2026 took effect (2026-03-01).
const recent = new Date(Date.now() - 10 * 86_400_000);
const recentDay = cstDay(recent);
const year = Number(recentDay.slice(0, 4));

const sampleBody = (over: Record<string, unknown>) => ({
  taskKind: 'routine_monitoring',
  townCode: TOWN_A,
  link: 'pre_harvest_base',
  sampler: '李抽样',
  quantity: 1,
  quantityUnit: 'kg',
  ...over,
});

async function judged(sample: Record<string, unknown>, results: unknown[], testedAt: string) {
  const s = await townA({ method: 'POST', url: '/api/samples', payload: sampleBody(sample) });
  expect(s.statusCode, s.body).toBe(201);
  const res = await enterVerified({
    method: 'POST',
    url: `/api/samples/${s.json().id}/results`,
    payload: { testedAt, results },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** Results entered by the lab and verified by a second person (office), as the workflow requires. */
async function enterVerified(opts: { method: 'POST'; url: string; payload: object }) {
  const entered = await lab(opts);
  if (entered.statusCode !== 200) return entered;
  return office({ method: 'POST', url: opts.url.replace(/\/results$/, '/verify'), payload: {} });
}

beforeAll(async () => {
  t = await buildTestApp();
  office = await t.as('district_staff');
  lab = await t.as('testing_centre');
  townA = await t.as('town_supervisor', TOWN_A);
  const e = await office({
    method: 'POST',
    url: '/api/entities',
    payload: entityBody({ mainProducts: ['韭菜'] }),
  });
  expect(e.statusCode, e.body).toBe(201);
  farm = e.json();
  leadSample = await judged(
    { entityId: farm.id, product: '韭菜', sampledAt: `${recentDay}T09:00:00+08:00`, lotRef: 'JC-01' },
    [
      { analyte: '甲拌磷', value: 0.005, unit: 'mg/kg', methodStandard: 'GB 23200.113-2018' },
      { analyte: '克百威', value: 'ND', unit: 'mg/kg', methodStandard: 'GB 23200.113-2018' },
    ],
    `${recentDay}T16:00:00+08:00`,
  );
  provisionalSample = await judged(
    { sampledParty: '散户王五', product: '辣椒', sampledAt: '2026-06-01T09:00:00+08:00' },
    [{ analyte: '倍硫磷', value: 0.04, unit: 'mg/kg', methodStandard: 'GB 23200.113-2018' }],
    '2026-06-02T10:00:00+08:00',
  );
});
afterAll(() => t?.close());

describe('禁限用药物检出 on a passing sample', () => {
  it('passes the sample and shows the lead beside the verdict, each with its basis', async () => {
    const s = (await office({ url: `/api/samples/${leadSample.id}` })).json();
    expect(s).toMatchObject({ verdict: 'pass', hasLead: true, provisional: false });
    expect(s.leads).toEqual([expect.objectContaining({ analyteName: '甲拌磷' })]);
    expect(s.leads[0].basis).toContain('农业部公告第199号');
    const phorate = s.results.find((r: { analyteName: string }) => r.analyteName === '甲拌磷');
    expect(phorate).toMatchObject({
      verdict: 'pass',
      limitMgKg: 0.01,
      editionUsed: 'GB 2763-2026',
      provisional: false,
      basis: null,
    });
    expect(phorate.limitCitation).toContain('GB 2763-2026');
    expect(phorate.lead.message).toBe(
      `禁限用药物检出：甲拌磷禁止用于蔬菜（${phorate.lead.basis} ${phorate.lead.item}）`,
    );
    const nd = s.results.find((r: { analyteName: string }) => r.analyteName === '克百威');
    expect(nd.lead).toBeNull();
  });

  it('does not hold the lot; opens a targeted follow-up and emits an event in the same transaction', async () => {
    const holds = (await office({ url: '/api/sampling/holds' })).json();
    expect(holds.filter((h: { sourceId: string }) => h.sourceId === leadSample.id)).toEqual([]);
    const tasks = (await office({ url: '/api/sampling/tasks' })).json();
    const task = tasks.find((x: { sourceRef: string }) => x.sourceRef === leadSample.id);
    expect(task).toMatchObject({
      origin: 'ban_lead',
      kind: 'supervisory_sampling',
      entityId: farm.id,
      productCode: 'chinese_chive',
      status: 'proposed',
    });
    expect(task.title).toContain('甲拌磷');
    expect(task.title).toContain('农业部公告第199号');
    expect(task.title).not.toMatch(/phorate/);
    const events = await rows<{ type: string; payload: Record<string, unknown> }>(
      sql`select type, payload from domain_events where subject_id = ${leadSample.id}`,
    );
    expect(events.map((e) => e.type)).toEqual(['sampling.ban_lead', 'sampling.verified']);
    expect(events[0]?.payload).toMatchObject({
      sampleNo: leadSample.sampleNo,
      proposedTaskId: task.id,
      leads: [expect.objectContaining({ analyte: 'phorate', analyteName: '甲拌磷' })],
    });
    const flags = await rows<{ flag: string }>(
      sql`select flag from entity_flags where entity_id = ${farm.id} and active`,
    );
    expect(flags).toEqual([{ flag: 'ban_lead' }]);
  });

  it('lists the sample among the leads, not the failures', async () => {
    const leads = (await office({ url: '/api/samples?lead=true' })).json();
    expect(leads.items.map((s: { id: string }) => s.id)).toEqual([leadSample.id]);
    const failed = (await office({ url: '/api/samples?result=fail' })).json();
    expect(failed.total).toBe(0);
    const bad = await office({ url: '/api/samples?lead=yes' });
    expect(bad.statusCode).toBe(400);
  });

  it('counts one lead and no failure in statistics, by month, town, product and analyte', async () => {
    const stats = (dimension: string) =>
      office({ url: `/api/sampling/stats?year=${year}&kind=lab&dimension=${dimension}` }).then((r) =>
        r.json(),
      );
    const byMonth = await stats('month');
    expect(byMonth).toMatchObject({ total: 2, failed: 0, leads: 1, provisional: 1 });
    const byProduct = await stats('product');
    expect(byProduct.rows.find((r: { name: string }) => r.name === '韭菜')).toMatchObject({
      total: 1,
      failed: 0,
      leads: 1,
      provisional: 0,
    });
    const byAnalyte = await stats('analyte');
    expect(byAnalyte.rows.find((r: { name: string }) => r.name === '甲拌磷')).toMatchObject({
      total: 1,
      failed: 0,
      leads: 1,
    });
    expect(byAnalyte.rows.find((r: { name: string }) => r.name === '克百威')).toMatchObject({ leads: 0 });
    const byTown = await stats('town');
    expect(byTown.rows).toEqual([expect.objectContaining({ key: TOWN_A, leads: 1, failed: 0 })]);
  });

  it('exports the lead and provisional counts', async () => {
    const res = await office({ url: `/api/sampling/stats/export?year=${year}&kind=lab&dimension=product` });
    expect(res.statusCode).toBe(200);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as never);
    const sheet = wb.worksheets[0]?.getSheetValues().filter(Boolean) as unknown[][];
    expect(sheet[1]?.slice(1)).toEqual([
      '产品',
      '检测数',
      '不合格（阳性）数',
      '禁限用药物检出数',
      '合格率',
      '暂判数（按非现行版本暂判）',
    ]);
    expect(sheet.find((r) => r[1] === '韭菜')?.slice(2, 5)).toEqual([1, 0, 1]);
    expect(sheet.find((r) => r[1] === '合计')?.slice(2, 7)).toEqual([2, 0, 1, 1, 1]);
  });

  it('colours the producer yellow, naming the announcement, on the public scan', async () => {
    const colour = await entityColour(t.database.db, DISTRICT, farm.id);
    expect(colour.colour).toBe('yellow');
    expect(colour.reasons).toEqual(['banLeads']);
    expect(colour.basis).toMatch(/^禁限用药物检出（依据农业部公告第199号/);
    const cert = await insertCertificate(t.database.db, t.app.keyRing, farm);
    const view = await t.app.inject({ url: `/api/public/trace/${encodeURIComponent(cert.traceCode)}` });
    expect(view.json().supervision).toMatchObject({ colour: 'yellow', basis: colour.basis });
    const page = await t.app.inject({ url: `/t/${encodeURIComponent(cert.traceCode)}` });
    expect(page.body).toContain('dot yellow');
    expect(page.body).toContain('依据：禁限用药物检出（依据农业部公告第199号');
  });
});

describe('a failing sample with a lead', () => {
  it('fails, holds the lot with names in the reason, and records the lead', async () => {
    const other = (
      await office({ method: 'POST', url: '/api/entities', payload: entityBody({ mainProducts: ['韭菜'] }) })
    ).json();
    const s = await judged(
      { entityId: other.id, product: '韭菜', sampledAt: `${recentDay}T08:00:00+08:00` },
      [{ analyte: '甲拌磷', value: 0.05, unit: 'mg/kg', methodStandard: 'GB 23200.113-2018' }],
      `${recentDay}T17:00:00+08:00`,
    );
    expect(s).toMatchObject({ verdict: 'fail', hasLead: true });
    expect(s.results[0]).toMatchObject({ verdict: 'fail', basis: 'limit' });
    expect(s.results[0].lead.basis).toContain('农业部公告第199号');
    const hold = (await office({ url: '/api/sampling/holds' }))
      .json()
      .find((h: { sourceId: string }) => h.sourceId === s.id);
    expect(hold.reason).toContain('甲拌磷');
    expect(hold.reason).not.toContain('phorate');
    const tasks = (await office({ url: '/api/sampling/tasks' }))
      .json()
      .filter((x: { sourceRef: string }) => x.sourceRef === s.id);
    expect(tasks.map((x: { origin: string }) => x.origin)).toEqual(['failure_follow_up']);
    const events = await rows<{ type: string }>(
      sql`select type from domain_events where subject_id = ${s.id} order by id`,
    );
    expect(events.map((e) => e.type)).toEqual(['sampling.failed', 'sampling.ban_lead', 'sampling.verified']);
    const flags = await rows<{ flag: string }>(
      sql`select flag from entity_flags where entity_id = ${other.id} order by flag`,
    );
    expect(flags.map((f) => f.flag)).toEqual(['ban_lead', 'problem']);
    expect((await entityColour(t.database.db, DISTRICT, other.id)).colour).toBe('red');
  });
});

describe('a provisional verdict', () => {
  it('is stored provisional, naming both editions', async () => {
    const s = (await office({ url: `/api/samples/${provisionalSample.id}` })).json();
    expect(s).toMatchObject({ verdict: 'pass', provisional: true, hasLead: false });
    expect(s.results[0]).toMatchObject({
      analyteName: '倍硫磷',
      provisional: true,
      editionUsed: 'GB 2763-2021',
      editionInForce: 'GB 2763-2026',
    });
    const [r] = await rows<{ provisional: boolean }>(
      sql`select provisional from lab_results where sample_id = ${provisionalSample.id}`,
    );
    expect(r?.provisional).toBe(true);
  });

  it('keeps the counts kept on write equal to a rebuild from the result tables', async () => {
    const { rebuildStats } = await import('./stats-rows.ts');
    const snapshot = () =>
      rows(
        sql`select month, town_code, task_kind, product_code, analyte_code, link, total, failed, leads, provisional from result_stats order by 1,2,3,4,5,6`,
      );
    const kept = await snapshot();
    expect(kept.some((r) => (r as { leads: number }).leads > 0)).toBe(true);
    await rebuildStats(t.database.db, DISTRICT);
    expect(await snapshot()).toEqual(kept);
  });
});

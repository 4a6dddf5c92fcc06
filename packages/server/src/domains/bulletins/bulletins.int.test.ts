import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, entityBody, type Requester, type TestApp, TOWN_A, TOWN_B } from '../../test/helper.ts';
import { assessTowns } from '../assessment/service.ts';
import { chinaDate } from '../trace/rules.ts';
import { lastEndedQuarter, quarterOf, quarterPeriod } from './rules.ts';

let t: TestApp;
let admin: Requester;
let office: Requester;
let supA: Requester;
let supB: Requester;
let lab: Requester;
let producer: Requester;
const today = chinaDate(new Date());
const past = lastEndedQuarter(today);
const period = quarterPeriod(past.year, past.quarter);
/** Noon (China) of a day some weeks into the past quarter. */
const inPast = (day: number) =>
  new Date(period.start.getTime() + day * 86_400_000 + 4 * 3_600_000).toISOString();
let entityId: string;
let failingSampleNo: string;

async function ok(who: Requester, opts: Parameters<Requester>[0], status = 201) {
  const res = await who(opts);
  expect(res.statusCode, `${opts.method ?? 'GET'} ${opts.url}: ${res.body}`).toBe(status);
  return res.json();
}
const rapid = (result: string, day: number) => ({
  holderCode: TOWN_A,
  townCode: TOWN_A,
  entityId,
  product: '菠菜',
  link: 'pre_harvest_base',
  method: 'colloidal_gold',
  result,
  testedAt: inPast(day),
  tester: '王检测',
});

beforeAll(async () => {
  t = await buildTestApp();
  admin = await t.as('district_admin');
  office = await t.as('district_staff');
  supA = await t.as('town_supervisor', TOWN_A);
  supB = await t.as('town_supervisor', TOWN_B);
  lab = await t.as('testing_centre');
  entityId = (
    await ok(supA, {
      method: 'POST',
      url: '/api/entities',
      payload: entityBody({ name: '土桥镇绿源蔬菜专业合作社' }),
    })
  ).id;
  producer = await t.as('producer', null, entityId);
  // The past quarter: three rapid tests (one positive) and a supervisory sample over the limit.
  for (const [r, d] of [
    ['negative', 20],
    ['negative', 21],
    ['positive', 22],
  ] as const)
    await ok(supA, { method: 'POST', url: '/api/rapid-tests', payload: rapid(r, d) });
  const s = await ok(supA, {
    method: 'POST',
    url: '/api/samples',
    payload: {
      taskKind: 'supervisory_sampling',
      townCode: TOWN_A,
      entityId,
      product: '菠菜',
      link: 'pre_harvest_base',
      sampler: '李抽样',
      sampledAt: inPast(30),
      quantity: 1,
      quantityUnit: 'kg',
    },
  });
  failingSampleNo = s.sampleNo;
  await ok(
    admin,
    {
      method: 'POST',
      url: `/api/samples/${s.id}/results`,
      payload: {
        testedAt: inPast(32),
        results: [{ analyte: '毒死蜱', value: 5, unit: 'mg/kg', methodStandard: 'GB 23200.113-2018' }],
      },
    },
    200,
  );
  await ok(lab, { method: 'POST', url: `/api/samples/${s.id}/verify`, payload: {} }, 200);
  await t.app.drainEvents();
}, 60_000);
afterAll(() => t?.close());

type Detail = {
  id: string;
  state: string;
  version: number;
  title: string;
  sections: Record<string, string>;
  figures: {
    progress: { taskKind: string; doneQuarter: number; doneToDate: number; quota: number }[];
    results: { labSamples: number; labFailed: number; rapidTests: number; rapidPositive: number };
    problems: {
      failedSamples: number;
      records: { label: string; townName: string; party: string; detail: string }[];
    };
    towns: { townName: string; rapidQuarter: number; labFailed: number }[];
    ranking: { rank: number; townName: string; score: number }[];
  };
};

describe('quarterly bulletins', () => {
  let issued: Detail;

  it('computes the quarter’s figures from the platform’s data', async () => {
    const b: Detail = await ok(admin, {
      method: 'POST',
      url: '/api/bulletins',
      payload: { year: past.year, quarter: past.quarter },
    });
    expect(b.state).toBe('draft');
    expect(b.title).toContain('季度通报');
    const f = b.figures;
    expect(f.progress.find((k) => k.taskKind === 'rapid_test')).toMatchObject({ doneQuarter: 3 });
    expect(f.results).toMatchObject({ labSamples: 1, labFailed: 1, rapidTests: 3, rapidPositive: 1 });
    expect(f.problems.failedSamples).toBe(1);
    expect(f.problems.records[0]).toMatchObject({
      label: `样品 ${failingSampleNo}`,
      townName: '土桥镇',
      party: '土桥镇绿源蔬菜专业合作社',
    });
    expect(f.problems.records[0]?.detail).toContain('毒死蜱');
    const tuqiao = f.towns.find((x) => x.townName === '土桥镇');
    expect(tuqiao).toMatchObject({ rapidQuarter: 3, labFailed: 1 });
    // Every town is ranked; ranks ascend with falling scores.
    expect(f.ranking.length).toBe(f.towns.length);
    for (let i = 1; i < f.ranking.length; i++)
      expect(f.ranking[i]!.score).toBeLessThanOrEqual(f.ranking[i - 1]!.score);
    // The ranking is the quarter's 考核, as the 考核 page shows it for the quarter.
    const assessed = await assessTowns(
      t.database.db,
      { districtCode: '500151', year: past.year, period: `Q${past.quarter}` as 'Q1' },
      period.to,
    );
    expect(f.ranking.map((r) => [r.townName, r.rank, r.score])).toEqual(
      assessed.rows.map((r) => [r.townName, r.rank, r.total]),
    );
    // The starter text states the figures.
    expect(b.sections.results).toContain('不合格 1 批次');
    issued = b;
  });

  it('refuses a second bulletin of the quarter and a quarter not begun, naming the field', async () => {
    const again = await admin({
      method: 'POST',
      url: '/api/bulletins',
      payload: { year: past.year, quarter: past.quarter },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().issues[0].field).toBe('quarter');
    const future = await admin({
      method: 'POST',
      url: '/api/bulletins',
      payload: { year: Number(today.slice(0, 4)) + 1, quarter: 4 },
    });
    expect(future.statusCode).toBe(400);
    expect(future.json().issues[0].field).toBe('quarter');
    const bad = await admin({ method: 'POST', url: '/api/bulletins', payload: { year: 2026, quarter: 5 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0].field).toBe('quarter');
  });

  it('edits a draft’s text; towns do not see drafts; only the office writes', async () => {
    const edited: Detail = await ok(
      office,
      {
        method: 'PATCH',
        url: `/api/bulletins/${issued.id}`,
        payload: { version: issued.version, sections: { nextSteps: '加强豇豆农药残留专项整治。' } },
      },
      200,
    );
    expect(edited.sections.nextSteps).toBe('加强豇豆农药残留专项整治。');
    expect(edited.sections.intro).toBe(issued.sections.intro);
    const stale = await office({
      method: 'PATCH',
      url: `/api/bulletins/${issued.id}`,
      payload: { version: issued.version, title: '旧版本' },
    });
    expect(stale.statusCode).toBe(409);
    expect((await supB({ url: `/api/bulletins/${issued.id}` })).statusCode).toBe(404);
    expect((await supB({ url: '/api/bulletins' })).json().total).toBe(0);
    expect(
      (
        await supA({
          method: 'PATCH',
          url: `/api/bulletins/${issued.id}`,
          payload: { version: edited.version, title: '越权' },
        })
      ).statusCode,
    ).toBe(403);
    expect((await producer({ url: `/api/bulletins/${issued.id}` })).statusCode).toBe(403);
    issued = edited;
  });

  it('issues with the figures frozen: later data, edits and even direct SQL do not change it', async () => {
    const done: Detail = await ok(
      admin,
      { method: 'POST', url: `/api/bulletins/${issued.id}/issue`, payload: { version: issued.version } },
      200,
    );
    expect(done.state).toBe('issued');
    // A late record of the quarter does not reach the issued figures.
    await ok(supA, { method: 'POST', url: '/api/rapid-tests', payload: rapid('negative', 40) });
    const read: Detail = await ok(supB, { url: `/api/bulletins/${issued.id}` }, 200);
    expect(read.figures.results.rapidTests).toBe(3);
    expect(read.sections.nextSteps).toBe('加强豇豆农药残留专项整治。');
    for (const [url, payload] of [
      [`/api/bulletins/${issued.id}/recompute`, { version: done.version }],
      [`/api/bulletins/${issued.id}/issue`, { version: done.version }],
    ] as const)
      expect((await admin({ method: 'POST', url, payload })).statusCode).toBe(409);
    expect(
      (
        await admin({
          method: 'PATCH',
          url: `/api/bulletins/${issued.id}`,
          payload: { version: done.version, title: '改标题' },
        })
      ).statusCode,
    ).toBe(409);
    const { db } = t.database;
    await expect(
      db.execute(sql`update bulletins set title = '改' where id = ${issued.id}`),
    ).rejects.toThrow();
    await expect(db.execute(sql`delete from bulletins where id = ${issued.id}`)).rejects.toThrow();
    const [row] = (
      (await db.execute(sql`select title, state from bulletins where id = ${issued.id}`)) as unknown as {
        rows: { title: string; state: string }[];
      }
    ).rows;
    expect(row).toEqual({ title: done.title, state: 'issued' });
    // Towns of the district read the issued bulletin in their list.
    expect((await supB({ url: '/api/bulletins' })).json().items.map((i: { id: string }) => i.id)).toEqual([
      issued.id,
    ]);
  });

  it('a draft of the quarter under way is recomputed, but not issued before the quarter ends', async () => {
    const now = quarterOf(today);
    const b: Detail = await ok(admin, {
      method: 'POST',
      url: '/api/bulletins',
      payload: { year: now.year, quarter: now.quarter },
    });
    const before = b.figures.results.rapidTests;
    await ok(supA, {
      method: 'POST',
      url: '/api/rapid-tests',
      payload: { ...rapid('negative', 0), testedAt: new Date(Date.now() - 3_600_000).toISOString() },
    });
    const again: Detail = await ok(
      admin,
      { method: 'POST', url: `/api/bulletins/${b.id}/recompute`, payload: { version: b.version } },
      200,
    );
    expect(again.figures.results.rapidTests).toBe(before + 1);
    const early = await admin({
      method: 'POST',
      url: `/api/bulletins/${b.id}/issue`,
      payload: { version: again.version },
    });
    expect(early.statusCode).toBe(409);
    expect(early.json().issues[0].field).toBe('quarter');
  });

  it('exports Word with the title, a town and native charts, and a workbook of the tables', async () => {
    const res = await supA({ url: `/api/bulletins/${issued.id}/docx` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('wordprocessingml');
    const zip = await JSZip.loadAsync(res.rawPayload);
    const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
    expect(xml).toContain(issued.title);
    expect(xml).toContain('土桥镇');
    expect(xml).toContain(failingSampleNo);
    expect(xml).toContain('加强豇豆农药残留专项整治。');
    expect(Object.keys(zip.files).filter((n) => /^word\/charts\/chart\d+\.xml$/.test(n)).length).toBe(2);
    const x = await supA({ url: `/api/bulletins/${issued.id}/xlsx` });
    expect(x.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '通报',
      '任务进度',
      '监测结果',
      '问题及处置',
      '镇街排名',
      '镇街数据',
    ]);
    const ranking = wb.getWorksheet('镇街排名')!;
    expect(ranking.rowCount).toBe(issued.figures.ranking.length + 1);
  });
});

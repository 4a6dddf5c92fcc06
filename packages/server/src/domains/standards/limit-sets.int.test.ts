import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Requester, type TestApp, TOWN_A } from '../../test/helper.ts';
import { divisions } from '../regions/table.ts';

const OTHER = '500152';
const OTHER_TOWN = '500152101';
let t: TestApp;
let lab: Requester;
let office: Requester;
let town: Requester;
let otherLab: Requester;

function multipart(name: string, content: Buffer) {
  const boundary = '----nongan-limits';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  return {
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat([Buffer.from(head), content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
  };
}

const HEADER = ['检测项目', '产品', '限量', '单位', '标准', '条款', '来源'];
async function xlsx(rows: (string | number)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('限量');
  ws.addRow(HEADER);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
// Test values, not the standard's: one changed value (辣椒 噻虫胺 0.05 → 0.02), one pair new to
// GB 2763-2026 (豇豆 甲基异柳磷, so far judged provisionally under GB 2763-2021), one unchanged.
const TABLE: (string | number)[][] = [
  ['噻虫胺', '辣椒', 0.02, 'mg/kg', 'GB 2763-2026', '测试条款 噻虫胺：辣椒', '测试来源'],
  ['甲基异柳磷', '豆角', 0.01, 'mg/kg', 'GB 2763-2026', '测试条款 甲基异柳磷：豇豆', '测试来源'],
  ['噻虫嗪', '芹菜', 1, 'mg/kg', 'GB 2763-2026', '测试条款 噻虫嗪：芹菜', '测试来源'],
];

const importTable = async (who: Requester, rows = TABLE, name = 'gb2763-2026.xlsx') =>
  who({
    method: 'POST',
    url: `/api/standards/limit-sets/import?verification=standard-text&name=${encodeURIComponent('2026版测试表')}`,
    ...multipart(name, await xlsx(rows)),
  });

async function judgedSample(
  sampler: Requester,
  tester: Requester,
  townCode: string,
  product: string,
  sampledAt: string,
  results: { analyte: string; value: number; unit?: string }[],
) {
  const s = await sampler({
    method: 'POST',
    url: '/api/samples',
    payload: {
      taskKind: 'routine_monitoring',
      townCode,
      sampledParty: '测试摊位',
      product,
      link: 'retail_market',
      sampler: '李抽样',
      sampledAt,
      quantity: 1,
      quantityUnit: 'kg',
    },
  });
  expect(s.statusCode, s.body).toBe(201);
  const r = await tester({
    method: 'POST',
    url: `/api/samples/${s.json().id}/results`,
    payload: {
      testedAt: sampledAt,
      results: results.map((x) => ({ unit: 'mg/kg', methodStandard: 'GB 23200.121-2021', ...x })),
    },
  });
  expect(r.statusCode, r.body).toBe(200);
  // A second person verifies: only verified results are final (the lab's default rule).
  const v = await sampler({ method: 'POST', url: `/api/samples/${s.json().id}/verify`, payload: {} });
  expect(v.statusCode, v.body).toBe(200);
  const done = await sampler({ url: `/api/samples/${s.json().id}` });
  return done.json() as {
    id: string;
    sampleNo: string;
    verdict: string;
    results: { analyteCode: string; verdict: string; limitCitation: string | null }[];
  };
}

let otherStaff: Requester;
const seeded: Record<string, Awaited<ReturnType<typeof judgedSample>>> = {};

beforeAll(async () => {
  t = await buildTestApp();
  await t.database.db.insert(divisions).values([
    { code: OTHER, name: '测试区', level: 'district', parentCode: null, districtCode: OTHER },
    { code: OTHER_TOWN, name: '测试镇', level: 'town', parentCode: OTHER, districtCode: OTHER },
  ]);
  lab = await t.as('testing_centre');
  office = await t.as('district_staff');
  town = await t.as('town_supervisor', TOWN_A);
  otherLab = await t.as('testing_centre', OTHER);
  otherStaff = await t.as('district_staff', OTHER);
  const april = '2026-04-01T10:00:00+08:00';
  // Would fail under the new value.
  seeded.chiliHigh = await judgedSample(office, lab, TOWN_A, '辣椒', april, [
    { analyte: '噻虫胺', value: 0.03 },
  ]);
  // Passes either way.
  seeded.chiliLow = await judgedSample(office, lab, TOWN_A, '辣椒', april, [
    { analyte: '噻虫胺', value: 0.01 },
  ]);
  // Provisional now (GB 2763-2021 stands in), final after activation, same verdict.
  seeded.cowpea = await judgedSample(office, lab, TOWN_A, '豇豆', april, [
    { analyte: '甲基异柳磷', value: 0.005 },
  ]);
  // Sampled before GB 2763-2026 took effect: judged under GB 2763-2021 either way.
  seeded.chili2025 = await judgedSample(office, lab, TOWN_A, '辣椒', '2025-06-01T10:00:00+08:00', [
    { analyte: '噻虫胺', value: 0.03 },
  ]);
  // Another district's sample.
  seeded.other = await judgedSample(otherStaff, otherLab, OTHER_TOWN, '辣椒', april, [
    { analyte: '噻虫胺', value: 0.03 },
  ]);
});
afterAll(() => t.close());

describe('district limits tables', () => {
  let setId: string;

  it('seeds as expected before any import', () => {
    expect(seeded.chiliHigh?.verdict).toBe('pass');
    expect(seeded.cowpea?.results[0]?.limitCitation).toContain('暂判');
    expect(seeded.chiliLow?.results[0]?.limitCitation).not.toContain('暂判');
  });

  it('refuses a table with an unknown name, naming row and column, and writes nothing', async () => {
    const res = await importTable(lab, [
      ...TABLE,
      ['不存在的农药', '辣椒', 0.1, 'mg/kg', 'GB 2763-2026', 'x', 'y'],
    ]);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().errors).toEqual([
      { row: 5, field: '检测项目', reason: expect.stringContaining('不存在的农药'), candidates: [] },
    ]);
    expect(res.json().issues[0].field).toBe('第5行 检测项目');
    expect((await lab({ url: '/api/standards/limit-sets' })).json()).toEqual([]);
  });

  it('refuses an edition that is not registered (a .csv file too)', async () => {
    const csv = `${HEADER.join(',')}\n噻虫胺,辣椒,0.02,mg/kg,GB 2763-2099,x,y\n`;
    const res = await lab({
      method: 'POST',
      url: '/api/standards/limit-sets/import?verification=standard-text',
      ...multipart('table.csv', Buffer.from(csv)),
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().errors).toEqual([expect.objectContaining({ row: 2, field: '标准' })]);
  });

  it('imports a table as a draft, audited', async () => {
    const res = await importTable(lab);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      name: '2026版测试表',
      editionCode: 'GB 2763-2026',
      status: 'draft',
      rowCount: 3,
      verification: 'standard-text',
      changeCount: null,
    });
    expect(res.json().createdByName).toMatch(/^testing_centre_/);
    setId = res.json().id;
  });

  it('diffs the table against the data in force', async () => {
    const res = await lab({ url: `/api/standards/limit-sets/${setId}/diff` });
    expect(res.statusCode, res.body).toBe(200);
    const d = res.json();
    expect(d.counts).toEqual({ added: 1, changed: 1, unchanged: 1 });
    expect(d.editions[0].edition).toBe('GB 2763-2026');
    expect(d.editions[0].changed[0]).toMatchObject({
      analyteName: '噻虫胺',
      productName: '辣椒',
      limit: 0.02,
      old: { limit: 0.05 },
    });
    expect(d.editions[0].added[0]).toMatchObject({ productName: '豇豆', limit: 0.01, old: null });
  });

  it('enforces roles and the district', async () => {
    expect((await town({ url: '/api/standards/limit-sets' })).statusCode).toBe(403);
    expect((await importTable(town)).statusCode).toBe(403);
    expect((await otherLab({ url: `/api/standards/limit-sets/${setId}` })).statusCode).toBe(404);
    expect((await otherLab({ url: `/api/standards/limit-sets/${setId}/diff` })).statusCode).toBe(404);
    expect(
      (await otherLab({ method: 'POST', url: `/api/standards/limit-sets/${setId}/activate` })).statusCode,
    ).toBe(404);
    expect((await otherLab({ url: '/api/standards/limit-sets' })).json()).toEqual([]);
    expect((await office({ url: '/api/standards/limit-sets' })).json()).toHaveLength(1);
  });

  it('activation lists exactly the past results whose verdict would change, without rewriting them', async () => {
    const res = await lab({ method: 'POST', url: `/api/standards/limit-sets/${setId}/activate` });
    expect(res.statusCode, res.body).toBe(200);
    const changes = res.json().changes as Record<string, unknown>[];
    const bySample = (no: string | undefined) => changes.filter((c) => c.sampleNo === no);
    expect(changes.map((c) => c.sampleNo).sort()).toEqual(
      [seeded.chiliHigh?.sampleNo, seeded.cowpea?.sampleNo].sort(),
    );
    expect(bySample(seeded.chiliHigh?.sampleNo)[0]).toMatchObject({
      productName: '辣椒',
      analyteName: '噻虫胺',
      value: 0.03,
      oldVerdict: 'pass',
      newVerdict: 'fail',
      newCitation: 'GB 2763-2026 测试条款 噻虫胺：辣椒',
      oldProvisional: false,
      newProvisional: false,
    });
    expect(bySample(seeded.cowpea?.sampleNo)[0]).toMatchObject({
      productName: '豇豆',
      oldVerdict: 'pass',
      newVerdict: 'pass',
      oldProvisional: true,
      newProvisional: false,
      newCitation: 'GB 2763-2026 测试条款 甲基异柳磷：豇豆',
    });
    expect(res.json().set).toMatchObject({ status: 'active', changeCount: 2 });
    expect(res.json().set.activatedByName).toMatch(/^testing_centre_/);

    const stored = (await lab({ url: `/api/samples/${seeded.chiliHigh?.id}` })).json();
    expect(stored.verdict).toBe('pass');
    expect(stored.results[0]).toMatchObject({ verdict: 'pass' });
    expect(stored.results[0].limitCitation).toContain('GB 2763-2026');
    expect(stored.results[0].limitCitation).not.toContain('测试条款');

    const again = await lab({ url: `/api/standards/limit-sets/${setId}/changes` });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(changes);
    expect(
      (await lab({ method: 'POST', url: `/api/standards/limit-sets/${setId}/activate` })).statusCode,
    ).toBe(409);
  });

  it('judges a sample recorded after activation with the new data; another district is unaffected', async () => {
    const april = '2026-04-02T10:00:00+08:00';
    const mine = await judgedSample(office, lab, TOWN_A, '辣椒', april, [{ analyte: '噻虫胺', value: 0.03 }]);
    expect(mine.verdict).toBe('fail');
    expect(mine.results[0]?.limitCitation).toBe('GB 2763-2026 测试条款 噻虫胺：辣椒');
    const theirs = await judgedSample(otherStaff, otherLab, OTHER_TOWN, '辣椒', april, [
      { analyte: '噻虫胺', value: 0.03 },
    ]);
    expect(theirs.verdict).toBe('pass');
    expect(theirs.results[0]?.limitCitation).not.toContain('测试条款');
  });

  it('a later table of the same edition supersedes the earlier; withdrawal restores the checked-in data', async () => {
    const second = await importTable(office, [TABLE[2] as (string | number)[]], 'second.xlsx');
    expect(second.statusCode, second.body).toBe(201);
    const act = await office({
      method: 'POST',
      url: `/api/standards/limit-sets/${second.json().id}/activate`,
    });
    expect(act.statusCode, act.body).toBe(200);
    // The 辣椒 row of the first table no longer applies: the sample recorded after it flips back.
    expect(act.json().changes.map((c: { newVerdict: string }) => c.newVerdict)).toContain('pass');
    const first = (await lab({ url: `/api/standards/limit-sets/${setId}` })).json();
    expect(first).toMatchObject({ status: 'withdrawn', supersededByName: '2026版测试表' });
    const w = await lab({ method: 'POST', url: `/api/standards/limit-sets/${second.json().id}/withdraw` });
    expect(w.statusCode, w.body).toBe(200);
    expect(w.json().status).toBe('withdrawn');
    const after = await judgedSample(office, lab, TOWN_A, '辣椒', '2026-04-03T10:00:00+08:00', [
      { analyte: '噻虫胺', value: 0.03 },
    ]);
    expect(after.verdict).toBe('pass');
  });

  it('audits every change', async () => {
    const rows = await t.database.db.execute(
      sql`select action from audit_log where subject_type = 'limit_set' order by id`,
    );
    const actions = (rows as unknown as { rows: { action: string }[] }).rows.map((r) => r.action);
    expect(actions).toEqual(['import', 'activate', 'import', 'supersede', 'activate', 'withdraw']);
  });
});

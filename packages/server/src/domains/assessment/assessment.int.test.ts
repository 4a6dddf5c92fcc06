import type { ResultsView } from '@nongan/shared/assessment/schemas';
import { chinaToday } from '@nongan/shared/common/dates';
import { and, eq, gte, isNotNull, lt, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../demo/seed.ts';
import { buildTestApp, DISTRICT, type Requester, type TestApp, TOWN_A, TOWN_B } from '../../test/helper.ts';
import { samples } from '../sampling/sample-table.ts';
import { DEFAULT_HONOURS, DEFAULT_INDICATORS } from './schemes.ts';
import { assessTowns } from './service.ts';
import { chinaMidnight } from './window.ts';

// 考核 on a synthetic demo district: scores and ranking are reproducible and rest on the records,
// manual items carry evidence, schemes are versioned, and a town reads only its own.

let t: TestApp;
let office: Requester;
let townA: Requester;
let townB: Requester;
const today = chinaToday();
const year = Number(today.slice(0, 4));
const PDF = Buffer.from('%PDF-1.4\n%%EOF\n');

function multipart(name: string, content: Buffer) {
  const boundary = '----nongan-assess';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/pdf\r\n\r\n`;
  return {
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat([Buffer.from(head), content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
  };
}

const results = async (who: Requester, q = `year=${year}&period=year`) => {
  const r = await who({ url: `/api/assessment/results?${q}` });
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as ResultsView;
};

beforeAll(async () => {
  t = await buildTestApp();
  await seedDemo(t.database.db, {
    entities: 300,
    seed: 7,
    rapidTests: 600,
    labSamples: 80,
    certificates: 300,
  });
  office = await t.as('district_staff');
  townA = await t.as('town_supervisor', TOWN_A);
  townB = await t.as('town_supervisor', TOWN_B);
}, 300_000);
afterAll(() => t.close());

describe('scores on the demo district', () => {
  it('are reproducible, ranked by total, and each total is the sum of its scores', async () => {
    const q = { districtCode: DISTRICT, year, period: 'year' as const };
    const first = await assessTowns(t.database.db, q, today);
    const again = await assessTowns(t.database.db, q, today);
    expect(again.rows).toEqual(first.rows);
    expect(first.rows).toHaveLength(28);
    expect(first.scheme.version).toBe(1);
    for (const [i, r] of first.rows.entries()) {
      expect(r.total).toBeCloseTo(
        r.scores.reduce((s, x) => s + x.score, 0),
        2,
      );
      if (i > 0) {
        const prev = first.rows[i - 1]!;
        expect(prev.total).toBeGreaterThanOrEqual(r.total);
        expect(r.rank).toBe(prev.total === r.total ? prev.rank : i + 1);
      }
    }
    // The API answers the same figures.
    const api = await results(office);
    expect(api.rows).toEqual(first.rows);
    expect(api.source).toBe('live');
    // The figures rest on the records: some towns differ (not all full marks).
    expect(new Set(first.rows.map((r) => r.total)).size).toBeGreaterThan(3);
  });

  it('reads each town’s pass rate from its verified samples, and drills down to them', async () => {
    const a = await assessTowns(t.database.db, { districtCode: DISTRICT, year, period: 'year' }, today);
    const { db } = t.database;
    const counts = await db
      .select({
        town: samples.townCode,
        total: sql<number>`count(*)`.mapWith(Number),
        failed: sql<number>`count(*) filter (where ${samples.verdict} = 'fail')`.mapWith(Number),
      })
      .from(samples)
      .where(
        and(
          eq(samples.districtCode, DISTRICT),
          isNotNull(samples.verdict),
          gte(samples.sampledAt, chinaMidnight(`${year}-01-01`)),
          lt(samples.sampledAt, chinaMidnight(`${year + 1}-01-01`)),
        ),
      )
      .groupBy(samples.townCode);
    expect(counts.length).toBeGreaterThan(0);
    for (const c of counts) {
      const s = a.rows.find((r) => r.townCode === c.town)!.scores.find((x) => x.key === 'pass_rate')!;
      expect(s.value).toBeCloseTo((c.total - c.failed) / c.total, 10);
    }
    const busiest = counts.sort((x, y) => y.total - x.total)[0]!;
    const d = await office({
      url: `/api/assessment/drill?year=${year}&period=year&town=${busiest.town}&indicator=pass_rate&pageSize=200`,
    });
    expect(d.statusCode, d.body).toBe(200);
    const drill = d.json();
    expect(drill.total).toBe(busiest.total);
    expect(drill.items.filter((i: { ok: boolean }) => !i.ok)).toHaveLength(busiest.failed);
    // Failing samples first; labels are numbers and names, never ids.
    if (busiest.failed) expect(drill.items[0].status).toBe('不合格');
    expect(JSON.stringify(drill.items.map((i: { label: string }) => i.label))).not.toMatch(
      /[0-9a-f]{8}-[0-9a-f]{4}/,
    );
  });

  it('drills down into every indicator of a town', async () => {
    for (const ind of DEFAULT_INDICATORS) {
      const d = await office({
        url: `/api/assessment/drill?year=${year}&period=year&town=${TOWN_A}&indicator=${ind.key}`,
      });
      expect(d.statusCode, `${ind.key}: ${d.body}`).toBe(200);
      expect(d.json()).toMatchObject({ townName: '土桥镇', indicatorName: ind.name });
    }
    const bad = await office({
      url: `/api/assessment/drill?year=${year}&period=year&town=${TOWN_A}&indicator=nope`,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0].field).toBe('indicator');
  });

  it('answers a quarter, and refuses a period not yet started on the field', async () => {
    const q = await results(office, `year=${year}&period=Q1`);
    expect(q.rows).toHaveLength(28);
    const future = await office({ url: `/api/assessment/results?year=${year + 1}&period=year` });
    expect(future.statusCode).toBe(400);
    expect(future.json().issues[0].field).toBe('period');
  });
});

describe('manual scores', () => {
  it('are entered by the office with evidence and a file, counted, and audited', async () => {
    const body = {
      year,
      period: 'year',
      townCode: TOWN_A,
      indicatorKey: 'organisation',
      points: 6.5,
      evidence: '专题会议纪要两份，监管员到岗',
    };
    expect(
      (await townA({ method: 'PUT', url: '/api/assessment/manual-scores', payload: body })).statusCode,
    ).toBe(403);
    const over = await office({
      method: 'PUT',
      url: '/api/assessment/manual-scores',
      payload: { ...body, points: 11 },
    });
    expect(over.statusCode).toBe(400);
    expect(over.json().issues[0].field).toBe('points');
    const notManual = await office({
      method: 'PUT',
      url: '/api/assessment/manual-scores',
      payload: { ...body, indicatorKey: 'pass_rate' },
    });
    expect(notManual.statusCode).toBe(400);
    expect(notManual.json().issues[0].field).toBe('indicatorKey');
    const noEvidence = await office({
      method: 'PUT',
      url: '/api/assessment/manual-scores',
      payload: { ...body, evidence: ' ' },
    });
    expect(noEvidence.statusCode).toBe(400);
    expect(noEvidence.body).toContain('evidence');

    const saved = await office({ method: 'PUT', url: '/api/assessment/manual-scores', payload: body });
    expect(saved.statusCode, saved.body).toBe(200);
    const m = saved.json();
    expect(m).toMatchObject({ townName: '土桥镇', indicatorName: '组织领导与工作部署', points: 6.5 });
    const file = await office({
      method: 'POST',
      url: `/api/assessment/manual-scores/${m.id}/files`,
      ...multipart('纪要.pdf', PDF),
    });
    expect(file.statusCode, file.body).toBe(201);
    const row = (await results(office)).rows.find((r) => r.townCode === TOWN_A)!;
    expect(row.scores.find((s) => s.key === 'organisation')).toMatchObject({ score: 6.5, noData: false });
    const d = (
      await office({
        url: `/api/assessment/drill?year=${year}&period=year&town=${TOWN_A}&indicator=organisation`,
      })
    ).json();
    expect(d.items[0].detail).toContain('专题会议纪要');
    expect(d.items[0].detail).toContain('纪要.pdf');
    const got = await townA({ url: `/api/assessment/manual-scores/${m.id}/files/${file.json().id}` });
    expect(got.statusCode).toBe(200);
    expect(
      (await townB({ url: `/api/assessment/manual-scores/${m.id}/files/${file.json().id}` })).statusCode,
    ).toBe(404);
    const audit = await t.database.db.execute(
      sql`select count(*)::int as n from audit_log where subject_type = 'assessment_score' and subject_id = ${m.id} and action in ('create', 'update', 'attach')`,
    );
    expect((audit as unknown as { rows: { n: number }[] }).rows[0]?.n).toBe(2);
  });
});

describe('schemes', () => {
  it('are versioned: a save is the next version, results follow it, the old one stays readable', async () => {
    const cur = (await office({ url: `/api/assessment/schemes?year=${year}` })).json();
    expect(cur).toMatchObject({ version: 1 });
    const changed = DEFAULT_INDICATORS.map((i) =>
      i.key === 'organisation' ? { ...i, points: 5 } : i.key === 'case_closing' ? { ...i, points: 15 } : i,
    );
    const body = {
      year,
      indicators: changed,
      honours: { ...DEFAULT_HONOURS, criticiseBottom: 2 },
      note: '第二版',
    };
    expect((await townA({ method: 'POST', url: '/api/assessment/schemes', payload: body })).statusCode).toBe(
      403,
    );
    const bad = await office({
      method: 'POST',
      url: '/api/assessment/schemes',
      payload: { ...body, indicators: DEFAULT_INDICATORS.map((i) => ({ ...i, points: 1 })) },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues.some((i: { field: string }) => i.field === 'indicators')).toBe(true);
    const saved = await office({ method: 'POST', url: '/api/assessment/schemes', payload: body });
    expect(saved.statusCode, saved.body).toBe(201);
    expect(saved.json()).toMatchObject({ version: 2, versions: [{ version: 2 }, { version: 1 }] });
    const r = await results(office);
    expect(r.schemeVersion).toBe(2);
    const a = r.rows.find((x) => x.townCode === TOWN_A)!;
    // 6.5 entered under a 10-point item is capped at the new 5.
    expect(a.scores.find((s) => s.key === 'organisation')).toMatchObject({ score: 5, max: 5 });
    expect(r.rows.filter((x) => x.honour === 'criticise').length).toBeGreaterThanOrEqual(2);
    expect((await office({ url: `/api/assessment/schemes?year=${year}&version=1` })).json()).toMatchObject({
      version: 1,
      indicators: DEFAULT_INDICATORS,
    });
  });
});

describe('scope and publishing', () => {
  it('a town supervisor reads his own town’s row only, and no other town’s records', async () => {
    const mine = await results(townA);
    expect(mine.rows.map((r) => r.townCode)).toEqual([TOWN_A]);
    expect(mine.townCount).toBe(28);
    const other = await townA({
      url: `/api/assessment/drill?year=${year}&period=year&town=${TOWN_B}&indicator=pass_rate`,
    });
    expect(other.statusCode).toBe(404);
    expect(other.json().issues[0].field).toBe('town');
    const list = (await townA({ url: `/api/assessment/manual-scores?year=${year}&period=year` })).json();
    expect(list.length).toBeGreaterThan(0);
    expect(list.every((m: { townCode: string }) => m.townCode === TOWN_A)).toBe(true);
    expect(
      (
        await townA({
          method: 'POST',
          url: '/api/assessment/results/publish',
          payload: { year, period: 'year' },
        })
      ).statusCode,
    ).toBe(403);
    const h = (await townB({ url: `/api/assessment/honours?year=${year}&period=year` })).json();
    expect(
      [...h.commended, ...h.criticised].every((x: { townName: string }) => x.townName === '安居镇'),
    ).toBe(true);
  });

  it('publishing keeps the ranking as it stood; later changes move only the live figures', async () => {
    const pub = await office({
      method: 'POST',
      url: '/api/assessment/results/publish',
      payload: { year, period: 'year' },
    });
    expect(pub.statusCode, pub.body).toBe(201);
    expect(pub.json()).toMatchObject({ source: 'published', published: { version: 1 } });
    await office({
      method: 'PUT',
      url: '/api/assessment/manual-scores',
      payload: {
        year,
        period: 'year',
        townCode: TOWN_B,
        indicatorKey: 'organisation',
        points: 0,
        evidence: '未召开部署会议',
      },
    });
    const live = await results(office);
    const kept = await results(office, `year=${year}&period=year&published=true`);
    const b = (v: ResultsView) =>
      v.rows.find((r) => r.townCode === TOWN_B)!.scores.find((s) => s.key === 'organisation')!;
    expect(b(live).score).toBe(0);
    expect(kept.rows).toEqual(pub.json().rows);
    expect(live.published).toMatchObject({ version: 1 });
    const mine = await results(townA, `year=${year}&period=year&published=true`);
    expect(mine.rows.map((r) => r.townCode)).toEqual([TOWN_A]);
  });

  it('exports the ranking as a workbook', async () => {
    const x = await office({ url: `/api/assessment/results/export?year=${year}&period=year` });
    expect(x.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('考核排名')!;
    expect(ws.getRow(1).getCell(2).value).toBe('镇街');
    expect(ws.getRow(2).getCell(1).value).toBe(1);
    expect(ws.rowCount).toBeGreaterThanOrEqual(29);
  });
});

import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildTestApp,
  DISTRICT,
  entityBody,
  type Requester,
  rapidBody,
  type TestApp,
  TOWN_A,
  TOWN_B,
} from '../../test/helper.ts';
import { addStats } from './stats-rows.ts';

let t: TestApp;
let office: Requester;
let lab: Requester;
let townA: Requester;
let townB: Requester;
let entityA: { id: string };

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
  townB = await t.as('town_supervisor', TOWN_B);
  entityA = (
    await office({
      method: 'POST',
      url: '/api/entities',
      payload: entityBody({ industries: ['livestock'], mainProducts: ['生猪'] }),
    })
  ).json();
});
afterAll(() => t.close());

describe('monitoring plans', () => {
  it('has the 2021 plan preloaded: 18,800 rapid tests and 746 lab tests (121/605/20), target 98 %', async () => {
    const plans = (await office({ url: '/api/plans' })).json();
    const p2021 = plans.find((p: { year: number }) => p.year === 2021);
    expect(p2021.targetPassRate).toBe(98);
    expect(p2021.totals).toMatchObject({
      rapid_test: 18800,
      supervisory_sampling: 121,
      routine_monitoring: 605,
      input_inspection: 20,
    });
    const lab =
      p2021.totals.supervisory_sampling + p2021.totals.routine_monitoring + p2021.totals.input_inspection;
    expect(lab).toBe(746);
    const centre = p2021.quotas.find(
      (q: { holderCode: string; taskKind: string }) =>
        q.holderCode === DISTRICT && q.taskKind === 'rapid_test',
    );
    expect(centre).toMatchObject({ quota: 800, holderName: '区检测中心' });
    expect(p2021.quotas.find((q: { holderCode: string }) => q.holderCode === TOWN_A).quota).toBe(800);
    expect(p2021.quotas.find((q: { holderCode: string }) => q.holderCode === '500151103').quota).toBe(600);
  });

  it('copies a plan to another year and refuses a second plan for a year', async () => {
    const [p2021] = (await office({ url: '/api/plans' })).json();
    const copy = await office({
      method: 'POST',
      url: `/api/plans/${p2021.id}/copy`,
      payload: { year: 2022 },
    });
    expect(copy.statusCode, copy.body).toBe(201);
    expect(copy.json()).toMatchObject({
      year: 2022,
      status: 'draft',
      name: '铜梁区2022年农产品质量安全监测计划',
    });
    expect(copy.json().totals.rapid_test).toBe(18800);
    const again = await office({
      method: 'POST',
      url: `/api/plans/${p2021.id}/copy`,
      payload: { year: 2022 },
    });
    expect(again.statusCode).toBe(409);
    const badQuota = await office({
      method: 'PATCH',
      url: `/api/plans/${copy.json().id}`,
      payload: { version: 1, quotas: [{ taskKind: 'rapid_test', holderCode: '500152101', quota: 5 }] },
    });
    expect(badQuota.statusCode).toBe(400);
    expect(badQuota.json().issues[0].field).toBe('quotas.0.holderCode');
    expect(
      (
        await townA({
          method: 'POST',
          url: '/api/plans',
          payload: { year: 2030, name: '某计划', targetPassRate: 98 },
        })
      ).statusCode,
    ).toBe(403);
  });
});

describe('rapid tests', () => {
  it('judges enzyme inhibition at 50 % and opens a follow-up for a positive', async () => {
    const neg = await townA({
      method: 'POST',
      url: '/api/rapid-tests',
      payload: rapidBody({ inhibitionRate: 49.9 }),
    });
    expect(neg.statusCode, neg.body).toBe(201);
    expect(neg.json()).toMatchObject({ result: 'negative', followUp: null, productCode: 'pak_choi' });
    expect(neg.json().testNo).toMatch(/^KJ500151-2021-\d{6}$/);
    const pos = await townA({
      method: 'POST',
      url: '/api/rapid-tests',
      payload: rapidBody({ inhibitionRate: 50, entityId: entityA.id }),
    });
    expect(pos.json()).toMatchObject({ result: 'positive', followUp: 'pending_lab' });
    const holds = (await townA({ url: '/api/sampling/holds' })).json();
    expect(holds.some((h: { sourceId: string }) => h.sourceId === pos.json().id)).toBe(true);
    const tasks = (await townA({ url: '/api/sampling/tasks' })).json();
    expect(tasks.find((x: { sourceRef: string }) => x.sourceRef === pos.json().id)).toMatchObject({
      origin: 'rapid_positive',
      kind: 'supervisory_sampling',
    });
  });

  it('refuses a duplicate test number, an unknown product, a future time and another town', async () => {
    const first = await townA({
      method: 'POST',
      url: '/api/rapid-tests',
      payload: rapidBody({ testNo: 'TQ-2021-0001' }),
    });
    expect(first.statusCode).toBe(201);
    const dup = await townA({
      method: 'POST',
      url: '/api/rapid-tests',
      payload: rapidBody({ testNo: 'TQ-2021-0001' }),
    });
    expect(dup.statusCode).toBe(409);
    const unknown = await townA({
      method: 'POST',
      url: '/api/rapid-tests',
      payload: rapidBody({ product: '火星土豆' }),
    });
    expect(unknown.json().issues[0]).toMatchObject({ field: 'product' });
    const future = await townA({
      method: 'POST',
      url: '/api/rapid-tests',
      payload: rapidBody({ testedAt: '2099-01-01T00:00:00+08:00' }),
    });
    expect(future.json().issues[0].field).toBe('testedAt');
    const other = await townA({
      method: 'POST',
      url: '/api/rapid-tests',
      payload: rapidBody({ holderCode: TOWN_B, townCode: TOWN_B }),
    });
    expect(other.statusCode).toBe(400);
    expect(other.json().issues.map((i: { field: string }) => i.field)).toEqual(['holderCode', 'townCode']);
  });

  it('bulk: strict commits nothing when a row is bad, lenient commits the good rows', async () => {
    const before = (await office({ url: '/api/rapid-tests?pageSize=1' })).json().total;
    const rows = [rapidBody(), rapidBody({ inhibitionRate: 130 }), rapidBody({ product: '菠菜' })];
    const strict = (
      await townA({ method: 'POST', url: '/api/rapid-tests/bulk', payload: { mode: 'strict', rows } })
    ).json();
    expect(strict).toMatchObject({ committed: false, created: 0, total: 3 });
    expect(strict.errors).toEqual([{ row: 2, field: 'inhibitionRate', reason: expect.any(String) }]);
    expect((await office({ url: '/api/rapid-tests?pageSize=1' })).json().total).toBe(before);
    const lenient = (
      await townA({ method: 'POST', url: '/api/rapid-tests/bulk', payload: { mode: 'lenient', rows } })
    ).json();
    expect(lenient).toMatchObject({ committed: true, created: 2 });
    expect((await office({ url: '/api/rapid-tests?pageSize=1' })).json().total).toBe(before + 2);
  });

  it('gives concurrent records distinct serial numbers', async () => {
    const res = await Promise.all(
      Array.from({ length: 12 }, () =>
        townA({ method: 'POST', url: '/api/rapid-tests', payload: rapidBody() }),
      ),
    );
    const nos = res.map((r) => r.json().testNo);
    expect(res.every((r) => r.statusCode === 201)).toBe(true);
    expect(new Set(nos).size).toBe(12);
    // A test recorded alone says so on its page, with its recorder.
    const id = res[0]?.json().id as string;
    const one = (await townA({ url: `/api/rapid-tests/${id}` })).json();
    expect(one).toMatchObject({ testNo: nos[0], entry: { via: 'single', fileName: null } });
    expect(one.recordedBy).toEqual(expect.any(String));
  });

  it('keeps towns apart', async () => {
    const list = (await townB({ url: '/api/rapid-tests' })).json();
    expect(list.total).toBe(0);
    const a = (await townA({ url: '/api/rapid-tests?pageSize=1' })).json().items[0];
    expect((await townB({ url: `/api/rapid-tests/${a.id}` })).statusCode).toBe(404);
  });
});

describe('lab tests', () => {
  const sample = (over: Record<string, unknown> = {}) => ({
    taskKind: 'supervisory_sampling',
    townCode: TOWN_A,
    entityId: entityA.id,
    product: '猪肉',
    link: 'slaughter',
    sampler: '李抽样',
    sampledAt: '2021-07-01T10:00:00+08:00',
    quantity: 1,
    quantityUnit: 'kg',
    sealNo: 'FT-001',
    ...over,
  });

  it('fails any detection of a banned substance and sets off the follow-up', async () => {
    const s = await townA({ method: 'POST', url: '/api/samples', payload: sample() });
    expect(s.statusCode, s.body).toBe(201);
    expect(s.json().sampleNo).toMatch(/^CY500151-2021-\d{6}$/);
    const res = await enterVerified({
      method: 'POST',
      url: `/api/samples/${s.json().id}/results`,
      payload: {
        testedAt: '2021-07-03T10:00:00+08:00',
        results: [
          { analyte: '克伦特罗', value: 0.3, unit: 'μg/kg', lod: 0.1, methodStandard: 'GB/T 22286-2008' },
        ],
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ verdict: 'fail', status: 'verified' });
    expect(res.json().results[0]).toMatchObject({ analyteCode: 'clenbuterol', verdict: 'fail' });
    expect(res.json().results[0].limitCitation).toContain('250');

    const holds = (await office({ url: '/api/sampling/holds' })).json();
    expect(holds.find((h: { sourceId: string }) => h.sourceId === s.json().id)).toMatchObject({
      status: 'held',
      entityId: entityA.id,
    });
    const tasks = (await office({ url: '/api/sampling/tasks' })).json();
    expect(tasks.find((x: { sourceRef: string }) => x.sourceRef === s.json().id)).toMatchObject({
      origin: 'failure_follow_up',
      entityId: entityA.id,
      productCode: 'pork',
      townCode: TOWN_A,
      status: 'proposed',
    });
    const events = (await t.database.db.execute(
      sql`select type, payload from domain_events where subject_id = ${s.json().id} and type <> 'sampling.verified'`,
    )) as unknown as { rows: unknown[] };
    expect(events.rows).toHaveLength(1);
    expect(events.rows[0]).toMatchObject({ type: 'sampling.failed' });
    const flags = (await t.database.db.execute(
      sql`select flag from entity_flags where entity_id = ${entityA.id}`,
    )) as unknown as { rows: unknown[] };
    expect(flags.rows).toEqual([{ flag: 'problem' }]);

    const again = await lab({
      method: 'POST',
      url: `/api/samples/${s.json().id}/results`,
      payload: {
        testedAt: '2021-07-03T10:00:00+08:00',
        results: [{ analyte: '克伦特罗', value: null, unit: 'μg/kg', methodStandard: 'x标准' }],
      },
    });
    expect(again.statusCode).toBe(409);
  });

  it('judges against a category limit and normalises units', async () => {
    const s = (
      await townA({
        method: 'POST',
        url: '/api/samples',
        payload: sample({
          product: '菠菜',
          link: 'pre_harvest_base',
          entityId: null,
          sampledParty: '散户张三',
        }),
      })
    ).json();
    const res = await enterVerified({
      method: 'POST',
      url: `/api/samples/${s.id}/results`,
      payload: {
        testedAt: '2021-07-03T10:00:00+08:00',
        results: [{ analyte: '铅', value: 300, unit: 'μg/kg', methodStandard: 'GB 5009.12-2017' }],
      },
    });
    expect(res.json()).toMatchObject({ verdict: 'pass' });
    expect(res.json().results[0]).toMatchObject({ verdict: 'pass', limitMgKg: 0.3 });
  });

  it('refuses unknown analytes and wrong units with the field named, and changes nothing', async () => {
    const s = (
      await townA({ method: 'POST', url: '/api/samples', payload: sample({ product: '菠菜' }) })
    ).json();
    const res = await lab({
      method: 'POST',
      url: `/api/samples/${s.id}/results`,
      payload: {
        testedAt: '2021-07-03T10:00:00+08:00',
        results: [
          { analyte: '铅', value: 0.1, unit: 'mg/L', methodStandard: 'GB 5009.12-2017' },
          { analyte: '不存在的农药', value: 0.1, unit: 'mg/kg', methodStandard: 'GB 23200.8-2016' },
        ],
      },
    });
    expect(res.statusCode).toBe(400);
    const fields = res.json().issues.map((i: { field: string }) => i.field);
    expect(fields).toEqual(['results.0.unit', 'results.1.analyte']);
    expect((await office({ url: `/api/samples/${s.id}` })).json()).toMatchObject({
      status: 'registered',
      results: [],
    });
  });

  it('refuses a duplicate sample number', async () => {
    expect(
      (await townA({ method: 'POST', url: '/api/samples', payload: sample({ sampleNo: 'S-2021-77' }) }))
        .statusCode,
    ).toBe(201);
    const dup = await townA({
      method: 'POST',
      url: '/api/samples',
      payload: sample({ sampleNo: 'S-2021-77' }),
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().issues[0].field).toBe('sampleNo');
  });
});

describe('progress and statistics', () => {
  it('counts done against quota per holder and pass rates by dimension', async () => {
    const [p2021] = (await office({ url: '/api/plans' }))
      .json()
      .filter((p: { year: number }) => p.year === 2021);
    const progress = (await office({ url: `/api/plans/${p2021.id}/progress` })).json();
    expect(progress.elapsed).toBe(1);
    const rapidA = progress.rows.find(
      (r: { taskKind: string; holderCode: string }) => r.taskKind === 'rapid_test' && r.holderCode === TOWN_A,
    );
    const listed = (await office({ url: '/api/rapid-tests?year=2021&pageSize=1' })).json().total;
    expect(rapidA).toMatchObject({ quota: 800, done: listed, behind: true, expectedByNow: 800 });
    const sup = progress.byKind.find((k: { taskKind: string }) => k.taskKind === 'supervisory_sampling');
    expect(sup).toMatchObject({ quota: 121, done: 2 });
    // A town's headline is its own quota; the testing centre's row is shown, not added to it.
    const mine = (await townA({ url: `/api/plans/${p2021.id}/progress` })).json();
    expect(mine.byKind.find((k: { taskKind: string }) => k.taskKind === 'rapid_test')).toMatchObject({
      quota: 800,
      done: listed,
    });
    expect(mine.rows.map((r: { holderCode: string }) => r.holderCode)).toContain(DISTRICT);

    const byProduct = (
      await office({ url: '/api/sampling/stats?year=2021&kind=lab&dimension=product' })
    ).json();
    expect(byProduct.rows.find((r: { key: string }) => r.key === 'pork')).toMatchObject({
      total: 1,
      failed: 1,
      passRate: 0,
      name: '猪肉',
    });
    const byAnalyte = (
      await office({ url: '/api/sampling/stats?year=2021&kind=lab&dimension=analyte' })
    ).json();
    expect(byAnalyte.rows.map((r: { key: string }) => r.key).sort()).toEqual(['clenbuterol', 'lead']);
    const rapidByMonth = (
      await townB({ url: '/api/sampling/stats?year=2021&kind=rapid&dimension=month' })
    ).json();
    expect(rapidByMonth.total).toBe(0);
  });

  it('names a town, holder or product the registry and catalogue lack with a word, never the code', async () => {
    // Results of a town since removed from the registry and a product since dropped from the
    // catalogue (as an old database or an import from another system may hold), in a year of their own.
    const gone = '500151999';
    await addStats(t.database.db, [
      {
        districtCode: DISTRICT,
        month: '2019-05',
        townCode: gone,
        holderCode: gone,
        taskKind: 'rapid_test',
        productCode: 'retired_vegetable',
        analyteCode: 'rapid:enzyme_inhibition',
        link: 'retail_market',
        total: 3,
        failed: 1,
      },
    ]);
    const names = async (dimension: string) =>
      (await office({ url: `/api/sampling/stats?year=2019&kind=rapid&dimension=${dimension}` }))
        .json()
        .rows.map((r: { key: string; name: string }) => [r.key, r.name]);
    try {
      expect(await names('town')).toEqual([[gone, '未登记镇街']]);
      expect(await names('holder')).toEqual([[gone, '未登记单位']]);
      expect(await names('product')).toEqual([['retired_vegetable', '未收录产品']]);
      expect(await names('analyte')).toEqual([['rapid:enzyme_inhibition', '快检：酶抑制法']]);
    } finally {
      // No results stand behind these figures: gone again, so the rebuild check below still agrees.
      await t.database.db.execute(sql`delete from result_stats where month = '2019-05'`);
    }
  });

  it('draws a reproducible random sampling list and records it', async () => {
    for (let i = 0; i < 5; i++) await office({ method: 'POST', url: '/api/entities', payload: entityBody() });
    const a = (
      await office({
        method: 'POST',
        url: '/api/sampling/draw',
        payload: { taskKind: 'routine_monitoring', count: 3, seed: 99 },
      })
    ).json();
    const b = (
      await office({
        method: 'POST',
        url: '/api/sampling/draw',
        payload: { taskKind: 'routine_monitoring', count: 3, seed: 99 },
      })
    ).json();
    expect(a.entities).toHaveLength(3);
    expect(b.entities.map((e: { id: string }) => e.id)).toEqual(a.entities.map((e: { id: string }) => e.id));
    const task = (await office({ url: '/api/sampling/tasks' }))
      .json()
      .find((x: { id: string }) => x.id === a.taskId);
    expect(task.draw).toMatchObject({ seed: 99, selected: a.entities.map((e: { id: string }) => e.id) });
  });
});

describe('confirming a positive rapid test', () => {
  it('clears the rapid test and releases the lot when the lab sample passes', async () => {
    const pos = (
      await townA({
        method: 'POST',
        url: '/api/rapid-tests',
        payload: rapidBody({ product: '菠菜', inhibitionRate: 70 }),
      })
    ).json();
    const task = (await townA({ url: '/api/sampling/tasks' }))
      .json()
      .find((x: { sourceRef: string }) => x.sourceRef === pos.id);
    const s = (
      await townA({
        method: 'POST',
        url: '/api/samples',
        payload: {
          taskKind: 'supervisory_sampling',
          taskId: task.id,
          townCode: TOWN_A,
          sampledParty: '土桥农贸市场3号摊位',
          product: '菠菜',
          link: 'retail_market',
          sampler: '李抽样',
          sampledAt: '2021-06-02T10:00:00+08:00',
          quantity: 1,
          quantityUnit: 'kg',
        },
      })
    ).json();
    const judged = await enterVerified({
      method: 'POST',
      url: `/api/samples/${s.id}/results`,
      payload: {
        testedAt: '2021-06-03T10:00:00+08:00',
        results: [{ analyte: '铅', value: 0.05, unit: 'mg/kg', methodStandard: 'GB 5009.12-2017' }],
      },
    });
    expect(judged.json().verdict).toBe('pass');
    expect((await townA({ url: `/api/rapid-tests/${pos.id}` })).json().followUp).toBe('cleared');
    const hold = (await townA({ url: '/api/sampling/holds' }))
      .json()
      .find((h: { sourceId: string }) => h.sourceId === pos.id);
    expect(hold.status).toBe('released');
    const done = (await townA({ url: '/api/sampling/tasks' }))
      .json()
      .find((x: { id: string }) => x.id === task.id);
    expect(done.status).toBe('done');
  });
});

describe('statistics kept on write', () => {
  it('agree with a rebuild from the result tables', async () => {
    const { rebuildStats } = await import('./stats-rows.ts');
    const snapshot = async () =>
      (
        (await t.database.db.execute(
          sql`select month, town_code, holder_code, task_kind, product_code, analyte_code, link, total, failed from result_stats order by 1,2,3,4,5,6,7`,
        )) as unknown as { rows: unknown[] }
      ).rows;
    const kept = await snapshot();
    expect(kept.length).toBeGreaterThan(3);
    await rebuildStats(t.database.db, DISTRICT);
    expect(await snapshot()).toEqual(kept);
  });
});

describe('statistics export', () => {
  it('downloads the pass rates as .xlsx', async () => {
    const res = await office({ url: '/api/sampling/stats/export?year=2021&kind=lab&dimension=product' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as never);
    const rows = wb.worksheets[0]?.getSheetValues().filter(Boolean) as unknown[][];
    expect(wb.creator).toBe('农安');
    // The name in words; no column of internal product keys (pork).
    expect(decodeURIComponent(String(res.headers['content-disposition']))).toContain(
      '监测统计_2021_定量检测_按产品.xlsx',
    );
    expect(rows[1]).toEqual([
      undefined,
      '产品',
      '检测数',
      '不合格（阳性）数',
      '禁限用药物检出数',
      '合格率',
      '暂判数（按非现行版本暂判）',
    ]);
    expect(rows.some((r) => r[1] === '猪肉' && r[2] === 1 && r[3] === 1 && r[4] === 0 && r[5] === 0)).toBe(
      true,
    );
    expect(rows.flat()).not.toContain('pork');
    // By town, the division code stays beside the name.
    const byTown = await office({ url: '/api/sampling/stats/export?year=2021&kind=rapid&dimension=town' });
    const wbTown = new ExcelJS.Workbook();
    await wbTown.xlsx.load(byTown.rawPayload as never);
    const townRows = wbTown.worksheets[0]?.getSheetValues().filter(Boolean) as unknown[][];
    expect(townRows[1]?.slice(1, 3)).toEqual(['镇街', '区划代码']);
  });
});

describe('sample photo', () => {
  const upload = (who: Requester, id: string, bytes: Buffer) => {
    const boundary = '----photo';
    return who({
      method: 'PUT',
      url: `/api/samples/${id}/photo`,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`,
        ),
        bytes,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]),
    });
  };
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    Buffer.from('rest of a png'),
  ]);

  it('stores a photo with the sample, refuses what is not an image, and keeps other towns out', async () => {
    const s = (
      await townA({
        method: 'POST',
        url: '/api/samples',
        payload: {
          taskKind: 'routine_monitoring',
          townCode: TOWN_A,
          sampledParty: '基地',
          product: '番茄',
          link: 'pre_harvest_base',
          sampler: '李抽样',
          sampledAt: '2021-08-01T10:00:00+08:00',
          quantity: 2,
          quantityUnit: 'kg',
        },
      })
    ).json();
    expect(s.hasPhoto).toBe(false);
    const notImage = await upload(townA, s.id, Buffer.from('%PDF-1.4 not a photo'));
    expect(notImage.statusCode).toBe(400);
    expect(notImage.json().issues[0].field).toBe('file');
    expect((await upload(townB, s.id, png)).statusCode).toBe(404);
    expect((await upload(townA, s.id, png)).statusCode).toBe(200);
    const got = await townA({ url: `/api/samples/${s.id}/photo` });
    expect(got.headers['content-type']).toBe('image/png');
    expect(got.rawPayload.equals(png)).toBe(true);
    expect((await townA({ url: `/api/samples/${s.id}` })).json().hasPhoto).toBe(true);
  });
});

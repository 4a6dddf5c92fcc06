import { sql } from 'drizzle-orm';
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
import { cstDay } from '../sampling/stats-rows.ts';
import { refreshRisk } from './risk-store.ts';

// 一户一档: the entity's whole record in one answer, and a risk level that follows the record.

let t: TestApp;
let office: Requester;
let lab: Requester;
let townA: Requester;
let townB: Requester;
const recentDay = cstDay(new Date(Date.now() - 5 * 86_400_000));

async function newEntity(over: Record<string, unknown> = {}) {
  const e = await office({ method: 'POST', url: '/api/entities', payload: entityBody(over) });
  expect(e.statusCode, e.body).toBe(201);
  return e.json() as { id: string; name: string };
}

beforeAll(async () => {
  t = await buildTestApp();
  office = await t.as('district_staff');
  lab = await t.as('testing_centre');
  townA = await t.as('town_supervisor', TOWN_A);
  townB = await t.as('town_supervisor', TOWN_B);
});
afterAll(() => t.close());

describe('GET /entities/:id/file', () => {
  it('shows a new entity as green and low risk with empty sections', async () => {
    const farm = await newEntity();
    const res = await townA({ url: `/api/entities/${farm.id}/file` });
    expect(res.statusCode, res.body).toBe(200);
    const f = res.json();
    expect(f).toMatchObject({
      name: farm.name,
      colour: { colour: 'green' },
      risk: { level: 'low', levelName: '低风险', reasons: [] },
      samples: { total: 0, items: [] },
      holds: { total: 0, items: [] },
    });
    expect(f.risk.rule).toContain('高风险');
  });

  it('turns high risk and red once a failing result is verified, and lists the sample, hold and flag', async () => {
    const farm = await newEntity({ mainProducts: ['猪肉'] });
    const s = await townA({
      method: 'POST',
      url: '/api/samples',
      payload: {
        taskKind: 'supervisory_sampling',
        townCode: TOWN_A,
        entityId: farm.id,
        product: '猪肉',
        link: 'slaughter',
        sampler: '王抽样',
        sampledAt: `${recentDay}T09:00:00+08:00`,
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
        testedAt: `${recentDay}T15:00:00+08:00`,
        results: [
          { analyte: '克伦特罗', value: 0.3, unit: 'μg/kg', lod: 0.1, methodStandard: 'GB/T 22286-2008' },
        ],
      },
    });
    expect(entered.statusCode, entered.body).toBe(200);
    // Entered but not verified: the record does not act yet.
    const before = (await office({ url: `/api/entities/${farm.id}/file` })).json();
    expect(before.risk.level).not.toBe('high');
    expect(before.samples.items[0]).toMatchObject({ sampleNo: sample.sampleNo, verdict: null });

    const v = await office({ method: 'POST', url: `/api/samples/${sample.id}/verify`, payload: {} });
    expect(v.statusCode, v.body).toBe(200);
    const f = (await office({ url: `/api/entities/${farm.id}/file` })).json();
    expect(f.colour.colour).toBe('red');
    expect(f.risk).toMatchObject({ level: 'high', levelName: '高风险' });
    expect(f.risk.reasons).toContain('一年内抽检不合格');
    expect(f.samples).toMatchObject({
      total: 1,
      items: [{ sampleNo: sample.sampleNo, verdict: 'fail', verdictName: '不合格', productName: '猪肉' }],
    });
    expect(f.holds.items[0]).toMatchObject({ status: 'held', statusName: '控制中', productName: '猪肉' });
    expect(f.flags.items[0]).toMatchObject({ flag: 'problem', flagName: '待整改问题', active: true });
    // Names, never codes or ids, in what a page prints.
    const printed = JSON.stringify(
      [f.samples.items, f.holds.items, f.flags.items].flat().map((i) => {
        const { id: _id, verdict: _v, status: _s, flag: _f, ...rest } = i as Record<string, unknown>;
        return rest;
      }),
    );
    expect(printed).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    expect(printed).not.toMatch(/supervisory_sampling|slaughter|pork/);
  });

  it('rates an entity long in the directory that nobody checked as medium risk', async () => {
    const farm = await newEntity();
    await t.database.db.execute(
      sql`update entities set created_at = now() - interval '200 days' where id = ${farm.id}`,
    );
    const f = (await office({ url: `/api/entities/${farm.id}/file` })).json();
    expect(f.risk).toMatchObject({ level: 'medium', reasons: ['一年内无巡查和检测记录'] });
  });

  it('keeps the stored level (list filter) in step with the record without counting it as an edit', async () => {
    const farm = await newEntity();
    await t.database.db.execute(
      sql`update entities set created_at = now() - interval '200 days' where id = ${farm.id}`,
    );
    const before = (await office({ url: `/api/entities/${farm.id}` })).json();
    expect(before.riskGrade).toBe('low');
    expect(await refreshRisk(t.database.db, DISTRICT)).toBeGreaterThanOrEqual(1);
    const after = (await office({ url: `/api/entities/${farm.id}` })).json();
    expect(after).toMatchObject({
      riskGrade: 'medium',
      version: before.version,
      updatedAt: before.updatedAt,
    });
    const listed = (await office({ url: `/api/entities?riskGrade=medium&pageSize=100` })).json();
    expect(listed.items.map((e: { id: string }) => e.id)).toContain(farm.id);
    // A second sweep changes nothing.
    expect(await refreshRisk(t.database.db, DISTRICT)).toBe(0);
  });

  it('is 404 for another town and 400 for a malformed id', async () => {
    const farm = await newEntity();
    expect((await townB({ url: `/api/entities/${farm.id}/file` })).statusCode).toBe(404);
    const bad = await office({ url: '/api/entities/not-an-id/file' });
    expect(bad.statusCode).toBe(400);
  });
});

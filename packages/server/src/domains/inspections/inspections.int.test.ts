import { randomUUID } from 'node:crypto';
import { chinaToday } from '@nongan/shared/common/dates';
import { and, count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableCounts } from '../../test/counts.ts';
import {
  buildTestApp,
  DISTRICT,
  entityBody,
  type Requester,
  type TestApp,
  TOWN_A,
  TOWN_B,
} from '../../test/helper.ts';
import { insertCertificate } from '../certificates/test-fixtures.ts';
import { entities } from '../entities/table.ts';
import { quarterBounds, quarterOf } from './duties.ts';
import { generateQuarterDuties } from './duty-service.ts';
import { inspectionDuties, inspections, rectifications } from './table.ts';

// Daily inspections end to end, on PGlite and (with TEST_DATABASE_URL) on PostgreSQL.
let t: TestApp;
let office: Requester;
let lab: Requester;
let supA: Requester;
let supB: Requester;
let farm: { id: string; name: string; version: number };
let checklist: { id: string; items: { key: string; label: string }[] };
const today = chinaToday();
const quarter = quarterOf(today);
const now = () => new Date().toISOString();

const allPass = () => checklist.items.map((i) => ({ key: i.key, result: 'pass' as const }));
const withFail = () =>
  checklist.items.map((i, n) =>
    n === 1
      ? { key: i.key, result: 'fail' as const, note: '农药与化肥混放' }
      : { key: i.key, result: 'pass' as const },
  );
const inspect = (who: Requester, over: Record<string, unknown> = {}) =>
  who({
    method: 'POST',
    url: '/api/inspections',
    payload: {
      clientId: randomUUID(),
      entityId: farm.id,
      checklistId: checklist.id,
      inspectedAt: now(),
      items: allPass(),
      ...over,
    },
  });

async function makeEntity(over: Record<string, unknown> = {}) {
  const res = await office({ method: 'POST', url: '/api/entities', payload: entityBody(over) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

async function dutiesOf(entityId: string) {
  return t.database.db
    .select()
    .from(inspectionDuties)
    .where(and(eq(inspectionDuties.districtCode, DISTRICT), eq(inspectionDuties.entityId, entityId)));
}

beforeAll(async () => {
  t = await buildTestApp();
  office = await t.as('district_staff');
  lab = await t.as('testing_centre');
  supA = await t.as('town_supervisor', TOWN_A);
  supB = await t.as('town_supervisor', TOWN_B);
  farm = await makeEntity({ name: '土桥生猪养殖场', type: 'enterprise', mainProducts: ['猪肉'] });
  const l = await supA({ url: `/api/inspections/lookup?code=${farm.id}` });
  expect(l.statusCode, l.body).toBe(200);
  checklist = l.json().checklist;
}, 60_000);
afterAll(() => t?.close());

describe('quarterly duties', () => {
  it('a new entity gets the quarter’s duty at once; generation again adds nothing', async () => {
    const d = await dutiesOf(farm.id);
    expect(d).toEqual([
      expect.objectContaining({
        kind: 'quarterly',
        quarter,
        dueDate: quarterBounds(quarter).end,
        status: 'open',
      }),
    ]);
    expect(await generateQuarterDuties(t.database.db, DISTRICT, quarter)).toBe(0);
    await t.app.drainEvents({ jobs: true });
    expect(await dutiesOf(farm.id)).toHaveLength(1);
  });

  it('an entity added without an event (import) is covered by the next generation, and the database refuses a second duty', async () => {
    const e = await makeEntity({ name: '土桥家庭农场甲' });
    await t.database.db.delete(inspectionDuties).where(eq(inspectionDuties.entityId, e.id));
    expect(await generateQuarterDuties(t.database.db, DISTRICT, quarter)).toBe(1);
    const [d] = await dutiesOf(e.id);
    await expect(
      t.database.db.insert(inspectionDuties).values({ ...d!, id: randomUUID() }),
    ).rejects.toThrow();
  });

  it('a deactivated entity gets no new duty; reactivating it mid-quarter gives one', async () => {
    const e = await makeEntity({ name: '土桥停业农场' });
    const off = await office({
      method: 'POST',
      url: `/api/entities/${e.id}/deactivate`,
      payload: { version: e.version, reason: '停业' },
    });
    expect(off.statusCode, off.body).toBe(200);
    await t.database.db.delete(inspectionDuties).where(eq(inspectionDuties.entityId, e.id));
    expect(await generateQuarterDuties(t.database.db, DISTRICT, quarter)).toBe(0);
    const on = await office({
      method: 'POST',
      url: `/api/entities/${e.id}/reactivate`,
      payload: { version: off.json().version },
    });
    expect(on.statusCode, on.body).toBe(200);
    expect(await dutiesOf(e.id)).toHaveLength(1);
  });

  it('lists duties overdue first with names, and coverage per town with the 100 % target', async () => {
    const e = await makeEntity({ name: '土桥逾期农场' });
    await t.database.db
      .update(inspectionDuties)
      .set({ dueDate: '2020-01-01' })
      .where(eq(inspectionDuties.entityId, e.id));
    const list = (await supA({ url: `/api/inspections/duties?quarter=${quarter}` })).json();
    expect(list.items[0]).toMatchObject({
      entityName: '土桥逾期农场',
      status: 'overdue',
      townName: '土桥镇',
    });
    const od = (await supA({ url: '/api/inspections/duties?status=overdue' })).json();
    expect(od.items.map((i: { entityId: string }) => i.entityId)).toEqual([e.id]);
    // Town B's supervisor sees none of town A's duties.
    expect((await supB({ url: '/api/inspections/duties' })).json().total).toBe(0);
    const cov = (await office({ url: `/api/inspections/coverage?quarter=${quarter}` })).json();
    expect(cov.target).toBe(100);
    const town = cov.towns.find((r: { code: string }) => r.code === TOWN_A);
    expect(town).toMatchObject({ name: '土桥镇', overdue: 1 });
    expect(town.due).toBeGreaterThanOrEqual(4);
  });
});

describe('inspections', () => {
  it('a clientId sent three times makes one inspection; the repeats return the original', async () => {
    const clientId = randomUUID();
    const body = {
      clientId,
      entityId: farm.id,
      checklistId: checklist.id,
      inspectedAt: now(),
      items: allPass(),
    };
    const first = await supA({ method: 'POST', url: '/api/inspections', payload: body });
    expect(first.statusCode, first.body).toBe(201);
    const before = await tableCounts(t.database.db);
    const again = await supA({ method: 'POST', url: '/api/inspections', payload: body });
    const third = await office({ method: 'POST', url: '/api/inspections', payload: body });
    expect([again.statusCode, third.statusCode]).toEqual([200, 200]);
    expect(again.json().id).toBe(first.json().id);
    expect(third.json().id).toBe(first.json().id);
    expect(await tableCounts(t.database.db)).toEqual(before);
    const [n] = await t.database.db
      .select({ n: count() })
      .from(inspections)
      .where(eq(inspections.clientId, clientId));
    expect(Number(n?.n)).toBe(1);
    // The quarter's duty is done by it.
    const [d] = (await dutiesOf(farm.id)).filter((x) => x.kind === 'quarterly');
    expect(d).toMatchObject({ status: 'done', inspectionId: first.json().id });
    // The same clientId for another entity is a conflict, not a silent success.
    const other = await makeEntity({ name: '土桥另一农场' });
    const clash = await supA({
      method: 'POST',
      url: '/api/inspections',
      payload: { ...body, entityId: other.id },
    });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().issues[0].field).toBe('clientId');
  });

  it('bad input is a 400 naming the field', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ clientId: 'x' }, 'clientId'],
      [{ inspectedAt: '2099-01-01T00:00:00+08:00' }, 'inspectedAt'],
      [{ items: [{ key: checklist.items[0]!.key, result: 'maybe' }] }, 'items.0.result'],
      [{ items: allPass().slice(1) }, 'items'],
      [{ items: [...allPass(), { key: 'nope', result: 'pass' }] }, 'items.6.key'],
      [{ items: withFail().map((i) => ({ ...i, note: null })) }, 'items.1.note'],
      [{ deadline: '2000-01-01', items: withFail() }, 'deadline'],
    ];
    const before = await tableCounts(t.database.db);
    for (const [over, field] of cases) {
      const res = await inspect(supA, over);
      expect(res.statusCode, `${field}: ${res.body}`).toBe(400);
      expect(res.json().issues.map((i: { field: string }) => i.field)).toContain(field);
    }
    expect(await tableCounts(t.database.db)).toEqual(before);
    // Another town's supervisor cannot inspect town A's entity.
    const out = await inspect(supB);
    expect(out.statusCode).toBe(404);
    expect(out.json().issues[0].field).toBe('entityId');
  });

  it('photos are checked by content, kept once per checksum, readable only in scope', async () => {
    const r = (await inspect(supA)).json();
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('synthetic photo')]);
    const send = (who: Requester, buf: Buffer, name = 'a.jpg') => {
      const boundary = '----insp';
      const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: image/jpeg\r\n\r\n`;
      return who({
        method: 'POST',
        url: `/api/inspections/${r.id}/photos?itemKey=${checklist.items[0]!.key}`,
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: Buffer.concat([Buffer.from(head), buf, Buffer.from(`\r\n--${boundary}--\r\n`)]),
      });
    };
    const p1 = await send(supA, jpeg);
    expect(p1.statusCode, p1.body).toBe(201);
    expect(p1.json().sha256).toMatch(/^[0-9a-f]{64}$/);
    const p2 = await send(supA, jpeg);
    expect(p2.statusCode).toBe(200);
    expect(p2.json().id).toBe(p1.json().id);
    const fake = await send(supA, Buffer.from('<svg onload=alert(1)>'), 'x.jpg');
    expect(fake.statusCode).toBe(400);
    expect(fake.json().issues[0].field).toBe('file');
    expect((await send(supB, jpeg)).statusCode).toBe(404);
    const got = await supA({ url: `/api/inspections/${r.id}/photos/${p1.json().id}` });
    expect(got.headers['content-type']).toBe('image/jpeg');
    expect(Buffer.compare(got.rawPayload, jpeg)).toBe(0);
    expect((await supA({ url: `/api/inspections/${r.id}` })).json().photos).toHaveLength(1);
  });

  it('finds the entity by a certificate’s trace code URL, its credit code, or refuses out of scope', async () => {
    const c = await insertCertificate(t.database.db, t.app.keyRing, farm, {});
    const byUrl = await supA({
      url: `/api/inspections/lookup?code=${encodeURIComponent(`https://x.example/t/${c.traceCode}`)}`,
    });
    expect(byUrl.statusCode, byUrl.body).toBe(200);
    expect(byUrl.json()).toMatchObject({ entityId: farm.id, matchedBy: 'trace_code', townName: '土桥镇' });
    const [e] = await t.database.db.select().from(entities).where(eq(entities.id, farm.id));
    const byCredit = await supA({ url: `/api/inspections/lookup?code=${e!.creditCode}` });
    expect(byCredit.json()).toMatchObject({ entityId: farm.id, matchedBy: 'credit_code' });
    const outside = await supB({ url: `/api/inspections/lookup?code=${encodeURIComponent(c.traceCode)}` });
    expect(outside.statusCode).toBe(404);
    expect(outside.json().issues[0].field).toBe('code');
  });

  it('a new checklist version is used next; old inspections keep theirs', async () => {
    const items = [...checklist.items, { key: 'cert_use', label: '合格证开具规范、信息完整' }];
    const res = await office({
      method: 'POST',
      url: '/api/inspections/checklists',
      payload: { entityType: 'enterprise', items },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ entityType: 'enterprise', version: 1, current: true });
    expect(
      (
        await supA({
          method: 'POST',
          url: '/api/inspections/checklists',
          payload: { entityType: 'enterprise', items },
        })
      ).statusCode,
    ).toBe(403);
    const l = (await supA({ url: `/api/inspections/lookup?code=${farm.id}` })).json();
    expect(l.checklist.id).toBe(res.json().id);
    const old = (await supA({ url: '/api/inspections?pageSize=50' })).json().items[0];
    expect(old.checklistId).toBe(checklist.id);
    // An inspection may still be sent with the old version (an offline form made before the edit).
    expect((await inspect(supA)).statusCode).toBe(201);
    const dup = await office({
      method: 'POST',
      url: '/api/inspections/checklists',
      payload: { entityType: 'enterprise', items: [items[0], items[0]] },
    });
    expect(dup.statusCode).toBe(400);
  });
});

describe('rectification and the colour', () => {
  it('failed items open a rectification, turn the entity yellow, and only a passing revisit closes it', async () => {
    const shop = await makeEntity({ name: '土桥绿码合作社' });
    const c = await insertCertificate(t.database.db, t.app.keyRing, shop, {});
    const colour = async () =>
      (await t.app.inject({ url: `/api/public/trace/${encodeURIComponent(c.traceCode)}` })).json().supervision
        .colour;
    expect(await colour()).toBe('green');
    const r = await inspect(supA, { entityId: shop.id, items: withFail() });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ failedCount: 1, rectificationStatus: 'open' });
    expect(await colour()).toBe('yellow');
    const rid = r.json().rectificationId;
    const rect = (await supA({ url: `/api/rectifications/${rid}` })).json();
    expect(rect.items).toEqual([
      expect.objectContaining({ label: checklist.items[1]!.label, note: '农药与化肥混放' }),
    ]);
    expect(rect.deadline > today).toBe(true);
    // Not rectified yet: extend (stays open, still yellow).
    const ext = await supA({
      method: 'POST',
      url: `/api/rectifications/${rid}/revisit`,
      payload: {
        result: 'not_rectified',
        action: 'extend',
        visitedOn: today,
        newDeadline: '2099-12-31',
        version: 1,
      },
    });
    expect(ext.statusCode, ext.body).toBe(200);
    expect(ext.json()).toMatchObject({ status: 'open', deadline: '2099-12-31', version: 2 });
    expect(await colour()).toBe('yellow');
    const wrong = await supA({
      method: 'POST',
      url: `/api/rectifications/${rid}/revisit`,
      payload: { result: 'not_rectified', action: 'close', visitedOn: today, version: 2 },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().issues[0].field).toBe('action');
    const stale = await supA({
      method: 'POST',
      url: `/api/rectifications/${rid}/revisit`,
      payload: { result: 'rectified', action: 'close', visitedOn: today, version: 1 },
    });
    expect(stale.statusCode).toBe(409);
    const byB = await supB({
      method: 'POST',
      url: `/api/rectifications/${rid}/revisit`,
      payload: { result: 'rectified', action: 'close', visitedOn: today, version: 2 },
    });
    expect(byB.statusCode).toBe(404);
    const close = await supA({
      method: 'POST',
      url: `/api/rectifications/${rid}/revisit`,
      payload: { result: 'rectified', action: 'close', visitedOn: today, note: '已分区存放', version: 2 },
    });
    expect(close.statusCode, close.body).toBe(200);
    expect(close.json()).toMatchObject({
      status: 'closed',
      revisits: [expect.anything(), expect.anything()],
    });
    expect(await colour()).toBe('green');
  });

  it('escalating emits inspection.escalated once, with entity, inspection and items', async () => {
    const r = (await inspect(supA, { items: withFail() })).json();
    const res = await supA({
      method: 'POST',
      url: `/api/rectifications/${r.rectificationId}/escalate`,
      payload: { reason: '拒不整改', version: 1 },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().status).toBe('escalated');
    const ev = (
      (await t.database.db.execute(
        sql`select payload from domain_events where type = 'inspection.escalated' and subject_id = ${r.rectificationId}`,
      )) as unknown as { rows: { payload: Record<string, unknown> }[] }
    ).rows;
    expect(ev).toHaveLength(1);
    expect(ev[0]!.payload).toMatchObject({
      entityId: farm.id,
      entityName: farm.name,
      inspectionId: r.id,
      reason: '拒不整改',
      items: [expect.objectContaining({ note: '农药与化肥混放' })],
    });
    // 移交查处 opens the case in the same transaction, its source the inspection.
    const opened = (
      (await t.database.db.execute(
        sql`select case_no, state, source_type, entity_id from cases where source_id = ${r.id}`,
      )) as unknown as { rows: { case_no: string; state: string; source_type: string; entity_id: string }[] }
    ).rows;
    expect(opened).toEqual([
      expect.objectContaining({ state: 'registered', source_type: 'inspection', entity_id: farm.id }),
    ]);
    const again = await supA({
      method: 'POST',
      url: `/api/rectifications/${r.rectificationId}/escalate`,
      payload: { reason: '拒不整改', version: 2 },
    });
    expect(again.statusCode).toBe(409);
    const [rows] = await t.database.db
      .select({ n: count() })
      .from(rectifications)
      .where(eq(rectifications.status, 'escalated'));
    expect(Number(rows?.n)).toBe(1);
  });
});

describe('a failed sample', () => {
  it('gives its entity a revisit duty once its result is verified, and only once', async () => {
    const pigs = await makeEntity({ name: '土桥抽检猪场', mainProducts: ['猪肉'] });
    const s = await supA({
      method: 'POST',
      url: '/api/samples',
      payload: {
        taskKind: 'supervisory_sampling',
        townCode: TOWN_A,
        entityId: pigs.id,
        product: '猪肉',
        link: 'slaughter',
        sampler: '王抽样',
        sampledAt: new Date(Date.now() - 3 * 86_400_000).toISOString(),
        quantity: 1,
        quantityUnit: 'kg',
      },
    });
    expect(s.statusCode, s.body).toBe(201);
    const id = s.json().id;
    const entered = await lab({
      method: 'POST',
      url: `/api/samples/${id}/results`,
      payload: {
        testedAt: new Date(Date.now() - 86_400_000).toISOString(),
        results: [
          { analyte: '克伦特罗', value: 0.3, unit: 'μg/kg', lod: 0.1, methodStandard: 'GB/T 22286-2008' },
        ],
      },
    });
    expect(entered.statusCode, entered.body).toBe(200);
    await t.app.drainEvents();
    // Entered, not verified: nothing yet.
    expect((await dutiesOf(pigs.id)).filter((d) => d.kind === 'sample_revisit')).toEqual([]);
    const v = await office({ method: 'POST', url: `/api/samples/${id}/verify`, payload: {} });
    expect(v.statusCode, v.body).toBe(200);
    expect(v.json().verdict).toBe('fail');
    const revisits = (await dutiesOf(pigs.id)).filter((d) => d.kind === 'sample_revisit');
    expect(revisits).toEqual([
      expect.objectContaining({ sourceId: id, status: 'open', reason: expect.stringContaining('不合格') }),
    ]);
    // The same event again (a replay after a crash) adds nothing.
    await t.database.db.execute(sql`update domain_events set consumed_by = '{}' where subject_id = ${id}`);
    await t.database.db.execute(sql`delete from outbox_cursors`);
    await t.app.drainEvents();
    expect((await dutiesOf(pigs.id)).filter((d) => d.kind === 'sample_revisit')).toHaveLength(1);
    const listed = (await supA({ url: '/api/inspections/duties?kind=sample_revisit' })).json();
    expect(listed.items).toEqual([
      expect.objectContaining({ entityName: '土桥抽检猪场', kind: 'sample_revisit' }),
    ]);
    // Inspecting the entity fulfils it.
    const r = await inspect(supA, { entityId: pigs.id });
    expect(r.statusCode, r.body).toBe(201);
    expect((await dutiesOf(pigs.id)).every((d) => d.status === 'done')).toBe(true);
  });
});

describe('grids', () => {
  it('names a grid’s coordinator and supervisor, within scope, checked by role and place', async () => {
    const village = `${TOWN_A}201`;
    const grid = `${village}01`;
    expect(
      (
        await office({
          method: 'POST',
          url: '/api/divisions',
          payload: { code: village, name: '石桥村', parentCode: TOWN_A },
        })
      ).statusCode,
    ).toBe(201);
    expect(
      (
        await office({
          method: 'POST',
          url: '/api/divisions',
          payload: { code: grid, name: '第一网格', parentCode: village },
        })
      ).statusCode,
    ).toBe(201);
    const coord = await t.as('village_coordinator', village);
    const people = (await supA({ url: `/api/inspections/grid-people?townCode=${TOWN_A}` })).json();
    const coordId = people.find((p: { role: string }) => p.role === 'village_coordinator').id;
    const supId = people.find((p: { role: string }) => p.role === 'town_supervisor').id;
    const wrong = await supA({
      method: 'PUT',
      url: `/api/inspections/grids/${grid}`,
      payload: { coordinatorId: supId, supervisorId: null },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().issues[0].field).toBe('coordinatorId');
    const ok = await supA({
      method: 'PUT',
      url: `/api/inspections/grids/${grid}`,
      payload: { coordinatorId: coordId, supervisorId: supId },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({
      gridName: '第一网格',
      villageName: '石桥村',
      coordinatorName: expect.any(String),
    });
    expect(
      (
        await supB({
          method: 'PUT',
          url: `/api/inspections/grids/${grid}`,
          payload: { coordinatorId: null, supervisorId: null },
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (
        await coord({
          method: 'PUT',
          url: `/api/inspections/grids/${grid}`,
          payload: { coordinatorId: null, supervisorId: null },
        })
      ).statusCode,
    ).toBe(403);
    // The coordinator's "mine" list: duties of entities in the grid.
    const e = await makeEntity({ name: '网格内农场', villageCode: village, gridCode: grid });
    const mine = (await coord({ url: '/api/inspections/duties?mine=1' })).json();
    expect(mine.items.map((i: { entityId: string }) => i.entityId)).toEqual([e.id]);
    expect(mine.items[0]).toMatchObject({ gridName: '第一网格', villageName: '石桥村' });
  });
});

import { sql } from 'drizzle-orm';
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
import { entityColour } from '../certificates/scan-service.ts';
import { cstDay, rebuildStats } from './stats-rows.ts';

// The testing centre's workflow: results act outside the lab only once a second person verifies.

let t: TestApp;
let office: Requester;
let lab: Requester;
let admin: Requester;
let townA: Requester;
let farm: { id: string };

const rows = async <T>(q: ReturnType<typeof sql>) =>
  ((await t.database.db.execute(q)) as unknown as { rows: T[] }).rows;
const recentDay = cstDay(new Date(Date.now() - 5 * 86_400_000));
const failing = [
  { analyte: '克伦特罗', value: 0.3, unit: 'μg/kg', lod: 0.1, methodStandard: 'GB/T 22286-2008' },
];
const passing = [
  { analyte: '克伦特罗', value: 'ND', unit: 'μg/kg', lod: 0.1, methodStandard: 'GB/T 22286-2008' },
];

async function newSample() {
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
      lotRef: 'P-1',
    },
  });
  expect(s.statusCode, s.body).toBe(201);
  return s.json() as { id: string; sampleNo: string; status: string };
}
const act = (who: Requester, id: string, step: string, payload: object = {}) =>
  who({ method: 'POST', url: `/api/samples/${id}/${step}`, payload });
const enter = (who: Requester, id: string, results: unknown[]) =>
  act(who, id, 'results', { testedAt: `${recentDay}T15:00:00+08:00`, results });
/** What the world outside the lab sees: holds, flags, tasks, events, statistics, the scan colour. */
async function outside() {
  const c = await tableCounts(t.database.db);
  const stats = await rows<{ total: number; failed: number }>(
    sql`select coalesce(sum(total),0)::int as total, coalesce(sum(failed),0)::int as failed from result_stats where analyte_code = '*' and task_kind <> 'rapid_test'`,
  );
  return {
    holds: c.lot_holds ?? 0,
    flags: (await rows(sql`select 1 from entity_flags where active`)).length,
    tasks: c.sampling_tasks ?? 0,
    events: c.domain_events ?? 0,
    stats: stats[0],
    colour: (await entityColour(t.database.db, DISTRICT, farm.id)).colour,
  };
}

beforeAll(async () => {
  t = await buildTestApp();
  office = await t.as('district_staff');
  lab = await t.as('testing_centre');
  admin = await t.as('district_admin');
  townA = await t.as('town_supervisor', TOWN_A);
  const e = await office({
    method: 'POST',
    url: '/api/entities',
    payload: entityBody({ mainProducts: ['猪肉'] }),
  });
  expect(e.statusCode, e.body).toBe(201);
  farm = e.json();
});
afterAll(() => t.close());

describe('reception', () => {
  it('receives with the condition and seal, or rejects with a reason; every step names who and when', async () => {
    const s = await newSample();
    expect(s.status).toBe('registered');
    const noReason = await act(lab, s.id, 'reject', { reason: 'other' });
    expect(noReason.statusCode).toBe(400);
    const r = await act(lab, s.id, 'receive', { sealIntact: true, condition: '冷链到样，完好' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().status).toBe('received');
    expect(r.json().timeline).toEqual([
      expect.objectContaining({
        action: 'receive',
        fromState: 'registered',
        toState: 'received',
        userName: expect.any(String),
      }),
    ]);
    expect((await act(lab, s.id, 'reject', { reason: 'spoiled' })).statusCode).toBe(409);
    const s2 = await newSample();
    const rej = await act(lab, s2.id, 'reject', { reason: 'seal_broken' });
    expect(rej.json()).toMatchObject({
      status: 'rejected',
      timeline: [expect.objectContaining({ reason: '封条破损' })],
    });
    expect((await enter(lab, s2.id, failing)).statusCode).toBe(409);
  });
});

describe('verification', () => {
  it('an unverified failing result changes nothing outside the lab; verifying brings it all at once', async () => {
    const before = await outside();
    const s = await newSample();
    const entered = await enter(lab, s.id, failing);
    expect(entered.statusCode, entered.body).toBe(200);
    expect(entered.json()).toMatchObject({ status: 'entered', verdict: null, enteredVerdict: 'fail' });
    expect(await outside()).toEqual(before);
    // Producers and other readers do not see unverified results.
    const list = (await office({ url: '/api/samples?result=fail' })).json();
    expect(list.items.map((i: { id: string }) => i.id)).not.toContain(s.id);

    const self = await act(lab, s.id, 'verify');
    expect(self.statusCode).toBe(403);
    expect(await outside()).toEqual(before);

    const v = await act(office, s.id, 'verify');
    expect(v.statusCode, v.body).toBe(200);
    expect(v.json()).toMatchObject({ status: 'verified', verdict: 'fail' });
    const after = await outside();
    expect(after).toMatchObject({
      holds: before.holds + 1,
      flags: before.flags + 1,
      tasks: before.tasks + 1,
      events: before.events + 2, // sampling.failed and sampling.verified
      stats: { total: before.stats!.total + 1, failed: before.stats!.failed + 1 },
      colour: 'red',
    });
    // A verified result is never edited.
    expect((await enter(lab, s.id, passing)).statusCode).toBe(409);
  });

  it('a verifier sends results back with a reason; re-entered results are verified', async () => {
    const s = await newSample();
    await enter(lab, s.id, failing);
    expect((await act(office, s.id, 'return', { reason: '' })).statusCode).toBe(400);
    const back = await act(office, s.id, 'return', { reason: '单位应为 μg/kg，请复核' });
    expect(back.json()).toMatchObject({ status: 'received', returned: true });
    const again = await enter(lab, s.id, passing);
    expect(again.json()).toMatchObject({ status: 'entered', enteredVerdict: 'pass' });
    const v = await act(office, s.id, 'verify');
    expect(v.json()).toMatchObject({ status: 'verified', verdict: 'pass' });
    expect(v.json().timeline.map((x: { action: string }) => x.action)).toEqual([
      'receive',
      'enter',
      'return',
      'enter',
      'verify',
    ]);
    expect(v.json().timeline[2].reason).toBe('单位应为 μg/kg，请复核');
    expect(v.json().results[0]).toMatchObject({ display: '< LOD (0.1 μg/kg)', value: null });
  });

  it('allows self-verification when the testing centre says so, refuses it by default', async () => {
    const s = await newSample();
    await enter(lab, s.id, passing);
    expect((await act(lab, s.id, 'verify')).statusCode).toBe(403);
    const put = await admin({
      method: 'PUT',
      url: '/api/lab/settings',
      payload: {
        verifierRoles: ['testing_centre'],
        selfVerify: true,
        overdueDays: { received: 7 },
        retestWindowDays: 7,
      },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect((await act(lab, s.id, 'verify')).statusCode).toBe(200);
    // district_staff is no longer a verifier under these settings.
    const s2 = await newSample();
    await enter(lab, s2.id, passing);
    expect((await act(office, s2.id, 'verify')).statusCode).toBe(403);
    await admin({
      method: 'PUT',
      url: '/api/lab/settings',
      payload: {
        verifierRoles: ['testing_centre', 'district_staff'],
        selfVerify: false,
        overdueDays: {},
        retestWindowDays: 7,
      },
    });
    expect((await act(office, s2.id, 'verify')).statusCode).toBe(200);
  });

  it('marks values between LOD and LOQ, and refuses an LOQ below the LOD', async () => {
    const s = await newSample();
    const bad = await enter(lab, s.id, [{ ...passing[0], value: 0.05, lod: 0.01, loq: 0.005 }]);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0].field).toBe('results.0.loq');
    const ok = await enter(lab, s.id, [
      { analyte: '铅', value: 0.02, unit: 'mg/kg', lod: 0.01, loq: 0.03, methodStandard: 'GB 5009.12-2017' },
    ]);
    expect(ok.json().results[0]).toMatchObject({ belowLoq: true, display: '0.02 mg/kg（检出但低于定量限）' });
  });
});

describe('retests and corrections', () => {
  it('invalidates a verified fail, the retest decides the final verdict, statistics count it once', async () => {
    const s = await newSample();
    await enter(lab, s.id, failing);
    await act(office, s.id, 'verify');
    const before = await outside();
    const late = await act(lab, s.id, 'invalidate', {
      reason: '生产者申请复检',
      kind: 'retest',
      requestedAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    });
    expect(late.statusCode).toBe(400);
    expect(late.json().issues[0].field).toBe('requestedAt');
    const inv = await act(lab, s.id, 'invalidate', {
      reason: '生产者申请复检',
      kind: 'retest',
      requestedAt: new Date().toISOString(),
    });
    expect(inv.statusCode, inv.body).toBe(201);
    const retest = inv.json();
    expect(retest).toMatchObject({
      status: 'received',
      retestOf: s.id,
      retestKind: 'retest',
      sampleNo: `${s.sampleNo}-F1`,
    });
    const orig = (await office({ url: `/api/samples/${s.id}` })).json();
    expect(orig).toMatchObject({ status: 'invalidated', verdict: null, replacedBy: [{ id: retest.id }] });
    // The invalidated result no longer counts; the lot stays held until the retest decides.
    expect((await outside()).stats).toEqual({
      total: before.stats!.total - 1,
      failed: before.stats!.failed - 1,
    });
    expect((await outside()).holds).toBe(before.holds);

    await enter(lab, retest.id, passing);
    const v = await act(office, retest.id, 'verify');
    expect(v.json()).toMatchObject({ status: 'verified', verdict: 'pass' });
    const after = await outside();
    expect(after.stats).toEqual({ total: before.stats!.total, failed: before.stats!.failed - 1 });
    const held = await rows(sql`select 1 from lot_holds where source_id = ${s.id} and status = 'held'`);
    expect(held).toEqual([]);
    expect(await rows(sql`select 1 from entity_flags where source_id = ${s.id} and active`)).toEqual([]);
    // The failure's follow-up task is withdrawn: the final verdict is a pass.
    expect(
      await rows(
        sql`select status from sampling_tasks where origin = 'failure_follow_up' and source_ref = ${s.id}`,
      ),
    ).toEqual([{ status: 'withdrawn' }]);
    // A verified result cannot be invalidated twice.
    expect((await act(lab, s.id, 'invalidate', { reason: 'x', kind: 'correction' })).statusCode).toBe(409);
  });

  it('a failing retest carries on the follow-up task instead of proposing a second', async () => {
    const s = await newSample();
    await enter(lab, s.id, failing);
    await act(office, s.id, 'verify');
    const tasksOf = (ids: string[]) =>
      rows<{ id: string; source_ref: string; status: string }>(
        sql`select id, source_ref, status from sampling_tasks where origin = 'failure_follow_up' and source_ref in (${sql.join(
          ids.map((i) => sql`${i}`),
          sql`, `,
        )})`,
      );
    const [first] = await tasksOf([s.id]);
    expect(first).toMatchObject({ status: 'proposed' });
    const inv = await act(lab, s.id, 'invalidate', {
      reason: '生产者申请复检',
      kind: 'retest',
      requestedAt: new Date().toISOString(),
    });
    const retest = inv.json() as { id: string; sampleNo: string };
    await enter(lab, retest.id, failing);
    expect((await act(office, retest.id, 'verify')).json()).toMatchObject({ verdict: 'fail' });
    const after = await tasksOf([s.id, retest.id]);
    expect(after).toEqual([{ id: first!.id, source_ref: retest.id, status: 'proposed' }]);
    const task = (await office({ url: '/api/sampling/tasks' })).json() as { id: string; title: string }[];
    expect(task.find((x) => x.id === first!.id)?.title).toContain(retest.sampleNo);
    // The retest holds the lot in its own name; the replaced hold was lifted.
    expect(
      await rows(
        sql`select source_id from lot_holds where status = 'held' and source_id in (${s.id}, ${retest.id})`,
      ),
    ).toEqual([{ source_id: retest.id }]);
  });

  it('keeps the counts kept on write equal to a rebuild', async () => {
    const snap = () =>
      rows(
        sql`select month, town_code, holder_code, task_kind, product_code, analyte_code, link, total, failed, leads, provisional from result_stats where total <> 0 or failed <> 0 order by 1,2,3,4,5,6,7`,
      );
    const kept = await snap();
    expect(kept.length).toBeGreaterThan(1);
    await rebuildStats(t.database.db, DISTRICT);
    expect(await snap()).toEqual(kept);
  });
});

describe('lists', () => {
  it('lists a state oldest first and marks overdue samples', async () => {
    await admin({
      method: 'PUT',
      url: '/api/lab/settings',
      payload: {
        verifierRoles: ['testing_centre'],
        selfVerify: false,
        overdueDays: { received: 7 },
        retestWindowDays: 7,
      },
    });
    const s = await newSample();
    await act(lab, s.id, 'receive', { sealIntact: true, condition: '完好' });
    await t.database.db.execute(
      sql`update samples set state_at = now() - interval '30 days' where id = ${s.id}`,
    );
    const list = (await lab({ url: '/api/samples?status=received' })).json();
    expect(list.items[0]).toMatchObject({ id: s.id, overdue: true });
    expect(list.items.slice(1).every((i: { overdue: boolean }) => !i.overdue)).toBe(true);
  });

  it('counts the queue per state with its overdue samples, within the reader area', async () => {
    const queue = async (who: Requester) => {
      const res = await who({ url: '/api/samples/queue' });
      expect(res.statusCode, res.body).toBe(200);
      return Object.fromEntries(
        (res.json().states as { status: string; waiting: number; overdue: number }[]).map((q) => [
          q.status,
          q,
        ]),
      );
    };
    const before = await queue(lab);
    const fresh = await newSample();
    const old = await newSample();
    await act(lab, old.id, 'receive', { sealIntact: true, condition: '完好' });
    await t.database.db.execute(
      sql`update samples set state_at = now() - interval '8 days' where id = ${old.id}`,
    );
    const after = await queue(lab);
    expect(after.registered!.waiting).toBe(before.registered!.waiting + 1);
    expect(after.received!.waiting).toBe(before.received!.waiting + 1);
    expect(after.received!.overdue).toBe(before.received!.overdue + 1);
    expect(after.registered!.overdue).toBe(before.registered!.overdue);
    // Another town's supervisor sees none of them.
    const townB = await t.as('town_supervisor', TOWN_B);
    const other = await queue(townB);
    expect(Object.values(other).every((q) => q.waiting === 0)).toBe(true);
    expect(fresh.status).toBe('registered');
  });
});

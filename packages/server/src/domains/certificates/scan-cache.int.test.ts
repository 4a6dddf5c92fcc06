import { randomUUID } from 'node:crypto';
import { and, count, eq, inArray, sql } from 'drizzle-orm';
import type { PoolClient } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildTestApp,
  DISTRICT,
  entityBody,
  type Requester,
  type TestApp,
  TOWN_A,
} from '../../test/helper.ts';
import { rapidTests, samples } from '../sampling/sample-table.ts';
import { FLUSH_ROWS, scanState } from './scan-cache.ts';
import { SCAN_STATEMENTS, scanReads, scanValues } from './scan-service.ts';
import { certificateScans } from './table.ts';
import { insertCertificate } from './test-fixtures.ts';
import { newTraceId, signTraceCode } from './trace-code.ts';

// What the scan's speed-ups keep (the page cache, the batched scan log) never goes stale:
// on PGlite and (with TEST_DATABASE_URL) on PostgreSQL.
let t: TestApp;
let office: Requester;

async function makeEntity() {
  const res = await office({ method: 'POST', url: '/api/entities', payload: entityBody({}) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; name: string };
}
const scan = (code: string, ip = '203.0.113.5') =>
  t.app.inject({ url: `/api/public/trace/${encodeURIComponent(code)}`, remoteAddress: ip });
const ago = (days: number) => new Date(Date.now() - days * 86_400_000);

beforeAll(async () => {
  t = await buildTestApp();
  office = await t.as('district_staff');
});
afterAll(() => t?.close());

describe('the scan page cache', () => {
  it('reads a revoked certificate as revoked on the next scan', async () => {
    const e = await makeEntity();
    const c = await insertCertificate(t.database.db, t.app.keyRing, e);
    for (let i = 0; i < 3; i++) expect((await scan(c.traceCode)).json().validity).toBe('genuine');
    const res = await office({
      method: 'POST',
      url: `/api/certificates/${c.id}/revoke`,
      payload: { reason: '数量填错' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const after = (await scan(c.traceCode)).json();
    expect(after).toMatchObject({ validity: 'revoked', revokeReason: '数量填错' });
    const page = await t.app.inject({ url: `/t/${encodeURIComponent(c.traceCode)}` });
    expect(page.body).toContain('数量填错');
  });

  it('caches only what a certificate never changes: a renamed producer shows on the next scan', async () => {
    const e = await makeEntity();
    const c = await insertCertificate(t.database.db, t.app.keyRing, e);
    const certs = scanState(t.database.db).certs;
    expect(certs.get(c.traceId)).toBeUndefined();
    const first = (await scan(c.traceCode)).json();
    expect(first).toMatchObject({ certNo: c.certNo, producer: { name: e.name }, scans: { total: 1 } });
    expect(certs.get(c.traceId)).toBeDefined();
    await t.database.db.execute(sql`update entities set name = '改名后的合作社' where id = ${e.id}`);
    const second = (await scan(c.traceCode)).json();
    expect(second).toMatchObject({
      certNo: c.certNo,
      producer: { name: '改名后的合作社' },
      scans: { total: 2 },
    });
    expect(second.tests).toEqual(first.tests);
    expect(second.productName).toBe(first.productName);
    // A cached entry for a trace id that now names another certificate is not trusted: read afresh.
    certs.set(c.traceId, { fixed: { id: randomUUID(), certNo: 'X' }, tests: [] });
    expect((await scan(c.traceCode)).json()).toMatchObject({ certNo: c.certNo, scans: { total: 3 } });
  });

  it('changes the colour on the next scan after a new failing result, and after a follow-up', async () => {
    const db = t.database.db;
    const e = await makeEntity();
    const c = await insertCertificate(db, t.app.keyRing, e);
    const colour = async () => (await scan(c.traceCode)).json().supervision.colour;
    expect(await colour()).toBe('green');
    expect(await colour()).toBe('green');
    // A rapid positive waiting for the lab: yellow at once.
    const rapidId = randomUUID();
    await db.insert(rapidTests).values({
      id: rapidId,
      districtCode: DISTRICT,
      testNo: `R-${rapidId.slice(0, 8)}`,
      holderCode: TOWN_A,
      townCode: TOWN_A,
      entityId: e.id,
      productCode: 'spinach',
      link: 'production',
      method: 'enzyme_inhibition',
      target: 'organophosphate_carbamate',
      inhibitionRate: 62,
      result: 'positive',
      testedAt: ago(2),
      tester: '赵六',
      followUp: 'pending_lab',
    });
    expect(await colour()).toBe('yellow');
    // Its follow-up cleared (an update): green again.
    await db
      .update(rapidTests)
      .set({ followUp: 'cleared' })
      .where(and(eq(rapidTests.districtCode, DISTRICT), eq(rapidTests.id, rapidId)));
    expect(await colour()).toBe('green');
    // A failed sample: red on the next scan.
    await db.insert(samples).values({
      id: randomUUID(),
      districtCode: DISTRICT,
      sampleNo: `S-${randomUUID().slice(0, 8)}`,
      taskKind: 'routine_monitoring',
      townCode: TOWN_A,
      entityId: e.id,
      productCode: 'spinach',
      link: 'production',
      sampler: '王五',
      sampledAt: ago(3),
      quantity: 1,
      quantityUnit: 'kg',
      status: 'verified',
      verdict: 'fail',
    });
    expect(await colour()).toBe('red');
    // Another entity's result does not touch this one's page, and this one's is still read right.
    const other = await makeEntity();
    const oc = await insertCertificate(db, t.app.keyRing, other);
    expect((await scan(oc.traceCode)).json().supervision.colour).toBe('green');
    expect(await colour()).toBe('red');
  });
});

describe('the batched scan log', () => {
  it('answers scans sent together from one statement, each with its own certificate and counts', async () => {
    const db = t.database.db;
    const [e1, e2] = [await makeEntity(), await makeEntity()];
    const certs = await Promise.all(
      [e1, e1, e2, e2, e1].map((e) =>
        insertCertificate(db, t.app.keyRing, e as { id: string; name: string }),
      ),
    );
    const revoked = certs[4] as (typeof certs)[number];
    await db.execute(
      sql`update certificates set status = 'revoked', revoked_at = now(), revoke_reason = '测试撤销' where id = ${revoked.id}`,
    );
    // Each certificate scanned (i + 1) times, from its own networks; a code signed but never
    // issued (it reaches the statement) and a forged one in between.
    const unissued = signTraceCode(t.app.keyRing, newTraceId());
    const asked = certs.flatMap((c, i) =>
      Array.from({ length: i + 1 }, (_, k) => ({ c, ip: `10.7${i}.${k}.9` })),
    );
    const reads = scanReads(db);
    const before = {
      batches: reads.live.batches + reads.full.batches,
      requests: reads.live.requests + reads.full.requests,
    };
    const [answers, fakes] = await Promise.all([
      Promise.all(asked.map((a) => scan(a.c.traceCode, a.ip))),
      Promise.all([scan(unissued), scan('hello')]),
    ]);
    expect(fakes.map((f) => f.statusCode)).toEqual([404, 404]);
    for (const [i, a] of answers.entries()) {
      const c = (asked[i] as (typeof asked)[number]).c;
      expect(a.statusCode, a.body).toBe(200);
      const body = a.json();
      expect(body.certNo).toBe(c.certNo);
      expect(body.validity).toBe(c === revoked ? 'revoked' : 'genuine');
      expect(body.producer.name).toBe(c.entityId === e1?.id ? e1?.name : e2?.name);
    }
    const requests = reads.live.requests + reads.full.requests - before.requests;
    const batches = reads.live.batches + reads.full.batches - before.batches;
    expect(requests).toBe(asked.length + 1);
    // Sent together: fewer statements than scans.
    expect(batches).toBeLessThan(requests);
    // The next scan of each certificate counts all of its earlier ones, from their own networks.
    for (const [i, c] of certs.entries()) {
      const next = (await scan(c.traceCode, '192.0.2.1')).json().scans;
      expect(next).toMatchObject({ total: i + 2, networks: i + 2 });
    }
  });

  it('counts records not yet written on the page, and writes all of them when the app closes', async () => {
    const own = await buildTestApp();
    let closed = false;
    try {
      const req = await own.as('district_staff');
      const res = await req({ method: 'POST', url: '/api/entities', payload: entityBody({}) });
      const e = res.json() as { id: string; name: string };
      const certs = await Promise.all(
        [0, 1, 2].map(() => insertCertificate(own.database.db, own.app.keyRing, e)),
      );
      // More than one batch, in flight together, from 40 networks.
      const n = FLUSH_ROWS + 60;
      const answers = await Promise.all(
        Array.from({ length: n }, (_, i) =>
          own.app.inject({
            url: `/api/public/trace/${encodeURIComponent((certs[i % 3] as (typeof certs)[number]).traceCode)}`,
            remoteAddress: `10.1.${i % 40}.9`,
          }),
        ),
      );
      expect(answers.every((a) => a.statusCode === 200)).toBe(true);
      // Scans one after another see every earlier one, written or not.
      const c0 = certs[0] as (typeof certs)[number];
      const next = (
        await own.app.inject({
          url: `/api/public/trace/${encodeURIComponent(c0.traceCode)}`,
          remoteAddress: '10.2.0.1',
        })
      ).json().scans;
      const first = Math.ceil(n / 3);
      expect(next).toMatchObject({ total: first + 1, networks: 41 });
      const log = scanState(own.database.db).log;
      await own.app.close();
      closed = true;
      expect(log.size).toBe(0);
      const [r] = await own.database.db
        .select({ n: count() })
        .from(certificateScans)
        .where(
          and(
            eq(certificateScans.districtCode, DISTRICT),
            inArray(
              certificateScans.certificateId,
              certs.map((c) => c.id),
            ),
          ),
        );
      expect(Number(r?.n)).toBe(n + 1);
    } finally {
      if (!closed) await own.app.close();
      await own.database.close();
    }
  }, 300_000);
});

describe('rawQuery (a statement planned once)', () => {
  const awkward = ["it's", 'back\\slash \\n', '{"a":"\\"q\\"","b":"\\u4e2d"}', '中文 ‘引号’', '', null];

  it('passes every value through unchanged, prepared or as EXECUTE literals', async () => {
    const { rawQuery } = await import('../../db/prepared.ts');
    for (const v of awkward) {
      const rows = await rawQuery(t.database.db, 'test_echo', 'select $1::text as v, $2::int as n', [v, 7]);
      expect(rows).toEqual([{ v, n: 7 }]);
    }
    // JSON text (the scan log's batches) arrives as the same JSON.
    const json = JSON.stringify([{ s: 'a\'b\\c"d' }]);
    const [row] = await rawQuery(t.database.db, 'test_json', 'select ($1::json)->0->>$2 as s', [json, 's']);
    expect(row?.s).toBe('a\'b\\c"d');
  });

  it('on PGlite prepares the statement once in its session', async () => {
    const { rawQuery } = await import('../../db/prepared.ts');
    const isPglite = !('totalCount' in (t.database.db as unknown as { $client: object }).$client);
    for (let i = 0; i < 3; i++) await rawQuery(t.database.db, 'test_once', 'select $1::int + 1 as n', [i]);
    if (!isPglite) return;
    const prepared = (await t.database.db.execute(
      sql`select name from pg_prepared_statements where name = 'test_once'`,
    )) as unknown as { rows: unknown[] };
    expect(prepared.rows).toHaveLength(1);
  });

  it('gets a generic plan for the scan statements, so a scan is not planned every time', async () => {
    const { rawQuery } = await import('../../db/prepared.ts');
    const db = t.database.db;
    const e = await makeEntity();
    const c = await insertCertificate(db, t.app.keyRing, e);
    const now = new Date();
    const query = {
      traceId: c.traceId,
      network: '10.9.9.0/24',
      place: null,
      since: new Date(now.getTime() - 30 * 86_400_000).toISOString(),
      today: now.toISOString().slice(0, 10),
    };
    const record = { ...query, id: randomUUID(), district_code: DISTRICT, certificate_id: c.id };
    const pendingRecord = { ...record, at: now.toISOString(), channel: 'other', trace_id: c.traceId };
    // One session: a pooled connection of its own on PostgreSQL, PGlite's one session otherwise.
    const client = (db as unknown as { $client: { totalCount?: number; connect(): Promise<PoolClient> } })
      .$client;
    const own = client.totalCount === undefined ? null : await client.connect();
    try {
      for (const [name, text] of Object.entries(SCAN_STATEMENTS))
        for (let i = 0; i < 10; i++) {
          // With and without pending records: both must use the same plan.
          const values = scanValues([query], i % 2 ? [pendingRecord] : []);
          const rows = own
            ? (await own.query({ name, text, values })).rows
            : await rawQuery(db, name, text, values);
          expect(rows.map((r) => r.trace_code)).toEqual([c.traceCode]);
        }
      const plans = `select name, generic_plans::int as generic, custom_plans::int as custom
        from pg_prepared_statements where name in ('public_scan_live_batch', 'public_scan_batch') order by name`;
      const rows = own
        ? (await own.query(plans)).rows
        : ((await db.execute(sql.raw(plans))) as unknown as { rows: Record<string, unknown>[] }).rows;
      expect(rows.map((r) => r.name)).toEqual(['public_scan_batch', 'public_scan_live_batch']);
      // PostgreSQL tries custom plans five times, then keeps the generic one unless it looks dearer.
      for (const r of rows) {
        expect(Number(r.generic), String(r.name)).toBeGreaterThan(0);
        expect(Number(r.custom), String(r.name)).toBeLessThanOrEqual(5);
      }
    } finally {
      own?.release();
    }
  });

  it('runs a Drizzle query by name, also inside a transaction, and never reuses a name for another text', async () => {
    const { preparedRows } = await import('../../db/prepared.ts');
    const q = (n: number) => sql`select ${n}::int * 2 as n, ${'文'}::text as s`;
    expect(await preparedRows(t.database.db, 'test_drizzle', q(21))).toEqual([{ n: 42, s: '文' }]);
    expect(await preparedRows(t.database.db, 'test_drizzle', q(5))).toEqual([{ n: 10, s: '文' }]);
    const inTx = await t.database.db.transaction((tx) => preparedRows(tx, 'test_drizzle', q(1)));
    expect(inTx).toEqual([{ n: 2, s: '文' }]);
    await expect(preparedRows(t.database.db, 'test_drizzle', sql`select 1 as n`)).rejects.toThrow();
  });

  it('refuses a NUL in a literal and numbers that are not finite', async () => {
    const { sqlLiteral } = await import('../../db/prepared.ts');
    expect(() => sqlLiteral('a\u0000b')).toThrow();
    expect(() => sqlLiteral(Number.NaN)).toThrow();
    expect(sqlLiteral(null)).toBe('null');
    expect(sqlLiteral("a'b\\c")).toBe("E'a''b\\\\c'");
  });
});

describe('the scan tallies (migration 0039)', () => {
  // What the scan's counts read must equal what the scans themselves say, whoever writes them.
  const tallies = async (id: string) =>
    (
      (await t.database.db.execute(sql`
        select day::text as day, network, place, scans, last_at = (
          select max(s.at) from certificate_scans s where s.district_code = t.district_code
            and s.certificate_id = t.certificate_id
            and ((s.at at time zone 'UTC') + interval '8 hours')::date = t.day
            and coalesce(s.network, '') = t.network and coalesce(s.place, '') = t.place) as latest
        from certificate_scan_tallies t where t.district_code = ${DISTRICT} and t.certificate_id = ${id}
        order by 1, 2, 3`)) as unknown as { rows: Record<string, unknown>[] }
    ).rows;
  const fromScans = async (id: string) =>
    (
      (await t.database.db.execute(sql`
        select (((at at time zone 'UTC') + interval '8 hours')::date)::text as day, coalesce(network, '') as network,
          coalesce(place, '') as place, count(*)::int as scans, true as latest
        from certificate_scans where district_code = ${DISTRICT} and certificate_id = ${id}
        group by 1, 2, 3 order by 1, 2, 3`)) as unknown as { rows: Record<string, unknown>[] }
    ).rows;

  it('keeps one row per China day, network and place, equal to the scans, through inserts and deletes', async () => {
    const db = t.database.db;
    const e = await makeEntity();
    const c = await insertCertificate(db, t.app.keyRing, e);
    for (const ip of ['203.0.113.5', '203.0.113.9', '198.51.100.7']) await scan(c.traceCode, ip);
    await scanState(db).log.flush();
    // 16:30 UTC is the next China day (UTC+8): the same network on two days is two rows.
    const row = (at: Date, network: string | null, place: string | null = null) => ({
      id: randomUUID(),
      districtCode: DISTRICT,
      certificateId: c.id,
      at,
      network,
      place,
    });
    const d = new Date(Date.UTC(2026, 5, 1, 15, 30));
    const later = new Date(Date.UTC(2026, 5, 1, 16, 30));
    await db
      .insert(certificateScans)
      .values([
        row(d, '10.1.1.0/24'),
        row(later, '10.1.1.0/24'),
        row(later, null, '29.5,106.5'),
        row(d, null),
      ]);
    const expected = await fromScans(c.id);
    expect(expected.map((r) => [r.day, r.network, r.place, r.scans])).toEqual(
      expect.arrayContaining([
        ['2026-06-01', '', '', 1],
        ['2026-06-01', '10.1.1.0/24', '', 1],
        ['2026-06-02', '10.1.1.0/24', '', 1],
        ['2026-06-02', '', '29.5,106.5', 1],
      ]),
    );
    expect(await tallies(c.id)).toEqual(expected);
    // Nothing deletes scans today; if anything does, the touched rows are counted again.
    await db
      .delete(certificateScans)
      .where(and(eq(certificateScans.certificateId, c.id), eq(certificateScans.network, '203.0.113.0/24')));
    expect(await tallies(c.id)).toEqual(await fromScans(c.id));
    expect((await scan(c.traceCode, '192.0.2.1')).json().scans).toMatchObject({
      total: 6,
      networks: 3,
      places: 1,
    });
    // A scan record is a fact: moving it would break the tallies, so it is refused.
    await expect(
      db.update(certificateScans).set({ network: 'x' }).where(eq(certificateScans.certificateId, c.id)),
    ).rejects.toThrow();
  });
});

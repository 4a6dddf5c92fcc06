import { randomUUID } from 'node:crypto';
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Requester, type TestApp, TOWN_A, TOWN_B } from '../../test/helper.ts';
import { auditLog } from '../audit/table.ts';
import { marketChecks } from '../certificates/table.ts';
import { divisions } from '../regions/table.ts';
import { lotHolds, rapidTests } from './sample-table.ts';

// An offline outbox may send one submission many times (a sync cut off before the answer, two
// tabs, a retry): with the same clientId the server creates one record and one audit row, and
// answers every repeat with the first record. On PGlite and (TEST_DATABASE_URL) PostgreSQL.

const D2 = '500998';
const D2_TOWN = '500998101';

let t: TestApp;
let supA: Requester;
let supA2: Requester;
let supB: Requester;
let admin2: Requester;
let checkerA: Requester;

const ago = (hours: number) => new Date(Date.now() - hours * 3600_000).toISOString();

const rapidBody = (clientId: string, over: Record<string, unknown> = {}) => ({
  holderCode: TOWN_A,
  townCode: TOWN_A,
  sampledParty: '土桥镇农贸市场5号摊位',
  product: '菠菜',
  link: 'wholesale_market',
  method: 'enzyme_inhibition',
  inhibitionRate: 12.5,
  testedAt: ago(3),
  tester: '李快检',
  clientId,
  ...over,
});

const post = (who: Requester, url: string, payload: object) => who({ method: 'POST', url, payload });

async function countRows(table: typeof rapidTests | typeof marketChecks, clientId: string) {
  const [r] = await t.database.db.select({ n: count() }).from(table).where(eq(table.clientId, clientId));
  return Number(r?.n ?? 0);
}

async function auditRows(subjectType: string, subjectId: string) {
  const [r] = await t.database.db
    .select({ n: count() })
    .from(auditLog)
    .where(and(eq(auditLog.subjectType, subjectType), eq(auditLog.subjectId, subjectId)));
  return Number(r?.n ?? 0);
}

beforeAll(async () => {
  t = await buildTestApp();
  await t.database.db.insert(divisions).values([
    { code: D2, name: '测试三区', level: 'district', parentCode: null, districtCode: D2 },
    { code: D2_TOWN, name: '测试三镇', level: 'town', parentCode: D2, districtCode: D2 },
  ]);
  supA = await t.as('town_supervisor', TOWN_A);
  supA2 = await t.as('town_supervisor', TOWN_A);
  supB = await t.as('town_supervisor', TOWN_B);
  admin2 = await t.as('district_admin', D2);
  checkerA = await t.as('market_checker', TOWN_A);
});
afterAll(() => t?.close());

describe('rapid tests sent again from the outbox', () => {
  it('creates one test and one audit row for three sends one after another', async () => {
    const clientId = randomUUID();
    const first = await post(supA, '/api/rapid-tests', rapidBody(clientId));
    expect(first.statusCode, first.body).toBe(201);
    const again = await post(supA, '/api/rapid-tests', rapidBody(clientId));
    const third = await post(supA, '/api/rapid-tests', rapidBody(clientId));
    expect([again.statusCode, third.statusCode]).toEqual([200, 200]);
    expect(again.json().id).toBe(first.json().id);
    expect(third.json().testNo).toBe(first.json().testNo);
    expect(await countRows(rapidTests, clientId)).toBe(1);
    expect(await auditRows('rapid_test', first.json().id)).toBe(1);
  });

  it('creates one positive test, one hold and one audit row for three sends at once', async () => {
    const clientId = randomUUID();
    const body = rapidBody(clientId, { inhibitionRate: 71 });
    const answers = await Promise.all([1, 2, 3].map(() => post(supA, '/api/rapid-tests', body)));
    const codes = answers.map((a) => a.statusCode).sort();
    expect(codes, answers.map((a) => a.body).join('\n')).toEqual([200, 200, 201]);
    const ids = new Set(answers.map((a) => a.json().id));
    expect(ids.size).toBe(1);
    expect(await countRows(rapidTests, clientId)).toBe(1);
    const id = [...ids][0] as string;
    expect(await auditRows('rapid_test', id)).toBe(1);
    const holds = await t.database.db
      .select({ id: lotHolds.id })
      .from(lotHolds)
      .where(eq(lotHolds.sourceId, id));
    expect(holds).toHaveLength(1);
  });

  it('never shows another recorder the test behind a reused clientId', async () => {
    const clientId = randomUUID();
    expect((await post(supA, '/api/rapid-tests', rapidBody(clientId))).statusCode).toBe(201);
    // Same district, another town: refused without the first test in the answer.
    const other = await post(
      supB,
      '/api/rapid-tests',
      rapidBody(clientId, { holderCode: TOWN_B, townCode: TOWN_B }),
    );
    expect(other.statusCode).toBe(409);
    expect(other.json().issues).toEqual([{ field: 'clientId', reason: '提交编号重复，请重新录入后提交' }]);
    expect(other.body).not.toContain('土桥镇农贸市场5号摊位');
    // Same town, another recorder: refused too.
    expect((await post(supA2, '/api/rapid-tests', rapidBody(clientId))).statusCode).toBe(409);
    // Another district: a record of its own, the first one untouched and unread.
    const d2 = await post(
      admin2,
      '/api/rapid-tests',
      rapidBody(clientId, { holderCode: D2, townCode: D2_TOWN, sampledParty: '三区摊位' }),
    );
    expect(d2.statusCode, d2.body).toBe(201);
    expect(d2.json().sampledParty).toBe('三区摊位');
    expect(await countRows(rapidTests, clientId)).toBe(2);
  });

  it('skips rows of a bulk call that were sent before', async () => {
    const sent = randomUUID();
    expect((await post(supA, '/api/rapid-tests', rapidBody(sent))).statusCode).toBe(201);
    const fresh = randomUUID();
    const res = await post(supA, '/api/rapid-tests/bulk', {
      mode: 'strict',
      rows: [rapidBody(sent), rapidBody(fresh)],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ created: 1, replayed: 1, failed: 0 });
    expect(await countRows(rapidTests, sent)).toBe(1);
    expect(await countRows(rapidTests, fresh)).toBe(1);
  });

  it('refuses a clientId that is not a UUID, naming the field', async () => {
    const res = await post(supA, '/api/rapid-tests', rapidBody('abc'));
    expect(res.statusCode).toBe(400);
    expect(res.json().issues[0].field).toBe('clientId');
  });
});

describe('market checks sent again from the outbox', () => {
  const noneBody = (clientId: string, over: Record<string, unknown> = {}) => ({
    product: '菠菜',
    quantity: 20,
    unit: 'kg',
    supplier: '张三',
    clientId,
    checkedAt: ago(5),
    ...over,
  });

  it('creates one check and one audit row for three sends, also at once, keeping the offline time', async () => {
    const clientId = randomUUID();
    const body = noneBody(clientId);
    const first = await post(checkerA, '/api/market-checks', body);
    expect(first.statusCode, first.body).toBe(201);
    expect(Date.parse(first.json().checkedAt)).toBe(Date.parse(body.checkedAt));
    const again = await post(checkerA, '/api/market-checks', body);
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(first.json().id);
    expect(again.json().checkerName).toBeTruthy();

    const twin = randomUUID();
    const answers = await Promise.all(
      [1, 2, 3].map(() => post(checkerA, '/api/market-checks', noneBody(twin))),
    );
    expect(answers.map((a) => a.statusCode).sort(), answers.map((a) => a.body).join('\n')).toEqual([
      200, 200, 201,
    ]);
    expect(new Set(answers.map((a) => a.json().id)).size).toBe(1);
    expect(await countRows(marketChecks, clientId)).toBe(1);
    expect(await countRows(marketChecks, twin)).toBe(1);
    expect(await auditRows('market_check', first.json().id)).toBe(1);
    expect(await auditRows('market_check', answers[0]!.json().id)).toBe(1);
  });

  it('refuses another checker reusing the clientId without showing the first check', async () => {
    const clientId = randomUUID();
    expect((await post(checkerA, '/api/market-checks', noneBody(clientId))).statusCode).toBe(201);
    const other = await post(supA, '/api/market-checks', noneBody(clientId, { supplier: '别人' }));
    expect(other.statusCode).toBe(409);
    expect(other.body).not.toContain('张三');
    expect(await countRows(marketChecks, clientId)).toBe(1);
  });

  it('refuses an offline time in the future or older than 30 days', async () => {
    const future = await post(
      checkerA,
      '/api/market-checks',
      noneBody(randomUUID(), { checkedAt: new Date(Date.now() + 3600_000).toISOString() }),
    );
    expect(future.statusCode).toBe(400);
    expect(future.json().issues[0].field).toBe('checkedAt');
    const old = await post(
      checkerA,
      '/api/market-checks',
      noneBody(randomUUID(), { checkedAt: ago(31 * 24) }),
    );
    expect(old.statusCode).toBe(400);
    expect(old.json().message).toContain('30 天内同步');
  });
});

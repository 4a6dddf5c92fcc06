import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { DISTRICT, openTestDatabase, TOWN_A, TOWN_B } from '../../test/helper.ts';
import type { Scope } from '../accounts/scope.ts';
import { doneByHolder, passRates } from './stats-repository.ts';
import { addStats, rebuildStats, type StatDelta } from './stats-rows.ts';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

const rowsOf = async (q: ReturnType<typeof sql>) =>
  ((await database.db.execute(q)) as unknown as { rows: Record<string, unknown>[] }).rows;

/** The yearly table as kept by the triggers, and as rebuilt from result_stats now, both sorted. */
async function keptAndRebuilt() {
  const cols = sql.raw(
    'district_code, year, town_code, holder_code, task_kind, product_code, analyte_code, link, total, failed, leads, provisional',
  );
  const kept = await rowsOf(sql`select ${cols} from result_stats_yearly order by 1, 2, 3, 4, 5, 6, 7, 8`);
  const rebuilt = await rowsOf(sql`
    select ${cols} from (
      select district_code, left(month, 4) as year, town_code, holder_code, task_kind, product_code, analyte_code, link,
             sum(total)::int as total, sum(failed)::int as failed, sum(leads)::int as leads, sum(provisional)::int as provisional
      from result_stats group by 1, 2, 3, 4, 5, 6, 7, 8) r
    where total <> 0 or failed <> 0 or leads <> 0 or provisional <> 0
    order by 1, 2, 3, 4, 5, 6, 7, 8`);
  // The month view's table: what it counts (rapid tests, lab samples once) per month, town, kind.
  const monthCols = sql.raw('district_code, month, town_code, task_kind, total, failed, leads, provisional');
  const months = await rowsOf(sql`select ${monthCols} from result_stats_months order by 1, 2, 3, 4`);
  const monthsRebuilt = await rowsOf(sql`
    select ${monthCols} from (
      select district_code, month, town_code, task_kind, sum(total)::int as total, sum(failed)::int as failed,
             sum(leads)::int as leads, sum(provisional)::int as provisional
      from result_stats where task_kind = 'rapid_test' or analyte_code = '*' group by 1, 2, 3, 4) r
    where total <> 0 or failed <> 0 or leads <> 0 or provisional <> 0
    order by 1, 2, 3, 4`);
  expect(months).toEqual(monthsRebuilt);
  return { kept, rebuilt, months };
}

const delta = (over: Partial<StatDelta>): StatDelta => ({
  districtCode: DISTRICT,
  month: '2021-03',
  townCode: TOWN_A,
  holderCode: TOWN_A,
  taskKind: 'rapid_test',
  productCode: 'P1',
  analyteCode: 'rapid:enzyme_inhibition',
  link: 'retail_market',
  total: 1,
  failed: 0,
  ...over,
});

describe('result_stats_yearly and result_stats_months follow result_stats', () => {
  it('after inserts, upserts of the same keys, updates, deletes, negative deltas and a rebuild', async () => {
    // New keys across months, towns and years (inserts).
    await addStats(database.db, [
      delta({ month: '2021-01', total: 5, failed: 1 }),
      delta({ month: '2021-02', total: 7, failed: 2 }),
      delta({ month: '2021-02', townCode: TOWN_B, holderCode: TOWN_B, total: 3 }),
      delta({ month: '2022-01', total: 4, failed: 4 }),
      delta({
        month: '2021-05',
        taskKind: 'routine_monitoring',
        holderCode: DISTRICT,
        analyteCode: '*',
        total: 2,
        failed: 1,
        leads: 1,
        provisional: 1,
      }),
    ]);
    let s = await keptAndRebuilt();
    expect(s.kept.length).toBe(4);
    expect(s.kept).toEqual(s.rebuilt);
    // Rapid tests in 2021-01, 2021-02 (two towns), 2022-01, and the lab sample's '*' row in 2021-05.
    expect(s.months.map((m) => `${m.month} ${m.task_kind}`)).toEqual([
      '2021-01 rapid_test',
      '2021-02 rapid_test',
      '2021-02 rapid_test',
      '2021-05 routine_monitoring',
      '2022-01 rapid_test',
    ]);
    // A lab result per analyte is not counted by month (only its sample's '*' row is).
    await addStats(database.db, [
      delta({
        month: '2021-05',
        taskKind: 'routine_monitoring',
        holderCode: DISTRICT,
        analyteCode: 'A1',
        total: 9,
      }),
    ]);
    s = await keptAndRebuilt();
    expect(s.months.find((m) => m.month === '2021-05')).toMatchObject({ total: 2, failed: 1, leads: 1 });
    const marchAndJan = s.kept.find(
      (r) => r.year === '2021' && r.town_code === TOWN_A && r.task_kind === 'rapid_test',
    );
    expect(marchAndJan).toMatchObject({ total: 12, failed: 3 });

    // The same keys again (insert … on conflict do update) plus a new one in one statement.
    await addStats(database.db, [
      delta({ month: '2021-01', total: 10, failed: 1 }),
      delta({ month: '2021-12', productCode: 'P2', total: 1 }),
    ]);
    s = await keptAndRebuilt();
    expect(s.kept).toEqual(s.rebuilt);
    expect(
      s.kept.find(
        (r) =>
          r.year === '2021' &&
          r.town_code === TOWN_A &&
          r.product_code === 'P1' &&
          r.task_kind === 'rapid_test',
      ),
    ).toMatchObject({ total: 22, failed: 4 });

    // A verdict taken back (negative deltas) until a year's row is all zero: the row goes.
    await addStats(database.db, [delta({ month: '2022-01', total: -4, failed: -4 })]);
    s = await keptAndRebuilt();
    expect(s.kept).toEqual(s.rebuilt);
    expect(s.kept.some((r) => r.year === '2022')).toBe(false);

    // Plain updates and deletes of several rows at once.
    await database.db.execute(
      sql`update result_stats set total = total + 100, failed = failed + 1 where town_code = ${TOWN_A} and month < '2021-03'`,
    );
    await database.db.execute(sql`update result_stats set month = '2023-02' where town_code = ${TOWN_B}`);
    s = await keptAndRebuilt();
    expect(s.kept).toEqual(s.rebuilt);
    expect(s.kept.find((r) => r.year === '2023')).toMatchObject({ town_code: TOWN_B, total: 3 });
    await database.db.execute(sql`delete from result_stats where month = '2021-01'`);
    s = await keptAndRebuilt();
    expect(s.kept).toEqual(s.rebuilt);

    // A rebuild from the (empty) result tables deletes the district's counts.
    await rebuildStats(database.db, DISTRICT);
    s = await keptAndRebuilt();
    expect(s.kept).toEqual([]);
    expect(s.rebuilt).toEqual([]);
  });

  it('a rebuild of real rapid tests gives the same year figures as the monthly table', async () => {
    await database.db.execute(sql`
      insert into rapid_tests (id, district_code, test_no, holder_code, town_code, sampled_party, product_code, link, method,
                               target, inhibition_rate, result, tested_at, tester)
      select gen_random_uuid(), ${DISTRICT}, 'Y-' || g, case when g % 3 = 0 then ${TOWN_B} else ${TOWN_A} end,
             case when g % 3 = 0 then ${TOWN_B} else ${TOWN_A} end, '摊位', 'P' || (g % 4), 'retail_market',
             'enzyme_inhibition', '有机磷', 10, case when g % 10 = 0 then 'positive' else 'negative' end,
             timestamptz '2021-01-01 00:00:00+08' + (g % 400) * interval '1 day', 'test'
      from generate_series(1, 600) g`);
    await rebuildStats(database.db, DISTRICT);
    const s = await keptAndRebuilt();
    expect(s.kept.length).toBeGreaterThan(0);
    expect(s.kept).toEqual(s.rebuilt);

    const scope: Scope = { kind: 'district', districtCode: DISTRICT };
    for (const dim of ['product', 'town', 'holder', 'link'] as const) {
      const rows = await passRates(database.db, scope, { year: 2021, kind: 'rapid' }, dim);
      const monthly = await rowsOf(sql`
        select sum(total)::int as total, sum(failed)::int as failed from result_stats
        where district_code = ${DISTRICT} and month like '2021-%' and task_kind = 'rapid_test'`);
      expect(rows.reduce((a, r) => a + r.total, 0)).toBe(monthly[0]?.total);
      expect(rows.reduce((a, r) => a + r.failed, 0)).toBe(monthly[0]?.failed);
    }
    const byMonth = await passRates(database.db, scope, { year: 2022, kind: 'rapid' }, 'month');
    const by2022 = await passRates(database.db, scope, { year: 2022, kind: 'rapid' }, 'town');
    expect(byMonth.reduce((a, r) => a + r.total, 0)).toBe(by2022.reduce((a, r) => a + r.total, 0));
    // By month equals the monthly table summed by month, for the district and for one town.
    for (const [sc, town] of [
      [scope, null],
      [{ kind: 'town', districtCode: DISTRICT, townCode: TOWN_B } as Scope, TOWN_B],
    ] as const) {
      const months = await passRates(database.db, sc, { year: 2021, kind: 'rapid' }, 'month');
      const direct = await rowsOf(sql`
        select month as key, sum(total)::int as total, sum(failed)::int as failed from result_stats
        where district_code = ${DISTRICT} and month like '2021-%' and task_kind = 'rapid_test'
          ${town ? sql`and town_code = ${town}` : sql``}
        group by month order by month`);
      expect(months.map((m) => ({ key: m.key, total: m.total, failed: m.failed }))).toEqual(direct);
      expect(months.length).toBe(12);
    }
    const raw2021 = await rowsOf(sql`
      select count(*)::int as n from rapid_tests
      where tested_at >= timestamptz '2021-01-01 00:00:00+08' and tested_at < timestamptz '2022-01-01 00:00:00+08'`);
    const done = await doneByHolder(database.db, DISTRICT, 2021);
    expect(done.reduce((a, r) => a + r.done, 0)).toBe(raw2021[0]?.n);
  });
});

import { like, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client.ts';
import { reserveSerials } from '../../platform/serials.ts';
import { DISTRICT, openTestDatabase, rapidBody, TOWN_A } from '../../test/helper.ts';
import type { Scope } from '../accounts/scope.ts';
import { importRapidFile, RapidChecks } from './rapid-service.ts';
import { TestWriter } from './rapid-writer.ts';
import { rapidTests } from './sample-table.ts';

let d: Database;
beforeAll(async () => {
  d = await openTestDatabase();
});
afterAll(() => d.close());

const actor = { user: null, ip: null };
const scope: Scope = { kind: 'town', districtCode: DISTRICT, townCode: TOWN_A };
const codeOf = (e: unknown) =>
  (e as { code?: string }).code ?? (e as { cause?: { code?: string } }).cause?.code;

describe('TestWriter', () => {
  it('reports the round that failed, not the aborted transaction after it, and writes nothing', async () => {
    // Checked, then a twin takes RACE-5 before the writes: the first round's COPY fails while the
    // next chunk (another year, so its plan is looked up in the transaction) is being prepared.
    const checks = new RapidChecks(d.db, actor, scope);
    await checks.add([
      ...Array.from({ length: 1000 }, (_, i) => rapidBody({ testNo: `RACE-${i}` })),
      ...Array.from({ length: 10 }, (_, i) =>
        rapidBody({ testNo: `RACE-B${i}`, testedAt: '2022-03-01T09:00:00+08:00' }),
      ),
    ]);
    expect(checks.errors).toEqual([]);
    const [first, later] = [checks.good.slice(0, 1000), checks.good.slice(1000)];
    const twin = new RapidChecks(d.db, actor, scope);
    await twin.add([rapidBody({ testNo: 'RACE-5' })]);
    await d.db.transaction(async (tx) => {
      const w = new TestWriter(tx, actor, scope, true);
      await w.write(twin.good);
      await w.finish(null);
    });

    const err = await d.db
      .transaction(async (tx) => {
        const w = new TestWriter(tx, actor, scope, true);
        try {
          await w.write(first);
          await w.write(later);
          await w.finish(null);
        } finally {
          await w.settled();
        }
      })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(codeOf(err)).toBe('23505');
    const left = await d.db
      .select({ no: rapidTests.testNo })
      .from(rapidTests)
      .where(like(rapidTests.testNo, 'RACE-%'));
    expect(left.map((r) => r.no)).toEqual(['RACE-5']);
  });

  it("leaves the year's serial counter free while a file is read, numbering its unnumbered tests at the end", async () => {
    // Between two chunks another request takes the year's next serial, waiting at most 300 ms for
    // the counter's lock: it gets it, and the file's unnumbered tests are numbered after it.
    const year = 2023;
    const at = `${year}-04-05T09:00:00+08:00`;
    const taken: number[] = [];
    const chunk = (from: number) =>
      Array.from({ length: 3 }, (_, i) =>
        rapidBody({ testNo: from + i === 2 ? undefined : `LOCK-${from + i}`, testedAt: at }),
      );
    const result = await importRapidFile(
      d,
      actor,
      scope,
      'strict',
      { fileName: 'lock.xlsx' },
      async (add) => {
        await add(chunk(1), [2, 3, 4], []);
        await d.db.transaction(async (other) => {
          await other.execute(sql`set local lock_timeout = '300ms'`);
          taken.push(await reserveSerials(other, DISTRICT, 'rapid_test', year, 1));
        });
        await add(chunk(4), [5, 6, 7], []);
      },
    );
    expect(result).toMatchObject({ committed: true, created: 6, failed: 0 });
    const numbered = await d.db
      .select({ no: rapidTests.testNo })
      .from(rapidTests)
      .where(like(rapidTests.testNo, `KJ%-${year}-%`));
    expect(numbered.map((r) => Number(r.no.slice(-6)))).toEqual([(taken[0] as number) + 1]);
  });
});

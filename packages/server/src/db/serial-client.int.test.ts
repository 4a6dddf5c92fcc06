import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../test/helper.ts';
import type { Database } from './client.ts';

// Only the PostgreSQL server has the pg client whose queueing is deprecated; PGlite has one
// connection and no such warning.
describe.skipIf(!process.env.TEST_DATABASE_URL)('queries gathered with Promise.all in a transaction', () => {
  let database: Database;
  const warnings: string[] = [];
  const onWarning = (w: Error) => warnings.push(w.message);
  beforeAll(async () => {
    database = await openTestDatabase();
    process.on('warning', onWarning);
  });
  afterAll(async () => {
    process.off('warning', onWarning);
    await database?.close();
  });

  it('run one after another on the transaction client, in order, without the pg 9 warning', async () => {
    const out = await database.db.transaction(async (tx) => {
      await tx.execute(sql`create temporary table seen (n int) on commit drop`);
      const runs = Array.from({ length: 8 }, (_, i) =>
        tx.execute(sql`insert into seen select ${i} from pg_sleep(${(8 - i) / 200}) returning n`),
      );
      await Promise.all(runs);
      return tx.execute(sql`select array_agg(n order by ctid) as ns from seen`);
    });
    expect((out as unknown as { rows: { ns: number[] }[] }).rows[0]?.ns).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    await new Promise((r) => setImmediate(r));
    expect(warnings.filter((m) => m.includes('already executing a query'))).toEqual([]);
  });

  it('a failed query does not stall the ones queued after it', async () => {
    let nextError: unknown;
    await expect(
      database.db.transaction(async (tx) => {
        const bad = tx.execute(sql`select 1/0`);
        const next = tx.execute(sql`select 2 as n`);
        const [b, n] = await Promise.allSettled([bad, next]);
        if (n.status === 'rejected') nextError = n.reason;
        if (b.status === 'rejected') throw b.reason;
      }),
    ).rejects.toThrow(/select 1\/0/);
    // The queued query was sent and answered by the server (the transaction is aborted), not left waiting.
    expect(String((nextError as { cause?: Error }).cause?.message)).toMatch(/aborted/);
    const res = await database.db.execute(sql`select 3 as n`);
    expect((res as unknown as { rows: unknown[] }).rows[0]).toEqual({ n: 3 });
  });
});

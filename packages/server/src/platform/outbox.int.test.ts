import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import type { Database } from '../db/client.ts';
import { emitEvent } from '../domains/sampling/events.ts';
import { openTestDatabase } from '../test/helper.ts';
import { type OutboxEvent, OutboxRunner } from './outbox.ts';

// The outbox runner on PGlite and (with TEST_DATABASE_URL) on PostgreSQL.
let database: Database;
const rows = async <T>(q: ReturnType<typeof sql>) =>
  ((await database.db.execute(q)) as unknown as { rows: T[] }).rows;

beforeAll(async () => {
  database = await openTestDatabase();
  await database.db.execute(
    sql`create table test_effects (event_id bigint not null, consumer text not null)`,
  );
});
afterAll(() => database?.close());

function recorder(name: string, types: string[], fail?: (e: OutboxEvent) => boolean) {
  const seen: number[] = [];
  return {
    seen,
    consumer: {
      name,
      types,
      async handle(tx: Database['db'], e: OutboxEvent) {
        if (fail?.(e)) throw new Error('consumer failed');
        seen.push(e.id);
        await tx.execute(sql`insert into test_effects values (${e.id}, ${name})`);
      },
    },
  };
}

const effects = (name: string) =>
  rows<{ n: number }>(sql`select count(*)::int as n from test_effects where consumer = ${name}`).then((r) =>
    Number(r[0]?.n),
  );

describe('outbox runner', () => {
  it('hands each event to each consumer of its type once, marking consumed_by in the same transaction', async () => {
    const a = recorder('test.a', ['test.one']);
    const b = recorder('test.b', ['test.one', 'test.two']);
    const runner = new OutboxRunner(database.db, () => undefined);
    runner.register(a.consumer);
    runner.register(b.consumer);
    await database.db.transaction(async (tx) => {
      await emitEvent(tx, '500151', 'test.one', 's1', { n: 1 });
      await emitEvent(tx, '500151', 'test.two', 's2', { n: 2 });
      await emitEvent(tx, '500999', 'test.one', 's3', { n: 3 });
    });
    expect(await runner.drain()).toBe(5);
    expect(a.seen).toHaveLength(2);
    expect(b.seen).toHaveLength(3);
    const marks = await rows<{ subject_id: string; consumed_by: string[] }>(
      sql`select subject_id, consumed_by from domain_events where type like 'test.%' order by id`,
    );
    expect(marks.map((m) => [m.subject_id, [...m.consumed_by].sort()])).toEqual([
      ['s1', ['test.a', 'test.b']],
      ['s2', ['test.b']],
      ['s3', ['test.a', 'test.b']],
    ]);
    // Again: nothing to do, nothing done twice.
    expect(await runner.drain()).toBe(0);
    expect(await effects('test.a')).toBe(2);
  });

  it('an event committed while no runner ran (a crash after commit) is consumed by the next start', async () => {
    await database.db.transaction((tx) => emitEvent(tx, '500151', 'test.crash', 'c1', {}));
    const c = recorder('test.crash', ['test.crash']);
    // A new process: the app starts its runner on ready and takes the pending event.
    const app = await buildApp({ database, outboxIntervalMs: 60_000 });
    app.outbox.register(c.consumer);
    await app.ready();
    await app.drainEvents();
    expect(c.seen).toHaveLength(1);
    await app.close();
  });

  it('a failing consumer leaves the event for the next run, without blocking the other consumers', async () => {
    let broken = true;
    const flaky = recorder('test.flaky', ['test.flaky'], () => broken);
    const fine = recorder('test.fine', ['test.flaky']);
    const runner = new OutboxRunner(database.db, () => undefined);
    runner.register(flaky.consumer);
    runner.register(fine.consumer);
    await database.db.transaction((tx) => emitEvent(tx, '500151', 'test.flaky', 'f1', {}));
    await runner.drain();
    expect(await effects('test.flaky')).toBe(0);
    expect(await effects('test.fine')).toBe(1);
    const [cursor] = await rows<{ last_id: number }>(
      sql`select last_id from outbox_cursors where consumer = 'test.flaky'`,
    );
    expect(cursor).toBeUndefined();
    broken = false;
    await runner.drain();
    expect(await effects('test.flaky')).toBe(1);
    expect(await effects('test.fine')).toBe(1);
  });

  it('two runners at once (two processes) still apply each event once', async () => {
    const events = Array.from({ length: 30 }, (_, i) => ({
      districtCode: '500151',
      type: 'test.race',
      subjectId: `r${i}`,
      payload: {},
    }));
    await database.db.transaction(async (tx) => {
      for (const e of events) await emitEvent(tx, e.districtCode, e.type, e.subjectId, e.payload);
    });
    const r1 = new OutboxRunner(database.db, () => undefined);
    const r2 = new OutboxRunner(database.db, () => undefined);
    r1.register(recorder('test.race', ['test.race']).consumer);
    r2.register(recorder('test.race', ['test.race']).consumer);
    const [n1, n2] = await Promise.all([r1.drain(), r2.drain()]);
    expect(n1 + n2).toBe(30);
    expect(await effects('test.race')).toBe(30);
  });

  it('the cursor moves only past events consumed and older than the horizon', async () => {
    const c = recorder('test.cursor', ['test.cursor']);
    const runner = new OutboxRunner(database.db, () => undefined);
    runner.register(c.consumer);
    await database.db.transaction(async (tx) => {
      await emitEvent(tx, '500151', 'test.cursor', 'old', {});
      await emitEvent(tx, '500151', 'test.cursor', 'new', {});
    });
    await database.db.execute(
      sql`update domain_events set created_at = now() - interval '2 hours' where type = 'test.cursor' and subject_id = 'old'`,
    );
    await runner.drain();
    const [old] = await rows<{ id: number }>(
      sql`select id from domain_events where subject_id = 'old' and type = 'test.cursor'`,
    );
    const [cur] = await rows<{ last_id: number }>(
      sql`select last_id from outbox_cursors where consumer = 'test.cursor'`,
    );
    expect(Number(cur?.last_id)).toBe(Number(old?.id));
  });

  it("a batch consumer gets each district's pending events in one call, and one bad event falls back to one by one", async () => {
    const calls: { district: string; ids: number[] }[] = [];
    const single: number[] = [];
    const batch = {
      name: 'test.batch',
      types: ['test.batch'],
      async handle(tx: Database['db'], e: OutboxEvent) {
        if ((e.payload as { bad?: boolean }).bad) throw new Error('bad event');
        single.push(e.id);
        await tx.execute(sql`insert into test_effects values (${e.id}, 'test.batch')`);
      },
      async handleBatch(tx: Database['db'], district: string, events: OutboxEvent[]) {
        if (events.some((e) => (e.payload as { bad?: boolean }).bad)) throw new Error('bad batch');
        calls.push({ district, ids: events.map((e) => e.id) });
        for (const e of events)
          await tx.execute(sql`insert into test_effects values (${e.id}, 'test.batch')`);
      },
    };
    const runner = new OutboxRunner(database.db, () => undefined);
    runner.register(batch);
    await database.db.transaction(async (tx) => {
      for (let i = 0; i < 7; i++) await emitEvent(tx, '500151', 'test.batch', `b${i}`, {});
      for (let i = 0; i < 3; i++) await emitEvent(tx, '500999', 'test.batch', `c${i}`, {});
    });
    expect(await runner.drain()).toBe(10);
    expect(calls.map((c) => [c.district, c.ids.length]).sort()).toEqual([
      ['500151', 7],
      ['500999', 3],
    ]);
    expect(single).toEqual([]);
    // Every effect once, and every event marked.
    expect(await effects('test.batch')).toBe(10);
    expect(await runner.drain()).toBe(0);

    // A batch with a bad event: the good ones are still applied (one by one), the bad one stays pending.
    calls.length = 0;
    await database.db.transaction(async (tx) => {
      await emitEvent(tx, '500151', 'test.batch', 'g1', {});
      await emitEvent(tx, '500151', 'test.batch', 'bad', { bad: true });
      await emitEvent(tx, '500151', 'test.batch', 'g2', {});
    });
    expect(await runner.drain()).toBe(2);
    expect(calls).toEqual([]);
    expect(single).toHaveLength(2);
    expect(await effects('test.batch')).toBe(12);
    const [pendingBad] = await rows<{ n: number }>(
      sql`select count(*)::int as n from domain_events where type = 'test.batch' and not ('test.batch' = any(consumed_by))`,
    );
    expect(Number(pendingBad?.n)).toBe(1);
  });

  it('two runners with a batch consumer still apply each event once', async () => {
    await database.db.transaction(async (tx) => {
      for (let i = 0; i < 40; i++) await emitEvent(tx, '500151', 'test.batchrace', `r${i}`, {});
    });
    const make = () => {
      const r = new OutboxRunner(database.db, () => undefined);
      r.register({
        name: 'test.batchrace',
        types: ['test.batchrace'],
        async handle(tx, e) {
          await tx.execute(sql`insert into test_effects values (${e.id}, 'test.batchrace')`);
        },
        async handleBatch(tx, _d, events) {
          for (const e of events)
            await tx.execute(sql`insert into test_effects values (${e.id}, 'test.batchrace')`);
        },
      });
      return r;
    };
    const [n1, n2] = await Promise.all([make().drain(), make().drain()]);
    expect(n1 + n2).toBe(40);
    const [dup] = await rows<{ n: number; d: number }>(
      sql`select count(*)::int as n, count(distinct event_id)::int as d from test_effects where consumer = 'test.batchrace'`,
    );
    expect([Number(dup?.n), Number(dup?.d)]).toEqual([40, 40]);
  });

  it('refuses a consumer name registered twice', () => {
    const runner = new OutboxRunner(database.db, () => undefined);
    runner.register(recorder('test.dup', ['x']).consumer);
    expect(() => runner.register(recorder('test.dup', ['y']).consumer)).toThrow(/twice/);
  });
});

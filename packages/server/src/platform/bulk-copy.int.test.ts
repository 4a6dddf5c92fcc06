import { randomUUID } from 'node:crypto';
import { eq, inArray, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Db } from '../db/client.ts';
import { auditLog } from '../domains/audit/table.ts';
import { entities } from '../domains/entities/table.ts';
import { DISTRICT, openTestDatabase, TOWN_A } from '../test/helper.ts';
import { copyChunk, runCopy } from './bulk-copy.ts';

let d: Database;
beforeAll(async () => {
  d = await openTestDatabase();
});
afterAll(() => d.close());

// Any text a cell may hold (NUL aside, which PostgreSQL text cannot store and uploads refuse),
// with COPY's and arrays' special characters and words made likely.
const awkward = fc.oneof(
  fc.string({ unit: fc.constantFrom('\\', '\t', '\n', '\r', '"', '{', '}', ',', ' ', 'N', '.', '\\N') }),
  fc.constantFrom('NULL', '\\.', '', ' ', '{}', '"', '\\N', '𠀀𡃁', '低风险'),
  fc.string({ unit: 'grapheme' }).map((s) => s.replaceAll('\u0000', '')),
);
const int32 = fc.integer({ min: -2147483648, max: 2147483647 });

const entityRow = fc.record({
  name: awkward.filter((s) => s.length > 0),
  legalRep: awkward,
  phone: awkward,
  address: awkward,
  creditCode: fc.option(awkward, { nil: null }),
  industries: fc.array(awkward, { maxLength: 4 }),
  mainProducts: fc.array(awkward, { maxLength: 4 }),
  remarks: fc.option(awkward, { nil: null }),
  lat: fc.option(fc.double({ noNaN: true, noDefaultInfinity: true }), { nil: null }),
  certificateTrial: fc.boolean(),
  searchKeys: fc.array(int32, { maxLength: 60 }),
  createdAt: fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
});

const stored = (db: Db, ids: string[]) =>
  db
    .select({
      id: entities.id,
      name: entities.name,
      legalRep: entities.legalRep,
      phone: entities.phone,
      address: entities.address,
      creditCode: entities.creditCode,
      industries: entities.industries,
      mainProducts: entities.mainProducts,
      remarks: entities.remarks,
      lat: entities.lat,
      certificateTrial: entities.certificateTrial,
      searchKeys: entities.searchKeys,
      createdAt: entities.createdAt,
    })
    .from(entities)
    .where(and2(ids));
const and2 = (ids: string[]) => sql`${entities.districtCode} = ${DISTRICT} and ${inArray(entities.id, ids)}`;

describe('copyChunk and runCopy', () => {
  it('store any text, array, number, boolean and time exactly as given, in a transaction', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(entityRow, { minLength: 1, maxLength: 20 }), async (rows) => {
        const full = rows.map((r, i) => ({
          id: randomUUID(),
          districtCode: DISTRICT,
          townCode: TOWN_A,
          type: 'cooperative',
          ...r,
          // The credit code is unique in the district: the same awkward text made unique per row.
          creditCode: r.creditCode === null ? null : `${r.creditCode}#${randomUUID()}${i}`,
        }));
        await d.db
          .transaction(async (tx) => {
            await runCopy(tx, copyChunk(entities, full));
            const got = await stored(
              tx,
              full.map((r) => r.id),
            );
            const byId = new Map(got.map((g) => [g.id, g]));
            for (const r of full) {
              const { districtCode: _d, townCode: _t, type: _y, ...want } = r;
              expect(byId.get(r.id)).toEqual({ ...want, lat: Object.is(r.lat, -0) ? 0 : r.lat });
            }
            tx.rollback();
          })
          .catch((err: Error) => {
            if (!/rollback/i.test(err.message)) throw err;
          });
      }),
      { numRuns: 25 },
    );
  });

  it('stores a chunk far larger than its first buffer, multi-byte text across the growth', async () => {
    // About 1.1 MB of UTF-8: the buffer (64 KB at first) grows several times, lines of 3-byte
    // and 4-byte characters landing across each growth.
    const rows = Array.from({ length: 300 }, (_, i) => ({
      id: randomUUID(),
      districtCode: DISTRICT,
      townCode: TOWN_A,
      type: 'cooperative',
      name: `第${i}号`,
      legalRep: '𠀀'.repeat(i % 7),
      phone: String(i),
      address: `${'重庆市渝北区'.repeat(200)}\t${i}`,
      industries: ['vegetables'],
      mainProducts: [],
      searchKeys: [i],
    }));
    const chunk = copyChunk(entities, rows);
    expect(chunk.data.length).toBeGreaterThan(1_000_000);
    expect(chunk.data.toString('utf8').split('\n')).toHaveLength(301);
    await d.db
      .transaction(async (tx) => {
        await runCopy(tx, chunk);
        const ids = rows.map((r) => r.id);
        const got = new Map((await stored(tx, ids)).map((g) => [g.id, g]));
        for (const r of rows) {
          const g = got.get(r.id);
          expect([g?.name, g?.legalRep, g?.address]).toEqual([r.name, r.legalRep, r.address]);
        }
        tx.rollback();
      })
      .catch((err: Error) => {
        if (!/rollback/i.test(err.message)) throw err;
      });
  });

  it('works outside a transaction too, and writes json columns as JSON', async () => {
    const subject = randomUUID();
    const after = { text: 'a\\b\t"c"\n{d}', list: [1, null, '二'], nested: { e: '\\N' } };
    await runCopy(
      d.db,
      copyChunk(auditLog, [
        { action: 'x', subjectType: 'entity', subjectId: subject, before: null, after },
        { action: 'y', subjectType: 'entity', subjectId: subject, before: 'just text', after: null },
      ]),
    );
    const got = await d.db
      .select({ action: auditLog.action, before: auditLog.before, after: auditLog.after })
      .from(auditLog)
      .where(eq(auditLog.subjectId, subject))
      .orderBy(auditLog.action);
    expect(got).toEqual([
      { action: 'x', before: null, after },
      { action: 'y', before: 'just text', after: null },
    ]);
  });

  it('fails with the database error, writes nothing, and leaves the connection usable', async () => {
    const credit = `91500151MA${randomUUID().slice(0, 8)}`;
    const row = (id: string) => ({
      id,
      districtCode: DISTRICT,
      townCode: TOWN_A,
      type: 'cooperative',
      name: '重复代码',
      legalRep: '甲',
      phone: '1',
      address: '乙',
      creditCode: credit,
      industries: [],
      mainProducts: [],
      searchKeys: [1],
    });
    const ids = [randomUUID(), randomUUID()];
    const err = await d.db
      .transaction((tx) => runCopy(tx, copyChunk(entities, ids.map(row))))
      .then(
        () => null,
        (e: unknown) => e as { code?: string; cause?: { code?: string } },
      );
    expect(err?.code ?? err?.cause?.code).toBe('23505');
    expect(await stored(d.db, ids)).toEqual([]);
    // The same connection (PGlite's only one; a pooled one on PostgreSQL) goes on working.
    await d.db.transaction((tx) => runCopy(tx, copyChunk(entities, [row(ids[0] as string)])));
    expect((await stored(d.db, ids)).map((r) => r.id)).toEqual([ids[0]]);
  });

  it('writes an integer array with a null element as it is, and refuses one with a fraction', async () => {
    const row = (id: string, searchKeys: unknown[]) => ({
      id,
      districtCode: DISTRICT,
      townCode: TOWN_A,
      type: 'cooperative',
      name: '数组',
      legalRep: '甲',
      phone: '1',
      address: '乙',
      industries: [],
      mainProducts: [],
      searchKeys,
    });
    const id = randomUUID();
    await d.db
      .transaction(async (tx) => {
        await runCopy(tx, copyChunk(entities, [row(id, [7, null, -3])]));
        const [got] = await stored(tx, [id]);
        expect(got?.searchKeys).toEqual([7, null, -3]);
        tx.rollback();
      })
      .catch((err: Error) => {
        if (!/rollback/i.test(err.message)) throw err;
      });
    const err = await d.db
      .transaction((tx) => runCopy(tx, copyChunk(entities, [row(randomUUID(), [1.5])])))
      .then(
        () => null,
        (e: unknown) => e as { code?: string; cause?: { code?: string } },
      );
    expect(err?.code ?? err?.cause?.code).toBe('22P02');
  });

  it('writes nothing for no rows', async () => {
    const chunk = copyChunk(entities, []);
    expect(chunk.rows).toBe(0);
    await runCopy(d.db, chunk);
  });
});

import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/client.ts';
import { auditLog } from '../domains/audit/table.ts';
import { entities } from '../domains/entities/table.ts';
import { openTestDatabase } from '../test/helper.ts';
import { bulkInsert } from './bulk-insert.ts';

let d: Database;
beforeAll(async () => {
  d = await openTestDatabase();
});
afterAll(() => d.close());

describe('bulkInsert', () => {
  it('writes every type the tables use exactly as a plain insert would', async () => {
    const row = {
      id: '6f1c1d9e-2a55-4d3b-9a57-1f0f3e9c0a01',
      districtCode: '500151',
      townCode: '500151101',
      name: '引号"和\\反斜杠\'测试',
      type: 'cooperative',
      legalRep: '张三',
      phone: '13800138000',
      address: '地址',
      industries: ['vegetables', 'fruit'],
      mainProducts: [],
      lat: 29.85,
      lng: null,
      certificateTrial: true,
      createdAt: new Date('2021-06-01T01:02:03.456Z'),
      // integer[] at both ends of the type's range.
      searchKeys: [-2147483648, 0, 2147483647],
    };
    await bulkInsert(d.db, entities, [row]);
    const [got] = await d.db.select().from(entities).where(eq(entities.id, row.id));
    expect(got).toMatchObject({ ...row, version: 1, active: true, riskGrade: 'low', traceManaged: false });
    await bulkInsert(d.db, auditLog, [
      {
        action: 'x',
        subjectType: 'entity',
        subjectId: row.id,
        before: null,
        after: { a: [1, '二'], b: { c: null } },
      },
      { action: 'y', subjectType: 'entity', subjectId: row.id, before: { z: 1 }, after: null },
    ]);
    const audit = await d.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.subjectId, row.id))
      .orderBy(asc(auditLog.id));
    expect(audit.map((a) => [a.action, a.before, a.after])).toEqual([
      ['x', null, { a: [1, '二'], b: { c: null } }],
      ['y', { z: 1 }, null],
    ]);
  });
});

describe('rowsSource', () => {
  const base = {
    districtCode: '500151',
    townCode: '500151101',
    type: 'family_farm',
    legalRep: '李四',
    phone: '13900139000',
    address: '同一地址',
    industries: ['vegetables'],
    mainProducts: ['白菜'],
    lat: 29.5,
    lng: null,
    certificateTrial: false,
    // Equal times in different Date objects: the same value.
    createdAt: new Date('2021-07-01T00:00:00.000Z'),
  };
  const ids = [
    '6f1c1d9e-2a55-4d3b-9a57-1f0f3e9c0b01',
    '6f1c1d9e-2a55-4d3b-9a57-1f0f3e9c0b02',
    '6f1c1d9e-2a55-4d3b-9a57-1f0f3e9c0b03',
  ];

  it('sends a value shared by every row once and stores each row as given', async () => {
    const rows = ids.map((id, i) => ({
      ...base,
      id,
      name: `同值测试${i}`,
      searchKeys: [i],
      createdAt: new Date(base.createdAt.getTime()),
    }));
    const { rowsSource } = await import('./bulk-insert.ts');
    const { sql } = await import('drizzle-orm');
    const { PgDialect } = await import('drizzle-orm/pg-core');
    const { names, source } = rowsSource(entities, rows);
    const q = new PgDialect().sqlToQuery(sql`insert into entities (${names}) select ${names} from ${source}`);
    // The JSON carries only what differs; the shared values are parameters of their own.
    const json = JSON.parse(q.params[q.params.length - 1] as string) as object[];
    expect(Object.keys(json[0] as object).sort()).toEqual([
      'id',
      'industries',
      'mainProducts',
      'name',
      'searchKeys',
    ]);
    expect(q.params).toContain('2021-07-01T00:00:00.000Z');
    expect(q.params).toContain('29.5');
    expect(q.params).toContain('false');

    // In chunks of two: the last chunk has one row, sent whole.
    await bulkInsert(d.db, entities, rows, 2);
    for (const row of rows) {
      const [got] = await d.db.select().from(entities).where(eq(entities.id, row.id));
      expect(got).toMatchObject(row);
    }
  });

  it('keeps a JSON column, objects and values that differ in the JSON', async () => {
    await bulkInsert(d.db, auditLog, [
      { action: 'same', subjectType: 'entity', subjectId: ids[0], before: null, after: '文本' },
      { action: 'same', subjectType: 'entity', subjectId: ids[0], before: null, after: '文本' },
    ]);
    const audit = await d.db.select().from(auditLog).where(eq(auditLog.action, 'same'));
    expect(audit.map((a) => [a.subjectId, a.before, a.after])).toEqual([
      [ids[0], null, '文本'],
      [ids[0], null, '文本'],
    ]);
  });
});

describe('inList', () => {
  it('takes more values than PostgreSQL allows parameters (65,535)', async () => {
    const { divisions } = await import('../domains/regions/table.ts');
    const { count } = await import('drizzle-orm');
    const { inList } = await import('./bulk-insert.ts');
    const values = Array.from({ length: 70_000 }, (_, i) => String(500151000000 + i));
    values.push('500151101', '500151105');
    const [r] = await d.db.select({ n: count() }).from(divisions).where(inList(divisions.code, values));
    expect(Number(r?.n)).toBe(2);
  });
});

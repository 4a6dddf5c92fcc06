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

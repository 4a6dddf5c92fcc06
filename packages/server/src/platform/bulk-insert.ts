import { type AnyColumn, getTableColumns, type SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../db/client.ts';
import { pacedMap, pacer } from './pace.ts';

/**
 * Inserts many rows as one JSON parameter unpacked by jsonb_to_recordset: one statement and one
 * parameter per chunk, where a plain multi-row insert costs a parameter (and Drizzle's checks)
 * per value. Same result, for large imports. Every row must carry the same keys; columns left
 * out take their defaults.
 */
export async function bulkInsert<T extends PgTable>(
  db: Db,
  table: T,
  rows: T['$inferInsert'][],
  chunk = 1000,
): Promise<void> {
  if (rows.length === 0) return;
  const columns = getTableColumns(table);
  const keys = Object.keys(rows[0] as object).filter((k) => k in columns);
  const names = keys.map((k) => `"${columns[k]?.name}"`).join(', ');
  const defs = keys.map((k) => `"${columns[k]?.name}" ${columns[k]?.getSQLType()}`).join(', ');
  const pace = pacer();
  // Chunks of a few thousand rows: each one's JSON text is built and sent in a few milliseconds,
  // so a 100,000-row import never holds the event loop for one giant statement.
  for (let i = 0; i < rows.length; i += chunk) {
    const part = await pacedMap(
      rows.slice(i, i + chunk),
      (r) => {
        const o: Record<string, unknown> = {};
        for (const k of keys) {
          const v = (r as Record<string, unknown>)[k];
          o[columns[k]?.name as string] = v instanceof Date ? v.toISOString() : (v ?? null);
        }
        return o;
      },
      pace,
    );
    if (pace.due()) await pace.pause();
    const json = JSON.stringify(part);
    await db.execute(
      sql`insert into ${table} (${sql.raw(names)}) select ${sql.raw(names)} from jsonb_to_recordset(${json}::jsonb) as x(${sql.raw(defs)})`,
    );
  }
}

/**
 * `column IN (values)` with the list as one JSON parameter: a plain IN list costs a parameter per
 * value and PostgreSQL allows at most 65,535 of them in a statement.
 */
export function inList(column: AnyColumn, values: readonly string[], type: 'text' | 'uuid' = 'text'): SQL {
  return sql`${column} in (select (jsonb_array_elements_text(${JSON.stringify(values)}::jsonb))::${sql.raw(type)})`;
}

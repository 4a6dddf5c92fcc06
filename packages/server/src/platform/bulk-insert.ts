import { type AnyColumn, getTableColumns, type SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../db/client.ts';
import { pacer } from './pace.ts';

/**
 * Inserts many rows as one JSON parameter unpacked by json_to_recordset: one statement and one
 * parameter per chunk, where a plain multi-row insert costs a parameter (and Drizzle's checks)
 * per value. Same result, for large imports. The rows are sent as they are: the recordset's
 * columns are named by the rows' own keys (`"districtCode" text`), so no second copy of each row
 * is made, and Dates go as ISO text (their toJSON). Every row must carry the same keys as the
 * first (missing ones are null); columns left out take their defaults, keys that are not columns
 * are ignored.
 */
export async function bulkInsert<T extends PgTable>(
  db: Db,
  table: T,
  rows: T['$inferInsert'][],
  chunk = 1000,
): Promise<void> {
  if (rows.length === 0) return;
  const { names, recordset } = recordsetOf(table, rows[0] as object);
  const pace = pacer();
  // Chunks of a thousand rows: each one's JSON text is built and sent in a few milliseconds,
  // so a 100,000-row import never holds the event loop for one giant statement.
  for (let i = 0; i < rows.length; i += chunk) {
    if (pace.due()) await pace.pause();
    const json = JSON.stringify(rows.slice(i, i + chunk));
    await db.execute(sql`insert into ${table} (${names}) select ${names} from ${recordset(json)}`);
  }
}

/**
 * The pieces of an insert from JSON rows shaped like `sample`: the table's column names (in the
 * keys' order) and `json_to_recordset(json) as x(...)` typed by the columns, with the row keys as
 * the recordset's names. json, not jsonb: the text is read once, not first built into a jsonb value.
 */
export function recordsetOf(
  table: PgTable,
  sample: object,
): { names: SQL; recordset: (json: string) => SQL } {
  const columns = getTableColumns(table);
  const keys = Object.keys(sample).filter((k) => k in columns);
  const names = sql.raw(keys.map((k) => `"${columns[k]?.name}"`).join(', '));
  const picks = sql.raw(keys.map((k) => `x."${k}"`).join(', '));
  const defs = sql.raw(keys.map((k) => `"${k}" ${columns[k]?.getSQLType()}`).join(', '));
  return {
    names,
    recordset: (json) =>
      sql`(select ${picks} from json_to_recordset(${json}::json) as x(${defs})) as r(${names})`,
  };
}

/**
 * `column IN (values)` with the list as one JSON parameter: a plain IN list costs a parameter per
 * value and PostgreSQL allows at most 65,535 of them in a statement.
 */
export function inList(column: AnyColumn, values: readonly string[], type: 'text' | 'uuid' = 'text'): SQL {
  return sql`${column} in (select (jsonb_array_elements_text(${JSON.stringify(values)}::jsonb))::${sql.raw(type)})`;
}

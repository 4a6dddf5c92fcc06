import { type AnyColumn, getTableColumns, type SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../db/client.ts';
import { pacer } from './pace.ts';

/**
 * Inserts many rows as one JSON parameter unpacked by json_to_recordset: one statement and one
 * parameter per chunk, where a plain multi-row insert costs a parameter (and Drizzle's checks)
 * per value. Same result, for large imports. Dates go as ISO text (their toJSON). Every row must
 * carry the same keys as the first (missing ones are null); columns left out take their defaults,
 * keys that are not columns are ignored. See rowsSource for how a chunk is sent.
 */
export async function bulkInsert<T extends PgTable>(
  db: Db,
  table: T,
  rows: T['$inferInsert'][],
  chunk = 1000,
): Promise<void> {
  if (rows.length === 0) return;
  const pace = pacer();
  // Chunks of a thousand rows: each one's JSON text is built and sent in a few milliseconds,
  // so a 100,000-row import never holds the event loop for one giant statement.
  for (let i = 0; i < rows.length; i += chunk) {
    if (pace.due()) await pace.pause();
    const { names, source } = rowsSource(table, rows.slice(i, i + chunk) as object[]);
    await db.execute(sql`insert into ${table} (${names}) select ${names} from ${source}`);
  }
}

/** A value that can go as one typed text parameter: text, a finite number, a boolean, null, a Date. */
function asParam(v: unknown): { ok: true; text: string | null } | { ok: false } {
  if (v === null || v === undefined) return { ok: true, text: null };
  if (typeof v === 'string') return { ok: true, text: v };
  if (typeof v === 'boolean' || typeof v === 'bigint') return { ok: true, text: String(v) };
  if (typeof v === 'number') return Number.isFinite(v) ? { ok: true, text: String(v) } : { ok: false };
  if (v instanceof Date && !Number.isNaN(v.getTime())) return { ok: true, text: v.toISOString() };
  return { ok: false };
}

/**
 * An integer array as PostgreSQL's array text, `{1,-2}`, which the recordset reads with the
 * array's own input function: for the directory's search keys (about 50 per entity) PostgreSQL
 * read a 100,000-row import's keys in about two-thirds of the time a JSON array took.
 */
function intArrayText(v: unknown): unknown {
  return Array.isArray(v) && v.every((n) => Number.isSafeInteger(n)) ? `{${v.join(',')}}` : v;
}

/** Whether two rows' values of one key are the same plain value (Dates by their time). */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if ((a === null || a === undefined) && (b === null || b === undefined)) return true;
  return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
}

/**
 * The pieces of an insert of `rows` (shaped like the first): the table's column names (in the
 * keys' order) and a source `(select … from json_to_recordset(json) as x(…)) as r(names)` typed by
 * the columns, with the row keys as the recordset's names. json, not jsonb: the text is read once.
 *
 * A column whose plain value is the same in every row of the chunk (an import's district, town,
 * method, recorder, plan) goes once, as a typed parameter, and is left out of the JSON: for a
 * 100,000-row rapid-test import the JSON went from 61 to 22 MB and PostgreSQL's insert from 3.1 to
 * 2.4 s (bench/import-health.ts --floor). Objects and arrays always go in the JSON.
 */
export function rowsSource(table: PgTable, rows: object[]): { names: SQL; source: SQL } {
  const columns = getTableColumns(table);
  const first = rows[0] as Record<string, unknown>;
  const keys = Object.keys(first).filter((k) => k in columns);
  const names = sql.raw(keys.map((k) => `"${columns[k]?.name}"`).join(', '));
  const types = new Map(keys.map((k) => [k, columns[k]?.getSQLType() as string]));
  const fixed = new Map<string, string | null>();
  if (rows.length > 1)
    for (const k of keys) {
      // A JSON column's text is JSON, not the plain value: it always goes in the JSON.
      if (types.get(k)?.startsWith('json')) continue;
      const p = asParam(first[k]);
      if (p.ok && (rows as Record<string, unknown>[]).every((r) => sameValue(r[k], first[k])))
        fixed.set(k, p.text);
    }
  // At least one key stays in the JSON: it gives the recordset its rows.
  if (fixed.size === keys.length) fixed.delete(keys[0] as string);
  const varying = keys.filter((k) => !fixed.has(k));
  const picks = sql.join(
    keys.map((k) =>
      fixed.has(k) ? sql`${fixed.get(k)}::${sql.raw(types.get(k) as string)}` : sql.raw(`x."${k}"`),
    ),
    sql`, `,
  );
  const defs = sql.raw(varying.map((k) => `"${k}" ${types.get(k)}`).join(', '));
  const intArrays = new Set(varying.filter((k) => types.get(k) === 'integer[]'));
  const json = JSON.stringify(
    fixed.size === 0 && intArrays.size === 0
      ? rows
      : (rows as Record<string, unknown>[]).map((r) => {
          const o: Record<string, unknown> = {};
          for (const k of varying) o[k] = intArrays.has(k) ? intArrayText(r[k]) : r[k];
          return o;
        }),
  );
  return {
    names,
    source: sql`(select ${picks} from json_to_recordset(${json}::json) as x(${defs})) as r(${names})`,
  };
}

/**
 * `column IN (values)` with the list as one JSON parameter: a plain IN list costs a parameter per
 * value and PostgreSQL allows at most 65,535 of them in a statement.
 */
export function inList(column: AnyColumn, values: readonly string[], type: 'text' | 'uuid' = 'text'): SQL {
  return sql`${column} in (select (jsonb_array_elements_text(${JSON.stringify(values)}::jsonb))::${sql.raw(type)})`;
}

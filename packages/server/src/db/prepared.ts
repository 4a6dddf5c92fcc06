import type { SQL } from 'drizzle-orm';
import type { Db } from './client.ts';

/**
 * Statements planned once. The public scan runs a few statements of fixed text thousands of
 * times a second; on PostgreSQL they go as named (prepared) statements per pooled connection, on
 * PGlite as SQL PREPARE/EXECUTE in its one session (its API has no named statements).
 */

type Client = {
  query: (q: unknown, values?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;
  totalCount?: number;
};

/**
 * One statement of fixed text, planned once: on a PostgreSQL pool a named statement of the
 * protocol (per pooled connection); on PGlite, whose API has no named statements, an SQL PREPARE
 * in its one session and EXECUTE with the values as literals. Planning the scan's statement
 * costs PGlite about 1.1 ms of its single thread, three times the execution.
 */
export async function rawQuery(db: Db, name: string, text: string, values: unknown[]) {
  const client = (db as unknown as { $client: Client }).$client;
  // One name, one text, in the whole process: a plan for another text would answer the wrong
  // question (PGlite), or fail on one pooled connection and not another (pg).
  const seen = statementTexts.get(name);
  if (seen === undefined) statementTexts.set(name, text);
  else if (seen !== text) throw new Error(`prepared statement ${name} asked with another text`);
  // pg.Pool has totalCount; PGlite has none.
  if (client.totalCount !== undefined) return (await client.query({ name, text, values })).rows;
  const run = () =>
    client.query(values.length ? `execute ${name}(${values.map(sqlLiteral).join(', ')})` : `execute ${name}`);
  await preparedOn(client, name, text);
  try {
    return (await run()).rows;
  } catch (err) {
    // 26000: no such prepared statement (the session lost it): prepare again, once.
    if ((err as { code?: string }).code !== '26000') throw err;
    preparedStatements.get(client)?.delete(name);
    await preparedOn(client, name, text);
    return (await run()).rows;
  }
}

const statementTexts = new Map<string, string>();

/**
 * PGlite sessions and the statements prepared in them (a promise: two first scans prepare once).
 * The text under a name is always the same: rawQuery checks that before it comes here.
 */
const preparedStatements = new WeakMap<object, Map<string, Promise<unknown>>>();
function preparedOn(client: Client, name: string, text: string): Promise<unknown> {
  let names = preparedStatements.get(client);
  if (!names) {
    names = new Map();
    preparedStatements.set(client, names);
  }
  let done = names.get(name);
  if (!done) {
    done = client.query(`prepare ${name} as ${text}`);
    // A failed prepare is tried again by the next call.
    done.catch(() => names?.delete(name));
    names.set(name, done);
  }
  return done;
}

/**
 * A Drizzle query of fixed shape run through rawQuery under `name`: planned once per connection
 * (PostgreSQL) or session (PGlite). Only for queries whose text never depends on the values.
 */
export async function preparedRows(db: Db, name: string, query: SQL): Promise<Record<string, unknown>[]> {
  // A transaction has no driver client of its own here: plain execution there.
  if (!(db as unknown as { $client?: unknown }).$client)
    return ((await db.execute(query)) as unknown as { rows: Record<string, unknown>[] }).rows;
  const dialect = (db as unknown as { dialect: { sqlToQuery(q: SQL): { sql: string; params: unknown[] } } })
    .dialect;
  const { sql: text, params } = dialect.sqlToQuery(query);
  return rawQuery(db, name, text, params);
}

/** A value as an SQL literal for EXECUTE: an E'' string (backslashes and quotes doubled), whatever standard_conforming_strings says. */
export function sqlLiteral(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`not a finite number: ${v}`);
    return String(v);
  }
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  const s = String(v);
  if (s.includes('\0')) throw new Error('NUL in an SQL literal');
  return `E'${s.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
}

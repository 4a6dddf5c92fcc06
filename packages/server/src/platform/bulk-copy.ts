import { finished } from 'node:stream/promises';
import { getTableColumns, getTableName } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { Db } from '../db/client.ts';

/**
 * Rows for COPY … FROM in PostgreSQL's text format: the big imports' inserts. PostgreSQL reads a
 * 100,000-row directory import this way in about three quarters of the time json_to_recordset
 * took (bench/import-health.ts --floor), and the same text goes to a PostgreSQL server (COPY FROM
 * STDIN) and to PGlite (COPY FROM '/dev/blob'), so both databases take one write path.
 */
export interface CopyChunk {
  /** `"table" ("col", …)`, the columns in the rows' key order. */
  target: string;
  /** The rows' COPY text, UTF-8. */
  data: Buffer<ArrayBuffer>;
  rows: number;
}

const SPECIAL = /[\\\n\r\t]/;
const SPECIALS = /[\\\n\r\t]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };
const escapeCopy = (s: string) => (SPECIAL.test(s) ? s.replace(SPECIALS, (c) => ESCAPES[c] as string) : s);

/** An array as PostgreSQL's array text: every text element quoted, so any text survives. */
function arrayText(v: unknown[]): string {
  const parts = v.map((e) => {
    if (e === null || e === undefined) return 'NULL';
    if (typeof e === 'number' || typeof e === 'bigint') return String(e);
    if (typeof e === 'boolean') return e ? 't' : 'f';
    if (typeof e === 'string') return `"${e.replace(/[\\"]/g, '\\$&')}"`;
    throw new TypeError(`COPY: unsupported array element ${typeof e}`);
  });
  return `{${parts.join(',')}}`;
}

/** One value as a COPY text field (escaped), by its JavaScript type; json columns take JSON text. */
function fieldText(v: unknown, json: boolean): string {
  if (v === null || v === undefined) return '\\N';
  if (json) return escapeCopy(JSON.stringify(v));
  switch (typeof v) {
    case 'string':
      return escapeCopy(v);
    case 'number':
    case 'bigint':
      return String(v);
    case 'boolean':
      return v ? 't' : 'f';
  }
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return escapeCopy(arrayText(v));
  throw new TypeError(`COPY: unsupported value ${typeof v}`);
}

type Encoder = (v: unknown) => string;
const plain: Encoder = (v) => (typeof v === 'string' ? escapeCopy(v) : fieldText(v, false));
const asJson: Encoder = (v) => fieldText(v, true);
/**
 * Integer arrays (the directory's search keys, about 50 an entity) through JSON.stringify, which
 * writes the numbers several times faster than joining them; anything but plain numbers (a null
 * element, a string) takes the general path.
 */
const intArray: Encoder = (v) => {
  if (!Array.isArray(v)) return fieldText(v, false);
  const json = JSON.stringify(v);
  return json.includes('n') || json.includes('"') ? fieldText(v, false) : `{${json.slice(1, -1)}}`;
};

/** A column's encoder, chosen once per chunk by its SQL type. */
function encoderOf(sqlType: string): Encoder {
  if (sqlType.startsWith('json')) return asJson;
  if (sqlType === 'integer[]' || sqlType === 'smallint[]' || sqlType === 'bigint[]') return intArray;
  return plain;
}

/**
 * The COPY text of `rows` (shaped like the first: the columns are its keys that are columns, in
 * that order; a key missing from a later row is null). Columns left out take their defaults.
 */
export function copyChunk(table: PgTable, rows: object[]): CopyChunk {
  const columns = getTableColumns(table);
  const first = (rows[0] ?? {}) as Record<string, unknown>;
  const keys = Object.keys(first).filter((k) => k in columns);
  const encoders = keys.map((k) => encoderOf(columns[k]?.getSQLType() ?? ''));
  // Each line goes into the buffer as soon as it is made. One string for the whole chunk (a rope
  // of every field) cost more to encode than to build: 100,000 directory rows took 1.1 s on the
  // server's thread that way, 0.5–0.7 s like this (bench/copy-text.ts, timed up to the bytes sent).
  let data = Buffer.allocUnsafe(1 << 16);
  let size = 0;
  for (const row of rows as Record<string, unknown>[]) {
    let line = '';
    for (let i = 0; i < keys.length; i++) {
      const v = row[keys[i] as string];
      line += `${i ? '\t' : ''}${v === null || v === undefined ? '\\N' : (encoders[i] as Encoder)(v)}`;
    }
    line += '\n';
    // A UTF-16 unit takes at most 3 bytes in UTF-8.
    if (size + line.length * 3 > data.length) {
      const grown = Buffer.allocUnsafe(Math.max(data.length * 2, size + line.length * 3));
      data.copy(grown, 0, 0, size);
      data = grown;
    }
    size += data.write(line, size);
  }
  const names = keys.map((k) => `"${columns[k]?.name}"`).join(', ');
  return { target: `"${getTableName(table)}" (${names})`, data: data.subarray(0, size), rows: rows.length };
}

/** What a Drizzle database or transaction runs its statements on (pg or PGlite). */
type PgliteLike = {
  query(sql: string, params?: unknown[], options?: { blob?: Blob }): Promise<{ affectedRows?: number }>;
};
const clientOf = (db: Db) => (db as unknown as { session: { client: unknown } }).session.client;

/**
 * Runs one chunk's COPY on `db` (inside its transaction when `db` is one). On a pool, a client is
 * taken for it. Statements of the same transaction must not be in flight meanwhile: the callers
 * await each write before the next.
 */
export async function runCopy(db: Db, chunk: CopyChunk): Promise<void> {
  if (chunk.rows === 0) return;
  const client = clientOf(db);
  if (client instanceof pg.Pool) {
    const c = await client.connect();
    try {
      await copyOver(c, chunk);
    } finally {
      c.release();
    }
  } else if (client instanceof pg.Client) await copyOver(client, chunk);
  else
    await (client as PgliteLike).query(`copy ${chunk.target} from '/dev/blob'`, [], {
      blob: new Blob([chunk.data]),
    });
}

async function copyOver(client: pg.ClientBase, chunk: CopyChunk): Promise<void> {
  const stream = client.query(copyFrom(`copy ${chunk.target} from stdin`));
  stream.end(chunk.data);
  await finished(stream);
}

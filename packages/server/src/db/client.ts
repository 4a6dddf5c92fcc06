import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import * as schema from './schema.ts';
import { serializeQueries } from './serial-client.ts';

export type Schema = typeof schema;
/** The one database type the domains see: the same for PGlite and a PostgreSQL server. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Where the data is: a directory for PGlite, the URL without password for PostgreSQL. */
  location: string;
  migrate(): Promise<void>;
  /** Writes a full backup: a gzipped data-directory tarball (PGlite) or a pg_dump custom-format file. */
  backup(file: string): Promise<void>;
  close(): Promise<void>;
  /**
   * PostgreSQL only: a connection of its own, outside the pool, for reads that run beside a long
   * transaction of the same request (a big import's lookups beside its writes). Outside the pool
   * so that such requests can never wait on each other for a pooled connection. PGlite has one
   * session, which its transactions hold: none there.
   */
  aside?(): Promise<{ db: Db; close(): Promise<void> }>;
}

const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));

export interface DbOptions {
  /** PostgreSQL connection string; when absent the embedded PGlite is used. */
  url?: string;
  /** PGlite data directory, or 'memory://' for a throw-away database. */
  dataDir?: string;
  /** PGlite only: start from this data-directory tarball (a backup, or the tests' migrated template). */
  loadDataDir?: Blob;
}

export function dbOptionsFromEnv(env = process.env): DbOptions {
  return { url: env.DATABASE_URL || undefined, dataDir: env.NONGAN_DATA_DIR || './data' };
}

export async function openDatabase(opts: DbOptions): Promise<Database> {
  if (opts.url) {
    const pool = new pg.Pool({ connectionString: opts.url, max: Number(process.env.NONGAN_PG_POOL ?? 10) });
    // An idle client losing its connection (server restart, dropped database) must not crash the process.
    pool.on('error', (err) => console.error(`PostgreSQL 连接错误：${err.message}`));
    pool.on('connect', serializeQueries);
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    return {
      db,
      kind: 'postgres',
      location: opts.url.replace(/:\/\/([^:@/]+):[^@/]*@/, '://$1:***@'),
      migrate: () => migratePg(db as never, { migrationsFolder }),
      backup: (file) => pgDump(opts.url as string, file),
      close: () => pool.end(),
      aside: async () => {
        const client = new pg.Client({ connectionString: opts.url });
        client.on('error', (err) => console.error(`PostgreSQL 连接错误：${err.message}`));
        await client.connect();
        serializeQueries(client as pg.PoolClient);
        return { db: drizzlePg(client, { schema }) as unknown as Db, close: () => client.end() };
      },
    };
  }
  const dataDir = opts.dataDir ?? './data';
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create(dataDir, opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {});
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    location: dataDir,
    migrate: () => migratePglite(db as never, { migrationsFolder }),
    backup: async (file) => {
      const blob = await client.dumpDataDir('gzip');
      writeFileSync(file, Buffer.from(await blob.arrayBuffer()), { mode: 0o600 });
    },
    close: () => client.close(),
  };
}

function pgDump(url: string, file: string): Promise<void> {
  return promisify(execFile)('pg_dump', ['--format=custom', `--file=${file}`, `--dbname=${url}`]).then(
    () => undefined,
    (err: Error) => {
      throw new Error(`pg_dump 失败（需要安装 PostgreSQL 客户端）：${err.message}`);
    },
  );
}

/** Restores a PGlite backup into an empty data directory. */
export async function restorePglite(file: string, dataDir: string): Promise<void> {
  const database = await openDatabase({ dataDir, loadDataDir: new Blob([readFileSync(file)]) });
  await database.close();
}

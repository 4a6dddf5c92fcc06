import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type Database, openDatabase } from '../db/client.ts';
import { loadReferenceDivisions } from '../domains/regions/reference.ts';
import { preloadPlans } from '../domains/sampling/plan-preload.ts';

// Every test database starts the same: migrated, with the reference divisions and the preloaded
// plans. Building that takes seconds (PGlite runs initdb and 40-odd migrations), so a test run
// builds it once (vitest's global setup) and each test copies it: PGlite loads the template's
// data-directory tarball, PostgreSQL creates the database from a template database.

/** Where the global setup left the template, for the test workers. */
export const TEMPLATE_ENV = { pglite: 'NONGAN_TEST_PGLITE_TEMPLATE', postgres: 'NONGAN_TEST_PG_TEMPLATE' };

/** Migrations, reference divisions and plans: what every test database holds before a test. */
export async function fill(database: Database): Promise<void> {
  await database.migrate();
  await loadReferenceDivisions(database.db);
  await preloadPlans(database.db);
}

/** A database on the server named by serverUrl; `template` copies an existing one. */
export async function createServerDatabase(serverUrl: string, name: string, template?: string) {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}${template ? ` template ${template}` : ''}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropServerDatabase(serverUrl: string, name: string) {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${name} with (force)`);
  } finally {
    await admin.end();
  }
}

/** Builds the template for this run and returns what removes it again. */
export async function buildTemplate(env: NodeJS.ProcessEnv = process.env): Promise<() => Promise<void>> {
  const serverUrl = env.TEST_DATABASE_URL;
  if (serverUrl) {
    const name = `nongan_tpl_${randomBytes(6).toString('hex')}`;
    const database = await openDatabase({ url: await createServerDatabase(serverUrl, name) });
    try {
      await fill(database);
    } finally {
      await database.close();
    }
    env[TEMPLATE_ENV.postgres] = name;
    return async () => {
      delete env[TEMPLATE_ENV.postgres];
      await dropServerDatabase(serverUrl, name);
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'nongan-test-template-'));
  const file = join(dir, 'pglite.tar');
  const database = await openDatabase({ dataDir: 'memory://' });
  try {
    await fill(database);
    const client = (database.db as unknown as { $client: { dumpDataDir(c: 'none'): Promise<Blob> } }).$client;
    writeFileSync(file, Buffer.from(await (await client.dumpDataDir('none')).arrayBuffer()));
  } finally {
    await database.close();
  }
  env[TEMPLATE_ENV.pglite] = file;
  return async () => {
    delete env[TEMPLATE_ENV.pglite];
    rmSync(dir, { recursive: true, force: true });
  };
}

let pgliteTemplate: { file: string; blob: Blob } | undefined;

/** The PGlite template tarball of this run, read once per worker; undefined outside a test run. */
export function pgliteTemplateBlob(env: NodeJS.ProcessEnv = process.env): Blob | undefined {
  const file = env[TEMPLATE_ENV.pglite];
  if (!file) return undefined;
  if (pgliteTemplate?.file !== file) pgliteTemplate = { file, blob: new Blob([readFileSync(file)]) };
  return pgliteTemplate.blob;
}

import { resolve } from 'node:path';
import { type Database, dbOptionsFromEnv, openDatabase } from '@nongan/server/db/client';
import { findUserByName } from '@nongan/server/domains/accounts/repository';
import type { AuthUser } from '@nongan/server/domains/accounts/scope';
import type { Role } from '@nongan/shared/accounts/schemas';

/** Where PGlite keeps its data and the CLI its state files (demo credentials). */
export const stateDir = () => resolve(process.env.NONGAN_DATA_DIR || './data');

export async function withDatabase<T>(fn: (d: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase({ ...dbOptionsFromEnv(), dataDir: stateDir() });
  try {
    // Every command sees the current schema, whatever version wrote the data.
    await database.migrate();
    return await fn(database);
  } finally {
    await database.close();
  }
}

/** CLI commands act as a named user, so scope rules and the audit log apply as in the web app. */
export async function actAs(d: Database, username: string | undefined): Promise<AuthUser> {
  if (!username) throw new Error('请用 --as <用户名> 指定以哪个用户的身份执行');
  const u = await findUserByName(d.db, username);
  if (!u?.active) throw new Error(`用户 ${username} 不存在或已停用`);
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role as Role,
    scopeCode: u.scopeCode,
    entityId: u.entityId,
    districtCode: u.districtCode,
    // The first-login duty guards the web API; the CLI is run by whoever holds the database.
    mustChangePassword: u.mustChangePassword,
  };
}

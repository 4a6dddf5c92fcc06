import { createHash, randomBytes } from 'node:crypto';
import type { Role } from '@nongan/shared/accounts/schemas';
import { and, eq, gt, lt, ne } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { AuthUser } from './scope.ts';
import { sessions, users } from './table.ts';

export const SESSION_COOKIE = 'nongan_sid';
export const SESSION_HOURS = 12;

const sha256 = (s: string) => createHash('sha256').update(s).digest('base64url');

export async function createSession(db: Db, userId: string, ip: string | null, userAgent: string | null) {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + SESSION_HOURS * 3600_000);
  await db
    .insert(sessions)
    .values({ tokenHash: sha256(token), userId, expiresAt, ip, userAgent: userAgent?.slice(0, 300) });
  // Housekeeping: expired sessions of this user go when they log in again.
  await db.delete(sessions).where(and(eq(sessions.userId, userId), lt(sessions.expiresAt, new Date())));
  return { token, expiresAt };
}

export async function deleteSession(db: Db, token: string) {
  await db.delete(sessions).where(eq(sessions.tokenHash, sha256(token)));
}

export async function deleteUserSessions(db: Db, userId: string, exceptToken?: string) {
  const mine = eq(sessions.userId, userId);
  await db
    .delete(sessions)
    .where(exceptToken ? and(mine, ne(sessions.tokenHash, sha256(exceptToken))) : mine);
}

/** The active user behind a session token, or null. */
export async function userForToken(db: Db, token: string): Promise<AuthUser | null> {
  const rows = await db
    .select({
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      role: users.role,
      scopeCode: users.scopeCode,
      entityId: users.entityId,
      districtCode: users.districtCode,
      mustChangePassword: users.mustChangePassword,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(eq(sessions.tokenHash, sha256(token)), gt(sessions.expiresAt, new Date()), eq(users.active, true)),
    )
    .limit(1);
  const r = rows[0];
  if (!r) return null;
  return {
    id: r.id,
    username: r.username,
    displayName: r.displayName,
    role: r.role as Role,
    scopeCode: r.scopeCode,
    entityId: r.entityId,
    districtCode: r.districtCode,
    mustChangePassword: r.mustChangePassword,
  };
}

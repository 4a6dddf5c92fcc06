import type { Role, UserView } from '@nongan/shared/accounts/schemas';
import { and, count, eq, ilike, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { divisions } from '../regions/table.ts';
import { users } from './table.ts';

type UserRow = typeof users.$inferSelect;

export function toUserView(u: UserRow, scopeName: string | null): UserView {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role as Role,
    scopeCode: u.scopeCode,
    scopeName,
    entityId: u.entityId,
    active: u.active,
    mustChangePassword: u.mustChangePassword,
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
  };
}

export async function findUserByName(db: Db, username: string) {
  const [u] = await db.select().from(users).where(eq(users.username, username)).limit(1);
  return u ?? null;
}

export async function findUserById(db: Db, id: string) {
  const [u] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  return u ?? null;
}

export async function userViewById(db: Db, id: string): Promise<UserView | null> {
  const [r] = await db
    .select({ u: users, scopeName: divisions.name })
    .from(users)
    .leftJoin(divisions, eq(divisions.code, users.scopeCode))
    .where(eq(users.id, id));
  return r ? toUserView(r.u, r.scopeName) : null;
}

export async function listUsers(
  db: Db,
  f: { districtCode: string; q?: string; role?: Role; page: number; pageSize: number },
) {
  const where = and(
    sql`(${users.scopeCode} like ${`${f.districtCode}%`} or ${users.entityId} is not null)`,
    f.role ? eq(users.role, f.role) : undefined,
    f.q ? or(ilike(users.username, `%${f.q}%`), ilike(users.displayName, `%${f.q}%`)) : undefined,
  );
  const [total] = await db.select({ n: count() }).from(users).where(where);
  const rows = await db
    .select({ u: users, scopeName: divisions.name })
    .from(users)
    .leftJoin(divisions, eq(divisions.code, users.scopeCode))
    .where(where)
    .orderBy(users.username)
    .limit(f.pageSize)
    .offset((f.page - 1) * f.pageSize);
  return { items: rows.map((r) => toUserView(r.u, r.scopeName)), total: Number(total?.n ?? 0) };
}

export async function countUsers(db: Db): Promise<number> {
  const [r] = await db.select({ n: count() }).from(users);
  return Number(r?.n ?? 0);
}

import type { Role, UserView } from '@nongan/shared/accounts/schemas';
import { and, count, eq, ilike, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { scopeWhere } from '../entities/repository.ts';
import { entities } from '../entities/table.ts';
import { divisions } from '../regions/table.ts';
import type { Scope } from './scope.ts';
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

/**
 * The users an actor may see and change, as a WHERE clause: its district, then its town or
 * village (a division-scoped user by its scope code, a producer by its entity's place).
 * `null` is the system itself (CLI, start-up), which sees every user. Every user query starts here.
 */
export function userScope(scope: Scope | null): SQL | undefined {
  if (!scope) return undefined;
  const d = eq(users.districtCode, scope.districtCode);
  // Users placed under the prefix, and producers whose entity is in the scope.
  const placed = (prefix: string) =>
    and(
      d,
      or(
        sql`${users.scopeCode} like ${`${prefix}%`}`,
        sql`${users.entityId} in (select ${entities.id} from ${entities} where ${scopeWhere(scope)})`,
      ),
    );
  switch (scope.kind) {
    case 'district':
      return d;
    case 'town':
      return placed(scope.townCode);
    case 'village':
      return placed(scope.villageCode);
    case 'entity':
      return and(d, eq(users.entityId, scope.entityId));
  }
}

/** By exact name, across districts: only for logging in and the CLI. */
export async function findUserByName(db: Db, username: string) {
  const [u] = await db.select().from(users).where(eq(users.username, username)).limit(1);
  return u ?? null;
}

/** A user inside the scope, with the place its audit rows are filed under; null when outside. */
export async function findUserInScope(db: Db, scope: Scope | null, id: string) {
  const [r] = await db
    .select({ u: users, entityTown: entities.townCode })
    .from(users)
    .leftJoin(entities, and(eq(entities.id, users.entityId), eq(entities.districtCode, users.districtCode)))
    .where(and(eq(users.id, id), userScope(scope)))
    .limit(1);
  return r ? { ...r.u, placeCode: r.u.scopeCode ?? r.entityTown ?? r.u.districtCode } : null;
}

export async function userViewById(db: Db, scope: Scope | null, id: string): Promise<UserView | null> {
  const [r] = await db
    .select({ u: users, scopeName: divisions.name })
    .from(users)
    .leftJoin(divisions, eq(divisions.code, users.scopeCode))
    .where(and(eq(users.id, id), userScope(scope)));
  return r ? toUserView(r.u, r.scopeName) : null;
}

export async function listUsers(
  db: Db,
  scope: Scope,
  f: { q?: string; role?: Role; page: number; pageSize: number },
) {
  const where = and(
    userScope(scope),
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

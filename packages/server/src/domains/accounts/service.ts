import { randomUUID } from 'node:crypto';
import { REGION_ROLES, type Role } from '@nongan/shared/accounts/schemas';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { conflict, fieldError, forbidden, notFound } from '../../platform/http-error.ts';
import { type Actor, writeAudit } from '../audit/audit.ts';
import { entities } from '../entities/table.ts';
import { divisions } from '../regions/table.ts';
import { hashPassword } from './passwords.ts';
import { findUserById, findUserByName } from './repository.ts';
import { codeInScope, scopeOf } from './scope.ts';
import { users } from './table.ts';

export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  scopeCode?: string | null;
  entityId?: string | null;
  password: string;
  mustChangePassword?: boolean;
}

/** Which division levels each role may be scoped to. */
const SCOPE_LEVELS: Partial<Record<Role, string[]>> = {
  district_admin: ['district'],
  district_staff: ['district'],
  testing_centre: ['district'],
  town_supervisor: ['town'],
  village_coordinator: ['village', 'grid'],
  market_checker: ['district', 'town'],
};

export async function createUser(db: Db, actor: Actor, input: NewUser): Promise<string> {
  if (await findUserByName(db, input.username))
    throw conflict('用户名已存在', [{ field: 'username', reason: '已存在' }]);
  let scopeCode: string | null = null;
  let entityId: string | null = null;
  let regionCode: string | null = null;
  if (REGION_ROLES.includes(input.role)) {
    if (!input.scopeCode) throw fieldError('scopeCode', '该角色须指定所属区域');
    const [d] = await db.select().from(divisions).where(eq(divisions.code, input.scopeCode));
    if (!d) throw fieldError('scopeCode', '区域不存在');
    if (!SCOPE_LEVELS[input.role]?.includes(d.level))
      throw fieldError('scopeCode', `该角色不能归属于${d.level}级区域`);
    if (actor.user && !codeInScope(scopeOf(actor.user), d.code)) throw forbidden('不能在本辖区以外创建用户');
    scopeCode = d.code;
    regionCode = d.code;
  } else {
    if (!input.entityId) throw fieldError('entityId', '生产经营主体账号须关联主体');
    const [e] = await db.select().from(entities).where(eq(entities.id, input.entityId));
    if (!e) throw fieldError('entityId', '主体不存在');
    if (actor.user && e.districtCode !== actor.user.districtCode) throw forbidden('不能在本辖区以外创建用户');
    entityId = e.id;
    regionCode = e.townCode;
  }
  const id = randomUUID();
  const row = {
    id,
    username: input.username,
    displayName: input.displayName,
    passwordHash: await hashPassword(input.password),
    role: input.role,
    scopeCode,
    entityId,
    mustChangePassword: input.mustChangePassword ?? false,
  };
  await db.transaction(async (tx) => {
    await tx.insert(users).values(row);
    const { passwordHash: _, ...shown } = row;
    await writeAudit(tx, actor, {
      action: 'create',
      subjectType: 'user',
      subjectId: id,
      regionCode,
      after: shown,
    });
  });
  return id;
}

export async function updateUser(
  db: Db,
  actor: Actor,
  id: string,
  patch: { displayName?: string; active?: boolean; password?: string },
): Promise<void> {
  const u = await findUserById(db, id);
  const me = actor.user;
  if (!u || (me && u.scopeCode && !codeInScope(scopeOf(me), u.scopeCode))) throw notFound('用户不存在');
  if (me && u.id === me.id && patch.active === false) throw fieldError('active', '不能停用自己的账号');
  const set: Partial<typeof users.$inferInsert> = { updatedAt: new Date() };
  if (patch.displayName !== undefined) set.displayName = patch.displayName;
  if (patch.active !== undefined) set.active = patch.active;
  if (patch.password !== undefined) {
    set.passwordHash = await hashPassword(patch.password);
    set.mustChangePassword = true;
    set.failedLogins = 0;
    set.lockedUntil = null;
  }
  await db.transaction(async (tx) => {
    await tx.update(users).set(set).where(eq(users.id, id));
    await writeAudit(tx, actor, {
      action: patch.password ? 'reset_password' : 'update',
      subjectType: 'user',
      subjectId: id,
      regionCode: u.scopeCode,
      before: { displayName: u.displayName, active: u.active },
      after: { displayName: set.displayName ?? u.displayName, active: set.active ?? u.active },
    });
  });
}

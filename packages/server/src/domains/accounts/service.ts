import { randomUUID } from 'node:crypto';
import { REGION_ROLES, type Role } from '@nongan/shared/accounts/schemas';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { conflict, fieldError, HttpError, notFound } from '../../platform/http-error.ts';
import { type Actor, writeAudit } from '../audit/audit.ts';
import { entities } from '../entities/table.ts';
import { divisions } from '../regions/table.ts';
import { clearFailures, usernameKey } from './lockout.ts';
import { assertStrongPassword, hashPassword, verifyPassword } from './passwords.ts';
import { findUserByName, findUserInScope, userScope } from './repository.ts';
import { codeInScope, inScope, type Scope, scopeOf } from './scope.ts';
import { deleteUserSessions } from './sessions.ts';
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

/** The actor's scope; null for the system itself (CLI, start-up), which may act anywhere. */
export const actorScope = (actor: Actor): Scope | null => (actor.user ? scopeOf(actor.user) : null);

// Outside the actor's scope reads exactly like absent, so ids of other districts learn nothing.
const missing = (field: string, what: string) =>
  new HttpError(404, `${what}不存在`, [{ field, reason: `${what}不存在或不在本辖区` }]);

export async function createUser(db: Db, actor: Actor, input: NewUser): Promise<string> {
  const scope = actorScope(actor);
  assertStrongPassword('password', input.password, [input.username, input.displayName]);
  if (await findUserByName(db, input.username))
    throw conflict('用户名已存在', [{ field: 'username', reason: '已存在' }]);
  let scopeCode: string | null = null;
  let entityId: string | null = null;
  let districtCode: string;
  let regionCode: string;
  if (REGION_ROLES.includes(input.role)) {
    if (!input.scopeCode) throw fieldError('scopeCode', '该角色须指定所属区域');
    const [d] = await db.select().from(divisions).where(eq(divisions.code, input.scopeCode));
    if (!d || (scope && !codeInScope(scope, d.code))) throw missing('scopeCode', '区域');
    if (!SCOPE_LEVELS[input.role]?.includes(d.level))
      throw fieldError('scopeCode', `该角色不能归属于${d.level}级区域`);
    scopeCode = d.code;
    districtCode = d.districtCode;
    regionCode = d.code;
  } else {
    if (!input.entityId) throw fieldError('entityId', '生产经营主体账号须关联主体');
    const [e] = await db.select().from(entities).where(eq(entities.id, input.entityId));
    if (!e || (scope && !inScope(scope, e))) throw missing('entityId', '主体');
    entityId = e.id;
    districtCode = e.districtCode;
    regionCode = e.townCode;
  }
  const id = randomUUID();
  const row = {
    id,
    username: input.username,
    displayName: input.displayName,
    passwordHash: await hashPassword(input.password),
    role: input.role,
    districtCode,
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

/** Rename, (de)activate or reset the password of a user inside the actor's scope; 404 outside it. */
export async function updateUser(
  db: Db,
  actor: Actor,
  id: string,
  patch: { displayName?: string; active?: boolean; password?: string },
): Promise<void> {
  const scope = actorScope(actor);
  const u = await findUserInScope(db, scope, id);
  if (!u) throw notFound('用户不存在，或不在您的管辖范围内');
  const me = actor.user;
  if (me && u.id === me.id && patch.active === false) throw fieldError('active', '不能停用自己的账号');
  const set: Partial<typeof users.$inferInsert> = { updatedAt: new Date() };
  if (patch.displayName !== undefined) set.displayName = patch.displayName;
  if (patch.active !== undefined) set.active = patch.active;
  if (patch.password !== undefined) {
    assertStrongPassword('password', patch.password, [u.username, set.displayName ?? u.displayName]);
    set.passwordHash = await hashPassword(patch.password);
    set.mustChangePassword = true;
  }
  await db.transaction(async (tx) => {
    // The scope is part of the UPDATE itself, not only of the read before it.
    const done = await tx
      .update(users)
      .set(set)
      .where(and(eq(users.id, id), userScope(scope)))
      .returning({ id: users.id });
    if (done.length === 0) throw notFound('用户不存在，或不在您的管辖范围内');
    await writeAudit(tx, actor, {
      action: patch.password ? 'reset_password' : 'update',
      subjectType: 'user',
      subjectId: id,
      regionCode: u.placeCode,
      before: { displayName: u.displayName, active: u.active },
      after: { displayName: set.displayName ?? u.displayName, active: set.active ?? u.active },
    });
  });
  // A reset also lifts a lockout; a reset or deactivation ends every session.
  if (patch.password !== undefined) await clearFailures(db, usernameKey(u.username));
  if (patch.active === false || patch.password !== undefined) await deleteUserSessions(db, id);
}

/** The user's own password change; clears the first-login duty. Other sessions end, `keepToken` stays. */
export async function changeOwnPassword(
  db: Db,
  actor: Actor & { user: NonNullable<Actor['user']> },
  body: { currentPassword: string; newPassword: string },
  keepToken?: string,
): Promise<void> {
  const u = await findUserInScope(db, null, actor.user.id);
  if (!u || !(await verifyPassword(body.currentPassword, u.passwordHash)))
    throw fieldError('currentPassword', '当前密码不正确');
  if (body.newPassword === body.currentPassword) throw fieldError('newPassword', '新密码不能与当前密码相同');
  assertStrongPassword('newPassword', body.newPassword, [u.username, u.displayName]);
  const passwordHash = await hashPassword(body.newPassword);
  await db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ passwordHash, mustChangePassword: false, updatedAt: new Date() })
      .where(eq(users.id, u.id));
    await writeAudit(tx, actor, {
      action: 'change_password',
      subjectType: 'user',
      subjectId: u.id,
      regionCode: u.placeCode,
    });
  });
  await deleteUserSessions(db, u.id, keepToken);
}

import {
  changePasswordBody,
  loginBody,
  meView,
  ROLES,
  userCreateBody,
  userUpdateBody,
  userView,
} from '@nongan/shared/accounts/schemas';
import { errorBody, okBody, pageOf, pageQuery } from '@nongan/shared/common/paging';
import { eq, sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound, unauthorized } from '../../platform/http-error.ts';
import { actorOf, requireRole, requireUser } from './guard.ts';
import { assertNotLocked, clearFailures, recordFailure, usernameKey } from './lockout.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { findUserByName, listUsers, userViewById } from './repository.ts';
import { scopeOf, USER_ADMINS } from './scope.ts';
import { changeOwnPassword, createUser, updateUser } from './service.ts';
import { createSession, deleteSession, SESSION_COOKIE, SESSION_HOURS } from './sessions.ts';
import { users } from './table.ts';

const errors = {
  400: errorBody,
  401: errorBody,
  403: errorBody,
  404: errorBody,
  409: errorBody,
  429: errorBody,
};

const routes: FastifyPluginAsyncZod<{
  demo: boolean;
  secureCookie: boolean;
  loginRateLimit: number;
}> = async (app, opts) => {
  const { db } = app.database;

  app.post(
    '/auth/login',
    {
      config: { rateLimit: { max: opts.loginRateLimit, timeWindow: '1 minute' } },
      schema: { tags: ['accounts'], body: loginBody, response: { 200: meView, ...errors } },
    },
    async (request, reply) => {
      const { username, password } = request.body;
      // Failures are counted per name whether or not it exists, so the answers cannot tell.
      const key = usernameKey(username);
      await assertNotLocked(db, key);
      const u = await findUserByName(db, username);
      // Verify against a dummy hash when the user is unknown, so timing does not tell which names exist.
      const ok = await verifyPassword(password, u?.passwordHash ?? DUMMY_HASH);
      if (!u || !ok || !u.active) {
        await recordFailure(db, key);
        throw unauthorized('用户名或密码错误');
      }
      await clearFailures(db, key);
      await db.update(users).set({ lastLoginAt: new Date() }).where(eq(users.id, u.id));
      const { token } = await createSession(db, u.id, request.ip, request.headers['user-agent'] ?? null);
      reply.setCookie(SESSION_COOKIE, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: opts.secureCookie,
        maxAge: SESSION_HOURS * 3600,
      });
      const view = await userViewById(db, null, u.id);
      return { user: view!, demo: opts.demo };
    },
  );

  app.post(
    '/auth/logout',
    { schema: { tags: ['accounts'], response: { 200: okBody } } },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) await deleteSession(db, token);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { ok: true as const };
    },
  );

  app.get(
    '/auth/me',
    { schema: { tags: ['accounts'], response: { 200: meView, ...errors } } },
    async (request) => {
      const me = requireUser(request);
      const view = await userViewById(db, null, me.id);
      if (!view) throw unauthorized();
      return { user: view, demo: opts.demo };
    },
  );

  app.post(
    '/auth/password',
    { schema: { tags: ['accounts'], body: changePasswordBody, response: { 200: okBody, ...errors } } },
    async (request) => {
      const me = requireUser(request);
      await changeOwnPassword(
        db,
        { ...actorOf(request), user: me },
        request.body,
        request.cookies[SESSION_COOKIE],
      );
      return { ok: true as const };
    },
  );

  app.get(
    '/users',
    {
      schema: {
        tags: ['accounts'],
        querystring: z.strictObject({
          ...pageQuery,
          q: z.string().trim().max(40).optional(),
          role: z.enum(ROLES).optional(),
        }),
        response: { 200: pageOf(userView), ...errors },
      },
    },
    async (request) => {
      const me = requireRole(request, USER_ADMINS);
      const page = await listUsers(db, scopeOf(me), request.query);
      return { ...page, page: request.query.page, pageSize: request.query.pageSize };
    },
  );

  app.post(
    '/users',
    { schema: { tags: ['accounts'], body: userCreateBody, response: { 201: userView, ...errors } } },
    async (request, reply) => {
      const me = requireRole(request, USER_ADMINS);
      // Whoever an administrator creates chooses their own password at first login.
      const id = await createUser(db, actorOf(request), { ...request.body, mustChangePassword: true });
      return reply.code(201).send((await userViewById(db, scopeOf(me), id))!);
    },
  );

  app.patch(
    '/users/:id',
    {
      schema: {
        tags: ['accounts'],
        params: z.object({ id: z.uuid() }),
        body: userUpdateBody,
        response: { 200: userView, ...errors },
      },
    },
    async (request) => {
      const me = requireRole(request, USER_ADMINS);
      await updateUser(db, actorOf(request), request.params.id, request.body);
      return (await userViewById(db, scopeOf(me), request.params.id))!;
    },
  );

  app.get(
    '/users/:id',
    {
      schema: {
        tags: ['accounts'],
        params: z.object({ id: z.uuid() }),
        response: { 200: userView, ...errors },
      },
    },
    async (request) => {
      const me = requireRole(request, USER_ADMINS);
      const view = await userViewById(db, scopeOf(me), request.params.id);
      if (!view) throw notFound('用户不存在，或不在您的管辖范围内');
      return view;
    },
  );

  app.get(
    '/health',
    { schema: { tags: ['platform'], response: { 200: z.object({ ok: z.boolean(), db: z.string() }) } } },
    async () => {
      await db.execute(sql`select 1`);
      return { ok: true, db: app.database.kind };
    },
  );
};

// A valid hash of a random string; verifying against it costs what a real check costs.
const DUMMY_HASH = await hashPassword(crypto.randomUUID());

export default routes;

import type { FastifyRequest } from 'fastify';
import { HttpError } from '../../platform/http-error.ts';

// What a user who must change the password may still call: the change itself, logout and me
// (and login, which does not use the session). Routes are matched by pattern, not by raw URL.
const OPEN = new Set([
  'GET /api/auth/me',
  'POST /api/auth/password',
  'POST /api/auth/logout',
  'POST /api/auth/login',
]);

/**
 * Called once from the request hook: until users.must_change_password is cleared, every other
 * API route answers 403. Pages and assets outside /api still load, so the change form can show.
 */
export function assertPasswordChanged(request: FastifyRequest): void {
  if (!request.user?.mustChangePassword) return;
  const path = request.url.split('?')[0] ?? '';
  if (!path.startsWith('/api/')) return;
  if (OPEN.has(`${request.method} ${request.routeOptions.url ?? path}`)) return;
  throw new HttpError(403, '请先修改密码：首次登录或密码被重置后，须修改密码才能继续使用');
}

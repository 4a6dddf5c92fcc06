import type { Role } from '@nongan/shared/accounts/schemas';
import type { FastifyRequest } from 'fastify';
import { forbidden, unauthorized } from '../../platform/http-error.ts';
import type { Actor } from '../audit/audit.ts';
import type { AuthUser } from './scope.ts';

export function requireUser(request: FastifyRequest): AuthUser {
  if (!request.user) throw unauthorized();
  return request.user;
}

export function requireRole(request: FastifyRequest, roles: readonly Role[]): AuthUser {
  const user = requireUser(request);
  if (!roles.includes(user.role)) throw forbidden();
  return user;
}

export function actorOf(request: FastifyRequest): Actor {
  return { user: request.user, ip: request.ip ?? null };
}

/** The same role check for callers without a request (the CLI). */
export function requireRoleOf(user: AuthUser, roles: readonly Role[]): AuthUser {
  if (!roles.includes(user.role)) throw forbidden();
  return user;
}

import { ROLE_LABELS, type Role } from '@nongan/shared/accounts/schemas';

/** One login as printed at start: user name, password, the role and place in words (never codes). */
export function loginLine(c: { username: string; password: string; role: string; scope: string }): string {
  const role = ROLE_LABELS[c.role as Role] ?? c.role;
  // A bare division code (the first administrator's district) reads as the whole district.
  const place = /^\d+$/.test(c.scope) ? '全区' : c.scope;
  return `  ${c.username.padEnd(10)} 密码 ${c.password}   ${role}（${place}）`;
}

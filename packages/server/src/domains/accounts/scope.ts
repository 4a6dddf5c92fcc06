import type { Role } from '@nongan/shared/accounts/schemas';

export interface AuthUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  scopeCode: string | null;
  entityId: string | null;
  /** The one district the account belongs to (users.district_code). */
  districtCode: string;
  /** Until the first-login (or post-reset) change, the API answers only the password change, logout and me. */
  mustChangePassword: boolean;
}

/** What part of the directory a user may see: a division (by its level) or one entity. */
export type Scope =
  | { kind: 'district'; districtCode: string }
  | { kind: 'town'; districtCode: string; townCode: string }
  | { kind: 'village'; districtCode: string; villageCode: string }
  | { kind: 'entity'; districtCode: string; entityId: string };

export function scopeOf(user: AuthUser): Scope {
  if (user.role === 'producer') {
    return { kind: 'entity', districtCode: user.districtCode, entityId: user.entityId ?? '' };
  }
  const code = user.scopeCode ?? user.districtCode;
  if (code.length === 9) return { kind: 'town', districtCode: user.districtCode, townCode: code };
  if (code.length >= 12)
    return { kind: 'village', districtCode: user.districtCode, villageCode: code.slice(0, 12) };
  return { kind: 'district', districtCode: user.districtCode };
}

/** Whether a record at this place is inside the user's scope. */
export function inScope(
  scope: Scope,
  rec: { districtCode: string; townCode?: string | null; villageCode?: string | null; id?: string },
): boolean {
  if (rec.districtCode !== scope.districtCode) return false;
  switch (scope.kind) {
    case 'district':
      return true;
    case 'town':
      return rec.townCode === scope.townCode;
    case 'village':
      return rec.villageCode === scope.villageCode;
    case 'entity':
      return rec.id === scope.entityId;
  }
}

/** Whether a division code lies inside the scope (for towns, villages and grids). */
export function codeInScope(scope: Scope, code: string): boolean {
  switch (scope.kind) {
    case 'district':
      return code.startsWith(scope.districtCode);
    case 'town':
      return code.startsWith(scope.townCode);
    case 'village':
      return code.startsWith(scope.villageCode);
    case 'entity':
      return false;
  }
}

/** Who may change the entity directory: district office and admins anywhere in the district, town supervisors in their town. */
export const DIRECTORY_EDITORS: readonly Role[] = ['district_admin', 'district_staff', 'town_supervisor'];
/** Who may browse the audit log (scoped users see their own region's rows). */
export const AUDIT_READERS: readonly Role[] = ['district_admin', 'district_staff', 'town_supervisor'];
export const DIVISION_EDITORS: readonly Role[] = ['district_admin', 'district_staff'];
export const USER_ADMINS: readonly Role[] = ['district_admin'];

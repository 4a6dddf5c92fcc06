import type { Role } from '@nongan/shared/accounts/schemas';
import {
  type Access,
  FIELD_ACCESS,
  type FieldAccess,
  maskName,
  maskPhone,
  type ProtectedField,
} from '@nongan/shared/entities/visibility';

/** The row keys (and export columns) each protected field covers. */
const KEYS: Record<ProtectedField, readonly string[]> = {
  legalRep: ['legalRep'],
  phone: ['phone'],
  idCard: ['idCard'],
  address: ['address'],
  location: ['lat', 'lng'],
  remarks: ['remarks'],
};
const FIELD_OF = new Map(
  (Object.entries(KEYS) as [ProtectedField, readonly string[]][]).flatMap(([f, keys]) =>
    keys.map((k) => [k, f]),
  ),
);

export const accessOf = (user: { role: Role }): FieldAccess => FIELD_ACCESS[user.role];

/** How a row key (or export column field) is shown: full, masked or hidden. */
export const accessTo = (access: FieldAccess, key: string): Access => {
  const f = FIELD_OF.get(key);
  return f ? access[f] : 'full';
};

function masked(key: string, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (key === 'phone') return maskPhone(value);
  if (key === 'legalRep') return maskName(value);
  return '****';
}

/** A record (an audit before/after) with the role's hidden keys left out and masked ones masked. */
export function maskRecord(rec: unknown, access: FieldAccess): unknown {
  if (!rec || typeof rec !== 'object' || Array.isArray(rec)) return rec;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rec)) {
    const a = accessTo(access, k);
    if (a === 'hidden') continue;
    out[k] = a === 'masked' && v != null ? masked(k, v) : v;
  }
  return out;
}

/** One value for a role: the value, its masked form, or undefined when hidden. */
export function shown<T>(access: FieldAccess, key: string, value: T): T | string | undefined {
  const a = accessTo(access, key);
  if (a === 'hidden') return undefined;
  return a === 'masked' && value != null ? (masked(key, value) as T | string) : value;
}

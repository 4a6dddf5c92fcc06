import type { Role } from '../accounts/schemas.ts';

/**
 * Need to know: which of an entity's personal fields each role reads. One table, used by the
 * list, the detail, the .xlsx export, the text search and the change history alike.
 *
 * - Office, town and village staff keep the whole record: they register, visit and call
 *   producers. A producer account only ever sees its own entity.
 * - The testing centre reads who a sample came from and where (name, person in charge, address)
 *   but not a person's number, ID card or map position: reports go out through the office.
 * - A market checker needs to know who a stall or seller is: name, type, town and village,
 *   credit code, products. The person in charge shows as a surname, the number masked
 *   (138****8000); ID card, address, map position and remarks are left out. Market checkers do
 *   not export the directory (no checking task needs a bulk copy).
 *
 * `masked` keeps enough to recognise a record (a surname, the first 3 and last 4 digits);
 * `hidden` leaves the field out of the answer. The ID card is never returned whole to anyone
 * (`full` means its masked form, 6 + 4 digits, as before).
 */
export const PROTECTED_FIELDS = ['legalRep', 'phone', 'idCard', 'address', 'location', 'remarks'] as const;
export type ProtectedField = (typeof PROTECTED_FIELDS)[number];
export type Access = 'full' | 'masked' | 'hidden';
export type FieldAccess = Record<ProtectedField, Access>;

const ALL: FieldAccess = {
  legalRep: 'full',
  phone: 'full',
  idCard: 'full',
  address: 'full',
  location: 'full',
  remarks: 'full',
};

export const FIELD_ACCESS: Record<Role, FieldAccess> = {
  district_admin: ALL,
  district_staff: ALL,
  town_supervisor: ALL,
  village_coordinator: ALL,
  producer: ALL,
  testing_centre: {
    legalRep: 'full',
    phone: 'masked',
    idCard: 'hidden',
    address: 'full',
    location: 'hidden',
    remarks: 'hidden',
  },
  market_checker: {
    legalRep: 'masked',
    phone: 'masked',
    idCard: 'hidden',
    address: 'hidden',
    location: 'hidden',
    remarks: 'hidden',
  },
};

/** Roles that may download the directory as .xlsx. */
export const DIRECTORY_EXPORTERS: readonly Role[] = [
  'district_admin',
  'district_staff',
  'town_supervisor',
  'village_coordinator',
  'testing_centre',
];

export const FULL_ACCESS: FieldAccess = ALL;

/** The fields a role does not read in full (for the page's “按权限隐藏” note). */
export const restrictedFields = (a: FieldAccess): ProtectedField[] =>
  PROTECTED_FIELDS.filter((f) => a[f] !== 'full');

/** 13800138000 → 138****8000; a landline keeps its first 3 and last 4 characters the same way. */
export function maskPhone(phone: string): string {
  const s = phone.trim();
  const digits = s.replace(/\D/g, '');
  if (digits.length < 7) return '****';
  const mobile = digits.match(/^(?:86)?(1[3-9]\d{9})$/)?.[1];
  const d = mobile ?? digits;
  return `${d.slice(0, 3)}****${d.slice(-4)}`;
}

/** 张三 → 张*, 欧阳娜娜 → 欧***: a surname is enough to tell sellers apart at a stall. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  return chars.length <= 1 ? '*' : `${chars[0]}${'*'.repeat(chars.length - 1)}`;
}

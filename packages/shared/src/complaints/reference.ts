/**
 * A complaint's reference number: JB-<year>-<serial>-<secret><check>, e.g. JB-2026-000042-7KQ4MXR.
 * The serial orders the complaints; the six random characters (Crockford base32, 30 bits) make
 * a neighbour's number unguessable; the last character is a check over all the others so a
 * mistyped character is caught before any lookup. Odd weights (coprime with 32) catch every
 * single-character substitution.
 */

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const SECRET_LENGTH = 6;

function value(ch: string): number {
  return ALPHABET.indexOf(ch);
}

export function checkChar(body: string): string {
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += (2 * i + 1) * value(body[i]!);
  return ALPHABET[sum % 32]!;
}

/** Random secret characters from random bytes (one byte per character). */
export function secretFrom(bytes: Uint8Array): string {
  if (bytes.length < SECRET_LENGTH) throw new Error('need more random bytes');
  return Array.from(bytes.slice(0, SECRET_LENGTH), (b) => ALPHABET[b % 32]).join('');
}

export function formatReference(year: number, serial: number, secret: string): string {
  const s = String(serial).padStart(6, '0');
  return `JB-${year}-${s}-${secret}${checkChar(`${year}${s}${secret}`)}`;
}

export interface ParsedReference {
  year: number;
  serial: number;
  secret: string;
  /** The canonical form, as stored. */
  reference: string;
}

/**
 * The reference as typed (any case, spaces or dashes, O for 0 and I/L for 1) in canonical form,
 * or null when it cannot be one (wrong shape or a failed check character).
 */
export function parseReference(input: string): ParsedReference | null {
  const s = input
    .toUpperCase()
    .replace(/[\s\-－—_]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  const m = /^JB(\d{4})(\d{6,})([0-9A-Z]{6})([0-9A-Z])$/.exec(s);
  if (!m) return null;
  const [, y, serial, secret, check] = m as unknown as [string, string, string, string, string];
  if ([...secret, check].some((c) => value(c) < 0)) return null;
  if (checkChar(`${y}${serial}${secret}`) !== check) return null;
  return {
    year: Number(y),
    serial: Number(serial),
    secret,
    reference: formatReference(Number(y), Number(serial), secret),
  };
}

import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { passwordStrength, weakPasswordReason } from '@nongan/shared/accounts/password-strength';
import { fieldError } from '../../platform/http-error.ts';

// scrypt (RFC 7914) from node:crypto; parameters per OWASP's password storage guidance (N=2^17, r=8, p=1).
// Tests may lower the cost (NONGAN_SCRYPT_COST); the hash records its own parameters either way.
const N = Number(process.env.NONGAN_SCRYPT_COST ?? 2 ** 17);
const R = 8;
const P = 1;
const KEYLEN = 32;
const MAXMEM = 256 * 1024 * 1024;

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEYLEN, { N: n, r, p, maxmem: MAXMEM }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

/** Returns `scrypt$N$r$p$salt$hash` (base64url), so parameters can be raised later. */
export async function hashPassword(password: string, cost = N): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, cost, R, P);
  return `scrypt$${cost}$${R}$${P}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [alg, n, r, p, salt, hash] = stored.split('$');
  if (alg !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await derive(password, Buffer.from(salt, 'base64url'), Number(n), Number(r), Number(p));
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A random password that is easy to read aloud: no 0/O, 1/l/I. */
export function generatePassword(length = 14): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += alphabet[b % alphabet.length];
  return out;
}

/** Refuses a common or trivial password (zxcvbn), naming the field; every place a password is set calls this. */
export function assertStrongPassword(
  field: string,
  password: string,
  userInputs: readonly (string | null | undefined)[],
): void {
  const s = passwordStrength(password, userInputs);
  if (!s.ok) throw fieldError(field, weakPasswordReason(s));
}

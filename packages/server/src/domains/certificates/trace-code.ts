import { randomBytes, sign, verify } from 'node:crypto';
import type { KeyRing } from './keys.ts';

/**
 * Trace codes: `<key id>.<id>.<signature>`. The id is 100 random bits in Crockford base32, so
 * codes cannot be guessed or enumerated; the Ed25519 signature over `<key id>.<id>` lets anyone
 * holding the public keys check a code offline. Pure apart from randomness.
 */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function newTraceId(): string {
  const bytes = randomBytes(13);
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  let out = '';
  for (let i = 0; i < 20; i++) {
    out = CROCKFORD[Number(bits & 31n)] + out;
    bits >>= 5n;
  }
  return out;
}

export function signTraceCode(ring: KeyRing, id: string): string {
  const message = `${ring.activeId}.${id}`;
  return `${message}.${sign(null, Buffer.from(message), ring.sign).toString('base64url')}`;
}

export type TraceCheck =
  | { ok: true; keyId: string; id: string }
  | { ok: false; reason: 'malformed' | 'unknown_key' | 'bad_signature' };

export function verifyTraceCode(publicKeys: KeyRing['publicKeys'], code: string): TraceCheck {
  const m = code.trim().match(/^(k[0-9a-z]{6})\.([0-9A-HJKMNP-TV-Z]{20})\.([A-Za-z0-9_-]{86})$/);
  if (!m) return { ok: false, reason: 'malformed' };
  const [, keyId, id, sig] = m as unknown as [string, string, string, string];
  const key = publicKeys.get(keyId);
  if (!key) return { ok: false, reason: 'unknown_key' };
  // 86 base64url characters carry 516 bits for a 512-bit signature: the last one's spare bits
  // must be zero, or A↔B-style edits of an otherwise valid code would still verify.
  const raw = Buffer.from(sig, 'base64url');
  if (raw.toString('base64url') !== sig) return { ok: false, reason: 'bad_signature' };
  const good = verify(null, Buffer.from(`${keyId}.${id}`), key, raw);
  return good ? { ok: true, keyId, id } : { ok: false, reason: 'bad_signature' };
}

/** The QR payload: a short platform URL that opens the public scan page. */
export const traceUrl = (base: string, code: string) => `${base.replace(/\/$/, '')}/t/${code}`;

/** The code out of what was scanned or typed: a bare code, or a URL whose path ends in /t/<code>. */
export function codeOf(input: string): string {
  const s = input.trim();
  const m = s.match(/\/t\/([^/?#\s]+)\/?(?:[?#]\S*)?$/);
  if (!m) return s;
  try {
    return decodeURIComponent(m[1] as string);
  } catch {
    return m[1] as string;
  }
}

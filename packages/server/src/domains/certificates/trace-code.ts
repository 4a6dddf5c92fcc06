import { type KeyObject, randomBytes, sign, timingSafeEqual, verify } from 'node:crypto';
import type { KeyRing } from './keys.ts';

/**
 * Trace codes. Pure apart from randomness.
 *
 * Compact form (printed since issue 11): 37 Crockford base32 characters, `<key:5><id:20><tag:12>`,
 * all in the QR alphanumeric set so the label's URL fits a small QR version. The id is 100 random
 * bits (cannot be guessed or enumerated). The tag is the first 60 bits of the Ed25519 signature
 * of `nongan-trace-v2/<key id>/<id>`; Ed25519 signing is deterministic (RFC 8032 §5.1.6: the
 * nonce is SHA-512 of a secret prefix and the message), so the server checks a tag by signing
 * again, and without the private key a tag for a new id cannot be predicted: each guess holds
 * with probability 2^-60 and can only be tried against the rate-limited public scan. The whole
 * signature is published with the scan (fullSignature) for anyone to check with the public key.
 *
 * Legacy form (labels printed before): `<key id>.<id>.<86-char base64url Ed25519 signature>`,
 * verifiable offline with the public key alone. Both forms verify for as long as the key is kept.
 */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const KEY_CHARS = 5;
const ID_CHARS = 20;
const TAG_CHARS = 12;
export const COMPACT_LENGTH = KEY_CHARS + ID_CHARS + TAG_CHARS;
const COMPACT = /^[0-9A-HJKMNP-TV-Z]{37}$/;
const LEGACY = /^(k[0-9a-z]{6})\.([0-9A-HJKMNP-TV-Z]{20})\.([A-Za-z0-9_-]{86})$/;

function base32(value: bigint, length: number): string {
  let v = value;
  let out = '';
  for (let i = 0; i < length; i++) {
    out = CROCKFORD[Number(v & 31n)] + out;
    v >>= 5n;
  }
  return out;
}

function fromBase32(s: string): bigint {
  let v = 0n;
  for (const ch of s) v = (v << 5n) | BigInt(CROCKFORD.indexOf(ch));
  return v;
}

export function newTraceId(): string {
  const bytes = randomBytes(13);
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  return base32(bits, ID_CHARS);
}

const compactMessage = (keyId: string, id: string) => `nongan-trace-v2/${keyId}/${id}`;

function signature(signer: KeyObject, keyId: string, id: string): Buffer {
  return sign(null, Buffer.from(compactMessage(keyId, id)), signer);
}

const tagOf = (sig: Buffer) => base32(sig.readBigUInt64BE(0) >> 4n, TAG_CHARS);

/** Key ids are `k` + 6 hex digits (24 bits): 5 base32 characters. */
const keyPart = (keyId: string) => base32(BigInt(`0x${keyId.slice(1)}`), KEY_CHARS);
function keyIdOf(part: string): string | null {
  const v = fromBase32(part);
  return v < 1n << 24n ? `k${v.toString(16).padStart(6, '0')}` : null;
}

/** A new code in the compact form, signed with the active key. */
export function signTraceCode(ring: Pick<KeyRing, 'activeId' | 'sign'>, id: string): string {
  if (!/^k[0-9a-f]{6}$/.test(ring.activeId)) throw new Error(`密钥编号 ${ring.activeId} 不是 k+6 位十六进制`);
  return `${keyPart(ring.activeId)}${id}${tagOf(signature(ring.sign, ring.activeId, id))}`;
}

/** A code in the legacy form, as printed before the compact one (kept to test old labels). */
export function signLegacyTraceCode(ring: Pick<KeyRing, 'activeId' | 'sign'>, id: string): string {
  const message = `${ring.activeId}.${id}`;
  return `${message}.${sign(null, Buffer.from(message), ring.sign).toString('base64url')}`;
}

export type TraceCheck =
  | {
      ok: true;
      keyId: string;
      id: string;
      form: 'compact' | 'legacy';
      code: string;
      /** Compact codes: the whole signature (base64url), made while verifying, for fullSignature. */
      signature?: string;
    }
  | { ok: false; reason: 'malformed' | 'unknown_key' | 'bad_signature' };

type Verifier = Pick<KeyRing, 'publicKeys' | 'signers'>;

/**
 * Checks either form. `code` in the answer is the canonical spelling to match the stored code:
 * a compact code typed in lower case or with O/I/L for 0/1 (Crockford) is read as meant.
 */
export function verifyTraceCode(ring: Verifier, input: string): TraceCheck {
  const s = input.trim();
  if (/^[0-9A-Za-z]+$/.test(s)) return verifyCompact(ring, s);
  const m = s.match(LEGACY);
  if (!m) return { ok: false, reason: 'malformed' };
  const [, keyId, id, sig] = m as unknown as [string, string, string, string];
  const key = ring.publicKeys.get(keyId);
  if (!key) return { ok: false, reason: 'unknown_key' };
  // 86 base64url characters carry 516 bits for a 512-bit signature: the last one's spare bits
  // must be zero, or A↔B-style edits of an otherwise valid code would still verify.
  const raw = Buffer.from(sig, 'base64url');
  if (raw.toString('base64url') !== sig) return { ok: false, reason: 'bad_signature' };
  const good = verify(null, Buffer.from(`${keyId}.${id}`), key, raw);
  return good ? { ok: true, keyId, id, form: 'legacy', code: s } : { ok: false, reason: 'bad_signature' };
}

function verifyCompact(ring: Verifier, typed: string): TraceCheck {
  const code = typed.toUpperCase().replace(/O/g, '0').replace(/[IL]/g, '1');
  if (!COMPACT.test(code)) return { ok: false, reason: 'malformed' };
  const keyId = keyIdOf(code.slice(0, KEY_CHARS));
  const signer = keyId ? ring.signers.get(keyId) : undefined;
  if (!keyId || !signer) return { ok: false, reason: 'unknown_key' };
  const id = code.slice(KEY_CHARS, KEY_CHARS + ID_CHARS);
  const sig = signature(signer, keyId, id);
  const want = Buffer.from(tagOf(sig));
  const got = Buffer.from(code.slice(KEY_CHARS + ID_CHARS));
  // The tag is cut from a signature only the private key makes, so verifying signs; the whole
  // signature is kept, so showing it (fullSignature) needs no second signing.
  return timingSafeEqual(want, got)
    ? { ok: true, keyId, id, form: 'compact', code, signature: sig.toString('base64url') }
    : { ok: false, reason: 'bad_signature' };
}

/**
 * The whole Ed25519 signature behind a verified code, for a third party to check with the
 * published public key (`nongan keys list`): the message, and the base64url signature whose
 * first 60 bits are a compact code's tag.
 */
export function fullSignature(
  ring: Verifier,
  check: Extract<TraceCheck, { ok: true }>,
): { keyId: string; message: string; value: string } | null {
  if (check.form === 'legacy') {
    const [keyId, id, sig] = check.code.split('.') as [string, string, string];
    return { keyId, message: `${keyId}.${id}`, value: sig };
  }
  const signer = ring.signers.get(check.keyId);
  if (!signer) return null;
  return {
    keyId: check.keyId,
    message: compactMessage(check.keyId, check.id),
    value: check.signature ?? signature(signer, check.keyId, check.id).toString('base64url'),
  };
}

/**
 * The QR payload: the URL of the public scan page. For a compact code the scheme, host and path
 * are upper case (both are case-insensitive; the server answers /T/ as /t/), so the whole URL is
 * in the QR alphanumeric set and needs 5.5 bits a character instead of 8. A base path after the
 * host keeps its case (it may be case-sensitive behind a proxy).
 */
export function traceUrl(base: string, code: string): string {
  const b = base.replace(/\/$/, '');
  if (!COMPACT.test(code)) return `${b}/t/${code}`;
  const m = b.match(/^([a-z][a-z0-9+.-]*:\/\/[^/]+)(.*)$/i);
  const upper = m ? `${(m[1] as string).toUpperCase()}${m[2]}` : b;
  return `${upper}/T/${code}`;
}

/** The code out of what was scanned or typed: a bare code, or a URL whose path ends in /t/<code>. */
export function codeOf(input: string): string {
  const s = input.trim();
  const m = s.match(/\/t\/([^/?#\s]+)\/?(?:[?#]\S*)?$/i);
  if (!m) return s;
  try {
    return decodeURIComponent(m[1] as string);
  } catch {
    return m[1] as string;
  }
}

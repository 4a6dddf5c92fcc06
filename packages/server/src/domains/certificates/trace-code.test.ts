import { createPublicKey, verify } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadKeyRing, memoryKeyRing, rotateKey } from './keys.ts';
import {
  COMPACT_LENGTH,
  codeOf,
  fullSignature,
  newTraceId,
  signLegacyTraceCode,
  signTraceCode,
  traceUrl,
  verifyTraceCode,
} from './trace-code.ts';

const dir = mkdtempSync(join(tmpdir(), 'nongan-keys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
// The QR alphanumeric set (ISO/IEC 18004 table 5).
const QR_ALNUM = /^[0-9A-Z $%*+\-./:]+$/;

describe('trace ids', () => {
  it('do not repeat and carry 100 bits', () => {
    const ids = new Set(Array.from({ length: 2000 }, newTraceId));
    expect(ids.size).toBe(2000);
    for (const id of [...ids].slice(0, 20)) expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{20}$/);
  });
});

describe('compact codes (printed since issue 11)', () => {
  const ring = loadKeyRing(dir);

  it('are 37 upper-case base32 characters whose URL is all QR alphanumeric', () => {
    const code = signTraceCode(ring, newTraceId());
    expect(code).toHaveLength(COMPACT_LENGTH);
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{37}$/);
    const url = traceUrl('https://nongan.example.gov.cn/', code);
    expect(url).toBe(`HTTPS://NONGAN.EXAMPLE.GOV.CN/T/${code}`);
    expect(url).toMatch(QR_ALNUM);
    expect(traceUrl('http://10.0.0.1:3000', code)).toMatch(QR_ALNUM);
    // A path after the host may be case-sensitive behind a proxy: it keeps its case.
    expect(traceUrl('https://gov.cn/nongan', code)).toBe(`HTTPS://GOV.CN/nongan/T/${code}`);
  });

  it('verify, and are read as meant when typed in lower case or with O/I/L', () => {
    const id = newTraceId();
    const code = signTraceCode(ring, id);
    expect(verifyTraceCode(ring, code)).toEqual({
      ok: true,
      keyId: ring.activeId,
      id,
      form: 'compact',
      code,
      signature: expect.any(String),
    });
    expect(verifyTraceCode(ring, ` ${code.toLowerCase()} `)).toMatchObject({ ok: true, code });
    const withO = code.replace(/0/g, 'O').replace(/1/g, 'I');
    expect(verifyTraceCode(ring, withO)).toMatchObject({ ok: true, code });
  });

  it('refuse every one-character change of the id or the tag', () => {
    const code = signTraceCode(ring, newTraceId());
    for (let i = 5; i < code.length; i++) {
      const ch = code[i] as string;
      const other = CROCKFORD[(CROCKFORD.indexOf(ch) + 1 + (i % 31)) % 32] as string;
      const bad = `${code.slice(0, i)}${other}${code.slice(i + 1)}`;
      expect(verifyTraceCode(ring, bad), `position ${i}`).toEqual({ ok: false, reason: 'bad_signature' });
    }
    expect(verifyTraceCode(ring, code.slice(0, -1))).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyTraceCode(ring, `${code}0`)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyTraceCode(ring, `${code.slice(0, -1)}U`)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('signed by another ring (or an unknown key) are refused', () => {
    const code = signTraceCode(memoryKeyRing(), newTraceId());
    expect(verifyTraceCode(ring, code)).toEqual({ ok: false, reason: 'unknown_key' });
    // Same key id, different private key: the tag does not match.
    const impostor = { ...memoryKeyRing(), activeId: ring.activeId };
    expect(verifyTraceCode(ring, signTraceCode(impostor, newTraceId()))).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
  });

  it('publish the whole Ed25519 signature, which verifies with the public key and starts with the tag', () => {
    const code = signTraceCode(ring, newTraceId());
    const check = verifyTraceCode(ring, code);
    if (!check.ok) throw new Error('expected a good code');
    const full = fullSignature(ring, check);
    if (!full) throw new Error('expected a signature');
    // The signature kept from verifying is the one signing again gives (Ed25519 is deterministic).
    expect(full.value).toBe(check.signature);
    expect(fullSignature(ring, { ...check, signature: undefined })?.value).toBe(full.value);
    const pub = createPublicKey(ring.sign);
    const raw = Buffer.from(full.value, 'base64url');
    expect(verify(null, Buffer.from(full.message), pub, raw)).toBe(true);
    expect(full.message).toBe(`nongan-trace-v2/${check.keyId}/${check.id}`);
    const tagBits = (raw.readBigUInt64BE(0) >> 4n).toString(2).padStart(60, '0');
    const tagFromCode = [...code.slice(25)]
      .map((c) => CROCKFORD.indexOf(c).toString(2).padStart(5, '0'))
      .join('');
    expect(tagFromCode).toBe(tagBits);
  });
});

describe('legacy codes (labels printed before issue 11)', () => {
  const ring = loadKeyRing(dir);

  it('keep verifying, and every forgery is detected', () => {
    const code = signLegacyTraceCode(ring, newTraceId());
    expect(verifyTraceCode(ring, code)).toMatchObject({
      ok: true,
      keyId: ring.activeId,
      form: 'legacy',
      code,
    });
    const [kid, id, sig] = code.split('.') as [string, string, string];
    const otherId = `${id.slice(0, -1)}${id.endsWith('0') ? '1' : '0'}`;
    expect(verifyTraceCode(ring, `${kid}.${otherId}.${sig}`)).toEqual({ ok: false, reason: 'bad_signature' });
    const flipped = `${sig[0] === 'A' ? 'B' : 'A'}${sig.slice(1)}`;
    expect(verifyTraceCode(ring, `${kid}.${id}.${flipped}`)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(verifyTraceCode(ring, `k000000.${id}.${sig}`)).toEqual({ ok: false, reason: 'unknown_key' });
    expect(verifyTraceCode(ring, 'hello')).toEqual({ ok: false, reason: 'malformed' });
    // Every other last character: the four that decode to the same bytes are refused too.
    const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    for (const ch of B64) {
      if (ch === sig.at(-1)) continue;
      expect(verifyTraceCode(ring, `${kid}.${id}.${sig.slice(0, -1)}${ch}`).ok, ch).toBe(false);
    }
    expect(traceUrl('https://nongan.example/', code)).toBe(`https://nongan.example/t/${code}`);
    const check = verifyTraceCode(ring, code);
    if (check.ok) expect(fullSignature(ring, check)?.value).toBe(sig);
  });
});

describe('key rotation', () => {
  it('keeps verifying old codes of both forms', () => {
    const ring = loadKeyRing(dir);
    const oldLegacy = signLegacyTraceCode(ring, newTraceId());
    const oldCompact = signTraceCode(ring, newTraceId());
    const newId = rotateKey(dir);
    const ring2 = loadKeyRing(dir);
    expect(ring2.activeId).toBe(newId);
    const fresh = signTraceCode(ring2, newTraceId());
    expect(verifyTraceCode(ring2, oldLegacy).ok).toBe(true);
    expect(verifyTraceCode(ring2, oldCompact).ok).toBe(true);
    expect(verifyTraceCode(ring2, fresh)).toMatchObject({ ok: true, keyId: newId });
    // A code signed with a key the verifier does not hold is refused.
    expect(verifyTraceCode(ring, fresh)).toEqual({ ok: false, reason: 'unknown_key' });
  });

  it('keeps private keys readable by the owner only', () => {
    for (const f of readdirSync(dir)) expect(statSync(join(dir, f)).mode & 0o077).toBe(0);
  });
});

describe('codeOf', () => {
  it('takes the code out of a scanned URL or a typed code', () => {
    expect(codeOf('  kabc123.ABC.sig  ')).toBe('kabc123.ABC.sig');
    expect(codeOf('https://nongan.example.cn/t/kabc123.ABC.sig?from=wx')).toBe('kabc123.ABC.sig');
    expect(codeOf('http://10.0.0.1:3000/t/kabc123.ABC.sig#x')).toBe('kabc123.ABC.sig');
    expect(codeOf('HTTPS://NONGAN.EXAMPLE.CN/T/ABCDE12345')).toBe('ABCDE12345');
  });
});

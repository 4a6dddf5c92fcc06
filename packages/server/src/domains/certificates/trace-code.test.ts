import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadKeyRing, rotateKey } from './keys.ts';
import { codeOf, newTraceId, signTraceCode, traceUrl, verifyTraceCode } from './trace-code.ts';

const dir = mkdtempSync(join(tmpdir(), 'nongan-keys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('trace codes', () => {
  const ring = loadKeyRing(dir);

  it('makes ids that do not repeat and carry 100 bits', () => {
    const ids = new Set(Array.from({ length: 2000 }, newTraceId));
    expect(ids.size).toBe(2000);
    for (const id of [...ids].slice(0, 20)) expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{20}$/);
  });

  it('verifies a signed code and detects every forgery', () => {
    const code = signTraceCode(ring, newTraceId());
    expect(verifyTraceCode(ring.publicKeys, code)).toMatchObject({ ok: true, keyId: ring.activeId });
    const [kid, id, sig] = code.split('.') as [string, string, string];
    const otherId = `${id.slice(0, -1)}${id.endsWith('0') ? '1' : '0'}`;
    expect(verifyTraceCode(ring.publicKeys, `${kid}.${otherId}.${sig}`)).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    const flipped = `${sig[0] === 'A' ? 'B' : 'A'}${sig.slice(1)}`;
    expect(verifyTraceCode(ring.publicKeys, `${kid}.${id}.${flipped}`)).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    expect(verifyTraceCode(ring.publicKeys, `k000000.${id}.${sig}`)).toEqual({
      ok: false,
      reason: 'unknown_key',
    });
    expect(verifyTraceCode(ring.publicKeys, 'hello')).toEqual({ ok: false, reason: 'malformed' });
    // Every other last character: the four that decode to the same bytes are refused too.
    const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    for (const ch of B64) {
      if (ch === sig.at(-1)) continue;
      expect(verifyTraceCode(ring.publicKeys, `${kid}.${id}.${sig.slice(0, -1)}${ch}`).ok, ch).toBe(false);
    }
    expect(traceUrl('https://nongan.example/', code)).toBe(`https://nongan.example/t/${code}`);
  });

  it('keeps verifying old codes after a key rotation', () => {
    const old = signTraceCode(ring, newTraceId());
    const newId = rotateKey(dir);
    const ring2 = loadKeyRing(dir);
    expect(ring2.activeId).toBe(newId);
    const fresh = signTraceCode(ring2, newTraceId());
    expect(verifyTraceCode(ring2.publicKeys, old).ok).toBe(true);
    expect(verifyTraceCode(ring2.publicKeys, fresh)).toMatchObject({ ok: true, keyId: newId });
    // A code signed with a key the verifier does not hold is refused.
    expect(verifyTraceCode(ring.publicKeys, fresh)).toEqual({ ok: false, reason: 'unknown_key' });
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
  });
});

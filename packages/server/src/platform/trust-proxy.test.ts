import { describe, expect, it } from 'vitest';
import { parseTrustProxy } from './trust-proxy.ts';

describe('parseTrustProxy', () => {
  it('trusts nobody by default', () => {
    expect(parseTrustProxy(undefined)).toBe(false);
    expect(parseTrustProxy('  ')).toBe(false);
  });

  it('reads a list of addresses and ranges', () => {
    expect(parseTrustProxy('127.0.0.1, 10.0.0.0/8,::1,fd00::/8')).toEqual([
      '127.0.0.1',
      '10.0.0.0/8',
      '::1',
      'fd00::/8',
    ]);
  });

  it('refuses what is neither, rather than trusting everyone or no one silently', () => {
    for (const bad of ['true', '*', '1', '0', '10.0.0.0/33', 'proxy.local', '1.2.3.4/8/1', '::1/129'])
      expect(() => parseTrustProxy(bad), bad).toThrow(/NONGAN_TRUST_PROXY/);
  });
});

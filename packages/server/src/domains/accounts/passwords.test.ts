import { describe, expect, it } from 'vitest';
import { assertStrongPassword, generatePassword, hashPassword, verifyPassword } from './passwords.ts';

describe('passwords', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const h = await hashPassword('correct horse battery', 2 ** 14);
    expect(h).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await verifyPassword('correct horse battery', h)).toBe(true);
    expect(await verifyPassword('correct horse batterY', h)).toBe(false);
    expect(await verifyPassword('x', 'not-a-hash')).toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same', 2 ** 14)).not.toBe(await hashPassword('same', 2 ** 14));
  });

  it('generates readable random passwords', () => {
    const p = generatePassword(14);
    expect(p).toMatch(/^[a-km-zA-HJ-NP-Z2-9]{14}$/);
    expect(generatePassword()).not.toBe(generatePassword());
  });

  it('generates passwords the strength rule accepts (the demo and CLI rely on it)', () => {
    for (let i = 0; i < 200; i++)
      expect(() => assertStrongPassword('password', generatePassword(), ['demo'])).not.toThrow();
  });
});

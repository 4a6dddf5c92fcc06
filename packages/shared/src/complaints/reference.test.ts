import { describe, expect, it } from 'vitest';
import { checkChar, formatReference, parseReference, secretFrom } from './reference.ts';

describe('complaint reference number', () => {
  const ref = formatReference(2026, 42, 'K7QF9M');

  it('formats with serial, secret and check character', () => {
    expect(ref).toMatch(/^JB-2026-000042-K7QF9M[0-9A-Z]$/);
    expect(ref.at(-1)).toBe(checkChar('2026000042K7QF9M'));
  });

  it('parses what it formats, and what people type for it', () => {
    expect(parseReference(ref)?.reference).toBe(ref);
    const typed = ref.toLowerCase().replaceAll('-', ' ');
    expect(parseReference(typed)).toMatchObject({ year: 2026, serial: 42, secret: 'K7QF9M', reference: ref });
    // O read for 0 and l for 1
    const withO = formatReference(2026, 10, 'A0B1C2');
    expect(parseReference(withO.replace('A0B1', 'AOBl'))?.reference).toBe(withO);
  });

  it('catches every single mistyped character', () => {
    const compact = ref.replaceAll('-', '');
    const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
    let tried = 0;
    for (let i = 2; i < compact.length; i++) {
      for (const c of alphabet) {
        if (c === compact[i]) continue;
        if (i < 12 && !/\d/.test(c)) continue; // year and serial are digits
        const wrong = compact.slice(0, i) + c + compact.slice(i + 1);
        expect(parseReference(wrong), wrong).toBeNull();
        tried++;
      }
    }
    expect(tried).toBeGreaterThan(200);
  });

  it('refuses other shapes', () => {
    for (const s of [
      '',
      'JB-2026-000042',
      'XX-2026-000042-K7QF9M0',
      'JB-2026-000042-K7QF9',
      '2026000042K7QF9MX',
    ])
      expect(parseReference(s), s).toBeNull();
  });

  it('draws the secret from random bytes, inside the alphabet', () => {
    expect(secretFrom(new Uint8Array([0, 31, 32, 255, 10, 17]))).toBe('0Z0ZAH');
    expect(() => secretFrom(new Uint8Array(3))).toThrow();
  });
});

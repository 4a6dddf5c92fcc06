import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keysLiteral, queryKeyGroups, searchKeys } from './search-keys.ts';

const one = (c: string) => c.charCodeAt(0);
// The two units as one 32-bit number, signed as PostgreSQL's integer is.
const pair = (a: string, b: string) => {
  const v = a.charCodeAt(0) * 65536 + b.charCodeAt(0);
  return v >= 2 ** 31 ? v - 2 ** 32 : v;
};

// Chinese, Latin of both cases, digits, punctuation and a character outside the BMP (two units).
const text = fc.string({
  unit: fc.constantFrom('李', '庄', '镇', '村', '（', 'a', 'B', 'z', '1', ' ', '-', '😀', 'é'),
  maxLength: 12,
});
// Any letter's other case, as ILIKE would match it (é and É too, which the keys do not fold).
const flipCase = (s: string, mask: number) =>
  [...s]
    .map((c, i) => {
      if (!((mask >> i) & 1)) return c;
      const other = c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase();
      return other.length === c.length ? other : c;
    })
    .join('');

describe('search keys', () => {
  it('are each character and each pair of neighbours, of each field on its own', () => {
    expect(searchKeys('李庄', null, '')).toEqual(
      [one('李'), one('庄'), pair('李', '庄')].sort((a, b) => a - b),
    );
    // No pair across two fields: 庄 of the name and 周 of the legal representative.
    expect(searchKeys('李庄', '周', undefined)).not.toContain(pair('庄', '周'));
    expect(searchKeys('AB')).toEqual(searchKeys('ab'));
    expect(searchKeys(null, undefined, '')).toEqual([]);
  });

  it('find every entity holding the text in any case: each group asked for any part of a field meets its keys', () => {
    fc.assert(
      fc.property(text, text, text, fc.nat(), fc.nat(), fc.nat(), (name, rep, address, a, b, mask) => {
        const field = [name, rep, address][a % 3] as string;
        fc.pre(field.length > 0);
        const start = a % field.length;
        const q = flipCase(field.slice(start, start + 1 + (b % (field.length - start))), mask);
        const keys = new Set(searchKeys(name, rep, address));
        for (const group of queryKeyGroups(q)) expect(group.some((k) => keys.has(k))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('are sorted, unique, PostgreSQL integers; one character and a pair never share a key', () => {
    fc.assert(
      fc.property(text, text, (x, y) => {
        const keys = searchKeys(x, y);
        expect(keys).toEqual([...new Set(keys)].sort((p, q) => p - q));
        for (const k of keys) expect(k >= -(2 ** 31) && k < 2 ** 31).toBe(true);
      }),
    );
    // A single unit is 0–65535; a pair is 65536 or more (first unit below 0x8000) or negative.
    expect(one('\uffff')).toBe(65535);
    expect(pair('\u0001', '\u0000')).toBe(65536);
    expect(pair('李', '庄')).toBeGreaterThan(65535); // 李 U+674E
    expect(pair('黄', '庄')).toBeLessThan(0); // 黄 U+9EC4
    expect(searchKeys('黄庄')).toContain(pair('黄', '庄'));
  });

  it('asks for the character itself, or for the pairs of longer text, each once', () => {
    expect(queryKeyGroups('庄')).toEqual([[one('庄')]]);
    expect(queryKeyGroups('Z')).toEqual([[one('z')]]);
    expect(queryKeyGroups('李庄李庄')).toEqual([[pair('李', '庄')], [pair('庄', '李')]]);
    expect(queryKeyGroups('')).toEqual([]);
    expect(keysLiteral([-3, 7])).toBe('{-3,7}');
  });

  it('asks for either case of a letter beyond ASCII, which the keys do not fold', () => {
    const sorted = (...k: number[]) => k.sort((a, b) => a - b);
    expect(queryKeyGroups('é')).toEqual([sorted(one('é'), one('É'))]);
    expect(queryKeyGroups('élan')).toEqual([
      sorted(pair('é', 'l'), pair('É', 'l')),
      [pair('l', 'a')],
      [pair('a', 'n')],
    ]);
    expect(queryKeyGroups('Ａ农')).toEqual([sorted(pair('Ａ', '农'), pair('ａ', '农'))]);
    // A character outside the BMP without case: its pair of surrogates.
    expect(queryKeyGroups('𠀀')).toEqual([[pair('\ud840', '\udc00')]]);
  });
});

import { describe, expect, it } from 'vitest';
import {
  checkCreditCode,
  checkIdCard,
  creditCodeCheckChar,
  idCardCheckChar,
  maskIdCard,
} from './check-digits.ts';

// Published codes: the GB 32100-2015 sample, and codes printed on well-known companies' public licences.
const VALID_CREDIT = [
  '91350100M000100Y43', // GB 32100-2015 sample
  '914403001922038216', // Huawei Technologies Co., Ltd.
  '91330100716105852F', // Alibaba (China) Network Technology Co., Ltd.
  '9144030071526726XG', // Shenzhen Tencent Computer Systems Co., Ltd.
];
// GB 11643-1999's own examples (the second is a 1880 birth date, still valid).
const VALID_ID = ['11010519491231002X', '440524188001010014'];

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

describe('GB 32100 credit code', () => {
  it.each(VALID_CREDIT)('accepts %s', (code) => {
    expect(checkCreditCode(code)).toEqual({ ok: true });
    expect(checkCreditCode(code.toLowerCase())).toEqual({ ok: true });
  });

  it('rejects every other check character of each valid code', () => {
    for (const code of VALID_CREDIT) {
      for (const c of ALPHABET) {
        if (c === code[17]) continue;
        const r = checkCreditCode(code.slice(0, 17) + c);
        expect(r.ok, code.slice(0, 17) + c).toBe(false);
        if (!r.ok) expect(r.reason).toContain(`应为“${code[17]}”`);
      }
    }
  });

  it('catches a single changed character and a swap of neighbours', () => {
    const code = VALID_CREDIT[1] as string;
    const changed = `${code.slice(0, 10)}${code[10] === '9' ? '8' : '9'}${code.slice(11)}`;
    expect(checkCreditCode(changed).ok).toBe(false);
    const swapped = code.slice(0, 8) + code[9] + code[8] + code.slice(10);
    expect(checkCreditCode(swapped).ok).toBe(false);
  });

  it('names the reason for length and characters', () => {
    expect(checkCreditCode('91350100M000100Y4')).toEqual({ ok: false, reason: '应为18位，实际17位' });
    const r = checkCreditCode('91350100M000100I43');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain('I');
    expect(checkCreditCode('91AB0100M000100Y43').ok).toBe(false);
  });

  it('computes the check character of the sample', () => {
    expect(creditCodeCheckChar('91350100M000100Y4')).toBe('3');
    expect(creditCodeCheckChar('91350100M000100Z4')).toBeNull();
  });
});

describe('GB 11643 citizen ID number', () => {
  it.each(VALID_ID)('accepts %s', (code) => expect(checkIdCard(code)).toEqual({ ok: true }));

  it('rejects every other check character', () => {
    for (const code of VALID_ID) {
      for (const c of '0123456789X') {
        if (c === code[17]) continue;
        expect(checkIdCard(code.slice(0, 17) + c).ok).toBe(false);
      }
    }
  });

  it('rejects impossible birth dates and bad shapes', () => {
    const first17 = '11010519490230002'; // 30 February
    expect(checkIdCard(first17 + idCardCheckChar(first17))).toEqual({ ok: false, reason: '出生日期无效' });
    expect(checkIdCard('1101051949123100')).toEqual({ ok: false, reason: '应为17位数字加1位数字或X' });
    expect(checkIdCard('11010519491231002Y').ok).toBe(false);
  });

  it('masks the middle of the number', () => {
    expect(maskIdCard('11010519491231002X')).toBe('110105********002X');
  });
});

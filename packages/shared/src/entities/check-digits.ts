// Check-digit rules for the two identifiers an entity can carry. Pure functions, no I/O.

/** GB 32100-2015 unified social credit code (统一社会信用代码) alphabet: digits and 21 letters (no I O Z S V). */
const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export type CheckResult = { ok: true } | { ok: false; reason: string };

/** Computes the GB 32100 check character for the first 17 characters, or null if a character is not allowed. */
export function creditCodeCheckChar(first17: string): string | null {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_ALPHABET.indexOf(first17.charAt(i));
    if (v < 0) return null;
    sum += v * (CREDIT_WEIGHTS[i] as number);
  }
  const c = (31 - (sum % 31)) % 31;
  return CREDIT_ALPHABET.charAt(c);
}

export function checkCreditCode(raw: string): CheckResult {
  const code = raw.trim().toUpperCase();
  if (code.length !== 18) return { ok: false, reason: `应为18位，实际${code.length}位` };
  for (const ch of code) {
    if (!CREDIT_ALPHABET.includes(ch))
      return { ok: false, reason: `含非法字符“${ch}”（不使用 I、O、Z、S、V）` };
  }
  if (!/^\d{6}$/.test(code.slice(2, 8))) return { ok: false, reason: '第3-8位应为行政区划码（6位数字）' };
  const expected = creditCodeCheckChar(code.slice(0, 17));
  if (expected !== code.charAt(17)) return { ok: false, reason: `校验位错误，应为“${expected}”` };
  return { ok: true };
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** Computes the GB 11643-1999 check character of an 18-digit citizen ID number. */
export function idCardCheckChar(first17: string): string | null {
  if (!/^\d{17}$/.test(first17)) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17.charAt(i)) * (ID_WEIGHTS[i] as number);
  return ID_CHECK.charAt(sum % 11);
}

export function checkIdCard(raw: string): CheckResult {
  const code = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(code)) return { ok: false, reason: '应为17位数字加1位数字或X' };
  const y = Number(code.slice(6, 10));
  const m = Number(code.slice(10, 12));
  const d = Number(code.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1800 || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d || date.getTime() > Date.now()) {
    return { ok: false, reason: '出生日期无效' };
  }
  const expected = idCardCheckChar(code.slice(0, 17));
  if (expected !== code.charAt(17)) return { ok: false, reason: `校验位错误，应为“${expected}”` };
  return { ok: true };
}

/** Shows only the first 6 and last 4 characters of an ID card number. */
export function maskIdCard(code: string): string {
  return code.length < 10 ? '****' : `${code.slice(0, 6)}********${code.slice(-4)}`;
}

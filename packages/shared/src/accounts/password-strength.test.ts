import { describe, expect, it } from 'vitest';
import { MIN_PASSWORD_SCORE, passwordStrength, weakPasswordReason } from './password-strength.ts';

describe('password strength', () => {
  it.each(['password123456', 'qwertyuiop12', '1234567890', 'abcdefghijk', 'aaaaaaaaaaaa', 'iloveyou2024'])(
    'refuses the common or trivial %s',
    (p) => {
      expect(passwordStrength(p).ok).toBe(false);
    },
  );

  it.each(['Test-password-1', 'Hj7-kq2Vx-9Pra-Lm', 'k7Hq2mVxP9ra3Wn4'])('accepts %s', (p) => {
    const s = passwordStrength(p);
    expect(s.score).toBeGreaterThanOrEqual(MIN_PASSWORD_SCORE);
    expect(s.ok).toBe(true);
  });

  it("refuses the user's own name even when it would pass for someone else", () => {
    const p = 'liuqiang.nongan';
    expect(passwordStrength(p).ok).toBe(true);
    expect(passwordStrength(p, ['liuqiang.nongan', '刘强']).ok).toBe(false);
  });

  it('explains a refusal in Chinese with the hint', () => {
    const s = passwordStrength('password123456');
    expect(s.warning).toMatch(/[\u4e00-\u9fa5]/);
    expect(weakPasswordReason(s)).toBe(`密码强度不足，容易被猜中：${s.warning}`);
  });
});

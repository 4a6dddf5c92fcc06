import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import './zod-locale.ts';

const reason = (schema: z.ZodType, value: unknown) => {
  const r = schema.safeParse(value);
  if (r.success) throw new Error('expected a failure');
  return r.error.issues[0]?.message;
};

describe('validation messages', () => {
  it('say limits in words, without English type names', () => {
    expect(reason(z.number().max(54), 91)).toBe('不能大于 54');
    expect(reason(z.number().min(3), 1)).toBe('不能小于 3');
    expect(reason(z.number().positive(), 0)).toBe('应大于 0');
    expect(reason(z.string().min(2), '镇')).toBe('至少 2 个字');
    expect(reason(z.string().min(1), '')).toBe('不能为空');
    expect(reason(z.string().max(5), '重庆市铜梁区')).toBe('最多 5 个字');
    expect(reason(z.array(z.string()).min(1), [])).toBe('至少填写一项');
    expect(reason(z.array(z.string()).max(2), ['a', 'b', 'c'])).toBe('最多 2 项');
  });

  it('never print enum codes, types or patterns', () => {
    expect(reason(z.enum(['retail_market', 'wholesale_market']), 'x')).toBe('不是可选的值');
    expect(reason(z.string(), undefined)).toBe('不能为空');
    expect(reason(z.number(), 'abc')).toBe('应为数字');
    expect(reason(z.string().regex(/^\d{6}$/), '12')).toBe('格式不正确');
    expect(reason(z.uuid(), 'x')).toBe('格式不正确');
  });

  it('keeps zod’s Chinese message where it has no English in it', () => {
    expect(reason(z.email(), 'x')).toBe('无效电子邮件');
  });
});

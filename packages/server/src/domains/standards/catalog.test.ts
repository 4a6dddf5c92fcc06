import { describe, expect, it } from 'vitest';
import { analyteName } from './catalog.ts';

describe('analyteName', () => {
  it('names a known code in Chinese, never shows an unknown code, keeps a name written in words', () => {
    expect(analyteName('lead')).toBe('铅');
    expect(analyteName('no_such_analyte')).toBe('未收录的检测项目');
    expect(analyteName('毒死蜱')).toBe('毒死蜱');
  });
});

import { describe, expect, it } from 'vitest';
import { analyteName, productLabel, testItemNames } from './catalog.ts';

describe('testItemNames', () => {
  it('names a platform record’s codes and keeps a report’s typed items', () => {
    expect(testItemNames('sample', ['lead', 'no_such_analyte'])).toEqual(['铅', '未收录的检测项目']);
    expect(testItemNames('report', ['Pb', '铅', 'lead'])).toEqual(['Pb', '铅', '铅']);
  });
});

describe('analyteName', () => {
  it('names a known code in Chinese, never shows an unknown code, keeps a name written in words', () => {
    expect(analyteName('lead')).toBe('铅');
    expect(analyteName('no_such_analyte')).toBe('未收录的检测项目');
    expect(analyteName('毒死蜱')).toBe('毒死蜱');
  });
});

describe('productLabel', () => {
  it('names a known code, never shows an unknown code, keeps a product kept as typed', () => {
    expect(productLabel('spinach')).toBe('菠菜');
    expect(productLabel('retired_vegetable')).toBe('未收录产品');
    expect(productLabel('野生折耳根')).toBe('野生折耳根');
  });
});

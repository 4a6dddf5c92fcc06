import { describe, expect, it } from 'vitest';
import { gridName, holderName, townName } from './names.ts';

const names = new Map([
  ['500151101', '土桥镇'],
  ['50015110100101', '石桥第1网格'],
]);

describe('division names for views', () => {
  it('reads a known code as its name', () => {
    expect(townName(names, '500151101')).toBe('土桥镇');
    expect(gridName(names, '50015110100101')).toBe('石桥第1网格');
    expect(holderName(names, '500151101', '500151')).toBe('土桥镇');
  });

  it('never gives back an unknown code', () => {
    expect(townName(names, '500151999')).toBe('未登记镇街');
    expect(gridName(names, '50015110100199')).toBe('未登记网格');
    expect(holderName(names, '500151999', '500151')).toBe('未登记单位');
  });

  it('reads the district code as the district testing centre', () => {
    expect(holderName(new Map(), '500151', '500151')).toBe('区检测中心');
  });
});

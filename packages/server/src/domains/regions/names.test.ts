import { describe, expect, it } from 'vitest';
import { divisionName, holderName, townName } from './names.ts';

const names = new Map([
  ['500151101', '土桥镇'],
  ['500151101001', '石桥村'],
]);

describe('division names for views', () => {
  it('reads a known code as its name', () => {
    expect(townName(names, '500151101')).toBe('土桥镇');
    expect(divisionName(names, '500151101001')).toBe('石桥村');
    expect(holderName(names, '500151101', '500151')).toBe('土桥镇');
  });

  it('never gives back an unknown code', () => {
    expect(townName(names, '500151999')).toBe('未登记镇街');
    expect(divisionName(names, '500151101099')).toBe('未登记区划');
    expect(holderName(names, '500151999', '500151')).toBe('未登记单位');
  });

  it('reads the district code as the district testing centre', () => {
    expect(holderName(new Map(), '500151', '500151')).toBe('区检测中心');
  });
});

import { describe, expect, it } from 'vitest';
import { convertQuantity, exceeds, formatQuantity, parseUnit, sameDimension, UNIT_TABLE } from './units.ts';

describe('unit table', () => {
  it('converts mass through kilograms', () => {
    expect(convertQuantity(1, 't', 'kg')).toBe(1000);
    expect(convertQuantity(10, 'jin', 'kg')).toBe(5);
    expect(convertQuantity(1000, 'g', 'kg')).toBe(1);
    expect(convertQuantity(1000, 't', 'kg')).toBe(1_000_000);
    expect(convertQuantity(0.1, 't', 'kg')).toBe(100);
    expect(convertQuantity(3, 'kg', 'kg')).toBe(3);
    expect(convertQuantity(1, 'kg', 'jin')).toBe(2);
  });
  it('never converts between mass and counts, or between different counts', () => {
    expect(convertQuantity(1, 'kg', 'head')).toBeNull();
    expect(convertQuantity(1, 'head', 'box')).toBeNull();
    expect(convertQuantity(1, 'piece', 'box')).toBeNull();
    expect(convertQuantity(1, 'kg', 'furlong')).toBeNull();
    expect(convertQuantity(1, 'toString', 'kg')).toBeNull();
    expect(sameDimension('head', 'head')).toBe(true);
    expect(sameDimension('t', 'jin')).toBe(true);
    expect(sameDimension('piece', 'head')).toBe(false);
  });
  it('reads the words people write', () => {
    expect(parseUnit('公斤')).toBe('kg');
    expect(parseUnit('千克')).toBe('kg');
    expect(parseUnit('吨')).toBe('t');
    expect(parseUnit('斤')).toBe('jin');
    expect(parseUnit('克')).toBe('g');
    expect(parseUnit('枚')).toBe('piece');
    expect(parseUnit('只')).toBe('head');
    expect(parseUnit('箱')).toBe('box');
    expect(parseUnit('磅')).toBeUndefined();
    for (const code of Object.keys(UNIT_TABLE)) expect(parseUnit(code)).toBe(code);
  });
  it('compares with a tolerance and formats for messages', () => {
    expect(exceeds(0.1 + 0.2, 0.3)).toBe(false);
    expect(exceeds(500.01, 500)).toBe(true);
    expect(formatQuantity(1000, 'kg')).toBe('1,000 公斤');
  });
});

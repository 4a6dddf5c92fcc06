import { describe, expect, it } from 'vitest';
import { type LineItem, wholeLines } from './wholeLines.ts';

const item = (key: string, wide = false): LineItem => ({ key, label: key, children: key, wide });
const spans = (items: LineItem[]) => wholeLines(items).map((i) => `${i.key}:${i.span ?? 1}`);

describe('two-column lines with wide items', () => {
  it('leaves full lines alone', () => {
    expect(spans([item('name', true), item('a'), item('b'), item('addr', true)])).toEqual([
      'name:filled',
      'a:1',
      'b:1',
      'addr:filled',
    ]);
  });
  it('fills the half line before a wide item (an optional row above was left out)', () => {
    expect(
      spans([item('name', true), item('a'), item('b'), item('c'), item('addr', true), item('d')]),
    ).toEqual(['name:filled', 'a:1', 'b:1', 'c:filled', 'addr:filled', 'd:filled']);
  });
  it('fills the last line', () => {
    expect(spans([item('a'), item('b'), item('c')])).toEqual(['a:1', 'b:1', 'c:filled']);
  });
  it('counts three columns when asked', () => {
    const three = wholeLines([item('a'), item('b'), item('c'), item('d'), item('e'), item('sum', true)], 3);
    expect(three.map((i) => `${i.key}:${i.span ?? 1}`)).toEqual([
      'a:1',
      'b:1',
      'c:1',
      'd:1',
      'e:filled',
      'sum:filled',
    ]);
    expect(spans([item('a'), item('b'), item('c'), item('d')])).toEqual(['a:1', 'b:1', 'c:1', 'd:1']);
  });
  it('carries no wide flag into the items antd reads', () => {
    expect(wholeLines([item('a', true)])[0]).not.toHaveProperty('wide');
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findTextProblem, safeCell, textProblem, unquoteCell } from './text.ts';

describe('textProblem', () => {
  it('accepts ordinary Chinese and ASCII text, tabs and new lines', () => {
    expect(textProblem('铜梁区土桥镇 合作社 No.1')).toBeNull();
    expect(textProblem('第一行\n第二行\t备注')).toBeNull();
    expect(textProblem('😀 表情')).toBeNull();
    expect(textProblem('')).toBeNull();
    expect(textProblem('   ')).toBeNull();
  });
  it('refuses NUL, other controls and lone surrogates', () => {
    expect(textProblem('a\u0000b')).toMatch(/NUL/);
    expect(textProblem('a\u0007b')).toMatch(/控制字符/);
    expect(textProblem('a\u009bb')).toMatch(/控制字符/);
    expect(textProblem('a\uD800b')).toMatch(/代理项/);
    expect(textProblem('\uDC00')).toMatch(/代理项/);
  });
  it('refuses text made only of invisible characters', () => {
    expect(textProblem('\u200B\u200B')).toMatch(/不可见/);
    expect(textProblem(' \u200E ')).toMatch(/不可见/);
    expect(textProblem('\u3164')).toMatch(/不可见/);
    expect(textProblem('张\u200B三')).toBeNull();
  });
});

describe('findTextProblem', () => {
  it('names the dotted path of the first bad string', () => {
    expect(findTextProblem({ a: [{ b: 'ok' }, { b: 'x\u0000' }] })).toEqual({
      field: 'a.1.b',
      reason: '含有空字符（NUL）',
    });
    expect(findTextProblem({ a: 1, b: null, c: ['fine'] })).toBeNull();
  });
});

describe('safeCell', () => {
  it('neutralises formula starts and leaves the rest alone', () => {
    expect(safeCell('=1+1')).toBe("'=1+1");
    expect(safeCell('+86 138')).toBe("'+86 138");
    expect(safeCell('-5')).toBe("'-5");
    expect(safeCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(safeCell('普通文本')).toBe('普通文本');
  });
});

describe('unquoteCell', () => {
  it('gives back exactly what safeCell was given', () => {
    for (const s of ['=1+1', "'=1+1", "''@x", "'plain", "'", '', '普通文本', '-', '\t=x']) {
      expect(unquoteCell(safeCell(s)), JSON.stringify(s)).toBe(s);
    }
    fc.assert(fc.property(fc.string(), (s) => unquoteCell(safeCell(s)) === s));
    fc.assert(fc.property(fc.string(), (s) => !/^[=+\-@\t\r]/.test(safeCell(s))));
  });
  it('leaves apostrophes that safeCell did not add', () => {
    expect(unquoteCell("'plain")).toBe("'plain");
    expect(unquoteCell("'=x")).toBe('=x');
  });
});

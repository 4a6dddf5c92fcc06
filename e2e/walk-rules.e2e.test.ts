import { describe, expect, it } from 'vitest';
import { findWords } from './walk-rules.ts';

describe('page text rules', () => {
  it('finds ids, code words and division codes', () => {
    const text =
      '主体 0b9c6a52-1c4e-4d7e-9a0f-1234567890ab 扣留：chlorpyrifos 超标，total_arsenic；镇街 500151101000';
    expect(findWords(text, ['500151101000'])).toEqual([
      { kind: 'uuid', word: '0b9c6a52-1c4e-4d7e-9a0f-1234567890ab' },
      { kind: 'code', word: 'chlorpyrifos' },
      { kind: 'code', word: 'total_arsenic' },
      { kind: 'division', word: '500151101000 in “_arsenic；镇街 500151101000”' },
    ]);
  });

  it('leaves what users read as such: links, file names, units, upper-case codes, their own user names', () => {
    const text =
      '扫码 https://nongan.example/t/ABCD 下载 模板.xlsx 限量 0.5 mg/kg < LOD，EPCIS 导出，用户 admin';
    expect(findWords(text, ['500151101000'], ['admin'])).toEqual([]);
    expect(findWords('证号 500151101000123', ['500151101000'])).toEqual([]);
  });
});

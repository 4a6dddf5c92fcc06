import { describe, expect, it } from 'vitest';
import { decodeCsv, mapRapidRows, parseTime, rapidColumns } from './rapid-import.ts';

const defaults = {
  holderCode: '500151101',
  townCode: '500151101',
  link: 'retail_market' as const,
  method: 'enzyme_inhibition' as const,
  tester: '王检测',
};

describe('reading instrument exports', () => {
  it('reads the usual time formats as China time', () => {
    expect(parseTime('2021-06-01 09:30')).toBe('2021-06-01T09:30:00+08:00');
    expect(parseTime('2021/6/1 9:30:05')).toBe('2021-06-01T09:30:05+08:00');
    expect(parseTime('2021年6月1日')).toBe('2021-06-01T00:00:00+08:00');
    expect(parseTime('6/1/2021')).toBeNull();
  });

  it('decodes GB18030 when the bytes are not UTF-8', () => {
    const gbk = Buffer.from([0xd1, 0xf9, 0xc6, 0xb7, 0xc3, 0xfb, 0xb3, 0xc6]); // 样品名称 in GBK
    expect(decodeCsv(gbk)).toBe('样品名称');
    expect(decodeCsv(Buffer.from('样品名称'))).toBe('样品名称');
  });

  it('names the columns a file lacks', () => {
    expect(() => rapidColumns(['编号', '样品'])).toThrow(/检测时间.*抑制率或检测结果/);
    expect(rapidColumns(['样品名称', '抑制率(%)', '检测时间'])).toEqual({
      product: 0,
      inhibitionRate: 1,
      testedAt: 2,
    });
  });

  it('maps rows and reports bad cells by file row and column', async () => {
    const header = ['序号', '样品名称', '抑制率(%)', '检测时间', '检测结果'];
    const { inputs, rowNumbers, errors } = await mapRapidRows(
      header,
      [
        { row: 2, cells: ['1', '白菜', '35.2', '2021-06-01 09:30', '阴性'] },
        { row: 3, cells: ['2', '菠菜', '高', '2021-06-01 09:31', ''] },
        { row: 4, cells: ['3', '芹菜', '', '昨天', '阳性'] },
        { row: 5, cells: ['4', '豇豆', '', '2021-06-01 09:40', '阳性'] },
      ],
      defaults,
    );
    expect(rowNumbers).toEqual([2, 5]);
    expect(inputs[0]).toMatchObject({
      product: '白菜',
      method: 'enzyme_inhibition',
      inhibitionRate: 35.2,
      tester: '王检测',
    });
    expect(inputs[1]).toMatchObject({ product: '豇豆', method: 'other', result: 'positive' });
    expect(errors).toEqual([
      { row: 3, field: '抑制率', reason: '不是数字：“高”' },
      { row: 4, field: '检测时间', reason: '无法识别的时间“昨天”' },
    ]);
  });
});

import { creditCodeCheckChar, idCardCheckChar } from '@nongan/shared/entities/check-digits';
import { describe, expect, it } from 'vitest';
import type { Scope } from '../accounts/scope.ts';
import { DivisionIndex, type PlaceDivision } from '../regions/places.ts';
import { entityCells } from './export.ts';
import {
  columnPositions,
  duplicateRows,
  ExistingIndex,
  PlaceLookup,
  parseEntityRow,
  parseEntityRows,
  planImport,
  type RawRow,
} from './import.ts';
import type { EntityRow } from './repository.ts';
import { newEntityRow } from './service.ts';
import { cellText, ENTITY_COLUMNS, HEADERS, parseBool, parseIndustries } from './xlsx-columns.ts';

const div = (
  code: string,
  name: string,
  level: string,
  parentCode: string | null,
  formerName: string | null = null,
): PlaceDivision => ({
  code,
  name,
  level,
  parentCode,
  formerName,
  active: true,
});
const index = new DivisionIndex([
  div('500151', '铜梁区', 'district', null),
  div('500151101', '土桥镇', 'town', '500151'),
  div('500151004', '蒲吕街道', 'town', '500151', '蒲吕镇'),
  div('500151101201', '石桥村', 'village', '500151101'),
  div('500151101202', '龙泉村', 'village', '500151101'),
  div('50015110120101', '石桥第1网格', 'grid', '500151101201'),
  div('500151004001', '石桥社区', 'village', '500151004'),
]);
const places = new PlaceLookup(index);
const district: Scope = { kind: 'district', districtCode: '500151' };
const town: Scope = { kind: 'town', districtCode: '500151', townCode: '500151004' };

const credit = (n: number) => {
  const first17 = `93500151${String(n).padStart(9, '0')}`;
  return first17 + creditCodeCheckChar(first17);
};
const idCard = (n: number) => {
  const first17 = `50022419800101${String(n).padStart(3, '0')}`;
  return first17 + idCardCheckChar(first17);
};

let n = 0;
function raw(over: Record<string, unknown> = {}, row = ++n + 1): RawRow {
  const v: Record<string, unknown> = {
    名称: `测试合作社${n}`,
    类型: '农民专业合作社',
    统一社会信用代码: credit(n),
    '法定代表人/负责人': '张三',
    联系电话: 13800138000,
    地址: '重庆市铜梁区土桥镇1号',
    镇街: '土桥镇',
    行业: '蔬菜、水果',
    ...over,
  };
  return { row, cells: HEADERS.map((h) => v[h] ?? null) };
}

describe('cell values', () => {
  it('reads text, whole numbers in full, rich text and formula results', () => {
    expect(cellText(13800138000)).toBe('13800138000');
    expect(cellText('  a ')).toBe('a');
    expect(cellText({ richText: [{ text: '土桥' }, { text: '镇' }] })).toBe('土桥镇');
    expect(cellText({ formula: 'A1', result: 5 })).toBe('5');
    expect(cellText(null)).toBe('');
  });
  it('parses booleans and lists with either separator', () => {
    expect([parseBool('是'), parseBool('否'), parseBool(''), parseBool('Y'), parseBool('也许')]).toEqual([
      true,
      false,
      false,
      true,
      undefined,
    ]);
    expect(parseIndustries('蔬菜、fruit,畜牧，蔬菜')).toEqual({
      values: ['vegetables', 'fruit', 'livestock'],
      unknown: [],
    });
    expect(parseIndustries('蔬菜、石油').unknown).toEqual(['石油']);
  });
});

describe('header', () => {
  it('accepts the template columns in any order', () => {
    const shuffled = [...HEADERS].reverse();
    expect(columnPositions(shuffled)[0]).toBe(HEADERS.length - 1);
  });
  it('names missing and unexpected columns', () => {
    const h = HEADERS.filter((x) => x !== '地址').concat('颜色');
    expect(() => columnPositions(h)).toThrow(/缺少列：地址；多余列：颜色/);
  });
});

describe('row parsing', () => {
  it('turns labels into codes and places given by name, former name or code', () => {
    const r = parseEntityRow(
      raw({
        镇街: '蒲吕镇',
        村: '石桥社区',
        合格证试行: '是',
        风险等级: '高风险',
        主要产品: '白菜,萝卜、土豆',
      }),
      places,
      district,
    );
    expect(r).toMatchObject({
      input: {
        townCode: '500151004',
        villageCode: '500151004001',
        type: 'cooperative',
        phone: '13800138000',
        industries: ['vegetables', 'fruit'],
        mainProducts: ['白菜', '萝卜', '土豆'],
        certificateTrial: true,
      },
    });
    const byCode = parseEntityRow(
      raw({ 镇街: '500151101', 村: '500151101201', 网格: '石桥第1网格' }),
      places,
      district,
    );
    expect(byCode).toMatchObject({
      input: { townCode: '500151101', villageCode: '500151101201', gridCode: '50015110120101' },
    });
  });

  it('names the row and the Chinese column of each error', () => {
    const r = parseEntityRow(
      raw({ 类型: '大公司', 联系电话: '123', 镇街: '火星镇', 行业: '' }, 9),
      places,
      district,
    );
    expect('errors' in r && r.errors).toEqual([
      { row: 9, column: '类型', reason: '无法识别的类型：大公司' },
      { row: 9, column: '镇街', reason: '镇街不存在：火星镇' },
      { row: 9, column: '联系电话', reason: expect.stringContaining('123') },
      { row: 9, column: '行业', reason: '至少选择一个行业' },
    ]);
  });

  it('catches an ID card Excel stored as a rounded number', () => {
    const r = parseEntityRow(
      raw({ 类型: '散户', 统一社会信用代码: null, 身份证号: 500224198001010000 }),
      places,
      district,
    );
    expect('errors' in r && r.errors[0]).toMatchObject({
      column: '身份证号',
      reason: expect.stringContaining('文本'),
    });
  });

  it('keeps a town supervisor to its own town', () => {
    const r = parseEntityRow(raw({ 镇街: '土桥镇' }, 5), places, town);
    expect('errors' in r && r.errors).toEqual([
      { row: 5, column: '镇街', reason: expect.stringContaining('不在本人辖区') },
    ]);
    expect('input' in parseEntityRow(raw({ 镇街: '蒲吕街道' }), places, town)).toBe(true);
  });

  it('flags the later of two rows with the same credit code or ID card', async () => {
    const a = raw({}, 2);
    const b = raw({ 统一社会信用代码: a.cells[2], 名称: '别的名字' }, 3);
    const s1 = raw({ 类型: '散户', 统一社会信用代码: null, 身份证号: idCard(1), 名称: '甲散户' }, 4);
    const s2 = raw({ 类型: '散户', 统一社会信用代码: null, 身份证号: idCard(1), 名称: '乙散户' }, 5);
    const { rows, errors } = await parseEntityRows([a, b, s1, s2], places, district);
    expect(errors).toEqual([]);
    expect(await duplicateRows(rows)).toEqual([
      { row: 3, column: '统一社会信用代码', reason: '与第2行的统一社会信用代码重复' },
      { row: 5, column: '身份证号', reason: '与第4行的身份证号重复' },
    ]);
  });
});

describe('import plan', () => {
  const existingRow = (over: Partial<EntityRow> = {}): EntityRow => {
    const base = newEntityRow('500151', {
      name: '已有合作社',
      type: 'cooperative',
      creditCode: credit(900),
      legalRep: '张三',
      phone: '13800138000',
      address: '重庆市铜梁区土桥镇1号',
      townCode: '500151101',
      industries: ['vegetables'],
      mainProducts: [],
      certificateTrial: false,
      traceManaged: false,
    });
    return {
      ...base,
      active: true,
      version: 3,
      createdAt: new Date(),
      updatedAt: new Date(),
      ...over,
    } as EntityRow;
  };

  it('round-trips an exported row as unchanged, and a changed one as an update', async () => {
    const e = existingRow({ type: 'smallholder', creditCode: null, idCard: idCard(7), name: '王五' });
    const exported = { row: 2, cells: entityCells(e, index) };
    expect(exported.cells[ENTITY_COLUMNS.findIndex((c) => c.field === 'idCard')]).toMatch(/\*{8}/);
    const parsed = await parseEntityRows([exported], places, district);
    expect(parsed.errors).toEqual([]);
    const plan = await planImport('500151', district, parsed.rows, new ExistingIndex([e]));
    expect(plan).toMatchObject({ inserts: [], updates: [], unchanged: 1, errors: [] });

    const changed = await parseEntityRows(
      [{ row: 2, cells: entityCells({ ...e, phone: '13911112222' }, index) }],
      places,
      district,
    );
    const plan2 = await planImport('500151', district, changed.rows, new ExistingIndex([e]));
    expect(plan2.updates).toHaveLength(1);
    expect(plan2.updates[0]?.after).toMatchObject({ phone: '13911112222', idCard: idCard(7), version: 4 });
  });

  it('does not let a town supervisor take over another town’s record', async () => {
    const e = existingRow({ townCode: '500151101' });
    const r = await parseEntityRows(
      [raw({ 统一社会信用代码: e.creditCode, 镇街: '蒲吕街道' }, 4)],
      places,
      town,
    );
    const plan = await planImport('500151', town, r.rows, new ExistingIndex([e]));
    expect(plan.errors).toEqual([{ row: 4, column: null, reason: expect.stringContaining('辖区外') }]);
  });
});

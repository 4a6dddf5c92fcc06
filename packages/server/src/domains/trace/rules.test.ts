import { describe, expect, it } from 'vitest';
import { addDays, checkLotInputs, chinaDate, dayNumber, type LotCheck, testCoverage } from './rules.ts';

const errors = (r: LotCheck) => (r.ok ? [] : r.problems);

describe('calendar arithmetic', () => {
  it('is exact across months, years and leap days', () => {
    expect(addDays('2024-02-25', 10)).toBe('2024-03-06'); // 2024 has 29 February
    expect(addDays('2023-02-25', 10)).toBe('2023-03-07');
    expect(addDays('2023-12-20', 28)).toBe('2024-01-17');
    expect(dayNumber('2024-03-01')! - dayNumber('2024-02-28')!).toBe(2);
    expect(dayNumber('2024-01-01')! - dayNumber('2023-12-31')!).toBe(1);
  });

  it('refuses dates that do not exist or are not YYYY-MM-DD', () => {
    expect(dayNumber('2023-02-29')).toBeNull();
    expect(dayNumber('2024-13-01')).toBeNull();
    expect(dayNumber('2024-6-1')).toBeNull();
    expect(dayNumber('2024-06-01T00:00')).toBeNull();
  });

  it('takes the China calendar date of an instant (UTC+8)', () => {
    expect(chinaDate(new Date('2024-03-01T15:59:59Z'))).toBe('2024-03-01');
    expect(chinaDate(new Date('2024-03-01T16:00:00Z'))).toBe('2024-03-02');
    expect(chinaDate(new Date('2023-12-31T16:30:00Z'))).toBe('2024-01-01');
  });
});

describe('checkLotInputs: safety interval boundary', () => {
  // 阿维菌素 1.8%乳油 on 黄瓜: 安全间隔期 2 天 (GB/T 8321 table as reproduced)
  const lot = (harvestDate: string) =>
    checkLotInputs({
      product: '黄瓜',
      harvestDate,
      uses: [{ input: '阿维菌素', date: '2024-06-01', kind: 'pesticide', dose: '40 mL/亩', area: 2 }],
    });

  it('harvest exactly when the 2-day interval has run (2024-06-03) is allowed', () => {
    const r = lot('2024-06-03');
    expect(r.ok).toBe(true);
    expect(r.checked).toHaveLength(1);
    expect(r.checked[0]).toMatchObject({
      inputCode: 'abamectin',
      days: 2,
      daysSinceUse: 2,
      earliestDate: '2024-06-03',
    });
    expect(r.warnings).toEqual([]);
  });

  it('one day before (2024-06-02) is refused with the reason, basis and earliest date', () => {
    const r = lot('2024-06-02');
    expect(r.ok).toBe(false);
    const [p] = errors(r);
    expect(p).toMatchObject({
      severity: 'error',
      code: 'within_interval',
      field: 'uses[0].date',
      input: '阿维菌素',
      days: 2,
      daysSinceUse: 1,
      earliestDate: '2024-06-03',
    });
    expect(p?.reason).toContain('距末次施用1天，安全间隔期为2天（依据GB/T 8321');
    expect(p?.reason).toContain('最早可于2024-06-03采收');
  });

  it('the last of several uses counts', () => {
    const r = checkLotInputs({
      product: '黄瓜',
      harvestDate: '2024-06-10',
      uses: [
        { input: '阿维菌素', date: '2024-05-01' },
        { input: 'abamectin', date: '2024-06-09' },
      ],
    });
    expect(errors(r)[0]).toMatchObject({ code: 'within_interval', lastUse: '2024-06-09', uses: [0, 1] });
  });
});

describe('checkLotInputs: withdrawal periods', () => {
  // 土霉素 on 猪: 28 日 (农业部公告第278号, 土霉素注射液)
  it('slaughter across a year end: 28 days after 2023-12-20 is 2024-01-17', () => {
    const lot = (harvestDate: string) =>
      checkLotInputs({
        product: '猪肉',
        harvestDate,
        uses: [{ input: '土霉素', date: '2023-12-20', kind: 'vet_drug', animals: 12 }],
      });
    expect(lot('2024-01-17').ok).toBe(true);
    const refused = lot('2024-01-16');
    expect(errors(refused)[0]?.reason).toContain('距末次施用27天，休药期为28天（依据农业部公告第278号');
    expect(errors(refused)[0]?.earliestDate).toBe('2024-01-17');
  });

  it('across a leap day: 四环素 猪 10 日 after 2024-02-25 → 2024-03-06', () => {
    const r = checkLotInputs({
      product: 'pork',
      harvestDate: '2024-03-05',
      uses: [{ input: '四环素', date: '2024-02-25' }],
    });
    expect(errors(r)[0]?.earliestDate).toBe('2024-03-06');
  });

  it('category fallback: 土霉素 on 草鱼 uses the 水产动物 row (≥30 天)', () => {
    const r = checkLotInputs({
      product: '草鱼',
      harvestDate: '2024-07-30',
      uses: [{ input: '土霉素', date: '2024-07-01' }],
    });
    expect(errors(r)[0]).toMatchObject({ code: 'within_interval', days: 30, daysSinceUse: 29 });
  });
});

describe('checkLotInputs: banned inputs', () => {
  it('甲拌磷 on 普通白菜 is refused citing 农业部公告第199号, whatever the dates', () => {
    const r = checkLotInputs({
      product: '小白菜',
      harvestDate: '2024-06-30',
      uses: [{ input: '甲拌磷', date: '2024-03-01' }],
    });
    expect(r.ok).toBe(false);
    const [p] = errors(r);
    expect(p).toMatchObject({ code: 'banned', field: 'uses[0].input', inputCode: 'phorate' });
    expect(p?.reason).toContain('禁止用于蔬菜');
    expect(p?.reason).toContain('农业部公告第199号');
  });

  it('多菌灵 on 稻谷 is not banned and goes to the interval check', () => {
    const r = checkLotInputs({
      product: '稻谷',
      harvestDate: '2024-10-15',
      uses: [{ input: '多菌灵', date: '2024-09-01' }],
    });
    expect(r.ok).toBe(true);
    expect(r.checked[0]).toMatchObject({ inputCode: 'carbendazim', verification: 'checked' });
  });

  it('克伦特罗 (瘦肉精) on 猪肉 is refused citing 农业农村部公告第250号', () => {
    const r = checkLotInputs({
      product: '猪肉',
      harvestDate: '2024-06-30',
      uses: [{ input: '瘦肉精', date: '2024-01-01' }],
    });
    expect(errors(r)[0]?.reason).toContain('第250号');
  });

  it('氯霉素 on 鸡蛋 (第250号) and 四环素 on 鸡蛋 (第278号 产蛋期禁用) are refused', () => {
    const r = checkLotInputs({
      product: '鸡蛋',
      harvestDate: '2024-06-30',
      uses: [
        { input: '氯霉素', date: '2024-05-01' },
        { input: '四环素', date: '2024-05-01' },
      ],
    });
    const ps = errors(r);
    expect(ps.map((p) => p.inputCode)).toEqual(['chloramphenicol', 'tetracycline']);
    expect(ps[0]?.reason).toContain('第250号');
    expect(ps[1]?.reason).toContain('第278号');
    expect(ps[1]?.reason).toContain('产蛋期禁用');
  });

  it('a substance counted in a banned sum is refused (3-羟基克百威 → 克百威 on 豇豆)', () => {
    const r = checkLotInputs({
      product: '豇豆',
      harvestDate: '2024-06-30',
      uses: [{ input: '3-羟基克百威', date: '2024-05-01' }],
    });
    expect(errors(r)[0]?.code).toBe('banned');
  });
});

describe('checkLotInputs: cannot confirm', () => {
  it('an input without a known interval for the product is a warning, not a pass and not zero days', () => {
    const r = checkLotInputs({
      product: '橙',
      harvestDate: '2024-11-01',
      uses: [{ input: '草甘膦', date: '2024-10-31' }],
    });
    expect(r.ok).toBe(true);
    expect(r.checked).toEqual([]);
    expect(r.warnings[0]).toMatchObject({
      severity: 'warning',
      code: 'no_interval',
      inputCode: 'glyphosate',
      daysSinceUse: 1,
    });
    expect(r.warnings[0]?.reason).toContain('无已知安全间隔期');
  });

  it('an input the data set does not know is a warning', () => {
    const r = checkLotInputs({
      product: '猪肉',
      harvestDate: '2024-11-01',
      uses: [{ input: '神奇药水', date: '2024-10-01' }],
    });
    expect(r.warnings[0]).toMatchObject({ code: 'unknown_input', field: 'uses[0].input' });
    expect(r.warnings[0]?.reason).toContain('休药期');
  });

  it('a pesticide recorded on an animal product is flagged', () => {
    const r = checkLotInputs({
      product: '猪肉',
      harvestDate: '2024-11-01',
      uses: [{ input: '土霉素', date: '2024-09-01', kind: 'pesticide' }],
    });
    expect(r.ok).toBe(true);
    expect(r.warnings.map((w) => w.code)).toEqual(['kind_mismatch']);
  });
});

describe('checkLotInputs: invalid records', () => {
  it('a use dated after the harvest is an error', () => {
    const r = checkLotInputs({
      product: '黄瓜',
      harvestDate: '2024-06-01',
      uses: [{ input: '阿维菌素', date: '2024-06-02' }],
    });
    expect(errors(r)).toEqual([
      expect.objectContaining({ code: 'use_after_harvest', field: 'uses[0].date' }),
    ]);
  });

  it('bad dates, an unknown product and non-positive counts are errors', () => {
    expect(errors(checkLotInputs({ product: '黄瓜', harvestDate: '2024-02-30', uses: [] }))[0]?.field).toBe(
      'harvestDate',
    );
    expect(errors(checkLotInputs({ product: '火星菜', harvestDate: '2024-02-01', uses: [] }))[0]?.code).toBe(
      'unknown_product',
    );
    const r = checkLotInputs({
      product: '猪肉',
      harvestDate: '2024-06-01',
      uses: [
        { input: '土霉素', date: '2024/05/01' },
        { input: '土霉素', date: '2024-01-01', animals: 0 },
      ],
    });
    expect(errors(r).map((p) => p.field)).toEqual(['uses[0].date', 'uses[1].animals']);
  });

  it('a lot with no inputs on record passes', () => {
    expect(checkLotInputs({ product: '黄瓜', harvestDate: '2024-06-01', uses: [] })).toEqual({
      ok: true,
      checked: [],
      warnings: [],
    });
  });
});

describe('testCoverage: test what you used', () => {
  it('lists recorded inputs the tested items do not cover', () => {
    const r = testCoverage(['吡虫啉', '恩诺沙星', '磺胺间甲氧嘧啶', '吡虫啉'], ['吡虫啉', '磺胺类']);
    expect(r).toEqual([
      expect.objectContaining({ input: '恩诺沙星', inputCode: 'enrofloxacin', coveredBy: ['enrofloxacin'] }),
    ]);
  });

  it('a component does not cover its sum; the sum covers its components', () => {
    expect(testCoverage(['恩诺沙星'], ['环丙沙星'])).toHaveLength(1);
    expect(testCoverage(['环丙沙星'], ['恩诺沙星'])).toEqual([]);
    expect(testCoverage(['磺胺二甲嘧啶'], ['磺胺类（总量）'])).toEqual([]);
  });

  it('inputs outside the sampling analytes need their own test item; unknown inputs are reported', () => {
    const r = testCoverage(['氯虫苯甲酰胺', '神奇药水'], ['吡虫啉', '氯虫苯甲酰胺']);
    expect(r).toEqual([expect.objectContaining({ input: '神奇药水', inputCode: null })]);
    expect(testCoverage(['代森锰锌'], ['多菌灵'])[0]?.reason).toContain('代森锰锌');
  });

  it('an enzyme-inhibition class item covers organophosphate and carbamate inputs, not others', () => {
    const cls = '有机磷和氨基甲酸酯类';
    expect(testCoverage(['甲拌磷'], [cls])).toEqual([]);
    expect(testCoverage(['克百威'], [cls])).toEqual([]);
    const r = testCoverage(['吡虫啉', '甲拌磷'], [cls]);
    expect(r).toEqual([expect.objectContaining({ input: '吡虫啉', inputCode: 'imidacloprid' })]);
    // A class naming only one group covers only that group.
    expect(testCoverage(['克百威'], ['有机磷类'])).toHaveLength(1);
    expect(testCoverage(['甲拌磷'], ['吡虫啉'])[0]?.reason).toContain('有机磷和氨基甲酸酯类（快检）');
  });
});

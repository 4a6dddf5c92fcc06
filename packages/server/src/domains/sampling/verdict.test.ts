import { describe, expect, it } from 'vitest';
import { findProduct, type JudgeInput, judge, judgeSample, productPath, type Verdict } from './verdict.ts';

const j = (
  product: string,
  analyte: string,
  value: JudgeInput['value'],
  unit = 'mg/kg',
  extra: Partial<JudgeInput> = {},
) => judge({ product, analyte, value, unit, ...extra });

function expectVerdict<K extends Verdict['verdict']>(v: Verdict, kind: K): Extract<Verdict, { verdict: K }> {
  expect(v.verdict, JSON.stringify(v)).toBe(kind);
  return v as Extract<Verdict, { verdict: K }>;
}

describe('limits cited from the standards', () => {
  it('GB 2762-2022 4.1 铅 表1 芸薹类蔬菜 0.2 mg/kg: 结球甘蓝 0.21 fails, 0.19 passes', () => {
    const f = expectVerdict(j('结球甘蓝', '铅', 0.21), 'fail');
    expect(f.limit).toMatchObject({ limit: 0.2, unit: 'mg/kg', standard: 'GB 2762-2022', level: 1 });
    expect(f.limit.item).toContain('芸薹类蔬菜');
    expect(f.ratio).toBe(1.05);
    expect(f.passed).toBe(false);
    expect(expectVerdict(j('包菜', 'Pb', 0.19), 'pass').passed).toBe(true);
  });

  it('GB 2762-2022 4.2 镉 表2 稻谷、糙米、大米 0.2 mg/kg', () => {
    const v = expectVerdict(j('大米', '镉', 0.25), 'fail');
    expect(v.limit).toMatchObject({ limit: 0.2, via: { code: 'milled_rice' }, level: 0, fallback: false });
    expect(v.message).toContain('GB 2762-2022');
  });

  it('GB 2762-2022 4.2 镉 表2 芹菜 0.2 mg/kg (own row beats 叶菜蔬菜)', () => {
    expect(expectVerdict(j('芹菜', '镉', 0.15), 'pass').limit.via.code).toBe('celery');
  });

  it('GB 2762-2022 4.3 汞 表3 甲基汞 水产动物 0.5 mg/kg: total mercury below it passes as screening', () => {
    const v = expectVerdict(j('草鱼', '总汞', 0.3), 'pass');
    expect(v.screenedAgainst?.code).toBe('methylmercury');
    const over = expectVerdict(j('草鱼', '总汞', 0.6), 'no_limit');
    expect(over.reason).toBe('screening_inconclusive');
    expect(over.passed).toBeNull();
  });

  it('GB 2763-2021 溴氰菊酯 茶叶 10 mg/kg', () => {
    const v = expectVerdict(j('茶叶', '溴氰菊酯', 12), 'fail');
    expect(v.limit).toMatchObject({ limit: 10, standard: 'GB 2763-2021', item: '溴氰菊酯：茶叶' });
  });

  it('GB 31650-2019 4.1 恩诺沙星 猪 肌肉 100 μg/kg, judged from mg/kg input', () => {
    const v = expectVerdict(j('猪肉', '恩诺沙星', 0.12), 'fail');
    expect(v.limit).toMatchObject({ limit: 100, unit: 'μg/kg', limitMgKg: 0.1, standard: 'GB 31650-2019' });
    expect(v.message).toContain('120 μg/kg > 限量 100 μg/kg');
  });
});

describe('category fallback', () => {
  it('豇豆 has no own 溴氰菊酯 row and uses GB 2763-2021 溴氰菊酯：豆类蔬菜 0.2 mg/kg', () => {
    const v = expectVerdict(j('豇豆', '溴氰菊酯', 0.1), 'pass');
    expect(v.limit).toMatchObject({
      via: { code: 'legume_vegetable', name: '豆类蔬菜' },
      level: 1,
      fallback: true,
    });
    expect(v.message).toContain('按上级类别“豆类蔬菜”的限量判定');
  });

  it('鲫鱼 walks three levels up to GB 2762-2022 4.1 铅 鱼类 0.5 mg/kg', () => {
    const v = expectVerdict(j('鲫鱼', '铅', 0.4), 'pass');
    expect(v.limit).toMatchObject({ via: { code: 'fish' }, level: 2 });
  });

  it('猪肝 takes GB 2762-2022 4.1 铅 可食用畜禽下水 0.5, not 肉类 0.2', () => {
    expect(expectVerdict(j('猪肝', '铅', 0.3), 'pass').limit.via.code).toBe('edible_offal');
    expect(expectVerdict(j('猪肉', '铅', 0.3), 'fail').limit.via.code).toBe('meat_category');
  });

  it('a “除外” sub-category does not inherit: 大米 is excluded from GB 2762 4.2 谷物（稻谷除外）镉 0.1', () => {
    expect(expectVerdict(j('玉米', '镉', 0.15), 'fail').limit.limit).toBe(0.1);
    expect(expectVerdict(j('大米', '镉', 0.15), 'pass').limit.limit).toBe(0.2);
  });

  it('productPath shows the hierarchy', () => {
    const p = findProduct('小白菜');
    expect(p && productPath(p)).toBe('食品 › 植物性农产品 › 蔬菜 › 叶菜类蔬菜 › 普通白菜');
  });
});

describe('banned and prohibited substances', () => {
  it('克伦特罗 in pork fails at any level (农业农村部公告第250号)', () => {
    const v = expectVerdict(j('猪肉', '克伦特罗', 0.05, 'μg/kg'), 'banned');
    expect(v.passed).toBe(false);
    expect(v.prohibition.basis).toContain('第250号');
    expect(v.mrl).toBeNull();
  });

  it('氯霉素 and 孔雀石绿 in fish fail', () => {
    expectVerdict(j('草鱼', '氯霉素', 0.3, 'μg/kg'), 'banned');
    expectVerdict(j('鲤鱼', 'malachite green', 1, 'ppb'), 'banned');
    expectVerdict(j('鲤鱼', '隐色孔雀石绿', 1, 'ppb'), 'banned');
  });

  it('甲胺磷 on a vegetable fails even below the GB 2763-2021 MRL, which is reported', () => {
    const v = expectVerdict(j('菠菜', '甲胺磷', 0.01), 'banned');
    expect(v.mrl).toMatchObject({ limit: 0.05, standard: 'GB 2763-2021' });
    expect(v.exceedsMrl).toBe(false);
  });

  it('a restriction applies only on its categories: 毒死蜱 banned on vegetables (2032号), judged by MRL on tea', () => {
    expectVerdict(j('黄瓜', '毒死蜱', 0.01), 'banned');
    expect(expectVerdict(j('茶叶', '毒死蜱', 1.5), 'pass').limit.limit).toBe(2);
    expectVerdict(j('茶叶', '氰戊菊酯', 0.05), 'banned');
  });

  it('a component of a banned sum is banned too: 3-羟基克百威 on 豇豆', () => {
    const v = expectVerdict(j('豇豆', '3-羟基克百威', 0.005), 'banned');
    expect(v.prohibition.analyte.code).toBe('carbofuran');
  });

  it('恩诺沙星 in eggs fails (GB 31650-2019: 产蛋期禁用)', () => {
    expectVerdict(j('鸡蛋', '恩诺沙星', 2, 'μg/kg'), 'banned');
  });

  it('a banned substance not detected passes', () => {
    const v = expectVerdict(j('猪肉', '克伦特罗', 'ND', 'μg/kg'), 'not_detected');
    expect(v.passed).toBe(true);
    expect(v.prohibition?.basis).toContain('第250号');
  });
});

describe('boundaries and detection', () => {
  it('a value exactly at the limit passes (GB 2762-2022 4.1 铅 叶菜蔬菜 0.3 mg/kg)', () => {
    expect(expectVerdict(j('菠菜', '铅', 0.3), 'pass').ratio).toBe(1);
    expectVerdict(j('菠菜', '铅', 0.300001), 'fail');
  });

  it('exactly at a μg/kg limit given in mg/kg passes (恩诺沙星 猪 肌肉 100 μg/kg)', () => {
    expectVerdict(j('猪肉', '恩诺沙星', 0.1, 'mg/kg'), 'pass');
    expectVerdict(j('猪肉', '恩诺沙星', 100, 'ppb'), 'pass');
    expectVerdict(j('猪肉', '恩诺沙星', 100.1, 'µg/kg'), 'fail');
  });

  it('μg/kg input is normalised against a mg/kg limit', () => {
    const v = expectVerdict(j('大白菜', '镉', 150, 'μg/kg'), 'pass');
    expect(v.result).toMatchObject({ value: 150, unit: 'μg/kg', valueMgKg: 0.15 });
    expectVerdict(j('大白菜', '镉', 201, 'ug/kg'), 'fail');
  });

  it('ND, null, 0 and a value below the LOD are not detected', () => {
    for (const value of ['ND', '未检出', null, 0])
      expectVerdict(j('番茄', '溴氰菊酯', value), 'not_detected');
    const v = expectVerdict(
      j('番茄', '溴氰菊酯', 0.004, 'mg/kg', { lod: 5, lodUnit: 'μg/kg' }),
      'not_detected',
    );
    expect(v.result.lodMgKg).toBe(0.005);
    expectVerdict(j('番茄', '溴氰菊酯', 0.005, 'mg/kg', { lod: 5, lodUnit: 'μg/kg' }), 'pass');
  });

  it('warns when the LOD is above the limit', () => {
    const v = expectVerdict(j('马铃薯', '溴氰菊酯', 'ND', 'mg/kg', { lod: 0.02 }), 'not_detected');
    expect(v.warning).toContain('高于限量');
  });
});

describe('no applicable limit', () => {
  it('is reported as no_limit, never as a pass', () => {
    const v = expectVerdict(j('黄瓜', '吡虫啉', 0.3), 'no_limit');
    expect(v.passed).toBeNull();
    expect(v.reason).toBe('no_limit');
    expect(v.message).toContain('无适用限量');
  });

  it('GB 2762 sets no mercury limit for fresh fruit', () => {
    expectVerdict(j('葡萄', '总汞', 0.001), 'no_limit');
  });

  it('a sum component alone is not judged as a pass', () => {
    const v = expectVerdict(j('猪肝', '环丙沙星', 50, 'μg/kg'), 'no_limit');
    expect(v.reason).toBe('component_of_sum');
    expectVerdict(j('猪肉', '环丙沙星', 150, 'μg/kg'), 'fail');
  });
});

describe('refused input', () => {
  it('unknown product, analyte and unit each give field and Chinese reason', () => {
    const v = expectVerdict(j('榴莲', '神秘农药', 1, 'mg/L'), 'error');
    expect(v.errors.map((e) => e.field)).toEqual(['product', 'analyte', 'unit']);
    expect(v.errors[0]?.reason).toContain('未知产品“榴莲”');
    expect(v.errors[1]?.reason).toContain('未知检测项目“神秘农药”');
    expect(v.errors[2]).toEqual({ field: 'unit', reason: '单位“mg/L”不适用于固体样品，应为 mg/kg 或 μg/kg' });
  });

  it('refuses %, negative values, non-numbers and a bad LOD', () => {
    expect(expectVerdict(j('大米', '镉', 0.1, '%'), 'error').errors[0]?.field).toBe('unit');
    expect(expectVerdict(j('大米', '镉', -0.1), 'error').errors[0]).toEqual({
      field: 'value',
      reason: '检测值不能为负数',
    });
    expect(expectVerdict(j('大米', '镉', 'abc'), 'error').errors[0]?.field).toBe('value');
    expect(expectVerdict(j('大米', '镉', 0.1, 'mg/kg', { lod: -1 }), 'error').errors[0]?.field).toBe('lod');
    expect(
      expectVerdict(j('大米', '镉', 0.1, 'mg/kg', { lod: 1, lodUnit: 'mg/L' }), 'error').errors[0]?.field,
    ).toBe('lodUnit');
  });
});

describe('judgeSample sums', () => {
  it('GB 31650-2019 恩诺沙星（恩诺沙星与环丙沙星之和）猪 肌肉 100 μg/kg: 60 + 50 fails', () => {
    const s = judgeSample('猪肉', [
      { analyte: '恩诺沙星', value: 60, unit: 'μg/kg' },
      { analyte: '环丙沙星', value: 50, unit: 'μg/kg' },
    ]);
    expect(s.results.map((r) => r.verdict)).toEqual(['pass', 'no_limit']);
    expect(s.sums).toHaveLength(1);
    const sum = expectVerdict(s.sums[0] as Verdict, 'fail');
    expect(sum.result.valueMgKg).toBe(0.11);
    expect(s.sums[0]?.components.map((c) => c.code)).toEqual(['enrofloxacin', 'ciprofloxacin']);
    expect(s.passed).toBe(false);
  });

  it('passes when every result and sum conforms, and is undecided with a no_limit result', () => {
    const ok = judgeSample('猪肉', [
      { analyte: '恩诺沙星', value: 'ND', unit: 'μg/kg' },
      { analyte: '环丙沙星', value: 40, unit: 'μg/kg' },
      { analyte: '铅', value: 0.05, unit: 'mg/kg' },
    ]);
    expect(ok.passed).toBe(true);
    const open = judgeSample('黄瓜', [{ analyte: '吡虫啉', value: 0.1, unit: 'mg/kg' }]);
    expect(open.passed).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { findProduct, type JudgeInput, judge, judgeSample, productPath, type Verdict } from './verdict.ts';

// Every case below uses a row of reference/limits.csv or bans.csv; the comment names the row's
// standard, item and source so a reader can check the number where it came from.

const j = (
  product: string,
  analyte: string,
  value: JudgeInput['value'],
  date: string,
  unit = 'mg/kg',
  extra: Partial<JudgeInput> = {},
) => judge({ product, analyte, value, unit, date, ...extra });

function expectVerdict<K extends Verdict['verdict']>(v: Verdict, kind: K): Extract<Verdict, { verdict: K }> {
  expect(v.verdict, JSON.stringify(v)).toBe(kind);
  return v as Extract<Verdict, { verdict: K }>;
}
const limitOf = (v: Verdict) => {
  if (v.verdict === 'error' || v.verdict === 'no_limit' || !v.limit) throw new Error(JSON.stringify(v));
  return v.limit;
};

describe('at the limit passes, above fails', () => {
  // GB 2763-2021 噻虫胺：豇豆 0.01 mg/kg (淄川区抽检通告2022年第35期).
  it('噻虫胺 on 豇豆 sampled 2024: 0.01 passes, 0.011 fails', () => {
    const pass = expectVerdict(j('豇豆', '噻虫胺', 0.01, '2024-06-01'), 'pass');
    expect(pass.limit).toMatchObject({ limit: 0.01, standard: 'GB 2763-2021', fallback: false });
    expect(pass.limit.edition).toEqual({
      inForce: ['GB 2763-2021', 'GB 2763.1-2022'],
      used: 'GB 2763-2021',
      provisional: false,
    });
    const fail = expectVerdict(j('豇豆', '噻虫胺', 0.011, '2024-06-01'), 'fail');
    expect(fail.ratio).toBe(1.1);
    expect(fail.message).toContain('GB 2763-2021 噻虫胺：豇豆');
  });

  // GB 2762-2025 4.1 铅 表1：芸薹类蔬菜 0.2 mg/kg (standard text).
  it('铅 on 结球甘蓝 sampled after 2026-09-02 is judged under GB 2762-2025', () => {
    const f = expectVerdict(j('包菜', 'Pb', 0.21, '2026-10-01'), 'fail');
    expect(f.limit).toMatchObject({ limit: 0.2, standard: 'GB 2762-2025', level: 1 });
    expect(expectVerdict(j('结球甘蓝', '铅', 0.2, '2026-10-01'), 'pass').passed).toBe(true);
  });
});

describe('the edition in force on the sampling day', () => {
  // 腐霉利：韭菜 0.2 under GB 2763-2019 (市场监管总局2020年5月通告); 5 under GB 2763.1-2022.
  it('腐霉利 on 韭菜: 0.2 in 2020, 5 once GB 2763.1-2022 is in force', () => {
    const v2020 = expectVerdict(j('韭菜', '腐霉利', 1, '2020-06-01'), 'fail');
    expect(v2020.limit).toMatchObject({ limit: 0.2, standard: 'GB 2763-2019' });
    expect(v2020.limit?.edition.provisional).toBe(false);
    const v2024 = expectVerdict(j('韭菜', '腐霉利', 1, '2024-01-10'), 'pass');
    expect(v2024.limit).toMatchObject({ limit: 5, standard: 'GB 2763.1-2022' });
  });

  it('a pair the edition in force does not hold is judged provisionally, naming both editions', () => {
    // No GB 2763-2026 row for 甲基异柳磷 on 豇豆 or its categories is loaded; GB 2763-2021 stands in.
    const v = expectVerdict(j('豇豆', '甲基异柳磷', 0.02, '2026-06-01'), 'fail');
    expect(v.limit?.edition).toEqual({ inForce: ['GB 2763-2026'], used: 'GB 2763-2021', provisional: true });
    expect(v.message).toContain('暂判');
    expect(v.message).toContain('GB 2763-2026');
    // 倍硫磷：辣椒 0.05 is loaded for GB 2763-2021 only (临邑县通告, 2023).
    const s = judgeSample(
      '辣椒',
      [{ analyte: '倍硫磷', value: 0.01, unit: 'mg/kg' }],
      undefined,
      '2026-06-01',
    );
    expect(s.provisional).toBe(true);
    expect(s.passed).toBe(true);
  });

  it('a pair the 2026 edition holds is judged under it, not provisionally', () => {
    // GB 2763-2026 噻虫胺：辣椒 0.05 (浙江-2026-第22期, 2026-06-24).
    const v = expectVerdict(j('辣椒', '噻虫胺', 0.05, '2026-07-01'), 'pass');
    expect(v.limit.edition).toEqual({ inForce: ['GB 2763-2026'], used: 'GB 2763-2026', provisional: false });
  });
});

describe('use bans are leads, not verdicts (禁限用药物检出)', () => {
  // 甲拌磷：韭菜 0.01 (GB 2763-2026, 山东 2026-07-29 通告); 农业部公告第199号: not on vegetables.
  it('甲拌磷 on 韭菜 under its limit passes and carries the lead', () => {
    const v = expectVerdict(j('韭菜', '甲拌磷', 0.005, '2026-08-01'), 'pass');
    expect(v.lead?.kind).toBe('use_ban');
    expect(v.lead?.message).toContain('禁限用药物检出');
    expect(v.lead?.basis).toMatch(/第199号|第536号/);
    const over = expectVerdict(j('韭菜', '甲拌磷', 0.02, '2026-08-01'), 'fail');
    expect(over.lead).not.toBeNull();
  });

  // 克百威：豇豆 0.02 (GB 2763-2021, 安徽-2026-第2期 2026-01-14).
  it('克百威 on 豇豆 exactly at its limit passes with the lead; not detected has no lead', () => {
    const v = expectVerdict(j('豇豆', '克百威', 0.02, '2025-05-01'), 'pass');
    expect(v.lead?.scope.code).toBe('vegetable');
    const s = judgeSample(
      '豇豆',
      [{ analyte: '克百威', value: 0.01, unit: 'mg/kg' }],
      undefined,
      '2025-05-01',
    );
    expect(s.passed).toBe(true);
    expect(s.leads.map((l) => l.analyteCode)).toEqual(['carbofuran']);
    expect(expectVerdict(j('豇豆', '克百威', 'ND', '2025-05-01'), 'not_detected').lead).toBeNull();
  });

  it('a ban applies from its own date: 水胺硫磷 is banned everywhere only from 2024-09-01 (公告第536号)', () => {
    const before = j('韭菜', '水胺硫磷', 0.01, '2024-08-01');
    const after = j('韭菜', '水胺硫磷', 0.01, '2024-09-02');
    expect(before.verdict !== 'error' && before.lead).toBeNull();
    expect(after.verdict !== 'error' && after.lead?.basis).toContain('第536号');
  });
});

describe('substances that must not be detected (不得检出)', () => {
  it('克伦特罗 in pork fails at any level (农业农村部公告第250号 序号2)', () => {
    const v = expectVerdict(j('猪肉', '克伦特罗', 0.05, '2025-01-01', 'μg/kg'), 'fail');
    expect(v.verdict === 'fail' && v.basis).toBe('not_detectable');
    expect(v.verdict === 'fail' && v.basis === 'not_detectable' && v.prohibition.basis).toContain('第250号');
    expect(v.passed).toBe(false);
  });

  it('氯霉素 in 鲫鱼, and 隐色孔雀石绿 through the sum it belongs to, fail', () => {
    expectVerdict(j('鲫鱼', '氯霉素', 0.3, '2025-01-01', 'μg/kg'), 'fail');
    const v = expectVerdict(j('草鱼', '隐色孔雀石绿', 1, '2025-01-01', 'ppb'), 'fail');
    expect(v.verdict === 'fail' && v.basis === 'not_detectable' && v.prohibition.analyte.code).toBe(
      'malachite_green',
    );
  });

  it('氧氟沙星 in chicken fails from 2016-12-31 (农业部公告第2292号)', () => {
    expectVerdict(j('鸡肉', '氧氟沙星', 1, '2025-01-01', 'μg/kg'), 'fail');
  });

  it('not detected passes', () => {
    const v = expectVerdict(j('猪肉', '克伦特罗', 'ND', '2025-01-01', 'μg/kg'), 'not_detected');
    expect(v.passed).toBe(true);
    expect(v.prohibition?.kind).toBe('not_detectable');
  });

  it('氟苯尼考 in eggs: 不得检出 under GB 31650-2019 until GB 31650.1-2022 set 10 μg/kg', () => {
    expectVerdict(j('鸡蛋', '氟苯尼考', 5, '2022-06-01', 'μg/kg'), 'fail');
    const v = expectVerdict(j('鸡蛋', '氟苯尼考', 5, '2024-06-01', 'μg/kg'), 'pass');
    expect(v.limit).toMatchObject({ limit: 10, unit: 'μg/kg', standard: 'GB 31650.1-2022' });
  });
});

describe('categories and their exceptions', () => {
  // GB 2763-2021 甲基异柳磷：豆类蔬菜 0.01 (启东市抽检公告2024年第2期).
  it('豇豆 without its own row takes the 豆类蔬菜 row, two levels up (via 荚可食类豆类蔬菜)', () => {
    const v = expectVerdict(j('豇豆', '甲基异柳磷', 0.005, '2024-06-01'), 'pass');
    expect(v.limit).toMatchObject({ via: { code: 'legume_vegetable' }, level: 2, fallback: true });
    expect(v.message).toContain('按上级类别“豆类蔬菜”的限量判定');
  });

  // GB 2762-2025 4.2 镉 表2: 新鲜蔬菜（叶菜蔬菜、豆类蔬菜、块根和块茎蔬菜、茎类蔬菜、黄花菜除外）0.05; 叶菜蔬菜 0.2.
  it('a “除外” category keeps its own row: 番茄 0.05 from 新鲜蔬菜, 菠菜 0.2 from 叶菜蔬菜, 芹菜 0.2', () => {
    expect(limitOf(j('番茄', '镉', 0.01, '2026-10-01')).via.code).toBe('vegetable');
    expect(limitOf(j('菠菜', '镉', 0.1, '2026-10-01'))).toMatchObject({
      limit: 0.2,
      via: { code: 'leafy_vegetable' },
    });
    expect(limitOf(j('芹菜', '镉', 0.1, '2026-10-01'))).toMatchObject({
      limit: 0.2,
      via: { code: 'celery' },
    });
  });

  // GB 2762-2025 4.1 铅 表1: 鳞茎类 are not among the exceptions, so 韭菜 takes 新鲜蔬菜 0.1.
  it('bulb vegetables take the fresh-vegetable lead limit', () => {
    expect(limitOf(j('韭菜', '铅', 0.05, '2026-10-01'))).toMatchObject({
      limit: 0.1,
      via: { code: 'vegetable' },
    });
  });

  // GB 2762-2025 4.3 汞 表3: 甲基汞 水产动物（肉食性鱼类除外）0.5; 肉食性鱼类 1.0.
  it('carnivorous fish take the methylmercury 1.0 row; 草鱼 takes 0.5', () => {
    expect(limitOf(j('乌鳢', '甲基汞', 0.8, '2026-10-01'))).toMatchObject({
      limit: 1,
      via: { code: 'predatory_fish' },
    });
    expectVerdict(j('草鱼', '甲基汞', 0.8, '2026-10-01'), 'fail');
  });

  it('total mercury below the methylmercury limit passes as screening; above it cannot be judged', () => {
    expect(expectVerdict(j('草鱼', '总汞', 0.3, '2026-10-01'), 'pass').screenedAgainst?.code).toBe(
      'methylmercury',
    );
    expect(expectVerdict(j('草鱼', '总汞', 0.6, '2026-10-01'), 'no_limit').reason).toBe(
      'screening_inconclusive',
    );
  });

  it('productPath shows the hierarchy', () => {
    const p = findProduct('小白菜');
    expect(p && productPath(p)).toBe('食品 › 植物性农产品 › 蔬菜 › 叶菜类蔬菜 › 普通白菜');
  });
});

describe('summed residues and units', () => {
  // GB 31650-2019 恩诺沙星（恩诺沙星与环丙沙星之和）：鱼 皮+肉 100 μg/kg (浙江-2026-第1期 etc.).
  it('恩诺沙星 60 + 环丙沙星 50 μg/kg in 草鱼 fails as a sum', () => {
    const s = judgeSample(
      '草鱼',
      [
        { analyte: '恩诺沙星', value: 60, unit: 'μg/kg' },
        { analyte: '环丙沙星', value: 50, unit: 'μg/kg' },
      ],
      undefined,
      '2025-01-01',
    );
    expect(s.passed).toBe(false);
    expect(s.sums[0]).toMatchObject({ verdict: 'fail', analyte: { code: 'enrofloxacin' } });
    const sum = s.sums[0];
    expect(sum && sum.verdict !== 'error' && sum.result.valueMgKg).toBe(0.11);
  });

  it('a limit in μg/kg is met exactly by the same amount in mg/kg', () => {
    const v = expectVerdict(j('鲤鱼', '恩诺沙星', 0.1, '2025-01-01'), 'pass');
    expect(v.limit).toMatchObject({ limit: 100, unit: 'μg/kg', limitMgKg: 0.1 });
  });

  it('a sum component alone is not judged as a pass', () => {
    const v = expectVerdict(j('草鱼', '环丙沙星', 0.05, '2025-01-01'), 'no_limit');
    expect(v.reason).toBe('component_of_sum');
  });
});

describe('no limit stays visible', () => {
  it('黄瓜 噻虫胺 has no loaded limit: no_limit, never a pass, naming the partly loaded edition', () => {
    const v = expectVerdict(j('黄瓜', '噻虫胺', 0.01, '2026-06-01'), 'no_limit');
    expect(v.passed).toBeNull();
    expect(v.partialEditions).toEqual(['GB 2763-2026']);
    expect(v.message).toContain('数据缺口');
  });

  it('warns when the LOD is above the limit', () => {
    const v = expectVerdict(j('豇豆', '噻虫胺', 'ND', '2024-06-01', 'mg/kg', { lod: 0.02 }), 'not_detected');
    expect(v.warning).toContain('高于限量');
  });
});

describe('refused input', () => {
  it('unknown product, analyte and unit each give field and Chinese reason', () => {
    const v = judge({ product: '榴莲干', analyte: '未知物', value: 1, unit: 'mg/L' });
    expect(v.verdict).toBe('error');
    if (v.verdict !== 'error') return;
    expect(v.errors.map((e) => e.field).sort()).toEqual(['analyte', 'product', 'unit']);
  });

  it('refuses negative values and non-numbers', () => {
    expect(judge({ product: '豇豆', analyte: '噻虫胺', value: -1, unit: 'mg/kg' }).verdict).toBe('error');
    expect(judge({ product: '豇豆', analyte: '噻虫胺', value: 'abc', unit: 'mg/kg' }).verdict).toBe('error');
  });
});

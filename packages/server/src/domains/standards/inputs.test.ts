import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  buildInputs,
  findInput,
  INPUT_VERIFICATIONS,
  INPUTS_VERSION,
  InputDataError,
  inputData,
  intervalFor,
  kindForProduct,
  listInputs,
  useProhibition,
} from './inputs.ts';
import { ancestry, findAnalyte, reference } from './reference.ts';

const dir = new URL('./inputs/', import.meta.url);
const file = (n: string) => readFileSync(new URL(n, dir), 'utf8');
const files = () => ({
  version: file('VERSION'),
  substances: file('substances.csv'),
  intervals: file('intervals.csv'),
  prohibitions: file('prohibitions.csv'),
});
const INTERVAL_HEADER = 'input,name,kind,product,days,basis,item,verification,notes';

function buildError(patch: Partial<ReturnType<typeof files>>): InputDataError {
  try {
    buildInputs({ ...files(), ...patch });
  } catch (e) {
    if (e instanceof InputDataError) return e;
    throw e;
  }
  throw new Error('expected an InputDataError');
}

describe('data integrity', () => {
  it('has a version and a non-trivial number of rows', () => {
    expect(INPUTS_VERSION).toMatch(/^\d{4}\.\d+$/);
    expect(inputData.intervals.length).toBeGreaterThanOrEqual(30);
  });

  it('every row: product in the sampling reference, positive whole days, basis and item, known input', () => {
    for (const r of inputData.intervals) {
      const where = `intervals.csv line ${r.line}`;
      expect(reference.products.has(r.product), where).toBe(true);
      expect(Number.isInteger(r.days) && r.days > 0, where).toBe(true);
      expect(r.basis.trim(), where).not.toBe('');
      expect(r.item.trim(), where).not.toBe('');
      expect(INPUT_VERIFICATIONS, where).toContain(r.verification);
      const input = findInput(r.input);
      expect(input?.code, where).toBe(r.input);
      expect(input?.name, where).toBe(r.name);
      expect(kindForProduct(r.product), where).toBe(r.kind);
      // no interval row for a use that is banned outright
      expect(useProhibition(r.input, r.product), where).toBeNull();
    }
  });

  it('has no duplicate (input, product) rows', () => {
    const keys = inputData.intervals.map((r) => `${r.input}|${r.product}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('reuses sampling analyte codes: substances.csv never re-declares an analyte', () => {
    for (const s of inputData.substances.values()) {
      expect(findAnalyte(s.code), s.code).toBeUndefined();
      expect(findAnalyte(s.name), s.name).toBeUndefined();
      for (const a of s.aliases) expect(findAnalyte(a), a).toBeUndefined();
      if (s.partOf) expect(reference.analytes.has(s.partOf)).toBe(true);
    }
    const fromSampling = new Set(
      inputData.intervals.filter((r) => reference.analytes.has(r.input)).map((r) => r.input),
    );
    for (const code of ['abamectin', 'acetamiprid', 'oxytetracycline', 'doxycycline'])
      expect(fromSampling.has(code), code).toBe(true);
  });

  it('use prohibitions name known inputs and products and cite a basis', () => {
    for (const r of inputData.prohibitions) {
      expect(findInput(r.input)?.code).toBe(r.input);
      expect(reference.products.has(r.product)).toBe(true);
      expect(r.basis).not.toBe('');
      expect(r.item).not.toBe('');
    }
  });

  it('covers the district’s common inputs on its main products', () => {
    for (const [input, product] of [
      ['阿维菌素', '黄瓜'],
      ['啶虫脒', '黄瓜'],
      ['高效氯氟氰菊酯', '结球甘蓝'],
      ['氯氰菊酯', '辣椒'],
      ['溴氰菊酯', '普通白菜'],
      ['百菌清', '番茄'],
      ['多菌灵', '稻谷'],
      ['土霉素', '猪肉'],
      ['多西环素', '猪肉'],
      ['阿莫西林', '猪肉'],
      ['土霉素', '草鱼'],
    ] as const) {
      expect(intervalFor(input, product), `${input} on ${product}`).not.toBeNull();
    }
  });
});

describe('intervals cited from their sources', () => {
  const days = (input: string, product: string) => intervalFor(input, product)?.days;

  it('阿维菌素 on 黄瓜: 2 days (GB/T 8321 table as reproduced: 1.8%乳油 黄瓜 美洲斑潜蝇)', () => {
    const r = intervalFor('阿维菌素', '黄瓜');
    expect(r?.days).toBe(2);
    expect(r?.level).toBe(0);
    expect(r?.row.verification).toBe('checked');
    expect(r?.citation).toContain('GB/T 8321');
  });

  it('阿维菌素 on 豇豆 5 days, on 柑橘 14 days (same GB/T 8321 table)', () => {
    expect(days('abamectin', 'cowpea')).toBe(5);
    expect(days('abamectin', 'citrus_fruit')).toBe(14);
  });

  it('啶虫脒 on 黄瓜: 2 days, the longer of 20%乳油 (2) and 20%可溶粉剂 (1)', () => {
    expect(days('啶虫脒', '黄瓜')).toBe(2);
  });

  it('噻嗪酮 on 柑橘 35 days and on 水稻 14 days (GB/T 8321 table: 25%可湿性粉剂)', () => {
    expect(days('噻嗪酮', '柑橘')).toBe(35);
    expect(days('扑虱灵', '稻谷')).toBe(14);
  });

  it('多菌灵 on 稻谷: 30 days (农药检定所汇总 水稻常用农药: 50%可湿性粉剂)', () => {
    expect(days('多菌灵', '水稻')).toBe(30);
  });

  it('土霉素 on 猪肉: 28 days (农业部公告第278号: 土霉素注射液 牛、羊、猪28日), 禽 5, 弃蛋期 2', () => {
    const r = intervalFor('土霉素', '猪肉');
    expect(r?.days).toBe(28);
    expect(r?.row.basis).toContain('第278号');
    expect(days('土霉素', '鸡肉')).toBe(5);
    expect(days('土霉素', '鸡蛋')).toBe(2);
  });

  it('四环素: 猪 10日, 鸡 4日 (农业部公告第278号: 四环素片)', () => {
    expect(days('四环素', '猪肉')).toBe(10);
    expect(days('四环素', '鸡肉')).toBe(4);
    expect(days('四环素', '鸭肉')).toBeUndefined(); // the row says 鸡, not 禽
  });

  it('多西环素 on 猪肉 and 鸡肉: 28 days (说明书 盐酸多西环素可溶性粉)', () => {
    expect(days('强力霉素', '猪肉')).toBe(28);
    expect(days('doxycycline', 'chicken')).toBe(28);
  });

  it('敌百虫 on 草鱼: 10 days (常用渔药的休药期: 敌百虫 90%晶体 ≥10天)', () => {
    expect(days('敌百虫', '草鱼')).toBe(10);
  });

  it('holds no row from memory: every interval and prohibition was seen in a source', () => {
    for (const r of inputData.intervals)
      expect(r.verification, `intervals.csv line ${r.line}`).toBe('checked');
    for (const r of inputData.prohibitions)
      expect(r.verification, `prohibitions.csv line ${r.line}`).toBe('checked');
  });
});

describe('category fallback', () => {
  it('a product without its own row uses its category’s: 阿维菌素 on 普通白菜 → 叶菜类蔬菜 7 days', () => {
    const r = intervalFor('阿维菌素', '小白菜');
    expect(r?.days).toBe(7);
    expect(r?.via.code).toBe('leafy_vegetable');
    expect(r?.level).toBe(1);
  });

  it('walks several levels: 溴氰菊酯 on 番茄 → 蔬菜 (2 levels up)', () => {
    const r = intervalFor('溴氰菊酯', '番茄');
    expect(r?.days).toBe(2);
    expect(r?.via.code).toBe('vegetable');
    expect(r?.level).toBe(2);
  });

  it('aquatic rows reach fish and crayfish: 磺胺间甲氧嘧啶 on 鲫鱼 and 小龙虾 → 水产动物 30 days', () => {
    expect(intervalFor('磺胺间甲氧嘧啶', '鲫鱼')?.via.code).toBe('aquatic_animal');
    expect(intervalFor('磺胺间甲氧嘧啶', '小龙虾')?.days).toBe(30);
  });

  it('the nearest row wins over a category row', () => {
    const data = buildInputs({
      ...files(),
      intervals: [
        INTERVAL_HEADER,
        'abamectin,阿维菌素,pesticide,vegetable,9,test basis,test item,recall,',
        'abamectin,阿维菌素,pesticide,cucumber,2,test basis,test item,recall,',
      ].join('\n'),
    });
    expect(intervalFor('阿维菌素', '黄瓜', data)?.days).toBe(2);
    expect(intervalFor('阿维菌素', '番茄', data)?.days).toBe(9);
  });

  it('unknown is null, never zero: no row, unknown input, unknown product', () => {
    expect(intervalFor('草甘膦', '橙')).toBeNull();
    expect(intervalFor('阿维菌素', '猪肉')).toBeNull();
    expect(intervalFor('神奇药水', '黄瓜')).toBeNull();
    expect(intervalFor('阿维菌素', '火星菜')).toBeNull();
  });
});

describe('findInput', () => {
  it('finds by code, Chinese name and alias, reusing sampling analyte codes', () => {
    expect(findInput('imidacloprid')?.code).toBe('imidacloprid');
    expect(findInput('吡虫啉')?.source).toBe('sampling');
    expect(findInput('功夫菊酯')?.code).toBe('lambda_cyhalothrin');
    expect(findInput('甲维盐')?.code).toBe('emamectin_benzoate');
    expect(findInput('瘦肉精')?.code).toBe('clenbuterol');
    expect(findInput('甲基托布津')?.code).toBe('thiophanate_methyl');
    expect(findInput(' 代森锰锌 ')?.source).toBe('trace');
    expect(findInput('ＡＭＯＸＩＣＩＬＬＩＮ')?.code).toBe('amoxicillin');
  });

  it('contaminants are not inputs; unknown names are undefined', () => {
    expect(findInput('铅')).toBeUndefined();
    expect(findInput('神奇药水')).toBeUndefined();
  });

  it('lists sampling pesticides and vet drugs plus the new substances', () => {
    const codes = listInputs().map((i) => i.code);
    expect(codes).toContain('chlorpyrifos');
    expect(codes).toContain('tilmicosin');
    expect(codes).not.toContain('lead');
  });
});

describe('use prohibitions', () => {
  it('takes bans from the standards’ ban list (甲拌磷 on vegetables, 克伦特罗 on animal food)', () => {
    const p = useProhibition('甲拌磷', '普通白菜');
    expect(p?.scope.code).toBe('vegetable');
    expect(p?.basis).toContain('第199号');
    expect(useProhibition('瘦肉精', '猪肉')?.basis).toContain('第250号');
    expect(useProhibition('溴氰菊酯', '稻谷')).toBeNull();
  });

  it('a component inherits the sum’s ban (3-羟基克百威 counts as 克百威 on 豇豆)', () => {
    const p = useProhibition('3-羟基克百威', '豇豆');
    expect(p?.scope.code).toBe('vegetable');
    expect(p?.source).toBe('sampling');
  });

  it('adds prohibitions.csv (四环素 产蛋期禁用, 农业部公告第278号)', () => {
    const p = useProhibition('四环素', '鸡蛋');
    expect(p?.source).toBe('trace');
    expect(p?.item).toContain('产蛋期禁用');
    expect(ancestry('duck_egg').some((x) => x.code === p?.scope.code)).toBe(true);
  });
});

describe('loader errors name file, line and field', () => {
  it('days that are not a positive whole number', () => {
    const e = buildError({
      intervals: `${INTERVAL_HEADER}\nabamectin,阿维菌素,pesticide,cucumber,2.5,b,i,checked,\n`,
    });
    expect(e.message).toBe(
      'standards/inputs/intervals.csv line 2, field "days": must be a positive whole number of days',
    );
    expect(
      buildError({ intervals: `${INTERVAL_HEADER}\nabamectin,阿维菌素,pesticide,cucumber,0,b,i,checked,` })
        .field,
    ).toBe('days');
  });

  it('unknown product, unknown input, wrong name, wrong kind, duplicates, missing basis', () => {
    const bad = (row: string) => buildError({ intervals: `${INTERVAL_HEADER}\n${row}` });
    expect(bad('abamectin,阿维菌素,pesticide,durian,2,b,i,checked,').field).toBe('product');
    expect(bad('magic,神药,pesticide,cucumber,2,b,i,checked,').field).toBe('input');
    expect(bad('abamectin,阿维菌,pesticide,cucumber,2,b,i,checked,').field).toBe('name');
    expect(bad('abamectin,阿维菌素,vet_drug,cucumber,2,b,i,checked,').field).toBe('kind');
    expect(bad('abamectin,阿维菌素,pesticide,cucumber,2,,i,checked,').field).toBe('basis');
    expect(bad('abamectin,阿维菌素,pesticide,cucumber,2,b,i,maybe,').field).toBe('verification');
    const dup = bad(
      'abamectin,阿维菌素,pesticide,cucumber,2,b,i,checked,\nabamectin,阿维菌素,pesticide,cucumber,3,b,i,checked,',
    );
    expect(dup.line).toBe(3);
    expect(dup.reason).toContain('duplicate');
  });

  it('an interval row for a banned use is refused', () => {
    const e = buildError({
      intervals: `${INTERVAL_HEADER}\nphorate,甲拌磷,pesticide,pak_choi,7,b,i,checked,`,
    });
    expect(e.field).toBe('product');
    expect(e.reason).toContain('prohibited');
  });

  it('a substance that re-declares a sampling analyte is refused', () => {
    const e = buildError({
      substances: 'code,name,english,kind,part_of,aliases,notes\nimida,吡虫啉,imida,pesticide,,,\n',
    });
    expect(e.file).toBe('substances.csv');
    expect(e.field).toBe('name');
  });
});

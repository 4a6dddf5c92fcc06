import { describe, expect, it } from 'vitest';
import type { UseRow } from './production-repository.ts';
import { checkLot, flagsFor, searchInputs } from './production-service.ts';

let n = 0;
const use = (input: string, usedOn: string, over: Partial<UseRow> = {}): UseRow => ({
  id: `u${++n}`,
  districtCode: '500151',
  lotId: 'lot',
  entityId: 'e',
  input,
  inputCode: null,
  kind: 'pesticide',
  usedOn,
  dose: null,
  area: 1,
  animals: null,
  operator: '李农',
  createdBy: null,
  createdAt: new Date('2024-06-01T00:00:00Z'),
  ...over,
});

describe('checkLot', () => {
  const lot = { id: 'lot', productCode: 'cucumber', harvestDate: null };

  it('checks a growing lot on the asked date, else today in China', () => {
    const uses = [use('阿维菌素', '2024-06-01', { inputCode: 'abamectin' })];
    const planned = checkLot(lot, uses, { date: '2024-06-02' });
    expect(planned).toMatchObject({ date: '2024-06-02', dateSource: 'query', ok: false, banned: false });
    expect(planned.problems[0]).toMatchObject({
      code: 'within_interval',
      input: '阿维菌素',
      useIds: [uses[0]!.id],
      earliestDate: '2024-06-03',
    });
    const today = checkLot(lot, uses, { now: new Date('2024-06-02T16:30:00Z') }); // 2024-06-03 00:30 in China
    expect(today).toMatchObject({
      date: '2024-06-03',
      dateSource: 'today',
      ok: true,
      earliestDate: '2024-06-03',
    });
  });

  it('uses the recorded harvest date whatever date is asked', () => {
    const r = checkLot({ ...lot, harvestDate: '2024-06-10' }, [], { date: '2024-01-01' });
    expect(r).toMatchObject({ date: '2024-06-10', dateSource: 'harvest', ok: true, earliestDate: null });
  });

  it('reports the latest earliest date across inputs, the recorded name, and banned inputs', () => {
    const uses = [
      use('阿维菌素', '2024-06-01', { inputCode: 'abamectin' }), // 2 days on cucumber
      use('达科宁', '2024-06-02', { inputCode: 'chlorothalonil' }), // 百菌清 on vegetables: 7 days
    ];
    const r = checkLot(lot, uses, { date: '2024-06-05' });
    expect(r.earliestDate).toBe('2024-06-09');
    expect(r.checked.map((c) => c.inputCode)).toEqual(['abamectin']);
    expect(r.problems[0]).toMatchObject({ input: '达科宁', inputName: '百菌清', useIds: [uses[1]!.id] });

    const banned = checkLot(
      { id: 'x', productCode: 'spinach', harvestDate: null },
      [use('甲拌磷', '2024-06-01')],
      {
        date: '2024-09-01',
      },
    );
    expect(banned).toMatchObject({ ok: false, banned: true });
  });

  it('flags only the new uses that are banned or unknown, by the request field', () => {
    const uses = [
      use('甲拌磷', '2024-06-01'),
      use('神奇增产灵', '2024-06-02'),
      use('阿维菌素', '2024-06-02'),
    ];
    const check = checkLot({ id: 'x', productCode: 'spinach', harvestDate: null }, uses, {
      date: '2024-06-30',
    });
    const detail = { check } as Parameters<typeof flagsFor>[0];
    const flags = flagsFor(detail, [uses[1]!.id, uses[2]!.id, uses[0]!.id]);
    expect(flags.map((f) => [f.field, f.code])).toEqual([
      ['uses.0.input', 'unknown_input'],
      ['uses.2.input', 'banned'],
    ]);
  });
});

describe('searchInputs', () => {
  it('puts exact name matches first and adds the product’s ban or interval', () => {
    const [first] = searchInputs({ q: '百菌清', product: '番茄', limit: 5 });
    expect(first).toMatchObject({ code: 'chlorothalonil', banned: false });
    // 番茄 has no own row: the vegetable-wide row applies.
    expect(first?.forProduct?.interval).toMatchObject({ days: 7, via: '蔬菜' });
    const alias = searchInputs({ q: '达科宁', limit: 5 });
    expect(alias[0]?.code).toBe('chlorothalonil');
  });

  it('lists bans with their basis', () => {
    const [c] = searchInputs({ q: 'clenbuterol', limit: 1 });
    expect(c?.banned).toBe(true);
    expect(c?.bans[0]).toMatchObject({ productCode: 'animal_food' });
    expect(c?.bans[0]?.basis).toContain('250');
  });

  it('refuses an unknown product on the field', () => {
    expect(() => searchInputs({ product: '火星菜', limit: 5 })).toThrow(/product/);
  });
});

import { describe, expect, it } from 'vitest';
import {
  type CheckinKeys,
  checkinCode,
  coverage,
  maskPhone,
  phoneKey,
  underTrainedStores,
  verifyCheckinCode,
} from './rules.ts';

const keys: CheckinKeys = { activeId: 'k1', keys: new Map([['k1', Buffer.from('secret-one')]]) };
const session = { id: '6f1c2a9e-0000-4000-8000-000000000001', heldOn: '2026-05-10', status: 'held' };

describe('check-in code', () => {
  const code = checkinCode(keys, session.id, session.heldOn);
  it('is accepted on the session day', () => {
    expect(verifyCheckinCode(keys, code, session, '2026-05-10')).toBe('ok');
  });
  it('expires the day before and after, and when the session is cancelled', () => {
    expect(verifyCheckinCode(keys, code, session, '2026-05-09')).toBe('expired');
    expect(verifyCheckinCode(keys, code, session, '2026-05-11')).toBe('expired');
    expect(verifyCheckinCode(keys, code, { ...session, status: 'cancelled' }, '2026-05-10')).toBe('expired');
  });
  it('refuses a forged or another session’s code', () => {
    const tag = code.split('.')[1] as string;
    const flipped = `k1.${tag[0] === 'A' ? 'B' : 'A'}${tag.slice(1)}`;
    expect(verifyCheckinCode(keys, flipped, session, '2026-05-10')).toBe('invalid');
    expect(verifyCheckinCode(keys, `k9.${tag}`, session, '2026-05-10')).toBe('invalid');
    expect(verifyCheckinCode(keys, 'k1.', session, '2026-05-10')).toBe('invalid');
    const other = { ...session, id: '6f1c2a9e-0000-4000-8000-000000000002' };
    expect(verifyCheckinCode(keys, code, other, '2026-05-10')).toBe('invalid');
    // A code moved to another day is not that day's code either.
    expect(verifyCheckinCode(keys, code, { ...session, heldOn: '2026-05-11' }, '2026-05-11')).toBe('invalid');
    const otherKey: CheckinKeys = { activeId: 'k1', keys: new Map([['k1', Buffer.from('secret-two')]]) };
    expect(verifyCheckinCode(otherKey, code, session, '2026-05-10')).toBe('invalid');
  });
  it('still verifies under a retired key after rotation', () => {
    const rotated: CheckinKeys = {
      activeId: 'k2',
      keys: new Map([...keys.keys, ['k2', Buffer.from('secret-two')]]),
    };
    expect(verifyCheckinCode(rotated, code, session, '2026-05-10')).toBe('ok');
    expect(checkinCode(rotated, session.id, session.heldOn).startsWith('k2.')).toBe(true);
  });
});

describe('phones', () => {
  it('are masked and keyed, not kept', () => {
    expect(maskPhone('13812341234')).toBe('138****1234');
    const k = phoneKey(keys, '13812341234');
    expect(k).toMatch(/^p:/);
    expect(k).not.toContain('1381234');
    expect(phoneKey(keys, '13812341234')).toBe(k);
    expect(phoneKey(keys, '13812341235')).not.toBe(k);
  });
});

describe('coverage', () => {
  it('counts members who attended, per category and town', () => {
    const cells = coverage(
      [
        { key: 'e:a', category: 'input_dealers', townCode: '500113001' },
        { key: 'e:b', category: 'input_dealers', townCode: '500113001' },
        { key: 'e:c', category: 'input_dealers', townCode: '500113002' },
        { key: 'u:x', category: 'village_coordinators', townCode: '500113001' },
      ],
      new Set(['e:a', 'e:c', 'e:z']),
      [
        { category: 'brand_holders', townCode: null, key: 'p:1' },
        { category: 'brand_holders', townCode: null, key: 'p:1' },
        { category: 'brand_holders', townCode: null, key: 'p:2' },
      ],
    );
    expect(cells).toEqual([
      { category: 'village_coordinators', townCode: '500113001', target: 1, trained: 0 },
      { category: 'input_dealers', townCode: '500113001', target: 2, trained: 1 },
      { category: 'input_dealers', townCode: '500113002', target: 1, trained: 1 },
      { category: 'brand_holders', townCode: null, target: null, trained: 2 },
    ]);
  });
  it('lists input stores with fewer than two sessions, fewest first', () => {
    const stores = [
      { id: 'a', name: '甲农资' },
      { id: 'b', name: '乙农资' },
      { id: 'c', name: '丙农资' },
    ];
    const got = underTrainedStores(
      stores,
      new Map([
        ['a', 2],
        ['b', 1],
      ]),
    );
    expect(got.map((s) => [s.id, s.sessions])).toEqual([
      ['c', 0],
      ['b', 1],
    ]);
  });
});

import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildTestApp,
  DISTRICT,
  entityBody,
  type Requester,
  type TestApp,
  TOWN_A,
  TOWN_B,
} from '../../test/helper.ts';
import { queryWhere, scopeWhere } from './repository.ts';
import { keysLiteral, queryKeyGroups, searchKeys } from './search-keys.ts';

let t: TestApp;
let admin: Requester;
const ids: Record<string, string> = {};

async function create(key: string, over: Record<string, unknown>) {
  const res = await admin({ method: 'POST', url: '/api/entities', payload: entityBody(over) });
  expect(res.statusCode, res.body).toBe(201);
  ids[key] = res.json().id;
  return res.json();
}

const found = async (q: string, extra = '') => {
  const res = await admin({ method: 'GET', url: `/api/entities?q=${encodeURIComponent(q)}${extra}` });
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().items as { id: string }[]).map((i) => i.id);
};

beforeAll(async () => {
  t = await buildTestApp();
  admin = await t.as('district_staff');
  await create('lizhuang', { name: '李庄', legalRep: '周强', address: '铜梁区安居镇', townCode: TOWN_B });
  await create('wangjia', { name: '王家湾生猪养殖场', legalRep: '赵敏', phone: '13912345678' });
  await create('order', { name: '甲乙丙乙甲农场', legalRep: '钱七' });
  await create('latin', { name: 'GreenField 农业科技 Co', legalRep: '孙八' });
});
afterAll(() => t.close());

describe('directory search through the gram index', () => {
  it('finds a two-character Chinese name over the whole district, and only it', async () => {
    expect(await found('李庄')).toEqual([ids.lizhuang]);
    expect(await found('湾生')).toEqual([ids.wangjia]);
  });

  it('finds by one character', async () => {
    const hits = await found('庄');
    expect(hits).toContain(ids.lizhuang);
    expect(hits).not.toContain(ids.wangjia);
    expect(await found('猪')).toEqual([ids.wangjia]);
  });

  it('finds by legal representative, phone prefix and credit code prefix (any case), Latin text', async () => {
    expect(await found('赵敏')).toEqual([ids.wangjia]);
    expect(await found('1391234')).toEqual([ids.wangjia]);
    const code = (await admin({ method: 'GET', url: `/api/entities/${ids.latin}` })).json()
      .creditCode as string;
    expect(await found(code.toLowerCase())).toEqual([ids.latin]);
    expect(await found(code.slice(0, 17))).toContain(ids.latin);
    expect(await found('greenfield')).toEqual([ids.latin]);
    expect(await found('FIELD 农')).toEqual([ids.latin]);
  });

  it('finds letters beyond ASCII in either case (É, full-width Ａ) as ILIKE does, asking for the keys of each case', async () => {
    await create('accent', { name: 'Élan ＡＢ果园', legalRep: '郑十' });
    expect(await found('élan')).toEqual([ids.accent]);
    expect(await found('ａｂ果')).toEqual([ids.accent]);
    expect(await found('ÉLAN ＡＢ')).toEqual([ids.accent]);
    expect(await found('é')).toEqual([ids.accent]);
  });

  it('finds text that could start a phone or code in names too (both kinds of match at once)', async () => {
    await create('digits', { name: '第1391号育苗场', legalRep: '吴九' });
    expect((await found('1391')).sort()).toEqual([ids.wangjia, ids.digits].sort());
    expect(await found('号育苗')).toEqual([ids.digits]);
  });

  it('checks the candidates: every pair present is not enough, the text must occur', async () => {
    // 甲乙丙乙甲 holds the pairs 甲乙 and 乙甲, but not 甲乙甲.
    expect(await found('甲乙甲')).toEqual([]);
    expect(await found('丙乙甲')).toEqual([ids.order]);
    expect(await found('李王')).toEqual([]);
    expect(await found('%')).toEqual([]);
  });

  it('follows a renamed entity (the index is of the row, nothing kept beside it)', async () => {
    const e = (await admin({ method: 'GET', url: `/api/entities/${ids.lizhuang}` })).json();
    const res = await admin({
      method: 'PATCH',
      url: `/api/entities/${ids.lizhuang}`,
      payload: { name: '荷塘月色', version: e.version },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(await found('李庄')).toEqual([]);
    expect(await found('荷塘')).toEqual([ids.lizhuang]);
  });

  it('computes in SQL (entity_search_keys, the trigger) exactly the keys the app computes', async () => {
    // Odd lengths, surrogate pairs, ASCII of both cases, an accented letter, empty and null fields.
    const text = fc.option(
      fc.string({
        unit: fc.constantFrom('a', 'B', 'Z', '1', ' ', '李', '庄', '镇', '（', '😀', '𠀀', 'é', 'É'),
        maxLength: 9,
      }),
    );
    await fc.assert(
      fc.asyncProperty(text, text, text, async (name, legalRep, address) => {
        const r = (await t.database.db.execute(
          sql`select entity_search_keys(${name}, ${legalRep}, ${address}) as k`,
        )) as unknown as { rows: { k: number[] }[] };
        expect(r.rows[0]?.k).toEqual(searchKeys(name, legalRep, address));
      }),
      { numRuns: 150 },
    );
  });

  it('keys rows written by hand in SQL, and rekeys a rename whatever the UPDATE set', async () => {
    const { db } = t.database;
    const id = crypto.randomUUID();
    await db.execute(sql`
      insert into entities (id, district_code, town_code, name, type, legal_rep, phone, address, industries, main_products)
      values (${id}, ${DISTRICT}, ${TOWN_A}, '手写鱼塘', 'smallholder', '某甲', '13800000000', '某村', array['aquatic'], array['草鱼'])`);
    expect(await found('写鱼')).toEqual([id]);
    // The old keys written back with the new name: the trigger still rekeys from the text.
    await db.execute(sql`update entities set name = '荷叶鱼塘', search_keys = search_keys where id = ${id}`);
    expect(await found('写鱼')).toEqual([]);
    expect(await found('荷叶')).toEqual([id]);
    const r = (await db.execute(sql`select search_keys as k from entities where id = ${id}`)) as unknown as {
      rows: { k: number[] }[];
    };
    expect(r.rows[0]?.k).toEqual(searchKeys('荷叶鱼塘', '某甲', '某村'));
  });

  it('answers the search from entities_search_idx, either case of É too (PGlite and PostgreSQL)', async () => {
    const explain = (where: ReturnType<typeof sql>) =>
      t.database.db.transaction(async (tx) => {
        await tx.execute(sql`set local enable_seqscan = off`);
        const r = (await tx.execute(sql`explain select id from entities where ${where}`)) as unknown as {
          rows: Record<string, string>[];
        };
        return r.rows.map((row) => Object.values(row)[0]).join('\n');
      });
    const [pairs] = queryKeyGroups('李庄');
    expect(await explain(sql`search_keys @> ${keysLiteral(pairs ?? [])}::integer[]`)).toContain(
      'entities_search_idx',
    );
    const [cases] = queryKeyGroups('é');
    expect(await explain(sql`search_keys && ${keysLiteral(cases ?? [])}::integer[]`)).toContain(
      'entities_search_idx',
    );
  });
});

describe('the list without an index by village or by time alone (migration 0048)', () => {
  it("reads a village's entities through their town's index, and any list page off an index in order", async () => {
    // Another district's rows (the other tests count this district's): 3 towns of 10 villages. With
    // sequential scans off, the plan shows which index can serve the query and with what condition.
    const other = '990001';
    await t.database.db.execute(sql`
      insert into entities (id, district_code, town_code, village_code, name, type, legal_rep, phone, address, industries, main_products, search_keys, synthetic)
      select gen_random_uuid(), ${other}, ${other} || lpad((g % 3)::text, 3, '0'),
             ${other} || lpad((g % 3)::text, 3, '0') || lpad((g % 10)::text, 3, '0'),
             '村测' || g, 'smallholder', '某某', '13800000000', '测试', array['vegetables'], array['白菜'], '{}', true
      from generate_series(1, 600) g`);
    await t.database.db.execute(sql`analyze entities`);
    const explain = (where: ReturnType<typeof sql>) =>
      t.database.db.transaction(async (tx) => {
        await tx.execute(sql`set local enable_seqscan = off`);
        const r = (await tx.execute(
          sql`explain select id from entities where ${where} order by updated_at desc, id limit 20`,
        )) as unknown as { rows: Record<string, string>[] };
        return r.rows.map((row) => Object.values(row)[0]).join('\n');
      });
    const village = `${other}001001`;
    const viaScope = await explain(
      scopeWhere({ kind: 'village', districtCode: other, villageCode: village }),
    );
    const viaFilter = await explain(
      queryWhere({ kind: 'district', districtCode: other }, { villageCode: village, active: 'true' }),
    );
    for (const plan of [viaScope, viaFilter]) {
      expect(plan).toMatch(/Index Cond: .*town_code = '990001001'/);
      expect(plan).not.toMatch(/Seq Scan/);
    }
    // Registered, deregistered, or both: each page read off an index in the list's order, unsorted.
    const district = { kind: 'district', districtCode: other } as const;
    for (const [active, index] of [
      ['true', 'entities_list_idx'],
      ['all', 'entities_list_idx'],
      ['false', 'entities_inactive_list_idx'],
    ] as const) {
      const plan = await explain(queryWhere(district, { active }));
      expect(plan).toMatch(new RegExp(`Index (Only )?Scan using ${index} on entities`));
      expect(plan).not.toMatch(/Sort/);
    }
  });
});

describe('capped counts', () => {
  it('counts up to 1,000 and says there are more; deeper pages count one page further', async () => {
    await t.database.db.execute(sql`
      insert into entities (id, district_code, town_code, name, type, legal_rep, phone, address, industries, main_products, synthetic)
      select gen_random_uuid(), ${DISTRICT}, ${TOWN_A}, '批量主体' || g, 'smallholder', '某某', '13800000000', '测试地址',
             array['vegetables'], array['白菜'], true
      from generate_series(1, 1005) g`);
    const page1 = (await admin({ method: 'GET', url: '/api/entities?q=批量' })).json();
    expect(page1).toMatchObject({ total: 1000, totalCapped: true, page: 1 });
    expect(page1.items).toHaveLength(20);
    const deep = (await admin({ method: 'GET', url: '/api/entities?q=批量&page=50&pageSize=20' })).json();
    expect(deep).toMatchObject({ total: 1000, totalCapped: true });
    const deeper = (await admin({ method: 'GET', url: '/api/entities?q=批量&page=51&pageSize=20' })).json();
    expect(deeper).toMatchObject({ total: 1005, totalCapped: false });
    expect(deeper.items).toHaveLength(5);
    const few = (await admin({ method: 'GET', url: '/api/entities?q=批量主体100' })).json();
    expect(few).toMatchObject({ total: 7, totalCapped: false }); // 100 and 1000–1005
    const all = (await admin({ method: 'GET', url: '/api/entities?pageSize=200&page=6' })).json();
    // The seven entities above (six by the API, one by hand) and the 1,005.
    expect(all).toMatchObject({ total: 1012, totalCapped: false });
  });
});

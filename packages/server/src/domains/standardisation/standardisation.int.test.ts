import { chinaToday } from '@nongan/shared/common/dates';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, entityBody, type Requester, type TestApp, TOWN_A, TOWN_B } from '../../test/helper.ts';
import { searchKeys } from '../entities/search-keys.ts';
import { entities } from '../entities/table.ts';

let t: TestApp;
let office: Requester;
let supA: Requester;
let supB: Requester;
let village: Requester;
let producerA: Requester;
let tester: Requester;
const E = {} as Record<'spinachA' | 'spinachA2' | 'pomeloA' | 'spinachB' | 'store', string>;
const today = chinaToday();
const year = Number(today.slice(0, 4));

const sections = {
  siteEnvironment: '产地环境符合 NY/T 5010 要求',
  inputs: '使用登记在有效期内的农药',
  processControl: '严格执行安全间隔期',
  harvest: '安全间隔期满后采收',
  storage: '阴凉通风处贮存',
  transport: '清洁车辆运输',
};
const procedure = (over: Record<string, unknown> = {}) => ({
  number: `TL/BZ-${Math.random().toString(36).slice(2, 8)}`,
  title: '绿叶类蔬菜标准化生产技术规程',
  products: ['leafy_vegetable'],
  sections,
  note: null,
  ...over,
});

async function ok(who: Requester, opts: Parameters<Requester>[0], status = 200) {
  const res = await who(opts);
  expect(res.statusCode, `${opts.method ?? 'GET'} ${opts.url}: ${res.body}`).toBe(status);
  return res.json();
}
const post = (url: string, payload?: unknown) => ({
  method: 'POST' as const,
  url,
  payload: payload as never,
});

async function published(over: Record<string, unknown> = {}) {
  const p = await ok(office, post('/api/standardisation/procedures', procedure(over)), 201);
  await ok(office, post(`/api/standardisation/versions/${p.versions[0].id}/publish`));
  return p.id as string;
}

beforeAll(async () => {
  t = await buildTestApp();
  office = await t.as('district_staff');
  supA = await t.as('town_supervisor', TOWN_A);
  supB = await t.as('town_supervisor', TOWN_B);
  await ok(office, post('/api/divisions', { code: `${TOWN_A}201`, name: '石桥村', parentCode: TOWN_A }), 201);
  village = await t.as('village_coordinator', `${TOWN_A}201`);
  tester = await t.as('testing_centre');
  const mk = async (who: Requester, over: Record<string, unknown>) =>
    (await ok(who, post('/api/entities', entityBody(over)), 201)).id as string;
  E.spinachA = await mk(supA, { mainProducts: ['菠菜'] });
  E.spinachA2 = await mk(supA, { mainProducts: ['菠菜', '柚子'] });
  E.pomeloA = await mk(supA, { mainProducts: ['柚子'], industries: ['fruit'] });
  E.spinachB = await mk(supB, { townCode: TOWN_B, mainProducts: ['菠菜'] });
  E.store = await mk(supA, { type: 'input_store', mainProducts: ['菠菜'], industries: ['other'] });
  producerA = await t.as('producer', null, E.spinachA);
}, 60_000);
afterAll(() => t?.close());

describe('procedure versions', () => {
  it('a new version supersedes the previous on publishing, and history is kept', async () => {
    const created = await ok(office, post('/api/standardisation/procedures', procedure()), 201);
    const id = created.id;
    expect(created.versions).toMatchObject([{ version: 1, status: 'draft' }]);
    // A draft cannot be handed out.
    const early = await supA(
      post(`/api/standardisation/procedures/${id}/handouts`, { handedOn: today, entityIds: [E.spinachA] }),
    );
    expect(early.statusCode).toBe(409);
    // A draft is corrected in place; after publishing it is not.
    const fix = { ...procedure(), number: undefined, title: '绿叶类蔬菜生产技术规程（修正）' };
    const edited = await ok(office, {
      method: 'PATCH',
      url: `/api/standardisation/versions/${created.versions[0].id}`,
      payload: fix,
    });
    expect(edited.versions[0]).toMatchObject({
      version: 1,
      status: 'draft',
      title: '绿叶类蔬菜生产技术规程（修正）',
    });
    let d = await ok(office, post(`/api/standardisation/versions/${created.versions[0].id}/publish`));
    expect(d.versions[0]).toMatchObject({ version: 1, status: 'published', publishedOn: today });
    // A copy of v1 as the v2 draft; a second draft is refused.
    d = await ok(office, post(`/api/standardisation/procedures/${id}/versions`), 201);
    expect(d.versions.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([
      [2, 'draft'],
      [1, 'published'],
    ]);
    expect(d.versions[0].sections.harvest).toBe(sections.harvest);
    expect((await office(post(`/api/standardisation/procedures/${id}/versions`))).statusCode).toBe(409);
    const v2 = d.versions[0].id;
    d = await ok(office, post(`/api/standardisation/versions/${v2}/publish`));
    expect(d.versions.map((v: { status: string }) => v.status)).toEqual(['published', 'superseded']);
    expect(d.versions[1].endedOn).toBe(today);
    expect((await office(post(`/api/standardisation/versions/${v2}/publish`))).statusCode).toBe(409);
    const late = await office({ method: 'PATCH', url: `/api/standardisation/versions/${v2}`, payload: fix });
    expect(late.statusCode).toBe(409);

    d = await ok(office, post(`/api/standardisation/versions/${v2}/withdraw`));
    expect(d.versions[0].status).toBe('withdrawn');
  });

  it('the database keeps one published version per procedure', async () => {
    const id = await published();
    const { db } = t.database;
    await expect(
      db.execute(
        sql`update std_procedure_versions set status = 'published', published_on = current_date where procedure_id = ${id}`,
      ),
    ).resolves.toBeDefined();
    const v2 = (await ok(office, post(`/api/standardisation/procedures/${id}/versions`), 201)).versions[0].id;
    await expect(
      db.execute(
        sql`update std_procedure_versions set status = 'published', published_on = current_date where id = ${v2}`,
      ),
    ).rejects.toThrow();
  });

  it('refuses an unknown product, a duplicate number, and a town supervisor writing procedures', async () => {
    const bad = await office(post('/api/standardisation/procedures', procedure({ products: ['no_such'] })));
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0].field).toBe('products.0');
    const p = procedure();
    await ok(office, post('/api/standardisation/procedures', p), 201);
    const dup = await office(post('/api/standardisation/procedures', p));
    expect(dup.statusCode).toBe(409);
    expect(dup.json().issues[0].field).toBe('number');
    expect((await supA(post('/api/standardisation/procedures', procedure()))).statusCode).toBe(403);
  });

  it('takes a PDF or Word file by its content and serves it with its checksum', async () => {
    const created = await ok(office, post('/api/standardisation/procedures', procedure()), 201);
    const vid = created.versions[0].id;
    const upload = (name: string, body: Buffer) => {
      const boundary = '----std';
      const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`;
      return office({
        method: 'POST',
        url: `/api/standardisation/versions/${vid}/file`,
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: Buffer.concat([Buffer.from(head), body, Buffer.from(`\r\n--${boundary}--\r\n`)]),
      });
    };
    const fake = await upload('规程.pdf', Buffer.from('not a pdf at all'));
    expect(fake.statusCode).toBe(400);
    expect(fake.json().issues[0].field).toBe('file');
    const pdf = Buffer.from('%PDF-1.4\n%%EOF\n');
    const res = await upload('规程.pdf', pdf);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().versions[0].file).toMatchObject({ contentType: 'application/pdf', size: pdf.length });
    const got = await office({ url: `/api/standardisation/versions/${vid}/file` });
    expect(got.statusCode).toBe(200);
    expect(got.rawPayload.equals(pdf)).toBe(true);
    expect(got.headers['x-content-sha256']).toBe(res.json().versions[0].file.sha256);
    await ok(office, post(`/api/standardisation/versions/${vid}/publish`));
    expect((await upload('规程.pdf', pdf)).statusCode).toBe(409);
  });
});

describe('hand-outs and household reach', () => {
  it('the reach rate follows hand-outs of the current version, per town and district', async () => {
    const id = await published({ products: ['spinach'] });
    const reach = async () => ok(office, { url: `/api/standardisation/reach?procedureId=${id}` });
    let r = await reach();
    const townA = r.towns.find((x: { townCode: string }) => x.townCode === TOWN_A);
    // Both spinach growers of town A; the inputs store and the pomelo grower are not eligible.
    expect(townA).toMatchObject({ townName: '土桥镇', eligible: 2, reached: 0, rate: 0 });
    expect(r.district).toMatchObject({ eligible: 3, reached: 0, rate: 0 });
    expect(
      await ok(
        supA,
        post(`/api/standardisation/procedures/${id}/handouts`, { handedOn: today, entityIds: [E.spinachA] }),
      ),
    ).toEqual({
      added: 1,
      already: 0,
    });
    r = await reach();
    expect(r.towns.find((x: { townCode: string }) => x.townCode === TOWN_A)).toMatchObject({
      reached: 1,
      rate: 0.5,
    });
    expect(r.district).toMatchObject({ eligible: 3, reached: 1 });
    // Bulk by town: the remaining covered producer of town B, once; a repeat adds nothing.
    expect(
      await ok(
        supB,
        post(`/api/standardisation/procedures/${id}/handouts`, { handedOn: today, townCode: TOWN_B }),
      ),
    ).toEqual({
      added: 1,
      already: 0,
    });
    expect(
      await ok(
        supB,
        post(`/api/standardisation/procedures/${id}/handouts`, { handedOn: today, townCode: TOWN_B }),
      ),
    ).toEqual({
      added: 0,
      already: 1,
    });
    r = await reach();
    expect(r.district).toMatchObject({ eligible: 3, reached: 2 });
    expect(r.district.rate).toBeCloseTo(2 / 3);
    const xlsx = await office({ url: `/api/standardisation/reach/export?procedureId=${id}` });
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const rows = wb.worksheets[0]!.getSheetValues().map((r) => (Array.isArray(r) ? r.slice(1) : []));
    expect(rows).toContainEqual(['土桥镇', 2, 1, '50.0%']);
    // A new published version resets the reach: the hand-outs were of the old one.
    await ok(office, post(`/api/standardisation/procedures/${id}/versions`), 201);
    const d = await ok(office, { url: `/api/standardisation/procedures/${id}` });
    await ok(office, post(`/api/standardisation/versions/${d.versions[0].id}/publish`));
    r = await reach();
    expect(r.district).toMatchObject({ eligible: 3, reached: 0, rate: 0 });
    // The hand-out list keeps the old version's records with names.
    const list = await ok(office, { url: `/api/standardisation/procedures/${id}/handouts` });
    expect(list.total).toBe(2);
    expect(list.items[0]).toMatchObject({
      version: 1,
      townName: expect.any(String),
      entityName: expect.any(String),
    });
  });

  it('a town supervisor hands out in its own town only; a village coordinator reads its town', async () => {
    const id = await published({ products: ['spinach'] });
    const res = await supA(
      post(`/api/standardisation/procedures/${id}/handouts`, { handedOn: today, entityIds: [E.spinachB] }),
    );
    expect(res.statusCode).toBe(404);
    expect(res.json().issues[0].field).toBe('entityIds.0');
    const town = await supA(
      post(`/api/standardisation/procedures/${id}/handouts`, { handedOn: today, townCode: TOWN_B }),
    );
    expect(town.statusCode).toBe(404);
    expect(town.json().issues[0].field).toBe('townCode');
    expect(
      (
        await village(
          post(`/api/standardisation/procedures/${id}/handouts`, { handedOn: today, townCode: TOWN_A }),
        )
      ).statusCode,
    ).toBe(403);
    const r = await ok(village, { url: `/api/standardisation/reach?procedureId=${id}` });
    expect(r.towns.map((x: { townCode: string }) => x.townCode)).toEqual([TOWN_A]);
    expect((await tester({ url: '/api/standardisation/procedures' })).statusCode).toBe(403);
  });

  it('refuses a future hand-out date and a product the procedure does not cover', async () => {
    const id = await published({ products: ['spinach'] });
    const future = await supA(
      post(`/api/standardisation/procedures/${id}/handouts`, { handedOn: '2999-01-01', townCode: TOWN_A }),
    );
    expect(future.statusCode).toBe(400);
    expect(future.json().issues[0].field).toBe('handedOn');
    const other = await supA(
      post(`/api/standardisation/procedures/${id}/handouts`, {
        handedOn: today,
        townCode: TOWN_A,
        product: 'pomelo',
      }),
    );
    expect(other.statusCode).toBe(400);
    expect(other.json().issues[0].field).toBe('product');
  });

  it('a producer sees the procedures handed to it, and their files, nothing else', async () => {
    const id = await published({ title: '菠菜生产技术规程', products: ['spinach'] });
    const other = await published({ title: '柚子生产技术规程', products: ['pomelo'] });
    await ok(
      supA,
      post(`/api/standardisation/procedures/${id}/handouts`, { handedOn: today, entityIds: [E.spinachA] }),
    );
    const mine = await ok(producerA, { url: '/api/standardisation/mine' });
    const titles = mine.procedures.map((p: { title: string }) => p.title);
    expect(titles).toContain('菠菜生产技术规程');
    expect(titles).not.toContain('柚子生产技术规程');
    expect((await producerA({ url: '/api/standardisation/procedures' })).statusCode).toBe(403);
    const d = await ok(office, { url: `/api/standardisation/procedures/${other}` });
    expect(
      (await producerA({ url: `/api/standardisation/versions/${d.versions[0].id}/file` })).statusCode,
    ).toBe(404);
  });
});

describe('demonstration bases', () => {
  const base = (over: Record<string, unknown> = {}) => ({
    entityId: E.spinachA2,
    type: 'vegetable_garden',
    name: '石桥蔬菜标准园',
    products: ['spinach'],
    area: 120,
    designatedYear: year,
    acknowledged: true,
    ...over,
  });

  it('weighs the entity by the district’s four-links rule: a warning must be acknowledged', async () => {
    const res = await office(
      post('/api/standardisation/bases', base({ acknowledged: false, name: '未确认' })),
    );
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().issues[0]).toMatchObject({ field: 'acknowledged' });
    expect(res.json().issues[0].reason).toContain('合格证');
  });

  it('one base per entity and type, held by the database too', async () => {
    const b = await ok(office, post('/api/standardisation/bases', base()), 201);
    expect(b).toMatchObject({
      status: 'designated',
      townName: '土桥镇',
      products: [{ code: 'spinach', name: '菠菜' }],
    });
    const again = await office(post('/api/standardisation/bases', base({ name: '另一个' })));
    expect(again.statusCode).toBe(409);
    expect(again.json().issues[0].field).toBe('type');
    await ok(
      office,
      post('/api/standardisation/bases', base({ type: 'orchard', name: '柚子园', products: ['pomelo'] })),
      201,
    );
    const { db } = t.database;
    await expect(
      db.execute(
        sql`insert into std_bases (district_code, id, entity_id, town_code, type, name, products, designated_year)
            select district_code, gen_random_uuid(), entity_id, town_code, type, 'x', products, designated_year from std_bases where id = ${b.id}`,
      ),
    ).rejects.toThrow();
  });

  it('evaluations by the town supervisor move the status; the office revokes; scope holds', async () => {
    const b = await ok(
      office,
      post(
        '/api/standardisation/bases',
        base({ entityId: E.pomeloA, type: 'orchard', products: ['pomelo'] }),
      ),
      201,
    );
    const ev = (result: string) => ({
      evaluatedOn: today,
      score: 72,
      result,
      evaluator: '区农技站',
      findings: '投入品台账不全',
    });
    let d = await ok(supA, post(`/api/standardisation/bases/${b.id}/evaluations`, ev('rectify')), 201);
    expect(d).toMatchObject({ status: 'rectifying', lastResult: 'rectify', evaluations: [{ score: 72 }] });
    expect((await supB(post(`/api/standardisation/bases/${b.id}/evaluations`, ev('pass')))).statusCode).toBe(
      404,
    );
    expect(
      (await supA(post(`/api/standardisation/bases/${b.id}/status`, { status: 'revoked', reason: 'x' })))
        .statusCode,
    ).toBe(403);
    d = await ok(supA, post(`/api/standardisation/bases/${b.id}/evaluations`, ev('pass')), 201);
    expect(d.status).toBe('designated');
    d = await ok(
      office,
      post(`/api/standardisation/bases/${b.id}/status`, { status: 'revoked', reason: '整改不到位' }),
    );
    expect(d).toMatchObject({ status: 'revoked', statusReason: '整改不到位' });
    expect((await supA(post(`/api/standardisation/bases/${b.id}/evaluations`, ev('pass')))).statusCode).toBe(
      409,
    );
    expect((await supB({ url: `/api/standardisation/bases/${b.id}` })).statusCode).toBe(404);
  });

  it('refuses an inputs store, an unknown product, a future year and another district entity id', async () => {
    const store = await office(post('/api/standardisation/bases', base({ entityId: E.store })));
    expect(store.statusCode).toBe(400);
    expect(store.json().issues[0].field).toBe('entityId');
    const future = await office(
      post('/api/standardisation/bases', base({ entityId: E.spinachB, designatedYear: year + 1 })),
    );
    expect(future.statusCode).toBe(400);
    expect(future.json().issues[0].field).toBe('designatedYear');
    const ghost = await office(post('/api/standardisation/bases', base({ entityId: crypto.randomUUID() })));
    expect(ghost.statusCode).toBe(404);
  });

  it('a producer sees its own bases read-only', async () => {
    const b = await ok(
      office,
      post(
        '/api/standardisation/bases',
        base({ entityId: E.spinachA, type: 'tea_garden', name: '茶园', products: ['tea'] }),
      ),
      201,
    );
    const mine = await ok(producerA, { url: '/api/standardisation/mine' });
    expect(mine.bases.map((x: { id: string }) => x.id)).toEqual([b.id]);
    expect((await producerA({ url: `/api/standardisation/bases/${b.id}` })).statusCode).toBe(200);
    expect(
      (
        await producerA(
          post(`/api/standardisation/bases/${b.id}/evaluations`, {
            evaluatedOn: today,
            result: 'pass',
            evaluator: '自评',
            findings: '自评合格',
          }),
        )
      ).statusCode,
    ).toBe(403);
    const list = await ok(office, { url: `/api/standardisation/bases?q=茶园&type=tea_garden` });
    expect(list.items.map((x: { id: string }) => x.id)).toEqual([b.id]);
    const xlsx = await office({ url: '/api/standardisation/bases/export' });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
  });
});

describe('targets', () => {
  it('2021 reads the plan’s figures until the district sets its own; progress counts the year', async () => {
    const plan = await ok(office, { url: '/api/standardisation/targets?year=2021' });
    expect(plan).toMatchObject({
      procedures: { target: 3, done: 0 },
      bases: { target: 5, done: 0 },
      fromSetting: false,
    });
    expect(plan.source).toContain('二(五)');
    const now = await ok(office, { url: `/api/standardisation/targets?year=${year}` });
    expect(now.procedures.target).toBeNull();
    expect(now.procedures.done).toBeGreaterThanOrEqual(5);
    expect(now.bases.done).toBeGreaterThanOrEqual(3);
    const set = await ok(office, {
      method: 'PUT',
      url: '/api/standardisation/targets',
      payload: { year, procedures: 4, bases: 6, reachRate: 0.8, source: '区农业农村委年度要点' },
    });
    expect(set).toMatchObject({
      procedures: { target: 4 },
      bases: { target: 6 },
      reach: { target: 0.8 },
      fromSetting: true,
    });
    expect(set.reach.rate).toEqual(expect.any(Number));
    const bad = await office({
      method: 'PUT',
      url: '/api/standardisation/targets',
      payload: { year, procedures: 4, bases: 6, reachRate: 2 },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0].field).toBe('reachRate');
    expect(
      (
        await supA({
          method: 'PUT',
          url: '/api/standardisation/targets',
          payload: { year, procedures: 1, bases: 1, reachRate: null },
        })
      ).statusCode,
    ).toBe(403);
  });
});

describe('demo data', () => {
  it('seeds procedures, hand-outs with a partial reach, bases and this year’s targets', async () => {
    const { seedDemoStandardisation } = await import('../../demo/standardisation.ts');
    // A district of its own, so the earlier tests' records do not count.
    const d = '500998';
    const { db } = t.database;
    await db.execute(
      sql`insert into divisions (code, name, level, parent_code, district_code) values (${d}, '演示区', 'district', null, ${d}), (${`${d}101`}, '演示镇', 'town', ${d}, ${d})`,
    );
    const products = [['菠菜', '白菜'], ['柚子'], ['辣椒'], ['绿茶'], ['生猪'], ['草鱼']];
    await db.insert(entities).values(
      Array.from({ length: 60 }, (_, i) => ({
        id: crypto.randomUUID(),
        districtCode: d,
        townCode: `${d}101`,
        name: `演示主体${i}`,
        type: 'cooperative',
        legalRep: '张三',
        phone: '13800138000',
        address: '演示地址',
        industries: ['vegetables'],
        mainProducts: products[i % products.length]!,
        searchKeys: searchKeys(`演示主体${i}`, '张三', '演示地址'),
      })),
    );
    await seedDemoStandardisation(db, d, 7);
    const admin = await t.as('district_admin', d);
    const reach = await ok(admin, { url: '/api/standardisation/reach' });
    expect(reach.district.eligible).toBe(30);
    expect(reach.district.rate).toBeGreaterThan(0);
    expect(reach.district.rate).toBeLessThan(1);
    const procs = await ok(admin, { url: '/api/standardisation/procedures' });
    expect(procs.total).toBe(4);
    expect(procs.items.map((p: { latestStatus: string }) => p.latestStatus).sort()).toEqual([
      'draft',
      'published',
      'published',
      'published',
    ]);
    const bases = await ok(admin, { url: '/api/standardisation/bases' });
    expect(bases.total).toBe(6);
    const targets = await ok(admin, { url: `/api/standardisation/targets?year=${year}` });
    expect(targets).toMatchObject({
      procedures: { target: 3, done: 3 },
      bases: { target: 5, done: 5 },
      fromSetting: true,
    });
    const { rows } = (await db.execute(
      sql`select max(handed_on)::text as last from std_handouts where district_code = ${d}`,
    )) as unknown as { rows: { last: string }[] };
    expect(rows[0]!.last <= today).toBe(true);
  });
});

import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, entityBody, type Requester, type TestApp, TOWN_A, TOWN_B } from '../../test/helper.ts';
import { auditLog } from '../audit/table.ts';
import { insertCertificate } from '../certificates/test-fixtures.ts';
import { divisions } from '../regions/table.ts';
import { addDays, chinaDate } from '../trace/rules.ts';
import { brandCertifications } from './table.ts';

// Brand certifications, regional brands, four links; on PGlite and (TEST_DATABASE_URL) PostgreSQL.
const today = chinaDate(new Date());
const year = Number(today.slice(0, 4));

let t: TestApp;
let office: Requester;
let supA: Requester;
let supB: Requester;
let producer: Requester;
let admin2: Requester;
let good: { id: string; name: string };
let fresh: { id: string; name: string };

async function makeEntity(over: Record<string, unknown> = {}) {
  const res = await office({ method: 'POST', url: '/api/entities', payload: entityBody(over) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; name: string };
}
const body = (over: Record<string, unknown> = {}) => ({
  kind: 'green',
  certNo: `LB-${Math.random().toString(36).slice(2, 10)}`,
  entityId: good.id,
  productCodes: ['spinach'],
  area: 120,
  areaUnit: 'mu',
  output: 300,
  outputUnit: 'tonne',
  issuedOn: addDays(today, -30),
  validUntil: addDays(today, 3 * 365),
  acknowledge: true,
  ...over,
});
const register = (over: Record<string, unknown> = {}, who: Requester = office) =>
  who({ method: 'POST', url: '/api/brands/certifications', payload: body(over) });

beforeAll(async () => {
  t = await buildTestApp();
  office = await t.as('district_staff');
  supA = await t.as('town_supervisor', TOWN_A);
  supB = await t.as('town_supervisor', TOWN_B);
  await t.database.db
    .insert(divisions)
    .values([
      { code: '500999', name: '测试二区', level: 'district', parentCode: null, districtCode: '500999' },
    ]);
  admin2 = await t.as('district_admin', '500999');
  good = await makeEntity({ name: '土桥绿色蔬菜专业合作社' });
  fresh = await makeEntity({ name: '土桥新设家庭农场', type: 'family_farm' });
  producer = await t.as('producer', null, good.id);
  // `good` issues certificates; `fresh` never did.
  await insertCertificate(t.database.db, t.app.keyRing, good);
});
afterAll(() => t?.close());

describe('brand certifications', () => {
  it('registers one, with names and the derived status; the kind and number are unique in the district', async () => {
    const res = await register({ certNo: 'LB-2021-0001' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      kindLabel: '绿色食品',
      entityName: '土桥绿色蔬菜专业合作社',
      townName: '土桥镇',
      products: [{ code: 'spinach', name: '菠菜' }],
      status: 'valid',
      statusLabel: '有效',
      areaUnitLabel: '亩',
    });
    const dup = await register({ certNo: 'LB-2021-0001' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().issues[0].field).toBe('certNo');
    // Another kind may carry the same number.
    expect((await register({ certNo: 'LB-2021-0001', kind: 'organic' })).statusCode).toBe(201);
    // The database holds it even past the service's check.
    const [row] = await t.database.db.select().from(brandCertifications).limit(1);
    await expect(
      t.database.db.insert(brandCertifications).values({ ...row!, id: crypto.randomUUID() }),
    ).rejects.toThrow();
  });

  it('refuses unknown products, reversed dates and future issue dates, naming the field', async () => {
    const bad = await register({ productCodes: ['spinach', 'no_such_product'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0].field).toBe('productCodes.1');
    const rev = await register({ validUntil: addDays(today, -40) });
    expect(rev.statusCode).toBe(400);
    expect(rev.json().issues[0].field).toBe('validUntil');
    const fut = await register({ issuedOn: addDays(today, 2) });
    expect(fut.statusCode).toBe(400);
    expect(fut.json().issues[0].field).toBe('issuedOn');
  });

  it('derives expiring and expired from the district’s reminder window, and lists reminders', async () => {
    const soon = (await register({ issuedOn: addDays(today, -1000), validUntil: addDays(today, 20) })).json();
    const edge = (await register({ issuedOn: addDays(today, -1000), validUntil: addDays(today, 90) })).json();
    const past = (await register({ issuedOn: addDays(today, -1200), validUntil: addDays(today, -1) })).json();
    expect([soon.status, edge.status, past.status]).toEqual(['expiring', 'expiring', 'expired']);
    const rem = (await office({ url: '/api/brands/reminders' })).json();
    expect(rem.days).toBe(90);
    const ids = rem.items.map((i: { id: string }) => i.id);
    expect(ids).toEqual(expect.arrayContaining([soon.id, edge.id]));
    expect(ids).not.toContain(past.id);
    const put = await office({
      method: 'PUT',
      url: '/api/brands/settings',
      payload: { remindDays: 30, targets: { [year]: { all: 5 } } },
    });
    expect(put.statusCode, put.body).toBe(200);
    const filtered = (
      await office({ url: '/api/brands/certifications?status=expiring&pageSize=100' })
    ).json();
    expect(filtered.items.map((i: { id: string }) => i.id)).toEqual([soon.id]);
    const valid = (await office({ url: `/api/brands/certifications/${edge.id}` })).json();
    expect(valid.status).toBe('valid');
    await office({ method: 'PUT', url: '/api/brands/settings', payload: { remindDays: 90, targets: {} } });
  });

  it('counts the year’s new certifications against the per-year target', async () => {
    await office({
      method: 'PUT',
      url: '/api/brands/settings',
      payload: { remindDays: 90, targets: { [year]: { all: 20, mingte: 1 } } },
    });
    const before = (await office({ url: `/api/brands/progress?year=${year}` })).json();
    expect(before.target).toBe(20);
    await register({ kind: 'mingte', issuedOn: `${year}-01-01` });
    const revoked = (await register({ issuedOn: `${year}-01-01` })).json();
    await register({ issuedOn: `${year - 1}-06-01` });
    const mid = (await office({ url: `/api/brands/progress?year=${year}` })).json();
    expect(mid.done).toBe(before.done + 2);
    expect(mid.byKind.find((k: { kind: string }) => k.kind === 'mingte')).toMatchObject({
      done: 1,
      target: 1,
    });
    const r = await office({
      method: 'PATCH',
      url: `/api/brands/certifications/${revoked.id}`,
      payload: { revokeReason: '证后监管不合格' },
    });
    expect(r.json()).toMatchObject({ status: 'revoked', statusLabel: '已撤销' });
    expect((await office({ url: `/api/brands/progress?year=${year}` })).json().done).toBe(before.done + 1);
    // With no district row the 2021 target is the plan's.
    const d2 = (await admin2({ url: '/api/brands/progress?year=2021' })).json();
    expect(d2).toMatchObject({ target: 20, done: 0 });
    expect(d2.source).toContain('20个以上');
  });
});

describe('editing', () => {
  it('edits with the same checks, keeps numbers unique, and freezes a revoked certification', async () => {
    const a = (await register({ certNo: 'LB-EDIT-A' })).json();
    await register({ certNo: 'LB-EDIT-B' });
    const patch = (payload: Record<string, unknown>) =>
      office({ method: 'PATCH', url: `/api/brands/certifications/${a.id}`, payload });
    expect((await patch({ validUntil: a.issuedOn })).json().issues[0].field).toBe('validUntil');
    const dup = await patch({ certNo: 'LB-EDIT-B' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().issues[0].field).toBe('certNo');
    const ok = await patch({ productCodes: ['spinach', 'lotus_root'], output: 12.5 });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ output: 12.5, products: [{ name: '菠菜' }, { name: '莲藕' }] });
    expect(
      (await supA({ method: 'PATCH', url: `/api/brands/certifications/${a.id}`, payload: { output: 1 } }))
        .statusCode,
    ).toBe(403);
    await patch({ revokeReason: '主体注销' });
    expect((await patch({ output: 1 })).statusCode).toBe(409);
  });
});

describe('four links', () => {
  it('warns on an entity that never issued a certificate: 422 until acknowledged, then audited', async () => {
    const el = (await office({ url: `/api/entities/${fresh.id}/eligibility?purpose=brand` })).json();
    expect(el.verdict).toBe('warn');
    expect(el.reasons.map((r: { text: string }) => r.text)).toContain('从未开具食用农产品合格证');
    const res = await register({ entityId: fresh.id, acknowledge: false });
    expect(res.statusCode).toBe(422);
    expect(res.json().issues[0].field).toBe('acknowledge');
    const ok = await register({ entityId: fresh.id, acknowledge: true });
    expect(ok.statusCode, ok.body).toBe(201);
    const [a] = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectType, 'brand_certification'), eq(auditLog.subjectId, ok.json().id)));
    expect(JSON.stringify(a!.after)).toContain('从未开具食用农产品合格证');
  });

  it('refuses an entity with an open case (422 naming entityId), also for support decisions', async () => {
    const bad = await makeEntity({ name: '土桥有案主体' });
    const kase = await office({
      method: 'POST',
      url: '/api/cases',
      payload: { sourceType: 'manual', entityId: bad.id, title: '测试案件' },
    });
    expect(kase.statusCode, kase.body).toBe(201);
    const el = (await office({ url: `/api/entities/${bad.id}/eligibility?purpose=funding` })).json();
    expect(el).toMatchObject({ verdict: 'refuse', purposeLabel: '资金扶持', record: { openCases: 1 } });
    expect(el.reasons.map((x: { text: string }) => x.text)).toContain('有1件未结案件');
    const res = await register({ entityId: bad.id, acknowledge: true });
    expect(res.statusCode).toBe(422);
    expect(res.json().issues[0]).toMatchObject({ field: 'entityId' });
    expect(res.json().message).toContain('未结案件');
    const dec = await office({
      method: 'POST',
      url: '/api/brands/decisions',
      payload: {
        purpose: 'award',
        entityId: bad.id,
        year,
        title: '优秀合作社',
        decision: 'approved',
        acknowledge: true,
      },
    });
    expect(dec.statusCode).toBe(422);
    // Turning the condition off is the district's choice.
    const rule = (await office({ url: '/api/four-links/settings' })).json();
    const { defaults: _, ...r } = rule;
    await office({ method: 'PUT', url: '/api/four-links/settings', payload: { ...r, openCase: 'off' } });
    // (A case also makes the entity 高风险 by the risk rule, which is refused on its own.)
    const after = (await office({ url: `/api/entities/${bad.id}/eligibility` })).json();
    const texts = after.reasons.map((x: { text: string }) => x.text).join('；');
    expect(texts).toContain('风险等级为高风险');
    expect(texts).not.toContain('未结案件');
    await office({ method: 'PUT', url: '/api/four-links/settings', payload: r });
    // A rejection is recorded without the check.
    const no = await office({
      method: 'POST',
      url: '/api/brands/decisions',
      payload: { purpose: 'award', entityId: bad.id, year, title: '优秀合作社', decision: 'rejected' },
    });
    expect(no.statusCode, no.body).toBe(201);
    expect(no.json()).toMatchObject({
      purposeLabel: '评优评先',
      decisionLabel: '不同意',
      entityName: '土桥有案主体',
    });
  });
});

describe('regional brands and reviews', () => {
  it('licenses an entity to a regional brand and lists it with names', async () => {
    const b = await office({ method: 'POST', url: '/api/brands/regional', payload: { name: '铜梁莲藕' } });
    expect(b.statusCode, b.body).toBe(201);
    expect(
      (await office({ method: 'POST', url: '/api/brands/regional', payload: { name: '铜梁莲藕' } }))
        .statusCode,
    ).toBe(409);
    const l = await office({
      method: 'POST',
      url: `/api/brands/regional/${b.json().id}/licences`,
      payload: {
        entityId: good.id,
        licensedOn: addDays(today, -10),
        productCodes: ['lotus_root'],
        acknowledge: true,
      },
    });
    expect(l.statusCode, l.body).toBe(201);
    expect(l.json().licences[0]).toMatchObject({
      entityName: good.name,
      active: true,
      products: [{ name: '莲藕' }],
    });
  });

  it('town supervisors record reviews and label checks in their town; producers read their own', async () => {
    const c = (await register()).json();
    const rev = await supA({
      method: 'POST',
      url: `/api/brands/certifications/${c.id}/reviews`,
      payload: {
        kind: 'label',
        on: today,
        inspector: '李四',
        result: 'misuse',
        place: '铜梁农贸市场',
        findings: '超范围使用标志',
      },
    });
    expect(rev.statusCode, rev.body).toBe(201);
    expect(rev.json().reviews[0]).toMatchObject({ kindLabel: '标志使用检查', resultLabel: '违规使用标志' });
    const wrong = await supA({
      method: 'POST',
      url: `/api/brands/certifications/${c.id}/reviews`,
      payload: { kind: 'annual', on: today, inspector: '李四', result: 'misuse' },
    });
    expect(wrong.statusCode).toBe(400);
    // Town B, another district and the producer cannot write; town A cannot register.
    for (const who of [supB, admin2]) {
      const r = await who({
        method: 'POST',
        url: `/api/brands/certifications/${c.id}/reviews`,
        payload: { kind: 'annual', on: today, inspector: '王五', result: 'pass' },
      });
      expect(r.statusCode).toBe(404);
      expect((await who({ url: `/api/brands/certifications/${c.id}` })).statusCode).toBe(404);
    }
    expect((await register({}, supA)).statusCode).toBe(403);
    expect((await register({ entityId: good.id }, admin2)).statusCode).toBe(404);
    expect((await producer({ url: `/api/brands/certifications/${c.id}` })).json().canEdit).toBe(false);
    const own = (await producer({ url: '/api/brands/certifications?pageSize=200' })).json();
    expect(own.items.every((i: { entityId: string }) => i.entityId === good.id)).toBe(true);
    expect((await supB({ url: '/api/brands/certifications' })).json().total).toBe(0);
    expect((await supB({ url: `/api/entities/${good.id}/eligibility` })).statusCode).toBe(404);
    const [{ n }] = (await t.database.db
      .select({ n: count() })
      .from(brandCertifications)
      .where(eq(brandCertifications.districtCode, '500999'))) as [{ n: number }];
    expect(Number(n)).toBe(0);
  });

  it('exports the list as .xlsx', async () => {
    const res = await office({ url: '/api/brands/certifications/export?kind=green' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.rawPayload.length).toBeGreaterThan(1000);
  });

  it('follows its entity to another town (a trigger), so the new town’s supervisors see it', async () => {
    const mover = await makeEntity({ name: '土桥搬迁合作社' });
    await insertCertificate(t.database.db, t.app.keyRing, mover);
    const c = (await register({ entityId: mover.id })).json();
    expect((await supB({ url: `/api/brands/certifications/${c.id}` })).statusCode).toBe(404);
    const e = (await office({ url: `/api/entities/${mover.id}` })).json();
    const moved = await office({
      method: 'PATCH',
      url: `/api/entities/${mover.id}`,
      payload: { version: e.version, townCode: TOWN_B, address: '重庆市铜梁区安居镇测试村1组' },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    const seen = await supB({ url: `/api/brands/certifications/${c.id}` });
    expect(seen.statusCode).toBe(200);
    expect(seen.json().townName).toBe('安居镇');
    expect((await supA({ url: `/api/brands/certifications/${c.id}` })).statusCode).toBe(404);
  });
});

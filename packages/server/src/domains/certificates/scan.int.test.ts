import { type KeyObject, randomUUID, verify } from 'node:crypto';
import { publicTraceUnknown, publicTraceView } from '@nongan/shared/certificates/schemas';
import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import {
  buildTestApp,
  DISTRICT,
  entityBody,
  type Requester,
  type TestApp,
  TOWN_A,
} from '../../test/helper.ts';
import { entityFlags, rapidTests, samples } from '../sampling/sample-table.ts';
import { addDays, chinaDate } from '../trace/rules.ts';
import { memoryKeyRing } from './keys.ts';
import { scanState } from './scan-cache.ts';
import { coarseNetwork, coarsePlace, copyWarning, scanChannel } from './scan-service.ts';
import { certificateScans, certificates, certificateTests, receivedCertificates } from './table.ts';
import { insertCertificate } from './test-fixtures.ts';
import { newTraceId, signLegacyTraceCode, signTraceCode } from './trace-code.ts';

// The public scan page and its JSON, on PGlite and (with TEST_DATABASE_URL) on PostgreSQL.
const today = chinaDate(new Date());
const WECHAT_UA =
  'Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 (KHTML, like Gecko) Mobile Safari/537.36 MicroMessenger/8.0.47';

let t: TestApp;
let office: Requester;
let coop: { id: string; name: string };

async function makeEntity(over: Record<string, unknown> = {}) {
  const res = await office({ method: 'POST', url: '/api/entities', payload: entityBody(over) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; name: string };
}

type CertRow = typeof certificates.$inferInsert;

const makeCert = (over: Partial<CertRow> = {}) => insertCertificate(t.database.db, t.app.keyRing, coop, over);

// Scan records are written in batches (scan-cache.ts); a read of the table waits for them.
const flushScans = () => scanState(t.database.db).log.flush();

async function scanRows(certificateId?: string) {
  await flushScans();
  const [r] = await t.database.db
    .select({ n: count() })
    .from(certificateScans)
    .where(certificateId ? eq(certificateScans.certificateId, certificateId) : undefined);
  return Number(r?.n ?? 0);
}

const page = (code: string, headers: Record<string, string> = {}, qs = '') =>
  t.app.inject({ url: `/t/${encodeURIComponent(code)}${qs}`, headers });
/** Every answer is also checked against its documented schema (the route skips that check itself). */
const json = async (code: string, headers: Record<string, string> = {}) => {
  const res = await t.app.inject({ url: `/api/public/trace/${encodeURIComponent(code)}`, headers });
  if (res.statusCode === 200) publicTraceView.strict().parse(res.json());
  if (res.statusCode === 404) publicTraceUnknown.strict().parse(res.json());
  return res;
};

beforeAll(async () => {
  t = await buildTestApp();
  office = await t.as('district_staff');
  coop = await makeEntity({ type: 'cooperative', name: '土桥蔬菜专业合作社' });
});
afterAll(() => t?.close());

describe('coarse scan records', () => {
  it('keeps only the network, a rounded place and the channel', () => {
    expect(coarseNetwork('203.0.113.77')).toBe('203.0.113.0/24');
    expect(coarseNetwork('::ffff:198.51.100.9')).toBe('198.51.100.0/24');
    expect(coarseNetwork('2001:db8:abcd:12:1::5')).toBe('2001:db8:abcd::/48');
    expect(coarseNetwork('2001:db8::1')).toBe('2001:db8:0::/48');
    expect(coarseNetwork('not an ip')).toBeNull();
    expect(coarseNetwork(undefined)).toBeNull();
    expect(coarsePlace('29.81234', '106.05678')).toBe('29.8,106.1');
    expect(coarsePlace('-0.01', '0.02')).toBe('0.0,0.0');
    expect(coarsePlace('91', '106')).toBeNull();
    expect(coarsePlace('abc', '106')).toBeNull();
    expect(coarsePlace(undefined, '106')).toBeNull();
    expect(scanChannel(WECHAT_UA)).toBe('wechat');
    expect(scanChannel('Mozilla/5.0 Safari')).toBe('other');
    expect(copyWarning({ recentNetworks: 10, recentDays: 5 }, 1)).toBe(false);
    expect(copyWarning({ recentNetworks: 11, recentDays: 2 }, 1)).toBe(true);
    // Many networks in one day (one person switching networks, a crowd at one stall): not enough.
    expect(copyWarning({ recentNetworks: 11, recentDays: 1 }, 1)).toBe(false);
    expect(copyWarning({ recentNetworks: 11, recentDays: 2 }, 20)).toBe(false);
    expect(copyWarning({ recentNetworks: 41, recentDays: 2 }, 20)).toBe(true);
  });
});

describe('GET /t/:code and /api/public/trace/:code', () => {
  it('shows a genuine certificate and records the scan (time, coarse network and place, channel)', async () => {
    const c = await makeCert({ labelCount: 2 });
    await t.database.db.insert(certificateTests).values({
      districtCode: DISTRICT,
      certificateId: c.id,
      seq: 0,
      kind: 'report',
      refNo: 'WT-2026-001',
      items: ['毒死蜱', '克百威'],
      result: '合格',
      testedOn: today,
      lab: '铜梁区农产品质量安全检测中心',
    });
    const res = await page(
      c.traceCode,
      { 'user-agent': WECHAT_UA, 'x-forwarded-for': '203.0.113.77' },
      '?lat=29.81234&lng=106.05678&from=singlemessage',
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html; charset=utf-8/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.body).toContain('<meta name="viewport"');
    expect(res.body).toContain('lang="zh-CN"');
    expect(res.body).not.toContain('<script');
    for (const s of [
      '真实有效',
      '菠菜',
      '500 公斤',
      '土桥蔬菜专业合作社',
      '重庆市铜梁区土桥镇测试村',
      today,
      c.certNo,
      '023-45678901',
      '不使用禁用农药兽药、停用兽药和非法添加物',
      '质量安全控制符合要求',
      'WT-2026-001',
      '毒死蜱、克百威',
      '绿码',
      '本码已被查询 <strong>1</strong> 次',
    ])
      expect(res.body).toContain(s);
    expect(res.body).not.toContain('品牌认证');
    expect(res.body).not.toContain('标签可能被复制');
    // The entity's own phone and identity are not the public's business.
    expect(res.body).not.toContain('13800138000');

    await flushScans();
    const [scan] = await t.database.db
      .select()
      .from(certificateScans)
      .where(and(eq(certificateScans.districtCode, DISTRICT), eq(certificateScans.certificateId, c.id)));
    expect(scan).toMatchObject({ network: '203.0.113.0/24', place: '29.8,106.1', channel: 'wechat' });
    expect(Date.now() - scan!.at.getTime()).toBeLessThan(60_000);

    const api = await json(c.traceCode, { 'x-forwarded-for': '198.51.100.4' });
    expect(api.statusCode, api.body).toBe(200);
    expect(api.json()).toMatchObject({
      validity: 'genuine',
      validityLabel: '真实有效',
      certNo: c.certNo,
      productName: '菠菜',
      quantity: 500,
      unit: 'kg',
      origin: c.origin,
      producer: {
        name: '土桥蔬菜专业合作社',
        type: '农民专业合作社',
        contact: '023-45678901',
        onBehalf: false,
      },
      issueDate: today,
      bases: [{ code: 'quality_control', label: '质量安全控制符合要求' }],
      tests: [{ kind: 'report', refNo: 'WT-2026-001', items: ['毒死蜱', '克百威'], result: '合格' }],
      brands: [],
      sources: [],
      supervision: { colour: 'green', windowDays: 180 },
      scans: { total: 2, networks: 2, places: 1, recentNetworks: 2, recentDays: 1, copyWarning: false },
    });
    expect(JSON.stringify(api.json())).not.toContain('13800138000');
    expect(await scanRows(c.id)).toBe(2);
    await flushScans();
    const [other] = await t.database.db
      .select()
      .from(certificateScans)
      .where(and(eq(certificateScans.certificateId, c.id), eq(certificateScans.network, '198.51.100.0/24')));
    expect(other).toMatchObject({ place: null, channel: 'other' });
  });

  it('accepts the code with surrounding whitespace; HEAD records nothing', async () => {
    const c = await makeCert();
    expect((await page(` ${c.traceCode}\n`)).statusCode).toBe(200);
    expect((await json(`  ${c.traceCode}`)).json().validity).toBe('genuine');
    const head = await t.app.inject({ method: 'HEAD', url: `/t/${c.traceCode}` });
    expect(head.statusCode).toBe(200);
    expect(head.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(head.body).toBe('');
    const apiHead = await t.app.inject({ method: 'HEAD', url: `/api/public/trace/${c.traceCode}` });
    expect(apiHead.statusCode).toBe(200);
    expect(apiHead.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(await scanRows(c.id)).toBe(2);
    // HEAD answers whether the code is registered: an altered one is not.
    const altered = c.traceCode.slice(0, -1) + (c.traceCode.endsWith('A') ? 'B' : 'A');
    for (const url of [`/t/${altered}`, `/api/public/trace/${altered}`])
      expect((await t.app.inject({ method: 'HEAD', url })).statusCode).toBe(404);
  });

  it('says revoked, with the reason and date, once the certificate is revoked', async () => {
    const c = await makeCert();
    await t.database.db
      .update(certificates)
      .set({
        status: 'revoked',
        revokedAt: new Date('2026-03-02T06:30:00Z'),
        revokeReason: '数量<填错>',
      })
      .where(and(eq(certificates.districtCode, DISTRICT), eq(certificates.id, c.id)));
    const res = await page(c.traceCode);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('已撤销');
    expect(res.body).toContain('数量&lt;填错&gt;');
    expect(res.body).toContain('2026-03-02 14:30');
    expect(res.body).not.toContain('真实有效');
    const api = (await json(c.traceCode)).json();
    expect(api).toMatchObject({
      validity: 'revoked',
      revokeReason: '数量<填错>',
      revokedAt: '2026-03-02T06:30:00.000Z',
    });
    expect(await scanRows(c.id)).toBe(2);
  });

  it('opens a compact code (upper-case QR URL) and a legacy code (labels printed before)', async () => {
    const compact = await makeCert();
    expect(compact.traceCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{37}$/);
    const legacyId = newTraceId();
    const legacy = await makeCert({
      traceId: legacyId,
      traceCode: signLegacyTraceCode(t.app.keyRing, legacyId),
    });
    for (const c of [compact, legacy]) {
      for (const url of [`/t/${c.traceCode}`, `/T/${c.traceCode}`]) {
        const res = await t.app.inject({ url });
        expect(res.statusCode, url).toBe(200);
        expect(res.body).toContain(c.certNo);
      }
      const api = await json(c.traceCode);
      expect(api.statusCode).toBe(200);
      // The whole Ed25519 signature is published, and verifies with the public key.
      const { signature } = api.json();
      expect(signature).toMatchObject({ algorithm: 'Ed25519', keyId: t.app.keyRing.activeId });
      const pub = t.app.keyRing.publicKeys.get(signature.keyId) as KeyObject;
      expect(
        verify(null, Buffer.from(signature.message), pub, Buffer.from(signature.value, 'base64url')),
      ).toBe(true);
    }
    // A compact code typed in lower case finds the same certificate.
    expect((await json(compact.traceCode.toLowerCase())).json()).toMatchObject({ certNo: compact.certNo });
    // A compact code with one character of its tag changed is unknown.
    const last = compact.traceCode.at(-1) === '0' ? '1' : '0';
    expect((await json(`${compact.traceCode.slice(0, -1)}${last}`)).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/T/${compact.traceCode.slice(0, -1)}${last}` })).statusCode).toBe(404);
  });

  it('says unknown (404) for a forged, altered or unregistered code, and records nothing', async () => {
    const legacyId = newTraceId();
    const c = await makeCert({ traceId: legacyId, traceCode: signLegacyTraceCode(t.app.keyRing, legacyId) });
    const compact = await makeCert();
    const before = await scanRows();
    const sig = c.traceCode.slice(-86);
    const flip = (ch: string) => (ch === 'A' ? 'B' : 'A');
    const [key, id] = c.traceCode.split('.') as [string, string];
    const otherId = newTraceId();
    const forged = [
      // One character of the signature. The last one carries padding bits too: A↔B there decodes
      // to the same signature, so only the comparison with the stored code tells it apart.
      `${c.traceCode.slice(0, -1)}${flip(c.traceCode.slice(-1))}`,
      `${c.traceCode.slice(0, -1)}${c.traceCode.endsWith('A') ? 'B' : c.traceCode.endsWith('Q') ? 'R' : c.traceCode.endsWith('g') ? 'h' : 'x'}`,
      `${c.traceCode.slice(0, -50)}${flip(c.traceCode.at(-50)!)}${c.traceCode.slice(-49)}`,
      `${key}.${otherId}.${sig}`, // id changed, signature kept
      `${key}.${id.slice(0, -1)}${id.endsWith('0') ? '1' : '0'}.${sig}`,
      signTraceCode(t.app.keyRing, newTraceId()), // genuine signature, never issued
      signTraceCode(memoryKeyRing(), c.traceId), // someone else's key
      signLegacyTraceCode(t.app.keyRing, compact.traceId), // the same id signed in the other form
      `${compact.traceCode.slice(0, 5)}${newTraceId()}${compact.traceCode.slice(25)}`, // id changed, tag kept
      `${compact.traceCode.slice(0, 24)}${compact.traceCode[24] === 'Z' ? 'Y' : 'Z'}${compact.traceCode.slice(25)}`,
      'hello',
      'x'.repeat(1000),
    ];
    for (const code of forged) {
      const res = await page(code);
      expect(res.statusCode, code).toBe(404);
      expect(res.body).toContain('无法识别');
      expect(res.body).not.toContain('菠菜');
      const api = await json(code);
      expect(api.statusCode).toBe(404);
      expect(api.json()).toMatchObject({ statusCode: 404, validity: 'unknown' });
    }
    expect(await scanRows()).toBe(before);
  });

  it('escapes every value it prints', async () => {
    const evil = await makeEntity({ name: '<img src=x onerror=alert(1)>合作社' });
    const c = await makeCert({
      entityId: evil.id,
      productName: '<script>alert("x")</script>',
      origin: 'O\'Reilly & "Sons"',
      promiser: '<b>p</b>',
    });
    const res = await page(c.traceCode);
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('<script>alert');
    expect(res.body).not.toContain('<img src=x');
    expect(res.body).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(res.body).toContain('&lt;img src=x onerror=alert(1)&gt;合作社');
    expect(res.body).toContain('O&#39;Reilly &amp; &quot;Sons&quot;');
  });

  it('maps a legacy basis and shows the certificates a buyer certificate was made from', async () => {
    const legacy = await makeCert({ source: 'legacy', legacyBasis: '自我承诺' });
    expect((await page(legacy.traceCode)).body).toContain('原模板：自我承诺 → 质量安全控制符合要求');

    const buyerEntity = await makeEntity({ type: 'enterprise', name: '测试收购公司' });
    const source = await makeCert({ quantity: 300 });
    const buyerCert = await makeCert({ style: 'buyer', entityId: buyerEntity.id, quantity: 400 });
    await t.database.db.insert(receivedCertificates).values([
      {
        id: randomUUID(),
        districtCode: DISTRICT,
        receiverId: buyerEntity.id,
        sourceCertificateId: source.id,
        certNo: source.certNo,
        supplier: coop.name,
        productCode: 'spinach',
        quantity: 300,
        unit: 'kg',
        receivedOn: today,
        usedInCertificateId: buyerCert.id,
        retainUntil: addDays(today, 183),
      },
      {
        id: randomUUID(),
        districtCode: DISTRICT,
        receiverId: buyerEntity.id,
        certNo: 'ZZ-0001',
        supplier: '李四',
        productCode: 'spinach',
        quantity: 100,
        unit: 'kg',
        receivedOn: today,
        usedInCertificateId: buyerCert.id,
        retainUntil: addDays(today, 183),
      },
    ]);
    const res = await page(buyerCert.traceCode);
    expect(res.body).toContain('来源合格证');
    expect(res.body).toContain(`<a href="/t/${encodeURIComponent(source.traceCode)}">${source.certNo}</a>`);
    expect(res.body).toContain('ZZ-0001');
    expect(res.body).toContain('已收取、查验并留存供货者的承诺达标合格证');
    const api = (await json(buyerCert.traceCode)).json();
    expect(api.style).toBe('buyer');
    expect(api.sources).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ certNo: source.certNo, traceCode: source.traceCode, status: 'valid' }),
        expect.objectContaining({ certNo: 'ZZ-0001', traceCode: null, status: 'paper' }),
      ]),
    );
  });

  it('colours the entity from its recent samples, rapid tests and problem flags', async () => {
    const colourOf = async (entityId: string) => {
      const c = await makeCert({ entityId });
      return (await json(c.traceCode)).json().supervision.colour;
    };
    const sampleRow = (entityId: string, daysAgo: number, verdict: string) => ({
      id: randomUUID(),
      districtCode: DISTRICT,
      sampleNo: `S-${randomUUID().slice(0, 8)}`,
      taskKind: 'routine_monitoring',
      townCode: TOWN_A,
      entityId,
      productCode: 'spinach',
      link: 'production',
      sampler: '王五',
      sampledAt: new Date(Date.now() - daysAgo * 86_400_000),
      quantity: 1,
      quantityUnit: 'kg',
      status: 'verified',
      verdict,
    });
    const rapidRow = (entityId: string, daysAgo: number, followUp: string | null) => ({
      id: randomUUID(),
      districtCode: DISTRICT,
      testNo: `R-${randomUUID().slice(0, 8)}`,
      holderCode: TOWN_A,
      townCode: TOWN_A,
      entityId,
      productCode: 'spinach',
      link: 'production',
      method: 'enzyme_inhibition',
      target: 'organophosphate_carbamate',
      inhibitionRate: 62,
      result: 'positive',
      testedAt: new Date(Date.now() - daysAgo * 86_400_000),
      tester: '赵六',
      followUp,
    });
    const db = t.database.db;

    const failed = await makeEntity();
    await db.insert(samples).values(sampleRow(failed.id, 20, 'fail'));
    expect(await colourOf(failed.id)).toBe('red');

    const oldFail = await makeEntity();
    await db.insert(samples).values([sampleRow(oldFail.id, 200, 'fail'), sampleRow(oldFail.id, 5, 'pass')]);
    expect(await colourOf(oldFail.id)).toBe('green');

    const confirmed = await makeEntity();
    await db.insert(rapidTests).values(rapidRow(confirmed.id, 10, 'confirmed'));
    expect(await colourOf(confirmed.id)).toBe('red');

    const pending = await makeEntity();
    await db
      .insert(rapidTests)
      .values([rapidRow(pending.id, 3, 'pending_lab'), rapidRow(pending.id, 4, 'cleared')]);
    expect(await colourOf(pending.id)).toBe('yellow');

    const cleared = await makeEntity();
    await db.insert(rapidTests).values(rapidRow(cleared.id, 3, 'cleared'));
    expect(await colourOf(cleared.id)).toBe('green');

    const flagged = await makeEntity();
    await db.insert(entityFlags).values({
      districtCode: DISTRICT,
      entityId: flagged.id,
      flag: 'problem',
      sourceType: 'sample',
      sourceId: randomUUID(),
    });
    const c = await makeCert({ entityId: flagged.id });
    const res = await page(c.traceCode);
    expect(res.body).toContain('黄码');
    expect(res.body).toContain('dot yellow');
  });

  it('never warns on one client: five scans from one IP with five different lat/lng', async () => {
    const c = await makeCert();
    const places = ['29.8,106.1', '39.9,116.4', '31.2,121.5', '23.1,113.3', '30.6,104.1'];
    for (const p of places) {
      const [lat, lng] = p.split(',');
      const res = await t.app.inject({
        url: `/api/public/trace/${encodeURIComponent(c.traceCode)}?lat=${lat}&lng=${lng}`,
        remoteAddress: '198.51.100.23',
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    const api = (
      await t.app.inject({
        url: `/api/public/trace/${encodeURIComponent(c.traceCode)}`,
        remoteAddress: '198.51.100.23',
      })
    ).json();
    // The places are recorded as a hint, but they are not evidence.
    expect(api.scans).toMatchObject({
      total: 6,
      networks: 1,
      places: 5,
      recentNetworks: 1,
      copyWarning: false,
    });
    const res = await t.app.inject({
      url: `/t/${encodeURIComponent(c.traceCode)}`,
      remoteAddress: '198.51.100.23',
    });
    expect(res.body).not.toContain('标签可能被复制');
    expect(res.body).toContain('复制提示的依据：近30天内来自 1 个不同网络、1 个不同日期的扫码');
  });

  it('warns on scans from many networks on several days, saying what it rests on', async () => {
    const c = await makeCert();
    const from = (ip: string) =>
      t.app.inject({ url: `/api/public/trace/${encodeURIComponent(c.traceCode)}`, remoteAddress: ip });
    // Eleven networks today, one of them many times: one day is not enough.
    for (let i = 1; i <= 11; i++) await from(`10.0.${i}.5`);
    for (let i = 0; i < 5; i++) await from('10.0.1.77');
    expect((await from('10.0.1.78')).json().scans).toMatchObject({
      recentNetworks: 11,
      recentDays: 1,
      copyWarning: false,
    });
    // Earlier scans: two days ago from two more networks, and forty days ago (outside the window).
    const ago = (days: number) => new Date(Date.now() - days * 86_400_000);
    await t.database.db.insert(certificateScans).values([
      { id: randomUUID(), districtCode: DISTRICT, certificateId: c.id, at: ago(2), network: '10.9.1.0/24' },
      { id: randomUUID(), districtCode: DISTRICT, certificateId: c.id, at: ago(40), network: '10.9.2.0/24' },
    ]);
    const api = (await from('10.0.1.99')).json();
    expect(api.scans).toMatchObject({
      total: 20,
      networks: 13,
      recentNetworks: 12,
      recentDays: 2,
      windowDays: 30,
      copyWarning: true,
    });
    const res = await t.app.inject({
      url: `/t/${encodeURIComponent(c.traceCode)}`,
      remoteAddress: '10.0.1.100',
    });
    expect(res.body).toContain('标签可能被复制：近30天内来自 12 个不同网络、2 个不同日期的扫码');
    // The staff detail page says the same, once the batched records are written (it reads the table).
    await flushScans();
    // It reads the tallies: 21 scans (the page's too) from 13 networks, the latest a moment ago.
    const detail = await office({ url: `/api/certificates/${c.id}` });
    expect(detail.json().scans).toMatchObject({ total: 21, places: 13, copyWarning: true });
    expect(detail.json().scans.basis).toContain('12 个不同网络、2 个不同日期');
    expect(Date.now() - Date.parse(detail.json().scans.last)).toBeLessThan(60_000);
  });

  it('is rate limited per IP, the page answering with a page', async () => {
    const app = await buildApp({
      database: t.database,
      keyRing: t.app.keyRing,
      scanRateLimit: 3,
      trustProxy: ['127.0.0.1'],
    });
    await app.ready();
    try {
      const c = await makeCert();
      const from = (ip: string, url: string) => app.inject({ url, headers: { 'x-forwarded-for': ip } });
      for (let i = 0; i < 3; i++) expect((await from('192.0.2.1', `/t/${c.traceCode}`)).statusCode).toBe(200);
      const limited = await from('192.0.2.1', `/t/${c.traceCode}`);
      expect(limited.statusCode).toBe(429);
      expect(limited.headers['content-type']).toMatch(/^text\/html/);
      expect(limited.body).toContain('查询过于频繁');
      expect((await from('192.0.2.2', `/t/${c.traceCode}`)).statusCode).toBe(200);

      for (let i = 0; i < 3; i++)
        expect((await from('192.0.2.3', `/api/public/trace/${c.traceCode}`)).statusCode).toBe(200);
      const api = await from('192.0.2.3', `/api/public/trace/${c.traceCode}`);
      expect(api.statusCode).toBe(429);
      expect(api.json()).toMatchObject({ statusCode: 429, message: '查询过于频繁，请稍后再试' });
      // Forged codes count against the limit too: no free enumeration.
      const tampered = `${c.traceCode.slice(0, -40)}${c.traceCode.at(-40) === 'A' ? 'B' : 'A'}${c.traceCode.slice(-39)}`;
      for (let i = 0; i < 3; i++) await from('192.0.2.4', `/t/${tampered}`);
      expect((await from('192.0.2.4', `/t/${c.traceCode}`)).statusCode).toBe(429);
      expect(await scanRows(c.id)).toBe(7);
    } finally {
      await app.close();
    }
  });

  it('needs no login and is not in the SPA fallback', async () => {
    const c = await makeCert();
    const res = await t.app.inject({ url: `/t/${c.traceCode}` });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('真实有效');
  });
});

describe('brand certifications on the scan page', () => {
  it('shows the entity’s certifications in force for the product and its regional-brand licences', async () => {
    const farm = await makeEntity({ name: '土桥绿色莲藕专业合作社' });
    const mine = (over: Partial<CertRow> = {}) => insertCertificate(t.database.db, t.app.keyRing, farm, over);
    const spinach = await mine();
    const lotus = await mine({ productCode: 'lotus_root', productName: '莲藕' });
    const reg = (over: Record<string, unknown>) =>
      office({
        method: 'POST',
        url: '/api/brands/certifications',
        payload: {
          kind: 'green',
          certNo: `LB-S-${Math.random().toString(36).slice(2, 8)}`,
          entityId: farm.id,
          productCodes: ['lotus_root'],
          issuedOn: addDays(today, -100),
          validUntil: addDays(today, 900),
          acknowledge: true,
          ...over,
        },
      });
    const green = await reg({ certNo: 'LB-S-GREEN' });
    expect(green.statusCode, green.body).toBe(201);
    // Expired, revoked, or another product: none of these show.
    await reg({ kind: 'organic', issuedOn: addDays(today, -1200), validUntil: addDays(today, -1) });
    const revoked = (await reg({ kind: 'gi' })).json();
    await office({
      method: 'PATCH',
      url: `/api/brands/certifications/${revoked.id}`,
      payload: { revokeReason: '标志违规使用' },
    });
    await reg({ kind: 'gap', productCodes: ['paddy_rice'] });
    const brand = (
      await office({ method: 'POST', url: '/api/brands/regional', payload: { name: '巴味渝珍' } })
    ).json();
    await office({
      method: 'POST',
      url: `/api/brands/regional/${brand.id}/licences`,
      payload: { entityId: farm.id, licensedOn: addDays(today, -5), acknowledge: true },
    });

    const view = (await json(lotus.traceCode)).json();
    expect(view.brands).toEqual([
      { kind: '绿色食品', name: '莲藕', certNo: 'LB-S-GREEN', validUntil: addDays(today, 900) },
      { kind: '区域公用品牌', name: '巴味渝珍', certNo: null, validUntil: null },
    ]);
    const html = (await page(lotus.traceCode)).body;
    expect(html).toContain('品牌认证');
    expect(html).toContain('绿色食品：莲藕（证书 LB-S-GREEN');
    expect(html).toContain('区域公用品牌：巴味渝珍（授权使用）');
    // The entity-wide licence covers spinach too; the lotus certification does not.
    expect((await json(spinach.traceCode)).json().brands).toEqual([
      { kind: '区域公用品牌', name: '巴味渝珍', certNo: null, validUntil: null },
    ]);
  });
});

import { randomBytes } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppOptions, buildApp } from '../app.ts';
import { createUser } from '../domains/accounts/service.ts';
import { auditLog } from '../domains/audit/table.ts';
import { PAGE_HEADERS } from '../domains/certificates/scan-page.ts';
import { insertCertificate } from '../domains/certificates/test-fixtures.ts';
import { entities, importBatches } from '../domains/entities/table.ts';
import { HEADERS } from '../domains/entities/xlsx-columns.ts';
import {
  buildTestApp,
  DISTRICT,
  entityBody,
  PASSWORD,
  type Requester,
  type TestApp,
} from '../test/helper.ts';

/** The HTTP trust boundary: proxy headers, cross-site writes, security headers, hostile text. */

let t: TestApp; // trusts 127.0.0.1 as a proxy (app.inject's address), like every test app
let plain: FastifyInstance; // the production default: no proxy trusted
let staff: Requester;
const extraApps: FastifyInstance[] = [];

async function app(opts: Partial<AppOptions> = {}) {
  const a = await buildApp({ database: t.database, keyRing: t.app.keyRing, ...opts });
  await a.ready();
  extraApps.push(a);
  return a;
}

/** Signs a new district staff member in on the given app. */
async function staffOn(a: FastifyInstance): Promise<Requester> {
  const username = `boundary_${randomBytes(4).toString('hex')}`;
  await createUser(
    t.database.db,
    { user: null, ip: null },
    { username, displayName: username, role: 'district_staff', scopeCode: DISTRICT, password: PASSWORD },
  );
  const res = await a.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password: PASSWORD },
  });
  expect(res.statusCode, res.body).toBe(200);
  const sid = res.cookies.find((c) => c.name === 'nongan_sid')?.value;
  return (o: InjectOptions) => a.inject({ ...o, headers: { ...o.headers, cookie: `nongan_sid=${sid}` } });
}

const entityCount = async () => Number((await t.database.db.select({ n: count() }).from(entities))[0]?.n);

beforeAll(async () => {
  t = await buildTestApp();
  plain = await app();
  staff = await staffOn(plain);
});
afterAll(async () => {
  for (const a of extraApps) await a.close();
  await t.close();
});

describe('proxy headers', () => {
  const forged = {
    'x-forwarded-for': '203.0.113.9',
    'x-forwarded-host': 'evil.example',
    'x-forwarded-proto': 'https',
  };

  async function auditIp(who: Requester) {
    const res = await who({ method: 'POST', url: '/api/entities', payload: entityBody(), headers: forged });
    expect(res.statusCode, res.body).toBe(201);
    const [row] = await t.database.db.select().from(auditLog).where(eq(auditLog.subjectId, res.json().id));
    return row?.ip;
  }

  it('are ignored by default: the audit log keeps the real peer address', async () => {
    expect(await auditIp(staff)).toBe('127.0.0.1');
  });

  it('are believed from a configured proxy', async () => {
    expect(await auditIp(await t.as('district_staff'))).toBe('203.0.113.9');
  });

  it('cannot spread login attempts over forged addresses, unless from a trusted proxy', async () => {
    const attempt = (a: FastifyInstance, ip: string) =>
      a.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'x-forwarded-for': ip },
        payload: { username: 'nobody', password: 'wrong-password' },
      });
    const direct = await app({ loginRateLimit: 2 });
    expect((await attempt(direct, '198.51.100.1')).statusCode).toBe(401);
    expect((await attempt(direct, '198.51.100.2')).statusCode).toBe(401);
    expect((await attempt(direct, '198.51.100.3')).statusCode).toBe(429);

    const proxied = await app({ loginRateLimit: 2, trustProxy: ['127.0.0.1'] });
    expect((await attempt(proxied, '198.51.100.1')).statusCode).toBe(401);
    expect((await attempt(proxied, '198.51.100.1')).statusCode).toBe(401);
    expect((await attempt(proxied, '198.51.100.1')).statusCode).toBe(429);
    expect((await attempt(proxied, '198.51.100.2')).statusCode).toBe(401);
  });

  it('do not change the host printed into QR codes, unless from a trusted proxy', async () => {
    const e = (await staff({ method: 'POST', url: '/api/entities', payload: entityBody() })).json();
    const cert = await insertCertificate(t.database.db, t.app.keyRing, e);
    const url = `/api/certificates/${cert.id}`;
    const direct = await staff({ url, headers: { ...forged, host: 'nongan.example:8080' } });
    expect(direct.statusCode, direct.body).toBe(200);
    expect(direct.json().traceUrl).toMatch(/^HTTP:\/\/NONGAN\.EXAMPLE:8080\/T\//);
    const viaProxy = await (await t.as('district_staff'))({ url, headers: forged });
    expect(viaProxy.json().traceUrl).toMatch(/^HTTPS:\/\/EVIL\.EXAMPLE\/T\//);
  });
});

describe('cross-site writes', () => {
  const post = (headers: Record<string, string>, who = staff) =>
    who({ method: 'POST', url: '/api/entities', payload: entityBody(), headers });

  it('are refused before the handler, and nothing is written', async () => {
    const before = await entityCount();
    const refused: Record<string, string>[] = [
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site', origin: 'http://localhost' },
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { origin: 'http://localhost:8080' }, // another port is another origin
    ];
    for (const headers of refused) {
      const res = await post(headers);
      expect(res.statusCode, JSON.stringify(headers)).toBe(403);
      expect(res.json().message).toMatch(/跨站/);
    }
    // Even a multipart import, which a plain HTML form can send without a preflight.
    const upload = await staff({
      method: 'POST',
      url: '/api/entities/import',
      headers: { 'content-type': 'multipart/form-data; boundary=x', origin: 'https://evil.example' },
      payload: '--x\r\nContent-Disposition: form-data; name="file"; filename="a.xlsx"\r\n\r\nPK\r\n--x--\r\n',
    });
    expect(upload.statusCode).toBe(403);
    // The unauthenticated login too (login CSRF).
    const login = await plain.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'sec-fetch-site': 'cross-site' },
      payload: { username: 'x', password: 'y' },
    });
    expect(login.statusCode).toBe(403);
    expect(await entityCount()).toBe(before);
  });

  it('pass from the same origin, from tools that send neither header, and for reads', async () => {
    expect((await post({ 'sec-fetch-site': 'same-origin', origin: 'http://localhost' })).statusCode).toBe(
      201,
    );
    expect((await post({ origin: 'http://localhost:80' })).statusCode).toBe(201);
    expect((await post({ 'sec-fetch-site': 'none' })).statusCode).toBe(201);
    expect((await post({})).statusCode).toBe(201);
    const read = await staff({
      url: '/api/entities',
      headers: { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' },
    });
    expect(read.statusCode).toBe(200);
  });

  it('compare the Origin with a forwarded host only from a trusted proxy', async () => {
    const headers = { origin: 'https://evil.example', 'x-forwarded-host': 'evil.example' };
    expect((await post(headers)).statusCode).toBe(403);
    expect((await post(headers, await t.as('district_staff'))).statusCode).toBe(201);
  });

  it('accept the configured public URL as our origin', async () => {
    const a = await app({ publicUrl: 'https://nongan.example.cn' });
    const who = await staffOn(a);
    const res = await who({
      method: 'POST',
      url: '/api/entities',
      payload: entityBody(),
      headers: { origin: 'https://nongan.example.cn' },
    });
    expect(res.statusCode, res.body).toBe(201);
  });
});

describe('security headers', () => {
  it('are on every answer, with a CSP the web app and Swagger UI work under', async () => {
    const res = await plain.inject({ url: '/api/auth/me' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['referrer-policy']).toBe('same-origin');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(res.headers['strict-transport-security']).toBeUndefined();

    const docs = await plain.inject({ url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-security-policy']).toBe(csp);
    // Swagger UI's page loads only scripts of its own (no inline script the CSP would block).
    const scripts = [...docs.body.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1] ?? '');
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.every((attrs) => /\bsrc="[^"]*"/.test(attrs) && !/src="(https?:)?\/\//.test(attrs))).toBe(
      true,
    );
    for (const m of docs.body.matchAll(/src="([^"]+)"/g)) {
      const asset = await plain.inject({
        url: new URL(m[1] as string, 'http://localhost/api/docs/').pathname,
      });
      expect(asset.statusCode, m[1]).toBe(200);
    }
    expect((await plain.inject({ url: '/api/docs/json' })).statusCode).toBe(200);
  });

  it('leave the scan page its own stricter CSP, once', async () => {
    const res = await plain.inject({ url: '/t/not-a-code' });
    expect(res.headers['content-security-policy']).toBe(PAGE_HEADERS['content-security-policy']);
    expect(typeof res.headers['content-security-policy']).toBe('string'); // one header, not two
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('forbid storing personal data: no-store on every signed-in and every private /api answer', async () => {
    expect((await staff({ url: '/api/entities' })).headers['cache-control']).toBe('no-store');
    expect((await staff({ url: '/api/auth/me' })).headers['cache-control']).toBe('no-store');
    expect((await plain.inject({ url: '/api/entities' })).headers['cache-control']).toBe('no-store');
    expect((await plain.inject({ url: '/api/public/trace/x' })).headers['cache-control']).toBe('no-store');
  });

  it('serve an uploaded photo with its own type, nosniff and no-store', async () => {
    const sample = await staff({
      method: 'POST',
      url: '/api/samples',
      payload: {
        taskKind: 'routine_monitoring',
        townCode: `${DISTRICT}101`,
        sampledParty: '基地',
        product: '番茄',
        link: 'pre_harvest_base',
        sampler: '李抽样',
        sampledAt: '2021-08-01T10:00:00+08:00',
        quantity: 2,
        quantityUnit: 'kg',
      },
    });
    expect(sample.statusCode, sample.body).toBe(201);
    const id = sample.json().id;
    const jpeg = Buffer.concat([
      Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
      Buffer.from('<html><script>x</script>'),
    ]);
    const put = await staff({
      method: 'PUT',
      url: `/api/samples/${id}/photo`,
      headers: { 'content-type': 'multipart/form-data; boundary=p' },
      payload: Buffer.concat([
        Buffer.from(
          '--p\r\nContent-Disposition: form-data; name="file"; filename="p.html"\r\nContent-Type: text/html\r\n\r\n',
        ),
        jpeg,
        Buffer.from('\r\n--p--\r\n'),
      ]),
    });
    expect(put.statusCode, put.body).toBe(200);
    const got = await staff({ url: `/api/samples/${id}/photo` });
    expect(got.headers['content-type']).toBe('image/jpeg');
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    expect(got.headers['cache-control']).toBe('no-store');
    expect(got.rawPayload.equals(jpeg)).toBe(true);
  });
});

describe('hostile text', () => {
  const NUL = 'a\u0000b';
  const LONE = 'ab\uD800';
  const INVISIBLE = '\u200B\u200B\u200B';

  it('is refused on the anonymous login, naming the field', async () => {
    for (const [payload, field] of [
      [{ username: NUL, password: 'x' }, 'username'],
      [{ username: 'admin', password: LONE }, 'password'],
    ] as const) {
      const res = await plain.inject({ method: 'POST', url: '/api/auth/login', payload });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json()).toMatchObject({ statusCode: 400, error: 'Bad Request', issues: [{ field }] });
    }
    // The JSON parser's own escapes give the same strings.
    const escaped = await plain.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"username":"a\\u0000","password":"\\udc00"}',
    });
    expect(escaped.statusCode).toBe(400);
    expect(escaped.json().issues[0].field).toBe('username');
  });

  it('is refused in a body, nothing written', async () => {
    const before = await entityCount();
    for (const [over, field, reason] of [
      [{ name: `合作社${NUL}` }, 'name', /NUL/],
      [{ name: `合作社${LONE}` }, 'name', /代理项/],
      [{ name: INVISIBLE }, 'name', /不可见/],
      [{ name: '\u0007\u0008\u0007' }, 'name', /控制字符/],
      [{ mainProducts: ['白菜', `菠${NUL}菜`] }, 'mainProducts.1', /NUL/],
    ] as const) {
      const res = await staff({ method: 'POST', url: '/api/entities', payload: entityBody(over) });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().issues).toEqual([{ field, reason: expect.stringMatching(reason) }]);
      expect(res.json().message).toContain(field);
    }
    expect(await entityCount()).toBe(before);
  });

  it('is refused in query strings and route parameters, encoded or not', async () => {
    for (const [url, field] of [
      ['/api/entities?q=%00', 'q'],
      ['/api/entities?q=a%E2%80%8B%E2%80%8B&x=1', null],
      ['/api/entities?q=%ED%A0%80', 'q'],
      ['/api/entities?q=%E2%80%8B%E2%80%8B', 'q'],
      ['/api/entities?%00=1', '\u0000'],
      ['/api/entities/%00', 'id'],
      ['/t/abc%00def', '*'],
    ] as const) {
      const res = await staff({ url });
      if (field === null) {
        expect(res.statusCode, url).not.toBe(500);
        continue;
      }
      expect(res.statusCode, `${url} ${res.body}`).toBe(400);
      if (url.startsWith('/api'))
        expect(res.json().issues[0].field, url).toBe(field === '\u0000' ? 'query' : field);
    }
    // A lone surrogate in the path is Fastify's own 400, said in Chinese.
    const path = await staff({ url: '/api/entities/%ED%A0%80' });
    expect(path.statusCode).toBe(400);
    expect(path.json().message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('is refused in an uploaded file name, nothing written', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('主体名录').addRows([[...HEADERS], ['测试合作社', '农民专业合作社']]);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    const batches = async () =>
      Number((await t.database.db.select({ n: count() }).from(importBatches))[0]?.n);
    const before = await batches();
    for (const disposition of ['filename="a\u0000b.xlsx"', "filename*=UTF-8''a%00b.xlsx"]) {
      const res = await staff({
        method: 'POST',
        url: '/api/entities/import',
        headers: { 'content-type': 'multipart/form-data; boundary=x' },
        payload: Buffer.concat([
          Buffer.from(`--x\r\nContent-Disposition: form-data; name="file"; ${disposition}\r\n\r\n`, 'latin1'),
          xlsx,
          Buffer.from('\r\n--x--\r\n'),
        ]),
      });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().issues).toEqual([{ field: 'file', reason: expect.stringMatching(/文件名.*NUL/) }]);
    }
    expect(await batches()).toBe(before);
  });
});

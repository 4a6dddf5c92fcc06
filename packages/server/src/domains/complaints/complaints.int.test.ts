import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Requester, type TestApp, TOWN_A, TOWN_B } from '../../test/helper.ts';

let t: TestApp;
let supA: Requester;
let supB: Requester;
let admin: Requester;
let ipCounter = 0;

/** A public request from its own IP (the test app trusts X-Forwarded-For from loopback). */
const publicReq = (opts: Parameters<Requester>[0], ip = `203.0.113.${++ipCounter}`) =>
  t.app.inject({ ...opts, headers: { ...opts.headers, 'x-forwarded-for': ip } });

const form = (over: Record<string, unknown> = {}) => ({
  townCode: TOWN_A,
  place: '土桥镇农贸市场东门',
  topic: 'banned_drug',
  product: '豇豆',
  content: '早上在市场看到有人卖的豇豆，摊主说打过甲胺磷，请核查。',
  anonymous: true,
  ...over,
});

async function submit(over: Record<string, unknown> = {}, ip?: string) {
  const res = await publicReq({ method: 'POST', url: '/api/public/complaints', payload: form(over) }, ip);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { reference: string; townName: string };
}

beforeAll(async () => {
  t = await buildTestApp();
  supA = await t.as('town_supervisor', TOWN_A);
  supB = await t.as('town_supervisor', TOWN_B);
  admin = await t.as('district_admin');
});
afterAll(() => t.close());

describe('public complaint form', () => {
  it('files a complaint without login and answers a reference number', async () => {
    const r = await submit();
    expect(r.reference).toMatch(/^JB-\d{4}-000001-[0-9A-Z]{7}$/);
    expect(r.townName).toBe('土桥镇');
  });

  it('lists the towns to choose from without login', async () => {
    const res = await publicReq({ url: '/api/public/complaint-towns' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toContainEqual(expect.objectContaining({ code: TOWN_A, name: '土桥镇' }));
  });

  it('drops contact details of an anonymous complaint; a named one needs a phone', async () => {
    const r = await submit({ anonymous: true, contactName: '王某', contactPhone: '13800138000' });
    const list = (await admin({ url: `/api/complaints?q=${r.reference}` })).json();
    expect(list.items[0]).toMatchObject({ anonymous: true, contactName: null, contactPhone: null });
    const bad = await publicReq({
      method: 'POST',
      url: '/api/public/complaints',
      payload: form({ anonymous: false, contactName: '王某' }),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0].field).toBe('contactPhone');
  });

  it('names the bad field and refuses hostile text', async () => {
    const short = await publicReq({
      method: 'POST',
      url: '/api/public/complaints',
      payload: form({ content: '太短' }),
    });
    expect(short.statusCode).toBe(400);
    expect(short.json().issues[0].field).toBe('content');
    const town = await publicReq({
      method: 'POST',
      url: '/api/public/complaints',
      payload: form({ townCode: '500151999' }),
    });
    expect(town.statusCode).toBe(400);
    expect(town.json().issues[0].field).toBe('townCode');
    const nul = await publicReq({
      method: 'POST',
      url: '/api/public/complaints',
      payload: form({ place: 'abc\u0000def' }),
    });
    expect(nul.statusCode).toBe(400);
    expect(nul.json().issues[0].field).toBe('place');
  });

  it('accepts the form from its own page, refuses it from another site', async () => {
    const own = await publicReq({
      method: 'POST',
      url: '/api/public/complaints',
      headers: { host: 'nongan.example', origin: 'http://nongan.example', 'sec-fetch-site': 'same-origin' },
      payload: form(),
    });
    expect(own.statusCode, own.body).toBe(201);
    const cross = await publicReq({
      method: 'POST',
      url: '/api/public/complaints',
      headers: { host: 'nongan.example', origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
      payload: form(),
    });
    expect(cross.statusCode).toBe(403);
  });

  it('rate limits submissions per IP', async () => {
    const ip = '198.51.100.7';
    const codes: number[] = [];
    for (let i = 0; i < 7; i++)
      codes.push(
        (await publicReq({ method: 'POST', url: '/api/public/complaints', payload: form() }, ip)).statusCode,
      );
    expect(codes.slice(0, 5)).toEqual([201, 201, 201, 201, 201]);
    expect(codes.slice(5)).toEqual([429, 429]);
    // Another IP is not held back.
    expect(
      (await publicReq({ method: 'POST', url: '/api/public/complaints', payload: form() })).statusCode,
    ).toBe(201);
  });

  it('shows only the status for a full reference; a wrong or guessed one is 404', async () => {
    const r = await submit();
    const res = await publicReq({
      url: `/api/public/complaints/${encodeURIComponent(r.reference.toLowerCase())}`,
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual(['reference', 'status', 'statusLabel', 'updatedOn']);
    expect(body).toMatchObject({
      reference: r.reference,
      status: 'submitted',
      statusLabel: '已提交，待受理',
    });
    expect(res.body).not.toContain('豇豆');
    // The same serial with another random part (check character recomputed) is not found.
    const { formatReference, parseReference } = await import('@nongan/shared/complaints/reference');
    const p = parseReference(r.reference)!;
    const guess = formatReference(p.year, p.serial, p.secret === 'AAAAAA' ? 'BBBBBB' : 'AAAAAA');
    expect((await publicReq({ url: `/api/public/complaints/${guess}` })).statusCode).toBe(404);
    expect((await publicReq({ url: '/api/public/complaints/JB-2026-000001' })).statusCode).toBe(404);
    const typo = r.reference.slice(0, -1) + (r.reference.endsWith('0') ? '1' : '0');
    expect((await publicReq({ url: `/api/public/complaints/${typo}` })).statusCode).toBe(404);
  });

  it('rate limits status lookups per IP', async () => {
    const ip = '198.51.100.9';
    let last = 0;
    for (let i = 0; i < 31; i++)
      last = (await publicReq({ url: '/api/public/complaints/JB-2026-000001-AAAAAA0' }, ip)).statusCode;
    expect(last).toBe(429);
  });
});

describe('handling a complaint', () => {
  it('routes to the chosen town: its supervisor sees it, another town does not', async () => {
    const r = await submit({ townCode: TOWN_A, content: '韭菜地里看到有人用不明农药灌根，气味很重。' });
    const a = (await supA({ url: `/api/complaints?q=${r.reference}` })).json();
    expect(a.total).toBe(1);
    expect(a.items[0]).toMatchObject({ townName: '土桥镇', status: 'submitted' });
    const b = (await supB({ url: `/api/complaints?q=${r.reference}` })).json();
    expect(b.total).toBe(0);
    expect((await supB({ url: `/api/complaints/${a.items[0].id}` })).statusCode).toBe(404);
  });

  it('walks accept → investigate → reply → close with who and when; the public sees each status', async () => {
    const r = await submit();
    const id = (await supA({ url: `/api/complaints?q=${r.reference}` })).json().items[0].id;
    const act = (body: Record<string, unknown>) =>
      supA({ method: 'POST', url: `/api/complaints/${id}/actions`, payload: body });
    expect((await act({ action: 'reply', reply: '已查' })).statusCode).toBe(409);
    expect((await act({ action: 'accept' })).statusCode).toBe(200);
    expect((await publicReq({ url: `/api/public/complaints/${r.reference}` })).json().status).toBe(
      'accepted',
    );
    // The case the complaint led to: linked by its number, described by the record itself.
    const kase = await supA({
      method: 'POST',
      url: '/api/cases',
      payload: {
        sourceType: 'manual',
        partyName: '流动摊贩',
        townCode: TOWN_A,
        title: '举报线索立案',
        holdIds: [],
      },
    });
    expect(kase.statusCode, kase.body).toBe(201);
    const caseNo = kase.json().caseNo as string;
    const unknown = await supA({
      method: 'POST',
      url: `/api/complaints/${id}/links`,
      payload: { kind: 'inspection', refId: '00000000-0000-4000-8000-000000000000' },
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().issues[0].field).toBe('refId');
    const linked = await supA({
      method: 'POST',
      url: `/api/complaints/${id}/links`,
      payload: { kind: 'case', refId: caseNo, label: '随便写的说明' },
    });
    expect(linked.statusCode, linked.body).toBe(201);
    expect((await act({ action: 'investigate', note: '已派人到现场' })).statusCode).toBe(200);
    const noReply = await act({ action: 'reply' });
    expect(noReply.statusCode).toBe(400);
    expect(noReply.json().issues[0].field).toBe('reply');
    expect((await act({ action: 'reply', reply: '经现场抽检，未检出禁用农药。' })).statusCode).toBe(200);
    const closed = await act({ action: 'close' });
    expect(closed.statusCode).toBe(200);
    const d = closed.json();
    expect(d.status).toBe('closed');
    expect(d.actions).toEqual([]);
    expect(d.history.map((h: { action: string }) => h.action)).toEqual([
      'accept',
      'investigate',
      'reply',
      'close',
    ]);
    expect(d.history[1].note).toBe('已派人到现场');
    expect(d.history.every((h: { byName: string; at: string }) => h.byName && h.at)).toBe(true);
    expect(d.links[0]).toMatchObject({ kind: 'case', label: `${caseNo} 举报线索立案` });
    const pub = (await publicReq({ url: `/api/public/complaints/${r.reference}` })).json();
    expect(pub).toMatchObject({ status: 'closed', statusLabel: '已办结' });
    expect(JSON.stringify(pub)).not.toContain('未检出');
  });

  it('refuses a link before acceptance and a bad kind naming the field', async () => {
    const r = await submit();
    const id = (await admin({ url: `/api/complaints?q=${r.reference}` })).json().items[0].id;
    const early = await admin({
      method: 'POST',
      url: `/api/complaints/${id}/links`,
      payload: { kind: 'case', refId: 'C-1', label: '案件' },
    });
    expect(early.statusCode).toBe(409);
    const bad = await admin({
      method: 'POST',
      url: `/api/complaints/${id}/links`,
      payload: { kind: 'warning', refId: 'C-1', label: '案件' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0].field).toBe('kind');
  });

  it('exports the ledger as xlsx for the office; the testing centre may not list complaints', async () => {
    const res = await admin({ url: '/api/complaints/export' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const lab = await t.as('testing_centre');
    expect((await lab({ url: '/api/complaints' })).statusCode).toBe(403);
  });
});

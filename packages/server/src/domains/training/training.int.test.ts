import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, entityBody, type Requester, type TestApp, TOWN_A, TOWN_B } from '../../test/helper.ts';
import { chinaDate } from '../trace/rules.ts';

let t: TestApp;
let admin: Requester;
let supA: Requester;
let supB: Requester;
let ipCounter = 0;
const today = chinaDate(new Date());
const year = Number(today.slice(0, 4));

const publicReq = (opts: Parameters<Requester>[0]) =>
  t.app.inject({ ...opts, headers: { ...opts.headers, 'x-forwarded-for': `198.51.100.${++ipCounter}` } });

const sessionBody = (over: Record<string, unknown> = {}) => ({
  title: '农资经营者依法经营培训',
  category: 'input_dealers',
  heldOn: today,
  place: '土桥镇农业服务中心会议室',
  townCode: TOWN_A,
  teacher: '区农技站 王老师',
  materialTitle: '农药经营管理办法解读',
  capacity: 40,
  status: 'held',
  ...over,
});

async function create(who: Requester, over: Record<string, unknown> = {}) {
  const res = await who({ method: 'POST', url: '/api/training/sessions', payload: sessionBody(over) });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; townName: string };
}
async function store(name: string, town = TOWN_A) {
  const res = await admin({
    method: 'POST',
    url: '/api/entities',
    payload: entityBody({
      name,
      type: 'input_store',
      townCode: town,
      industries: ['inputs'],
      mainProducts: ['农药'],
    }),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; creditCode: string };
}
const coverage = async (who: Requester) => {
  const res = await who({ url: `/api/training/coverage?year=${year}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as {
    rows: { category: string; townCode: string | null; target: number | null; trained: number }[];
    underTrained: { entityId: string; sessions: number }[];
  };
};
const codeOf = async (who: Requester, id: string) => {
  const res = await who({ url: `/api/training/sessions/${id}/checkin-code` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { code: string; path: string };
};

beforeAll(async () => {
  t = await buildTestApp();
  admin = await t.as('district_admin');
  supA = await t.as('town_supervisor', TOWN_A);
  supB = await t.as('town_supervisor', TOWN_B);
});
afterAll(() => t.close());

describe('training sessions', () => {
  it('a town creates for its own town only; district-wide is the office’s', async () => {
    const s = await create(supA);
    expect(s.townName).toBe('土桥镇');
    const other = await supA({
      method: 'POST',
      url: '/api/training/sessions',
      payload: sessionBody({ townCode: TOWN_B }),
    });
    expect(other.statusCode).toBe(404);
    expect(other.json().issues[0].field).toBe('townCode');
    const wide = await supA({
      method: 'POST',
      url: '/api/training/sessions',
      payload: sessionBody({ townCode: null }),
    });
    expect(wide.statusCode).toBe(404);
    const district = await create(admin, { townCode: null });
    expect(district.townName).toBe('区级');
    // Town B sees the district-wide session but not town A's.
    const list = (await supB({ url: '/api/training/sessions?pageSize=200' })).json();
    const ids = list.items.map((i: { id: string }) => i.id);
    expect(ids).toContain(district.id);
    expect(ids).not.toContain(s.id);
    expect((await supB({ url: `/api/training/sessions/${s.id}` })).statusCode).toBe(404);
    // Town B may read the district session but not record on it.
    const rec = await supB({
      method: 'POST',
      url: `/api/training/sessions/${district.id}/attendance`,
      payload: { personName: '李四', phone: '13900000001' },
    });
    expect(rec.statusCode).toBe(404);
  });

  it('staff add attendees by entity; an entity outside scope is refused by field; one row per person', async () => {
    const s = await create(supA);
    const a = await store('土桥镇丰收农资店');
    const b = await store('安居镇惠农农资店', TOWN_B);
    const ok = await supA({
      method: 'POST',
      url: `/api/training/sessions/${s.id}/attendance`,
      payload: { entityId: a.id },
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().attendance[0]).toMatchObject({ entityName: '土桥镇丰收农资店', personName: '张三' });
    const again = await supA({
      method: 'POST',
      url: `/api/training/sessions/${s.id}/attendance`,
      payload: { entityId: a.id },
    });
    expect(again.statusCode).toBe(409);
    const out = await supA({
      method: 'POST',
      url: `/api/training/sessions/${s.id}/attendance`,
      payload: { entityId: b.id },
    });
    expect(out.statusCode).toBe(404);
    expect(out.json().issues[0].field).toBe('entityId');
  });

  it('staff add a user; a user outside the actor’s town is refused by field', async () => {
    const s = await create(admin, { townCode: null, category: 'supervisors' });
    const idOf = async (who: Requester) => (await who({ url: '/api/auth/me' })).json().user.id as string;
    const b = await idOf(supB);
    const ok = await admin({
      method: 'POST',
      url: `/api/training/sessions/${s.id}/attendance`,
      payload: { userId: b },
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().attendance[0]).toMatchObject({ userId: b, townName: '安居镇' });
    const own = await create(supA, { category: 'supervisors' });
    const out = await supA({
      method: 'POST',
      url: `/api/training/sessions/${own.id}/attendance`,
      payload: { userId: b },
    });
    expect(out.statusCode).toBe(404);
    expect(out.json().issues[0].field).toBe('userId');
    const mine = await supA({
      method: 'POST',
      url: `/api/training/sessions/${own.id}/attendance`,
      payload: { userId: await idOf(supA) },
    });
    expect(mine.statusCode).toBe(201);
  });

  it('check-in by QR: signed-in user as themselves, public by phone once, forged code refused', async () => {
    const s = await create(supA);
    const { code, path } = await codeOf(supA, s.id);
    expect(path).toContain(`/training-checkin/${s.id}?code=`);
    const coord = await t.as('testing_centre');
    const r1 = await coord({
      method: 'POST',
      url: `/api/training/sessions/${s.id}/checkin`,
      payload: { code },
    });
    expect(r1.statusCode, r1.body).toBe(200);
    expect(r1.json().already).toBe(false);
    const r2 = await coord({
      method: 'POST',
      url: `/api/training/sessions/${s.id}/checkin`,
      payload: { code },
    });
    expect(r2.json().already).toBe(true);
    // The attendee now sees the session (and only their own row); before, it was absent.
    const mine = (await coord({ url: `/api/training/sessions/${s.id}` })).json();
    expect(mine.attendance).toHaveLength(1);

    const page = await publicReq({ url: `/api/public/training/${s.id}?code=${encodeURIComponent(code)}` });
    expect(page.statusCode).toBe(200);
    expect(page.json().title).toBe('农资经营者依法经营培训');
    const shop = await store('土桥镇民利农资店');
    const body = { code, personName: '赵六', phone: '13712345678', creditCode: shop.creditCode };
    const p1 = await publicReq({
      method: 'POST',
      url: `/api/public/training/${s.id}/checkin`,
      payload: body,
    });
    expect(p1.statusCode, p1.body).toBe(200);
    expect(p1.json()).toMatchObject({ entityName: '土桥镇民利农资店', already: false });
    const p2 = await publicReq({
      method: 'POST',
      url: `/api/public/training/${s.id}/checkin`,
      payload: { ...body, personName: '赵 六' },
    });
    expect(p2.json().already).toBe(true);
    const detail = (await supA({ url: `/api/training/sessions/${s.id}` })).json();
    expect(detail.attendance).toHaveLength(2);
    const row = detail.attendance.find((x: { personName: string }) => x.personName === '赵六');
    expect(row.phoneMasked).toBe('137****5678');
    expect(JSON.stringify(detail)).not.toContain('13712345678');

    const tag = code.split('.')[1] as string;
    const forged = `${code.split('.')[0]}.${tag[0] === 'A' ? 'B' : 'A'}${tag.slice(1)}`;
    const bad = await publicReq({
      method: 'POST',
      url: `/api/public/training/${s.id}/checkin`,
      payload: { ...body, code: forged, phone: '13700000000' },
    });
    expect(bad.statusCode).toBe(404);
    // Another session's code does not open this one.
    const other = await create(supA);
    const cross = await coord({
      method: 'POST',
      url: `/api/training/sessions/${other.id}/checkin`,
      payload: { code },
    });
    expect(cross.statusCode).toBe(400);
    expect(cross.json().issues[0].field).toBe('code');
  });

  it('a code of a session on another day is expired', async () => {
    const s = await create(supA, { heldOn: `${year - 1}-03-01` });
    const { code } = await codeOf(supA, s.id);
    const res = await publicReq({
      method: 'POST',
      url: `/api/public/training/${s.id}/checkin`,
      payload: { code, personName: '钱七', phone: '13600000000' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues[0].field).toBe('code');
  });
});

describe('material files', () => {
  it('an organiser uploads a PDF, read back by bytes; another town cannot; a fake PDF is refused', async () => {
    const s = await create(supA);
    const boundary = '----training';
    const part = (name: string, content: Buffer) => ({
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/pdf\r\n\r\n`,
        ),
        content,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]),
    });
    const pdf = Buffer.from('%PDF-1.4\n培训课件\n%%EOF\n');
    const up = await supA({
      method: 'POST',
      url: `/api/training/sessions/${s.id}/materials`,
      ...part('课件.pdf', pdf),
    });
    expect(up.statusCode, up.body).toBe(201);
    const detail = (await supA({ url: `/api/training/sessions/${s.id}` })).json();
    expect(detail.materials).toHaveLength(1);
    expect(detail.materials[0].fileName).toBe('课件.pdf');
    const get = await supA({ url: `/api/training/sessions/${s.id}/materials/${up.json().id}` });
    expect(get.statusCode).toBe(200);
    expect(get.rawPayload.equals(pdf)).toBe(true);
    const fake = await supA({
      method: 'POST',
      url: `/api/training/sessions/${s.id}/materials`,
      ...part('x.pdf', Buffer.from('not a pdf')),
    });
    expect(fake.statusCode).toBe(400);
    expect(fake.json().issues[0].field).toBe('file');
    const other = await supB({
      method: 'POST',
      url: `/api/training/sessions/${s.id}/materials`,
      ...part('y.pdf', pdf),
    });
    expect(other.statusCode).toBe(404);
  });
});

describe('public check-in rate limit', () => {
  it('answers 429 past 30 a minute from one IP', async () => {
    const id = crypto.randomUUID();
    const codes: number[] = [];
    for (let i = 0; i < 31; i++)
      codes.push(
        (
          await t.app.inject({
            url: `/api/public/training/${id}?code=k0000000.xxxxxxxx`,
            headers: { 'x-forwarded-for': '192.0.2.77' },
          })
        ).statusCode,
      );
    expect(codes.slice(0, 30).every((c) => c === 404)).toBe(true);
    expect(codes[30]).toBe(429);
  });
});

describe('coverage', () => {
  it('counts input stores trained, lists those under two sessions, and a town sees its own', async () => {
    const s1 = await store('土桥镇覆盖测试农资店');
    const before = await coverage(supA);
    const cell = (c: Awaited<ReturnType<typeof coverage>>) =>
      c.rows.find((r) => r.category === 'input_dealers' && r.townCode === TOWN_A);
    expect(before.underTrained.find((u) => u.entityId === s1.id)?.sessions).toBe(0);
    const trainedBefore = cell(before)?.trained ?? 0;

    for (const n of [1, 2]) {
      const s = await create(supA, { title: `第${n}期农资培训` });
      const res = await supA({
        method: 'POST',
        url: `/api/training/sessions/${s.id}/attendance`,
        payload: { entityId: s1.id },
      });
      expect(res.statusCode).toBe(201);
      const now = await coverage(supA);
      expect(cell(now)?.trained).toBe(trainedBefore + 1);
      const listed = now.underTrained.find((u) => u.entityId === s1.id);
      if (n === 1) expect(listed?.sessions).toBe(1);
      else expect(listed).toBeUndefined();
    }
    // A cancelled session does not count.
    const c = await create(supA, { title: '取消的培训' });
    const s2 = await store('土桥镇取消测试农资店');
    await supA({
      method: 'POST',
      url: `/api/training/sessions/${c.id}/attendance`,
      payload: { entityId: s2.id },
    });
    await supA({
      method: 'PATCH',
      url: `/api/training/sessions/${c.id}/status`,
      payload: { status: 'cancelled' },
    });
    expect((await coverage(supA)).underTrained.find((u) => u.entityId === s2.id)?.sessions).toBe(0);

    const b = await coverage(supB);
    expect(b.rows.every((r) => r.townCode !== TOWN_A)).toBe(true);
    expect(b.underTrained.find((u) => u.entityId === s1.id)).toBeUndefined();
    const producer = await t.as('producer', null, s1.id);
    expect((await producer({ url: '/api/training/coverage' })).statusCode).toBe(403);
  });

  it('exports the session list as .xlsx', async () => {
    const res = await admin({ url: '/api/training/sessions/export' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
  });
});

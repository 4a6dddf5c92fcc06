import { sql } from 'drizzle-orm';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Requester, type TestApp, TOWN_A, TOWN_B } from '../../test/helper.ts';
import { chinaDate } from '../trace/rules.ts';

let t: TestApp;
let office: Requester;
let supA: Requester;
let supB: Requester;
const today = chinaDate(new Date());
const year = Number(today.slice(0, 4));
const QUESTIONS = [
  { kind: 'choice', text: '您买菜时会看合格证吗？', options: ['会', '有时', '不会'] },
  { kind: 'rating', text: '对本地农产品质量安全的满意程度', options: [] },
  { kind: 'text', text: '意见和建议', options: [] },
];
const surveyBody = (over: Record<string, unknown> = {}) => ({
  title: '农产品质量安全群众满意度调查',
  intro: null,
  opensOn: today,
  closesOn: today,
  questions: QUESTIONS,
  ...over,
});
const eventBody = (over: Record<string, unknown> = {}) => ({
  kind: 'food_safety_week',
  title: '食品安全宣传周进市场',
  startOn: today,
  endOn: today,
  townCode: TOWN_A,
  place: '土桥镇农贸市场',
  organiser: '土桥镇农业服务中心',
  materials: [
    { item: '宣传资料（折页）', quantity: 500 },
    { item: '横幅', quantity: 2 },
  ],
  peopleReached: 320,
  consultations: 45,
  ...over,
});

/** A public caller with its own cookie jar (the device cookie), from its own IP. */
function device(ip: string) {
  let cookie = '';
  return async (opts: InjectOptions) => {
    const res = await t.app.inject({
      ...opts,
      headers: { ...opts.headers, 'x-forwarded-for': ip, ...(cookie ? { cookie } : {}) },
    });
    const c = res.cookies.find((x) => x.name === 'nongan_rsp');
    if (c) cookie = `nongan_rsp=${c.value}`;
    return res;
  };
}

beforeAll(async () => {
  t = await buildTestApp();
  office = await t.as('district_staff');
  supA = await t.as('town_supervisor', TOWN_A);
  supB = await t.as('town_supervisor', TOWN_B);
}, 60_000);
afterAll(() => t?.close());

async function publishedSurvey(over: Record<string, unknown> = {}) {
  const s = (await office({ method: 'POST', url: '/api/surveys', payload: surveyBody(over) })).json();
  const p = await office({ method: 'POST', url: `/api/surveys/${s.id}/publish` });
  expect(p.statusCode, p.body).toBe(200);
  return p.json() as { id: string; slug: string };
}

describe('publicity events', () => {
  it('a town records its own event; another town cannot see or change it', async () => {
    const res = await supA({ method: 'POST', url: '/api/publicity/events', payload: eventBody() });
    expect(res.statusCode, res.body).toBe(201);
    const ev = res.json();
    expect(ev).toMatchObject({ townName: '土桥镇', kindLabel: '食品安全宣传周', editable: true });
    expect((await supB({ url: `/api/publicity/events/${ev.id}` })).statusCode).toBe(404);
    const put = await supB({ method: 'PUT', url: `/api/publicity/events/${ev.id}`, payload: eventBody() });
    expect(put.statusCode).toBe(404);
    const wrong = await supB({ method: 'POST', url: '/api/publicity/events', payload: eventBody() });
    expect(wrong.statusCode).toBe(404);
    expect(wrong.json().issues[0].field).toBe('townCode');
  });

  it('only the office records district-wide events; towns read them but cannot change them', async () => {
    const byTown = await supA({
      method: 'POST',
      url: '/api/publicity/events',
      payload: eventBody({ townCode: null }),
    });
    expect(byTown.statusCode).toBe(404);
    const res = await office({
      method: 'POST',
      url: '/api/publicity/events',
      payload: eventBody({ townCode: null, kind: 'inputs_week', title: '放心农资下乡进村宣传周启动仪式' }),
    });
    expect(res.statusCode, res.body).toBe(201);
    const ev = res.json();
    expect(ev.townName).toBe('全区');
    const seen = await supB({ url: `/api/publicity/events/${ev.id}` });
    expect(seen.json().editable).toBe(false);
    const put = await supB({
      method: 'PUT',
      url: `/api/publicity/events/${ev.id}`,
      payload: eventBody({ townCode: null }),
    });
    expect(put.statusCode).toBe(404);
  });

  it('refuses an end before the start and a repeated material, naming the field', async () => {
    const res = await supA({
      method: 'POST',
      url: '/api/publicity/events',
      payload: eventBody({
        startOn: today,
        endOn: '2000-01-01',
        materials: [
          { item: '海报', quantity: 1 },
          { item: '海报', quantity: 2 },
        ],
      }),
    });
    expect(res.statusCode).toBe(400);
    const fields = res.json().issues.map((i: { field: string }) => i.field);
    expect(fields).toContain('endOn');
    expect(fields).toContain('materials.1.item');
  });

  it('sums events, people and materials per town and kind for the year; lists, filters and exports', async () => {
    const s = (await office({ url: `/api/publicity/events/summary?year=${year}` })).json();
    const a = s.rows.find(
      (r: { townCode: string; kind: string }) => r.townCode === TOWN_A && r.kind === 'food_safety_week',
    );
    expect(a).toMatchObject({ events: 1, peopleReached: 320, consultations: 45, materials: 502 });
    const bView = (await supB({ url: `/api/publicity/events/summary?year=${year}` })).json();
    expect(bView.rows.some((r: { townCode: string }) => r.townCode === TOWN_A)).toBe(false);
    const list = (await office({ url: '/api/publicity/events?kind=inputs_week&q=启动' })).json();
    expect(list.total).toBe(1);
    const x = await office({ url: '/api/publicity/events/export' });
    expect(x.statusCode).toBe(200);
    expect(x.headers['content-type']).toContain('spreadsheetml');
  });

  it('takes a photo by content and refuses another file', async () => {
    const ev = (
      await supA({ method: 'POST', url: '/api/publicity/events', payload: eventBody({ title: '赶场宣传' }) })
    ).json();
    const png = Buffer.from(
      '89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
        '1f15c4890000000d49444154789c6300010000050001' +
        '0d0a2db40000000049454e44ae426082',
      'hex',
    );
    const up = (content: Buffer) => {
      const b = '----x';
      return supA({
        method: 'POST',
        url: `/api/publicity/events/${ev.id}/photos`,
        headers: { 'content-type': `multipart/form-data; boundary=${b}` },
        payload: Buffer.concat([
          Buffer.from(`--${b}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\n`),
          content,
          Buffer.from(`\r\n--${b}--\r\n`),
        ]),
      });
    };
    const ok = await up(png);
    expect(ok.statusCode, ok.body).toBe(201);
    expect((await up(Buffer.from('not an image'))).statusCode).toBe(400);
    const photo = await supA({ url: `/api/publicity/events/${ev.id}/photos/${ok.json().id}` });
    expect(photo.headers['content-type']).toBe('image/png');
    expect((await supB({ url: `/api/publicity/events/${ev.id}/photos/${ok.json().id}` })).statusCode).toBe(
      404,
    );
  });
});

describe('satisfaction surveys', () => {
  it('towns read surveys but cannot design them', async () => {
    expect((await supA({ method: 'POST', url: '/api/surveys', payload: surveyBody() })).statusCode).toBe(403);
  });

  it('a draft has no public form; a published one is answered once per device and per phone', async () => {
    const draft = (await office({ method: 'POST', url: '/api/surveys', payload: surveyBody() })).json();
    expect((await device('10.0.0.1')({ url: `/api/public/surveys/${draft.slug}` })).statusCode).toBe(404);

    const s = await publishedSurvey();
    const phoneA = device('10.0.0.2');
    const form = await phoneA({ url: `/api/public/surveys/${s.slug}` });
    expect(form.statusCode, form.body).toBe(200);
    expect(form.json()).toMatchObject({ phase: 'open', answered: false });
    expect(form.json().towns.some((x: { code: string }) => x.code === TOWN_A)).toBe(true);
    const answer = (over: Record<string, unknown> = {}) => ({
      method: 'POST' as const,
      url: `/api/public/surveys/${s.slug}/responses`,
      payload: { answers: [0, 5, '多宣传'], townCode: TOWN_A, phone: '13800001111', ...over },
    });
    const first = await phoneA(answer());
    expect(first.statusCode, first.body).toBe(201);
    // Same device, another phone: refused on the device.
    const again = await phoneA(answer({ phone: '13800002222' }));
    expect(again.statusCode).toBe(409);
    expect(again.json().issues[0].field).toBe('device');
    expect((await phoneA({ url: `/api/public/surveys/${s.slug}` })).json().answered).toBe(true);
    // Another device, same phone: refused on the phone.
    const other = await device('10.0.0.3')(answer({ phone: '13800001111' }));
    expect(other.statusCode).toBe(409);
    expect(other.json().issues[0].field).toBe('phone');
    // Another device without a phone: accepted.
    expect(
      (await device('10.0.0.4')(answer({ phone: null, answers: [2, 2, null], townCode: TOWN_B }))).statusCode,
    ).toBe(201);

    // The phone number is not stored, only a keyed hash.
    const rows = await t.database.db.execute(sql`select * from survey_responses where survey_id = ${s.id}`);
    const text = JSON.stringify(rows);
    expect(text).not.toContain('13800001111');

    const r = (await supB({ url: `/api/surveys/${s.id}/results` })).json();
    expect(r.responses).toBe(2);
    expect(r.satisfactionRate).toBe(0.5);
    expect(r.questions[1].average).toBe(3.5);
    expect(r.questions[0].counts[0]).toEqual({ label: '会', count: 1 });
    expect(r.byTown.find((x: { townCode: string }) => x.townCode === TOWN_A)).toMatchObject({
      townName: '土桥镇',
      responses: 1,
      satisfactionRate: 1,
    });
    const x = await office({ url: `/api/surveys/${s.id}/answers.xlsx` });
    expect(x.statusCode).toBe(200);
    expect((await supA({ url: `/api/surveys/${s.id}/answers.xlsx` })).statusCode).toBe(403);
  });

  it('a forged device cookie gets a fresh token, not the one it names', async () => {
    const s = await publishedSurvey();
    const res = await t.app.inject({
      url: `/api/public/surveys/${s.slug}`,
      headers: { cookie: `nongan_rsp=${'a'.repeat(22)}.${'b'.repeat(43)}`, 'x-forwarded-for': '10.0.1.1' },
    });
    expect(res.cookies.find((c) => c.name === 'nongan_rsp')?.value).not.toContain('aaaa');
  });

  it('refuses bad answers naming each question, and a town of another district', async () => {
    const s = await publishedSurvey();
    const d = device('10.0.0.5');
    const bad = await d({
      method: 'POST',
      url: `/api/public/surveys/${s.slug}/responses`,
      payload: { answers: [7, 0, null] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues.map((i: { field: string }) => i.field)).toEqual(['answers.0', 'answers.1']);
    const town = await d({
      method: 'POST',
      url: `/api/public/surveys/${s.slug}/responses`,
      payload: { answers: [0, 4, null], townCode: '500999101' },
    });
    expect(town.statusCode).toBe(400);
    expect(town.json().issues[0].field).toBe('townCode');
  });

  it('refuses answers to a closed or not yet open survey', async () => {
    const closed = await publishedSurvey();
    expect((await office({ method: 'POST', url: `/api/surveys/${closed.id}/close` })).statusCode).toBe(200);
    const d = device('10.0.0.6');
    const res = await d({
      method: 'POST',
      url: `/api/public/surveys/${closed.slug}/responses`,
      payload: { answers: [0, 4, null] },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().issues[0].field).toBe('survey');
    const later = await publishedSurvey({ opensOn: `${year + 1}-01-01`, closesOn: `${year + 1}-01-31` });
    expect((await d({ url: `/api/public/surveys/${later.slug}` })).json().phase).toBe('upcoming');
    const early = await d({
      method: 'POST',
      url: `/api/public/surveys/${later.slug}/responses`,
      payload: { answers: [0, 4, null] },
    });
    expect(early.statusCode).toBe(409);
  });

  it('freezes questions once answered, in the service and in the database', async () => {
    const s = await publishedSurvey();
    const edit = await office({
      method: 'PUT',
      url: `/api/surveys/${s.id}`,
      payload: surveyBody({ questions: [QUESTIONS[1]] }),
    });
    expect(edit.statusCode, edit.body).toBe(200);
    await device('10.0.0.7')({
      method: 'POST',
      url: `/api/public/surveys/${s.slug}/responses`,
      payload: { answers: [3] },
    });
    const frozen = await office({ method: 'PUT', url: `/api/surveys/${s.id}`, payload: surveyBody() });
    expect(frozen.statusCode).toBe(409);
    expect(frozen.json().issues[0].field).toBe('questions');
    // The title may still change.
    const retitle = await office({
      method: 'PUT',
      url: `/api/surveys/${s.id}`,
      payload: surveyBody({ title: '新标题', questions: [QUESTIONS[1]] }),
    });
    expect(retitle.statusCode, retitle.body).toBe(200);
    await expect(
      t.database.db.execute(sql`update surveys set questions = '[]'::jsonb where id = ${s.id}`),
    ).rejects.toThrow();
    await expect(
      t.database.db.execute(
        sql`insert into survey_responses (district_code, id, survey_id, device_key, answers) select district_code, gen_random_uuid(), id, 'x', '[]' from surveys where status = 'draft' limit 1`,
      ),
    ).rejects.toThrow();
  });
  // Another district's reads and writes: the tenancy suite's probes (test/tenancy.int.test.ts).
});

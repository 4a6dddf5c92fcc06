import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, entityBody, type Requester, type TestApp, TOWN_A, TOWN_B } from '../../test/helper.ts';
import { chinaDate } from '../trace/rules.ts';

let t: TestApp;
let admin: Requester;
let supA: Requester;
let supB: Requester;
const hoursAgo = (n: number) => new Date(Date.now() - n * 3600_000).toISOString();
const daysFromNow = (n: number) => chinaDate(new Date(Date.now() + n * 86400_000));
const year = Number(chinaDate(new Date()).slice(0, 4));
let entityA: string;
let entityB: string;

beforeAll(async () => {
  t = await buildTestApp();
  admin = await t.as('district_admin');
  supA = await t.as('town_supervisor', TOWN_A);
  supB = await t.as('town_supervisor', TOWN_B);
  entityA = (
    await supA({ method: 'POST', url: '/api/entities', payload: entityBody({ name: '土桥韭菜基地' }) })
  ).json().id;
  entityB = (
    await supB({ method: 'POST', url: '/api/entities', payload: entityBody({ townCode: TOWN_B }) })
  ).json().id;
});
afterAll(() => t.close());

const planBody = (over: Record<string, unknown> = {}) => ({
  year,
  targets: '掌握本区主要农产品农药残留风险，发现隐患。',
  products: ['豇豆', '韭菜'],
  subjects: '合作社、家庭农场、种植大户',
  keyPoints: '重点排查禁限用农药使用和安全间隔期。',
  ...over,
});

describe('risk-monitoring plan', () => {
  it('one per district per year; edits are versioned; towns may not write it', async () => {
    const res = await admin({ method: 'POST', url: '/api/risk/plans', payload: planBody() });
    expect(res.statusCode, res.body).toBe(201);
    const again = await admin({ method: 'POST', url: '/api/risk/plans', payload: planBody() });
    expect(again.statusCode).toBe(409);
    expect(again.json().issues[0].field).toBe('year');
    expect(
      (await supA({ method: 'POST', url: '/api/risk/plans', payload: planBody({ year: year + 1 }) }))
        .statusCode,
    ).toBe(403);
    const p = res.json();
    const upd = await admin({
      method: 'PATCH',
      url: `/api/risk/plans/${p.id}`,
      payload: { products: ['芹菜'], version: p.version },
    });
    expect(upd.json()).toMatchObject({ products: ['芹菜'], version: 2 });
    expect(
      (
        await admin({
          method: 'PATCH',
          url: `/api/risk/plans/${p.id}`,
          payload: { products: ['x'], version: 1 },
        })
      ).statusCode,
    ).toBe(409);
    const empty = await admin({
      method: 'POST',
      url: '/api/risk/plans',
      payload: planBody({ year: year + 1, products: [] }),
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().issues[0].field).toBe('products');
    expect((await supA({ url: '/api/risk/plans' })).json()[0].products).toEqual(['芹菜']);
  });
});

describe('incidents', () => {
  let id: string;
  it('a town reports an incident of its own town only, with a level', async () => {
    const res = await supA({
      method: 'POST',
      url: '/api/incidents',
      payload: {
        title: '韭菜疑似农药中毒',
        level: 'IV',
        occurredAt: hoursAgo(5),
        townCode: TOWN_A,
        summary: '3人食用韭菜后头晕。',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    id = res.json().id;
    expect(res.json()).toMatchObject({ townName: '土桥镇', level: 'IV', status: 'responding' });
    expect(res.json().incidentNo).toMatch(/^SJ500151-\d{4}-000001$/);
    const other = await supB({
      method: 'POST',
      url: '/api/incidents',
      payload: { title: '越权', level: 'IV', occurredAt: hoursAgo(1), townCode: TOWN_A, summary: '越权上报' },
    });
    expect(other.statusCode).toBe(404);
    expect(other.json().issues[0].field).toBe('townCode');
    const badLevel = await supA({
      method: 'POST',
      url: '/api/incidents',
      payload: { title: '事件', level: 'V', occurredAt: hoursAgo(1), townCode: TOWN_A, summary: '等级错误' },
    });
    expect(badLevel.statusCode).toBe(400);
    expect(badLevel.json().issues[0].field).toBe('level');
  });

  it('keeps a timeline of response steps and links traced entities in scope', async () => {
    const early = await supA({
      method: 'POST',
      url: `/api/incidents/${id}/steps`,
      payload: { at: hoursAgo(6), actor: '土桥镇', action: '接报' },
    });
    expect(early.statusCode).toBe(400);
    expect(early.json().issues[0].field).toBe('at');
    for (const [h, actor, action] of [
      [4, '土桥镇监管员', '到达现场，封存剩余韭菜'],
      [3, '区检测中心', '抽样送检'],
    ] as const)
      expect(
        (
          await supA({
            method: 'POST',
            url: `/api/incidents/${id}/steps`,
            payload: { at: hoursAgo(h), actor, action },
          })
        ).statusCode,
      ).toBe(201);
    const bad = await supA({
      method: 'POST',
      url: `/api/incidents/${id}/links`,
      payload: { kind: 'entity', refId: entityB },
    });
    expect(bad.statusCode).toBe(404);
    expect(bad.json().issues[0].field).toBe('refId');
    const linked = await supA({
      method: 'POST',
      url: `/api/incidents/${id}/links`,
      payload: { kind: 'entity', refId: entityA },
    });
    expect(linked.statusCode, linked.body).toBe(201);
    const d = linked.json();
    expect(d.steps.map((s: { action: string }) => s.action)).toEqual(['到达现场，封存剩余韭菜', '抽样送检']);
    expect(d.steps[0].recordedByName).toBeTruthy();
    expect(d.links).toEqual([{ kind: 'entity', refId: entityA, label: '土桥韭菜基地' }]);
    expect((await supB({ url: `/api/incidents/${id}` })).statusCode).toBe(404);
  });

  it('closes with a conclusion, after which it is frozen', async () => {
    const c = await supA({
      method: 'POST',
      url: `/api/incidents/${id}/close`,
      payload: { conclusion: '系误食，非农药残留。' },
    });
    expect(c.statusCode).toBe(200);
    expect(c.json().status).toBe('closed');
    const step = await supA({
      method: 'POST',
      url: `/api/incidents/${id}/steps`,
      payload: { at: hoursAgo(1), actor: 'x', action: '补记' },
    });
    expect(step.statusCode).toBe(409);
    const list = (await admin({ url: '/api/incidents?status=closed' })).json();
    expect(list.items[0]).toMatchObject({ id, status: 'closed' });
  });
});

describe('public opinion', () => {
  const op = (over: Record<string, unknown>) => ({
    source: '本地论坛',
    title: '网传某镇韭菜有毒',
    summary: '帖子称某镇韭菜普遍使用高毒农药。',
    url: 'https://bbs.example/t/1',
    sentiment: 'negative',
    foundAt: hoursAgo(50),
    respondBy: daysFromNow(3),
    ...over,
  });
  it('lists overdue items first and marks them; a response dates itself', async () => {
    const late = (
      await admin({
        method: 'POST',
        url: '/api/opinions',
        payload: op({ title: '逾期未回应', foundAt: hoursAgo(100), respondBy: daysFromNow(-1) }),
      })
    ).json();
    const open = (
      await admin({ method: 'POST', url: '/api/opinions', payload: op({ title: '待回应' }) })
    ).json();
    const answered = (
      await admin({
        method: 'POST',
        url: '/api/opinions',
        payload: op({ title: '已回应', respondBy: daysFromNow(1) }),
      })
    ).json();
    const res = await admin({
      method: 'PATCH',
      url: `/api/opinions/${answered.id}`,
      payload: { verification: 'false', response: '经核查不实，已发布说明。', version: answered.version },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().respondedAt).toBeTruthy();
    const list = (await supA({ url: '/api/opinions' })).json();
    expect(list.items.map((o: { title: string }) => o.title)).toEqual(['逾期未回应', '待回应', '已回应']);
    expect(list.items[0].overdue).toBe(true);
    expect(list.items[1].overdue).toBe(false);
    expect(late.overdue).toBe(true);
    expect(open.verification).toBe('pending');
    expect((await supA({ method: 'POST', url: '/api/opinions', payload: op({}) })).statusCode).toBe(403);
    const badUrl = await admin({
      method: 'POST',
      url: '/api/opinions',
      payload: op({ url: 'javascript:alert(1)' }),
    });
    expect(badUrl.statusCode).toBe(400);
    expect(badUrl.json().issues[0].field).toBe('url');
    const badDeadline = await admin({
      method: 'POST',
      url: '/api/opinions',
      payload: op({ respondBy: daysFromNow(-5) }),
    });
    expect(badDeadline.statusCode).toBe(400);
    expect(badDeadline.json().issues[0].field).toBe('respondBy');
    const xlsx = await admin({ url: '/api/opinions/export' });
    expect(xlsx.statusCode).toBe(200);
  });
});

import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../packages/server/src/app.ts';
import type { Database } from '../packages/server/src/db/client.ts';
import { createUser } from '../packages/server/src/domains/accounts/service.ts';
import { entityBody, openTestDatabase, PASSWORD, TOWN_A } from '../packages/server/src/test/helper.ts';
import { launchChromium, PHONE, prepare, signIn, WEB_DIST } from './support.ts';

// 日常监管 in the browser: an inspection made in the hills without signal and synced exactly once,
// and a case taken from registration to closing with the five items settled.

const SHOTS = '/tmp/nongan-e2e/supervision';
// A 1×1 PNG: the photo taken with a failed item.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

let database: Database;
let app: FastifyInstance;
let browser: Browser;
let base: string;
let farmId = '';

const count = async (q: ReturnType<typeof sql>) =>
  Number(((await database.db.execute(q)) as unknown as { rows: { n: number }[] }).rows[0]?.n ?? 0);

beforeAll(async () => {
  prepare(SHOTS);
  database = await openTestDatabase();
  const make = (
    username: string,
    displayName: string,
    role: 'town_supervisor' | 'district_staff',
    scope: string,
  ) =>
    createUser(
      database.db,
      { user: null, ip: null },
      { username, displayName, role, scopeCode: scope, password: PASSWORD },
    );
  await make('tq_xuncha', '孙巡查', 'town_supervisor', TOWN_A);
  await make('qu_anjian', '周执法', 'district_staff', '500151');
  app = await buildApp({ database, webDist: WEB_DIST, demo: false });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await database?.close();
});

async function choose(page: Page, label: string, option: string) {
  await page.getByLabel(label, { exact: true }).click();
  await page.keyboard.type(option);
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option })
    .first()
    .click();
}

/** Browser noise that offline work causes by design (requests that cannot reach the server). */
// (The service worker's script cannot be fetched either while the network is off.)
const offlineNoise = (m: string) =>
  /ERR_INTERNET_DISCONNECTED|Failed to fetch|net::ERR_FAILED|error occurred when fetching the script/.test(m);

describe('daily supervision in the browser', () => {
  it('records an inspection with a photo offline and syncs it exactly once', async () => {
    const problems: string[] = [];
    const { context, page } = await signIn(browser, base, 'tq_xuncha', problems, PHONE);
    const made = await page.request.post(`${base}/api/entities`, {
      data: entityBody({ name: '土桥镇山顶蔬菜种植场', townCode: TOWN_A }),
    });
    expect(made.status()).toBe(201);
    farmId = ((await made.json()) as { id: string }).id;

    // Started online: the entity and its checklist are looked up.
    await page.goto(`${base}/inspections/new?entityId=${farmId}`);
    await page.getByText('土桥镇山顶蔬菜种植场').first().waitFor();
    await page.getByRole('button', { name: '未填项目全部设为合格' }).waitFor();

    // In the hills: no signal while the items and a photo are added.
    await context.setOffline(true);
    await page.getByRole('button', { name: '未填项目全部设为合格' }).click();
    const first = page.locator('.insp-item').first();
    await first.locator('.ant-radio-button-wrapper', { hasText: '不合格' }).click();
    await first.locator('textarea').fill('农药与肥料混放，未分区存放');
    await first
      .locator('input[type=file]')
      .setInputFiles({ name: 'store.png', mimeType: 'image/png', buffer: PNG });
    await first.locator('img').waitFor();
    await page.getByRole('button', { name: /提交巡查记录/ }).click();
    await page.getByTestId('inspection-queued').waitFor();
    await page
      .getByTestId('outbox-badge')
      .getByText(/待同步/)
      .waitFor();
    await page.screenshot({ path: `${SHOTS}/inspection-queued-phone.png`, fullPage: true });
    expect(await count(sql`select count(*)::int as n from inspections where entity_id = ${farmId}`)).toBe(0);

    // Signal again: the outbox sends it with its photo.
    await context.setOffline(false);
    await expect
      .poll(() => count(sql`select count(*)::int as n from inspections where entity_id = ${farmId}`))
      .toBe(1);
    await expect.poll(() => count(sql`select count(*)::int as n from inspection_photos`)).toBe(1);
    await page.getByTestId('outbox-badge').waitFor({ state: 'detached' });

    // The same submission sent twice more (a lost answer, a second tab) creates nothing.
    const inspection = (
      (await database.db.execute(
        sql`select client_id from inspections where entity_id = ${farmId}`,
      )) as unknown as {
        rows: { client_id: string }[];
      }
    ).rows[0]!;
    const look = await page.request.get(`${base}/api/inspections/lookup?code=${farmId}`);
    const checklist = ((await look.json()) as { checklist: { id: string; items: { key: string }[] } })
      .checklist;
    for (let i = 0; i < 2; i++) {
      const again = await page.request.post(`${base}/api/inspections`, {
        data: {
          clientId: inspection.client_id,
          entityId: farmId,
          checklistId: checklist.id,
          inspectedAt: new Date().toISOString(),
          items: checklist.items.map((it, n) => ({
            key: it.key,
            result: n === 0 ? 'fail' : 'pass',
            note: n === 0 ? '农药与肥料混放，未分区存放' : null,
          })),
          note: null,
        },
      });
      expect(again.status()).toBe(200);
    }
    expect(await count(sql`select count(*)::int as n from inspections where entity_id = ${farmId}`)).toBe(1);
    expect(await count(sql`select count(*)::int as n from rectifications where entity_id = ${farmId}`)).toBe(
      1,
    );

    // The failed item turned the entity's file: a rectification is open.
    await page.goto(`${base}/entities/${farmId}`);
    await page.getByTestId('entity-file').getByText('整改（1）').waitFor();
    await page.screenshot({ path: `${SHOTS}/entity-file-phone.png`, fullPage: true });
    await context.close();
    expect(problems.filter((m) => !offlineNoise(m))).toEqual([]);
  });

  it('takes a case from registration to closing, the five items settled', async () => {
    const problems: string[] = [];
    const { context, page } = await signIn(browser, base, 'qu_anjian', problems);
    await page.goto(`${base}/cases`);
    await page.getByRole('button', { name: /立\s*案/ }).click();
    const modal = page.locator('.ant-modal');
    await modal.getByLabel('当事人名称（不在名录中时填写）').fill('土桥镇流动菜贩王某');
    await choose(page, '镇街', '土桥镇');
    await modal.getByLabel('案由').fill('销售农药残留超标豇豆');
    await modal
      .getByRole('button', { name: /确\s*定|立\s*案/ })
      .last()
      .click();
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    await page.getByTestId('case-timeline').getByText('周执法').first().waitFor();

    // antd spaces out a two-character label (结 案): match the words, not the spacing.
    const button = (name: string) =>
      page.getByRole('button', { name: new RegExp(`^${[...name].join('\\s*')}$`) });
    const act = async (name: string, note?: string) => {
      await button(name).click();
      const dialog = page.locator('.ant-modal:visible');
      if (note) await dialog.locator('textarea').fill(note);
      await dialog.getByRole('button', { name: /确\s*定/ }).click();
      await dialog.waitFor({ state: 'detached' });
    };
    await act('开始调查');
    await act('作出决定', '没收违法所得，罚款五千元');
    await act('执行完毕');
    // Closing with the five items unsettled is refused, naming them.
    await button('结案').click();
    await page
      .locator('.ant-modal:visible')
      .getByText(/尚未落实/)
      .waitFor();
    await page
      .locator('.ant-modal:visible')
      .getByRole('button', { name: /取\s*消/ })
      .click();

    const five = page.getByTestId('case-five');
    const texts = [
      '未按安全间隔期采收',
      '当事人已处罚',
      '建立进货查验制度',
      '已对当事人进行法规教育',
      '加强市场快检频次',
    ];
    for (const [i, t] of texts.entries()) await five.locator('textarea').nth(i).fill(t);
    await five.getByRole('button', { name: /保\s*存/ }).click();
    await five.getByText('已保存').waitFor();
    await act('结案');
    await button('结案').waitFor({ state: 'detached' });
    await expect
      .poll(async () => (await page.getByTestId('case-timeline').textContent()) ?? '')
      .toContain('结案');
    const timeline = (await page.getByTestId('case-timeline').textContent()) ?? '';
    for (const s of ['开始调查', '作出决定', '执行完毕', '结案']) expect(timeline).toContain(s);
    await page.screenshot({ path: `${SHOTS}/case-closed-desktop.png`, fullPage: true });
    await context.close();
    expect(problems).toEqual([]);
  });
});

import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../packages/server/src/app.ts';
import type { Database } from '../packages/server/src/db/client.ts';
import { createUser } from '../packages/server/src/domains/accounts/service.ts';
import { openTestDatabase, PASSWORD, TOWN_A } from '../packages/server/src/test/helper.ts';
import { launchChromium, PHONE, prepare, signIn, WEB_DIST } from './support.ts';

// 离线使用: the installable app's service worker, a rapid test recorded without a network,
// waiting in the outbox (待同步), synced once when the network returns; a refused one kept as failed.

const SHOTS = '/tmp/nongan-e2e/offline';
const DESKTOP_WIDE = { viewport: { width: 1366, height: 900 }, locale: 'zh-CN' };

let database: Database;
let app: FastifyInstance;
let browser: Browser;
let base: string;

beforeAll(async () => {
  prepare(SHOTS);
  database = await openTestDatabase();
  await createUser(
    database.db,
    { user: null, ip: null },
    {
      username: 'tq_offline',
      displayName: '赵离线',
      role: 'town_supervisor',
      scopeCode: TOWN_A,
      password: PASSWORD,
    },
  );
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

/** Waits until the service worker is active and controls the page (precache done). */
async function controlled(page: Page) {
  await page.waitForFunction(() => !!navigator.serviceWorker?.controller, null, { timeout: 60_000 });
}

/** The rapid tests the server holds for a sampled party, asked through the API. */
async function testsOf(context: BrowserContext, party: string) {
  const res = await context.request.get(`${base}/api/rapid-tests?pageSize=100`);
  expect(res.status()).toBe(200);
  const body = (await res.json()) as { items: { sampledParty: string | null; testNo: string }[] };
  return body.items.filter((t) => t.sampledParty === party);
}

async function fillRapid(page: Page, party: string, rate: string, testNo?: string) {
  await page.locator('.ant-form-item', { hasText: '承担单位' }).getByText('土桥镇').waitFor();
  await page.getByLabel('被检对象（名称/摊位）').fill(party);
  await choose(page, '样品（产品）', '菠菜');
  await page.getByLabel('抑制率（%）').fill(rate);
  if (testNo) await page.getByLabel('检测编号').fill(testNo);
}

/** The drawer has slid in (a screenshot mid-animation shows the page through it). */
const drawerShown = (page: Page) =>
  page.waitForFunction(() => {
    const w = document.querySelector(
      '.outbox-drawer .ant-drawer-content-wrapper, .outbox-drawer .ant-drawer-section',
    );
    return !!w && w.getAnimations({ subtree: true }).every((a) => a.playState !== 'running');
  });
/** Toasts gone, so the header is seen as it stays. */
const toastsGone = (page: Page) => page.locator('.ant-message-notice').first().waitFor({ state: 'detached' });

/** Browser noise that offline work causes by design (requests that cannot reach the server). */
const offlineNoise = (m: string) => /ERR_INTERNET_DISCONNECTED|Failed to fetch|net::ERR_FAILED/.test(m);

describe('working without a network', () => {
  const party = '土桥镇高山蔬菜基地离线1号';
  let testNo = '';

  it('installs the app and its service worker', async () => {
    const problems: string[] = [];
    const { context, page } = await signIn(browser, base, 'tq_offline', problems, DESKTOP_WIDE);
    await controlled(page);
    const manifest = await page.evaluate(async () => {
      const href = document.querySelector('link[rel="manifest"]')?.getAttribute('href');
      return href ? ((await (await fetch(href)).json()) as { short_name: string; icons: unknown[] }) : null;
    });
    expect(manifest?.short_name).toBe('农安');
    expect(manifest?.icons.length).toBeGreaterThanOrEqual(2);
    // The public scan page and the API are never answered with the app shell.
    const scan = await page.goto(`${base}/t/NOT-A-CODE`);
    expect(scan?.status()).toBe(404);
    expect(await page.locator('#root').count()).toBe(0);
    const api = await page.goto(`${base}/api/no-such-route`);
    expect(api?.status()).toBe(404);
    // An app route is answered by the service worker with the app shell.
    const shell = await page.goto(`${base}/monitoring/rapid`);
    expect(shell?.fromServiceWorker()).toBe(true);
    await context.close();
    // Only the two 404s asked for above.
    expect(problems.filter((m) => !m.includes('404'))).toEqual([]);
  });

  it('records a rapid test offline, shows it waiting and syncs it once when back online', async () => {
    const problems: string[] = [];
    const { context, page } = await signIn(browser, base, 'tq_offline', problems, DESKTOP_WIDE);
    await controlled(page);
    // Online once: the form's reference lists reach the service worker's cache.
    await page.goto(`${base}/monitoring/rapid/new`);
    await page.locator('.ant-form-item', { hasText: '承担单位' }).getByText('土桥镇').waitFor();
    await page.getByLabel('样品（产品）', { exact: true }).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().waitFor();
    await page.keyboard.press('Escape');
    expect(await page.getByTestId('outbox-badge').count()).toBe(0);

    await context.setOffline(true);
    // A reload in the hills: the app shell and the form come from the cache.
    await page.reload();
    await page.getByRole('heading', { name: '录入快检' }).waitFor();
    await page.getByTestId('outbox-badge').getByText('离线').waitFor();
    await fillRapid(page, party, '12.5');
    await page.getByRole('button', { name: /^保\s*存$/ }).click();
    await page.getByText('已保存在本机，联网后自动同步').first().waitFor();
    const badge = page.getByTestId('outbox-badge');
    await badge.getByText('待同步 1 条').waitFor();
    await toastsGone(page);
    expect(await testsOf(context, party)).toHaveLength(0);
    await page.screenshot({ path: `${SHOTS}/badge-desktop.png` });
    await badge.click();
    const drawer = page.locator('.outbox-drawer');
    await drawer.getByText('等待同步').waitFor();
    expect(await drawer.textContent()).toContain('快检 · 菠菜 · 土桥镇高山蔬菜基地离线1号 · 阴性');
    await drawerShown(page);
    await page.screenshot({ path: `${SHOTS}/drawer-desktop.png` });
    await page.keyboard.press('Escape');

    await context.setOffline(false);
    await badge.waitFor({ state: 'detached', timeout: 30_000 });
    const stored = await testsOf(context, party);
    expect(stored).toHaveLength(1);
    testNo = stored[0]?.testNo ?? '';
    await context.close();
    expect(problems.filter((m) => !offlineNoise(m))).toEqual([]);
  });

  it('keeps a refused submission as failed with the server message, on the phone', async () => {
    const problems: string[] = [];
    const { context, page } = await signIn(browser, base, 'tq_offline', problems, PHONE);
    await controlled(page);
    await page.goto(`${base}/monitoring/rapid/new`);
    await page.locator('.ant-form-item', { hasText: '承担单位' }).getByText('土桥镇').waitFor();
    await page.getByLabel('样品（产品）', { exact: true }).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().waitFor();
    await page.keyboard.press('Escape');

    await context.setOffline(true);
    // The number of the test synced above: the server will refuse this one (409).
    await fillRapid(page, '土桥镇离线重复编号', '70', testNo);
    await page.getByRole('button', { name: /^保\s*存$/ }).click();
    await page.getByText('已保存在本机，联网后自动同步').first().waitFor();
    const badge = page.getByTestId('outbox-badge');
    await toastsGone(page);
    await page.screenshot({ path: `${SHOTS}/badge-phone.png` });
    await badge.click();
    const drawer = page.locator('.outbox-drawer');
    await drawer.getByText('等待同步').waitFor();
    await drawerShown(page);
    await page.screenshot({ path: `${SHOTS}/drawer-phone-waiting.png` });

    await context.setOffline(false);
    await drawer.getByText('同步失败').waitFor({ timeout: 30_000 });
    expect(await drawer.textContent()).toContain(`检测编号 ${testNo} 已存在`);
    await page.screenshot({ path: `${SHOTS}/drawer-phone-failed.png` });
    expect(await testsOf(context, '土桥镇离线重复编号')).toHaveLength(0);

    // Deleted by the user, never silently.
    await drawer.getByRole('button', { name: /删\s*除/ }).click();
    await page
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /删\s*除/ })
      .click();
    await drawer.getByText('没有待同步的记录').waitFor();
    await page.keyboard.press('Escape');
    await badge.waitFor({ state: 'detached' });
    await page.screenshot({ path: `${SHOTS}/form-phone.png`, fullPage: true });
    await context.close();
    // The 409 is the refusal asked for.
    expect(problems.filter((m) => !offlineNoise(m) && !m.includes('409'))).toEqual([]);
  });
});

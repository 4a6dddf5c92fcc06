import { entityCreateBody } from '@nongan/shared/entities/schemas';
import type { FastifyInstance } from 'fastify';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../packages/server/src/app.ts';
import type { Database } from '../packages/server/src/db/client.ts';
import { createUser } from '../packages/server/src/domains/accounts/service.ts';
import { createEntity } from '../packages/server/src/domains/entities/service.ts';
import {
  DISTRICT,
  entityBody,
  openTestDatabase,
  PASSWORD,
  TOWN_A,
} from '../packages/server/src/test/helper.ts';
import { launchChromium, PHONE, prepare, signIn, WEB_DIST, watch } from './support.ts';

// 生产记录 and 入市查验 in the browser: a cooperative records a lot of 菠菜 and a use of 阿维菌素
// three days ago, sees harvest today refused (7-day safety interval on leafy vegetables) and the
// certificate check refuse the lot, and records an input purchase; a market checker checks a
// valid certificate, a forged code and a lot with no certificate, and lists the checks, on a
// desktop and on a phone. Same setup as certificates.e2e.test.ts.

const SHOTS = '/tmp/nongan-e2e/trace';
const COOP = '土桥镇青禾蔬菜专业合作社';
const COOP_PHONE = '13996005678';
const MARKET = '土桥镇农贸市场';
const STORE = '土桥镇惠农农资店';
const SUPPLIER = '王大爷（散户）';

/** A date in China (UTC+8), `offset` days from today: the server's calendar. */
const chinaDay = (offset = 0) =>
  new Date(Date.now() + 8 * 3600_000 + offset * 86_400_000).toISOString().slice(0, 10);

let database: Database;
let app: FastifyInstance;
let browser: Browser;
let base: string;
let coopId = '';

beforeAll(async () => {
  prepare(SHOTS);
  database = await openTestDatabase();
  const system = { user: null, ip: null };
  const district = { kind: 'district', districtCode: DISTRICT } as const;
  const entity = (over: Record<string, unknown>) =>
    createEntity(database.db, system, district, entityCreateBody.parse(entityBody(over)));
  coopId = await entity({ name: COOP, type: 'cooperative', townCode: TOWN_A, phone: COOP_PHONE });
  await entity({ name: MARKET, type: 'market', townCode: TOWN_A, industries: ['other'] });
  await createUser(database.db, system, {
    username: 'qh_coop',
    displayName: '青禾合作社',
    role: 'producer',
    entityId: coopId,
    password: PASSWORD,
  });
  await createUser(database.db, system, {
    username: 'tq_market',
    displayName: '刘查验',
    role: 'market_checker',
    scopeCode: TOWN_A,
    password: PASSWORD,
  });
  app = await buildApp({ database, webDist: WEB_DIST, demo: true });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await database?.close();
});

/**
 * Types a date into an antd DatePicker and leaves the field, as a keyboard user would (Tab, since
 * Enter would also submit the form around it).
 */
async function typeDate(input: Locator, date: string) {
  await input.click();
  await input.fill(date);
  await input.press('Tab');
  await expect.poll(() => input.inputValue()).toBe(date);
  await expect.poll(() => input.page().locator('.ant-picker-dropdown:visible').count()).toBe(0);
}

/** A full-page screenshot once loading has finished and the animations have run (no fixed wait). */
async function shot(page: Page, name: string) {
  // (Spinners loop for ever; a button's click ripple takes 2 s and changes nothing.)
  await page.waitForFunction(
    () =>
      !document.querySelector('.ant-spin-spinning') &&
      document.getAnimations().every((a) => {
        const target = (a.effect as KeyframeEffect | null)?.target;
        return (
          a.playState !== 'running' ||
          a.effect?.getTiming().iterations === Infinity ||
          !!target?.classList.contains('ant-wave')
        );
      }),
  );
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

/** The visible dropdown's option whose own label text is exactly `name`. */
const option = (page: Page, name: string) =>
  page
    .locator('.ant-select-dropdown:visible .ant-select-item-option')
    .filter({ has: page.getByText(name, { exact: true }) })
    .first();

/** Issues a certificate through the API as the producer (setup, not the subject). */
async function issueByApi(
  quantity: number,
): Promise<{ certNo: string; traceUrl: string; traceCode: string }> {
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'qh_coop', password: PASSWORD }),
  });
  expect(login.status).toBe(200);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
  const res = await fetch(`${base}/api/certificates`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({
      entityId: coopId,
      product: '菠菜',
      quantity,
      unit: 'kg',
      contact: COOP_PHONE,
      issueDate: chinaDay(),
      bases: ['quality_control'],
    }),
  });
  const body = (await res.json()) as { certNo: string; traceUrl: string; traceCode: string };
  expect(res.status, JSON.stringify(body)).toBe(201);
  return body;
}

describe('production records and the market entry check in the browser', () => {
  it('lets a producer record a lot and an input use, and refuses harvest and the certificate inside the interval', async () => {
    const problems: string[] = [];
    const { context, page } = await signIn(browser, base, 'qh_coop', problems);
    const today = chinaDay();
    const used = chinaDay(-3);
    const earliest = chinaDay(4); // 3 days ago + the 7-day interval

    // 生产批次 → 新建批次: 菠菜 on 2.5 亩, sown a month ago.
    await page.getByRole('menuitem', { name: '生产与追溯' }).click();
    await page.getByRole('menuitem', { name: '生产批次' }).click();
    await page.waitForURL(`${base}/production/lots`);
    await page.getByText('没有生产批次').waitFor();
    await page.getByRole('button', { name: '新建批次' }).click();
    await page.waitForURL(`${base}/production/lots/new`);
    await page.getByLabel('产品', { exact: true }).click();
    await page.keyboard.type('菠菜');
    await option(page, '菠菜').click();
    await page.getByText('种植产品：记录农药使用，按安全间隔期检查').waitFor();
    await page.getByLabel('地块/大棚').fill('3号大棚');
    await page.getByLabel('面积（亩）').fill('2.5');
    await typeDate(page.getByLabel('开始日期（播种/定植）'), chinaDay(-30));
    await shot(page, 'lot-form-desktop');
    await page.getByRole('button', { name: /^保\s*存$/ }).click();
    await page.waitForURL(/\/production\/lots\/[0-9a-f-]{36}$/);
    const heading = page.getByRole('heading', { name: /生产批次 \S+/ });
    await heading.waitFor();
    const lotNo = ((await heading.textContent()) ?? '').replace('生产批次', '').replace('生产中', '').trim();
    expect(lotNo).not.toBe('');
    await page.getByText(`已新建批次 ${lotNo}`).waitFor();
    await page.getByText('尚无使用记录').waitFor();

    // 记录农药使用: 阿维菌素 from the autocomplete, used three days ago.
    await page.getByRole('button', { name: '记录农药使用' }).click();
    const useModal = page.locator('.ant-modal', { hasText: `记录农药使用 · ${lotNo}` });
    await useModal.waitFor();
    await useModal.getByLabel('农药（有效成分/通用名）').fill('阿维');
    const abamectin = option(page, '阿维菌素');
    // For a leafy vegetable the suggestion carries its interval.
    await abamectin.getByText('间隔期 7 天').waitFor();
    await abamectin.click();
    await expect.poll(() => useModal.getByLabel('农药（有效成分/通用名）').inputValue()).toBe('阿维菌素');
    await typeDate(useModal.getByLabel('使用日期'), used);
    await useModal.getByText(`安全间隔期 7 天，按此使用日期最早可于 ${earliest} 采收/上市`).waitFor();
    await useModal.getByLabel('剂量').fill('40 mL/亩');
    await useModal.getByLabel('施用面积（亩）').fill('2.5');
    expect(await useModal.getByLabel('操作人').inputValue()).toBe('青禾合作社');
    await shot(page, 'use-form-desktop');
    await useModal.getByRole('button', { name: /^保\s*存$/ }).click();
    await page.getByText('已记录投入品使用').waitFor();
    await useModal.waitFor({ state: 'hidden' });

    // The check for harvest today: refused, with the reason and the earliest date.
    const check = page.getByTestId('lot-check');
    await check.getByText(`按今天（${today}）检查：不能开具合格证`).waitFor();
    const reason = `阿维菌素：距末次施用3天，安全间隔期为7天`;
    await check.getByText(reason, { exact: false }).waitFor();
    expect(await check.textContent()).toContain(`最早可于${earliest}采收`);
    expect(await check.textContent()).toContain(`全部投入品最早可采收日期：${earliest}`);
    const intervalRow = check.locator('.ant-table-tbody tr', { hasText: '阿维菌素' });
    await intervalRow.getByText('未过间隔期').waitFor();
    expect(await intervalRow.textContent()).toContain(used);
    expect(await intervalRow.textContent()).toContain(earliest);
    const useRow = page
      .locator('.ant-card', { hasText: '投入品使用记录（1）' })
      .locator('.ant-table-tbody tr.ant-table-row');
    expect(await useRow.count()).toBe(1);
    expect(await useRow.textContent()).toContain('40 mL/亩');
    await useRow.getByText('未过安全间隔期/休药期').waitFor();
    await shot(page, 'lot-detail-desktop');

    // 记录采收 today shows the same refusal before anything is saved; the producer cancels.
    await page.getByRole('button', { name: '记录采收' }).click();
    const harvestModal = page.locator('.ant-modal', { hasText: `记录采收 · ${lotNo}` });
    await harvestModal.getByText(`按拟采收日期 ${today} 检查：不能开具合格证`).waitFor();
    await harvestModal.getByText(reason, { exact: false }).waitFor();
    await harvestModal.getByText(`全部投入品最早可采收日期：${earliest}`).waitFor();
    await shot(page, 'harvest-refused-desktop');
    await harvestModal.getByRole('button', { name: /^取\s*消$/ }).click();
    await harvestModal.waitFor({ state: 'hidden' });

    // A planned date on the earliest day passes.
    await typeDate(page.getByLabel('拟采收日期'), earliest);
    await check
      .getByText(`按拟采收日期 ${earliest} 检查：无禁用投入品，已用投入品均已过安全间隔期`)
      .waitFor();

    // The list shows the lot with its area and one use.
    await page.getByRole('link', { name: '返回列表' }).click();
    await page.waitForURL(`${base}/production/lots`);
    const lotRow = page.locator('.ant-table-tbody tr', { hasText: lotNo });
    await lotRow.waitFor();
    const lotText = (await lotRow.textContent()) ?? '';
    for (const field of [COOP, '菠菜', '3号大棚', '2.5 亩', chinaDay(-30), '生产中'])
      expect(lotText).toContain(field);
    // 使用记录 (the ninth column): the one use.
    await expect.poll(() => lotRow.locator('td').nth(8).textContent()).toBe('1');
    await shot(page, 'lot-list-desktop');

    // 开具合格证 for that lot: the live check refuses it for the interval.
    await page.getByRole('menuitem', { name: '合格证' }).click();
    await page.getByRole('menuitem', { name: '开具合格证' }).click();
    await page.waitForURL(`${base}/certificates/new`);
    // The entity has loaded once its phone is the contact (it clears the lot when it arrives).
    await expect.poll(() => page.getByLabel('联系电话').inputValue()).toBe(COOP_PHONE);
    await page.getByLabel('生产批次').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: lotNo }).click();
    await expect.poll(() => page.getByLabel('产品', { exact: true }).inputValue()).toBe('菠菜');
    await page.getByLabel('数量（重量）').fill('300');
    const issueCheck = page.getByTestId('issue-check');
    await issueCheck.getByText('不能开具：1 个问题').waitFor();
    const lotProblem = issueCheck.locator('.ant-list-item', { hasText: '生产批次' });
    await lotProblem.getByText('问题', { exact: true }).waitFor();
    expect(await lotProblem.textContent()).toContain(reason);
    expect(await lotProblem.textContent()).toContain(`最早可于${earliest}采收`);
    await shot(page, 'issue-refused-desktop');

    // 投入品购买: the 阿维菌素 bought at a store not in the directory.
    await page.getByRole('menuitem', { name: '投入品购买' }).click();
    await page.waitForURL(`${base}/production/purchases`);
    await page.getByText('没有购买记录').waitFor();
    await page.getByRole('button', { name: '登记购买' }).click();
    const buyModal = page.locator('.ant-modal', { hasText: '登记投入品购买' });
    await buyModal.waitFor();
    await buyModal.getByLabel('投入品', { exact: true }).fill('阿维菌素');
    await option(page, '阿维菌素').click();
    await buyModal.getByText('参考数据：农药').waitFor();
    await buyModal.getByLabel('数量').fill('2');
    await buyModal.getByLabel('或填写购买地点').fill(STORE);
    expect(await buyModal.getByLabel('购买日期').inputValue()).toBe(today);
    await shot(page, 'purchase-form-desktop');
    await buyModal.getByRole('button', { name: /^保\s*存$/ }).click();
    await page.getByText('已登记购买：阿维菌素').waitFor();
    await buyModal.waitFor({ state: 'hidden' });
    const buyRow = page.locator('.ant-table-tbody tr', { hasText: STORE });
    await buyRow.waitFor();
    const buyText = (await buyRow.textContent()) ?? '';
    for (const field of [today, COOP, '阿维菌素', '农药', '2 瓶']) expect(buyText).toContain(field);
    expect(await page.locator('.ant-table-tbody tr.ant-table-row').count()).toBe(1);
    await shot(page, 'purchase-list-desktop');

    await context.close();
    expect(problems).toEqual([]);
  });

  it('lets a market checker check a valid code, a forged code and a lot with no certificate, on a desktop and a phone', async () => {
    const good = await issueByApi(120);
    const second = await issueByApi(60);
    // A forgery: one character of the id part changed, the tag kept.
    const goodCode = good.traceCode;
    const swapped = goodCode[12] === 'A' ? 'B' : 'A';
    const forged = `${base.toUpperCase()}/T/${goodCode.slice(0, 12)}${swapped}${goodCode.slice(13)}`;
    expect(forged).not.toBe(good.traceUrl);

    const problems: string[] = [];
    const { context, page } = await signIn(browser, base, 'tq_market', problems);
    await page.getByRole('menuitem', { name: '生产与追溯' }).click();
    await page.getByRole('menuitem', { name: '入市查验' }).click();
    await page.waitForURL(`${base}/market/check`);

    // The code field has the focus on arrival, for a scanner gun.
    const code = page.getByRole('searchbox', { name: '追溯码' });
    await expect.poll(() => code.evaluate((e) => e === document.activeElement)).toBe(true);

    // The market this checker works at (its town's market).
    const marketSelect = page.locator('.market-check .ant-select', { hasText: '选择农产品市场' });
    await marketSelect.click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: MARKET }).click();
    await page.locator('.market-check .ant-select', { hasText: MARKET }).waitFor();

    // A valid certificate, pasted as the scanned URL.
    await code.fill(good.traceUrl);
    await page.getByLabel('本批数量').fill('120');
    await code.press('Enter');
    const result = page.locator('.market-result');
    await result.locator('.market-result-title', { hasText: '合格证有效' }).waitFor();
    const validText = (await result.textContent()) ?? '';
    for (const field of [
      '请核对货物与合格证上的产品、数量、生产者和产地是否一致。',
      '菠菜（120 公斤）',
      COOP,
      good.certNo,
      chinaDay(),
    ])
      expect(validText).toContain(field);
    // Ready for the next scan.
    expect(await code.inputValue()).toBe('');
    await shot(page, 'market-valid-desktop');

    // A forged code: refused as forged or tampered, with no certificate shown.
    await code.fill(forged);
    await page
      .locator('.market-check')
      .getByRole('button', { name: /查\s*验$/ })
      .click();
    await result.locator('.market-result-title', { hasText: '追溯码无效（伪造或篡改）' }).waitFor();
    await result.getByText('签名校验未通过，可能为伪造或篡改', { exact: false }).waitFor();
    expect(await result.textContent()).not.toContain(COOP);
    expect(await result.locator('.market-result-cert').count()).toBe(0);
    await shot(page, 'market-forged-desktop');

    // A lot with no certificate: product, quantity and supplier.
    await page.getByText('无合格证', { exact: true }).click();
    const noneForm = page.locator('.market-check form');
    await noneForm.getByLabel('产品').fill('菠菜');
    await noneForm.getByLabel('数量').fill('80');
    await noneForm.getByLabel('供货者').fill(SUPPLIER);
    await noneForm.getByRole('button', { name: '记录无合格证入市' }).click();
    await result.locator('.market-result-title', { hasText: '无合格证' }).waitFor();
    await result.getByText(`菠菜 · 80 公斤 · ${SUPPLIER}`).waitFor();
    await result.getByText('已记录为无合格证入市', { exact: false }).waitFor();
    // The form is cleared for the next lot, and this session's earlier checks are listed.
    expect(await noneForm.getByLabel('产品').inputValue()).toBe('');
    const session = page.locator('.ant-card', { hasText: '本次查验' }).locator('.ant-list-item');
    await expect.poll(() => session.count()).toBe(2);
    expect(await session.nth(0).textContent()).toContain('追溯码无效（伪造或篡改）');
    expect(await session.nth(1).textContent()).toContain('合格证有效');
    await shot(page, 'market-none-desktop');

    // 查验记录 lists the three checks, newest first.
    await page.getByRole('link', { name: '查验记录' }).click();
    await page.waitForURL(`${base}/market/checks`);
    const rows = page.locator('.ant-table-tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBe(3);
    await page.getByText('共 3 条').waitFor();
    const texts = await rows.allTextContents();
    expect(texts[0]).toContain('无合格证');
    expect(texts[0]).toContain(SUPPLIER);
    expect(texts[0]).toContain('80 公斤');
    expect(texts[1]).toContain('追溯码无效（伪造或篡改）');
    expect(texts[1]).toContain('追溯码 ');
    expect(texts[2]).toContain('合格证有效');
    expect(texts[2]).toContain(good.certNo);
    expect(texts[2]).toContain(COOP);
    expect(texts[2]).toContain('120 公斤');
    for (const t of texts) {
      expect(t).toContain(MARKET);
      expect(t).toContain('刘查验');
    }
    expect(await rows.nth(1).getAttribute('class')).toContain('row-fail');
    await shot(page, 'market-checks-desktop');

    // On a phone (checkers' usual device): the page fits the screen, remembers the market,
    // checks a second certificate, and the records show as cards.
    const phone = await browser.newContext({ ...PHONE, storageState: await context.storageState() });
    const mobile = await phone.newPage();
    watch(mobile, problems);
    await mobile.goto(`${base}/market/check`);
    const mobileCode = mobile.getByRole('searchbox', { name: '追溯码' });
    await mobileCode.waitFor();
    await mobile.locator('.market-check .ant-select', { hasText: MARKET }).waitFor();
    const noOverflow = () => mobile.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    expect(await noOverflow()).toBe(true);
    const scanButton = mobile.locator('.market-check').getByRole('button', { name: /查\s*验$/ });
    for (const box of [
      await mobile.locator('.market-code-input').boundingBox(),
      await scanButton.boundingBox(),
    ]) {
      expect(box).not.toBeNull();
      expect((box?.x ?? -1) >= 0 && (box?.x ?? 0) + (box?.width ?? 0) <= 390).toBe(true);
      expect(box?.height ?? 0).toBeGreaterThanOrEqual(36);
    }
    await shot(mobile, 'market-check-phone');
    await mobileCode.fill(second.traceUrl);
    await scanButton.tap();
    const mobileResult = mobile.locator('.market-result');
    await mobileResult.locator('.market-result-title', { hasText: '合格证有效' }).waitFor();
    expect(await mobileResult.textContent()).toContain(second.certNo);
    expect(await mobileResult.textContent()).toContain('菠菜（60 公斤）');
    const resultBox = await mobileResult.boundingBox();
    expect((resultBox?.x ?? 0) + (resultBox?.width ?? 999)).toBeLessThanOrEqual(390);
    expect(await noOverflow()).toBe(true);
    await shot(mobile, 'market-valid-phone');

    await mobile.goto(`${base}/market/checks`);
    const cards = mobile.locator('.ant-list-items > .ant-card');
    await expect.poll(() => cards.count()).toBe(4);
    expect(await mobile.locator('.ant-table').count()).toBe(0);
    expect(await cards.nth(0).textContent()).toContain(second.certNo);
    expect(await cards.nth(1).textContent()).toContain('无合格证');
    expect(await cards.nth(2).textContent()).toContain('追溯码无效（伪造或篡改）');
    expect(await cards.nth(3).textContent()).toContain(good.certNo);
    expect(await noOverflow()).toBe(true);
    await shot(mobile, 'market-checks-phone');
    await phone.close();
    await context.close();
    expect(problems).toEqual([]);
  });
});

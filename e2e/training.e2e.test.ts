import type { FastifyInstance } from 'fastify';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../packages/server/src/app.ts';
import type { Database } from '../packages/server/src/db/client.ts';
import { createUser } from '../packages/server/src/domains/accounts/service.ts';
import { entityBody, openTestDatabase, PASSWORD, TOWN_A } from '../packages/server/src/test/helper.ts';
import { DESKTOP, launchChromium, PHONE, prepare, signIn, WEB_DIST, watch } from './support.ts';

// The district's day is China's: the date picker defaults to the browser's today.
const CN = { timezoneId: 'Asia/Shanghai' };

// 培训 in the browser: a town supervisor records a session, adds an input store by hand, shows the
// QR code; a store owner without an account checks in on a phone; coverage shows the change.

const SHOTS = '/tmp/nongan-e2e/training';
let database: Database;
let app: FastifyInstance;
let browser: Browser;
let base: string;
const stores: { id: string; creditCode: string; name: string }[] = [];

beforeAll(async () => {
  prepare(SHOTS);
  database = await openTestDatabase();
  await createUser(
    database.db,
    { user: null, ip: null },
    {
      username: 'tq_peixun',
      displayName: '吴培训',
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

describe('training in the browser', () => {
  it('records a session with attendance, a phone check-in by QR, and coverage changes', async () => {
    const problems: string[] = [];
    const { page } = await signIn(browser, base, 'tq_peixun', problems, { ...DESKTOP, ...CN });
    for (const name of ['土桥镇丰收农资店', '土桥镇民利农资店']) {
      const res = await page.request.post(`${base}/api/entities`, {
        data: entityBody({
          name,
          type: 'input_store',
          townCode: TOWN_A,
          industries: ['inputs'],
          mainProducts: ['农药'],
        }),
      });
      expect(res.status()).toBe(201);
      stores.push(await res.json());
    }
    const coverage = async () =>
      (await (await page.request.get(`${base}/api/training/coverage`)).json()) as {
        rows: { category: string; trained: number; target: number | null }[];
        underTrained: { name: string; sessions: number }[];
      };
    const trained = (c: Awaited<ReturnType<typeof coverage>>) =>
      c.rows.filter((r) => r.category === 'input_dealers').reduce((s, r) => s + r.trained, 0);
    expect(trained(await coverage())).toBe(0);

    // Create the session in the dialog.
    await page.goto(`${base}/training`);
    await page.getByRole('button', { name: /新建培训/ }).click();
    const dialog = page.locator('.ant-modal');
    await dialog.getByLabel('培训名称').fill('土桥镇农资经营者依法经营培训');
    await pickUntilShown(
      page,
      dialog.locator('.ant-select', { hasText: '农资门店负责人' }),
      '农资门店负责人',
      () => dialog.getByLabel('培训对象类别').click(),
      8000,
    );
    await dialog.getByLabel('地点').fill('土桥镇农业服务中心会议室');
    await dialog.getByLabel('授课人').fill('区农技站 王老师');
    await dialog.getByLabel('教材/课件名称').fill('农药经营管理办法解读');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    // If the save is refused, fail with what the form or the server said, not a bare timeout.
    const refusal = page.locator('.ant-form-item-explain-error, .ant-message-error');
    const outcome = await Promise.race([
      page.waitForURL(/\/training\/[0-9a-f-]{36}$/).then(() => 'saved'),
      refusal
        .first()
        .waitFor({ timeout: 30_000 })
        .then(
          () => 'refused',
          () => 'timeout',
        ),
    ]);
    if (outcome === 'refused') throw new Error(`not saved: ${(await refusal.allTextContents()).join('; ')}`);
    await page.waitForURL(/\/training\/[0-9a-f-]{36}$/);
    const sessionId = page.url().split('/').pop() as string;

    // Add the first store by hand.
    await page.getByText('登记参训').waitFor();
    await pickUntilShown(
      page,
      page.locator('.ant-select', { hasText: '土桥镇丰收农资店' }),
      '丰收农资店',
      async () => {
        const box = page.locator('.ant-select').filter({ hasText: '输入名称或信用代码搜索' }).first();
        await box.click();
        await box.locator('input').fill('丰收');
      },
    );
    await page.getByRole('button', { name: /登\s*记/ }).click();
    await page.getByText('签到名单（1 人）').waitFor();
    // The course material as a PDF.
    await page
      .locator('.ant-card', { hasText: '培训教材' })
      .locator('input[type=file]')
      .setInputFiles({
        name: '农药经营管理办法解读.pdf',
        mimeType: 'application/pdf',
        buffer: Buffer.from('%PDF-1.4\n%%EOF\n'),
      });
    await page.getByRole('link', { name: '农药经营管理办法解读.pdf' }).waitFor();
    await page.screenshot({ path: `${SHOTS}/session-desktop.png`, fullPage: true });

    // The QR sheet: its link is what a phone opens.
    const qrPage = await page.context().newPage();
    await qrPage.goto(`${base}/training-qr/${sessionId}`);
    const qr = qrPage.getByRole('img', { name: '签到二维码' });
    await qr.locator('svg').waitFor();
    const link = (await qr.getAttribute('data-url')) as string;
    expect(link).toContain(`/training-checkin/${sessionId}?code=`);
    await qrPage.screenshot({ path: `${SHOTS}/qr-desktop.png`, fullPage: true });

    // A store owner without an account, on a phone.
    const phone = await browser.newContext({ ...PHONE, ...CN });
    const mobile = await phone.newPage();
    const phoneProblems: string[] = [];
    await mobile.goto(link);
    watch(mobile, phoneProblems);
    await mobile.getByText('土桥镇农资经营者依法经营培训').waitFor();
    await mobile.getByLabel('姓名').fill('赵六');
    await mobile.getByLabel('手机号').fill('13712345678');
    await mobile.getByLabel('所在主体统一社会信用代码（选填）').fill(stores[1]?.creditCode ?? '');
    await mobile.screenshot({ path: `${SHOTS}/checkin-phone.png`, fullPage: true });
    await mobile.getByRole('button', { name: /签\s*到/ }).click();
    await mobile.getByText('签到成功').waitFor();
    await mobile.getByText('土桥镇民利农资店', { exact: false }).waitFor();
    await mobile.screenshot({ path: `${SHOTS}/checkin-done-phone.png`, fullPage: true });
    await phone.close();
    // The page asks /api/auth/me whether someone is signed in; signed out, that is a 401 by design.
    expect(phoneProblems.filter((m) => !/status of 401/.test(m))).toEqual([]);

    await page.reload();
    await page.getByText('签到名单（2 人）').waitFor();
    await page.getByText('137****5678').waitFor();

    // Coverage: both stores trained once, so both still listed as under two sessions.
    const after = await coverage();
    expect(trained(after)).toBe(2);
    expect(after.underTrained.map((s) => s.sessions)).toEqual([1, 1]);
    await page.goto(`${base}/training/coverage`);
    await page.getByText('本年度培训不足2次的农资店').waitFor();
    await page.getByText('土桥镇丰收农资店').waitFor();
    await page.locator('canvas').first().waitFor();
    await page.screenshot({ path: `${SHOTS}/coverage-desktop.png`, fullPage: true });

    const phoneStaff = await signIn(browser, base, 'tq_peixun', problems, { ...PHONE, ...CN });
    await phoneStaff.page.goto(`${base}/training`);
    await phoneStaff.page.getByText('土桥镇农资经营者依法经营培训').first().waitFor();
    await phoneStaff.page.screenshot({ path: `${SHOTS}/list-phone.png`, fullPage: true });
    await phoneStaff.page.goto(`${base}/training/${sessionId}`);
    await phoneStaff.page.getByText('签到名单（2 人）').waitFor();
    await phoneStaff.page.screenshot({ path: `${SHOTS}/session-phone.png`, fullPage: true });
    await phoneStaff.page.goto(`${base}/training/coverage`);
    await phoneStaff.page.locator('canvas').first().waitFor();
    await phoneStaff.page.screenshot({ path: `${SHOTS}/coverage-phone.png`, fullPage: true });
    await page.goto(`${base}/training`);
    await page.getByText('土桥镇农资经营者依法经营培训').first().waitFor();
    await page.screenshot({ path: `${SHOTS}/list-desktop.png`, fullPage: true });
    expect(problems).toEqual([]);
  }, 120_000);
});

/**
 * On a busy machine the search or the click on an option can be lost: open the select and choose
 * again (up to three times) until the select shows the choice.
 */
async function pickUntilShown(
  page: Page,
  shown: Locator,
  option: string,
  open: () => Promise<void>,
  clickTimeout = 10_000,
) {
  for (let i = 0; i < 3 && !(await shown.count()); i++) {
    await open();
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option })
      .click({ timeout: clickTimeout })
      .catch(() => undefined);
    await shown.waitFor({ timeout: 3000 }).catch(() => undefined);
    // Close a list left open, so the next try opens it afresh rather than toggling it shut.
    if (!(await shown.count())) await page.keyboard.press('Escape');
  }
  await shown.waitFor();
}

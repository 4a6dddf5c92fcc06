import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../packages/server/src/app.ts';
import type { Database } from '../packages/server/src/db/client.ts';
import { seedDemoPublicity } from '../packages/server/src/demo/publicity.ts';
import { createUser } from '../packages/server/src/domains/accounts/service.ts';
import { openTestDatabase, PASSWORD, TOWN_A } from '../packages/server/src/test/helper.ts';
import { DESKTOP, launchChromium, PHONE, prepare, signIn, WEB_DIST, watch } from './support.ts';

// 宣传与满意度 in the browser: the office publishes a survey, a phone answers it on the public
// form without signing in, and the results page counts the answer.

const SHOTS = '/tmp/nongan-e2e/publicity';
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
      username: 'qu_xuanchuan',
      displayName: '吴宣传',
      role: 'district_staff',
      scopeCode: '500151',
      password: PASSWORD,
    },
  );
  await createUser(
    database.db,
    { user: null, ip: null },
    {
      username: 'tq_xuanchuan',
      displayName: '郑镇街',
      role: 'town_supervisor',
      scopeCode: TOWN_A,
      password: PASSWORD,
    },
  );
  // Last year's and this year's events and surveys, so the lists and totals look like a real year.
  await seedDemoPublicity(database.db, '500151', 7);
  app = await buildApp({ database, webDist: WEB_DIST, demo: false });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await database?.close();
});

describe('publicity and satisfaction in the browser', () => {
  it('the office publishes a survey, a phone answers it, the results show the answer', async () => {
    const problems: string[] = [];
    const { context, page } = await signIn(browser, base, 'qu_xuanchuan', problems, DESKTOP);
    await page.goto(`${base}/publicity`);
    await page.getByRole('heading', { name: '宣传活动' }).waitFor();
    await page.locator('.ant-table-row').first().waitFor();
    await page.screenshot({ path: `${SHOTS}/events-desktop.png`, fullPage: true });

    await page.goto(`${base}/publicity/surveys/new`);
    await page.getByLabel('调查名称').fill('测试满意度调查');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByRole('button', { name: /发\s*布/ }).click();
    const urlText = page.getByTestId('survey-url');
    await urlText.waitFor();
    const url = ((await urlText.textContent()) ?? '').trim();
    expect(url).toMatch(/\/s\/[a-z0-9]{8}$/);
    await page.screenshot({ path: `${SHOTS}/survey-published-desktop.png`, fullPage: true });

    // A phone, not signed in.
    const phone = await browser.newContext(PHONE);
    const p = await phone.newPage();
    watch(p, problems);
    await p.goto(url);
    await p.getByText('测试满意度调查').waitFor();
    await p.screenshot({ path: `${SHOTS}/public-form-phone.png`, fullPage: true });
    const groups = p.locator('.survey-options');
    await groups.nth(0).getByText('5 分 很满意').click();
    await groups.nth(1).getByText('4 分 满意').click();
    await groups.nth(2).getByText('经常留意').click();
    await p.getByLabel(/意见和建议/).fill('希望多在赶场天宣传');
    await p.getByRole('button', { name: /提\s*交/ }).click();
    await p.getByText('感谢您的参与！').waitFor();
    await p.screenshot({ path: `${SHOTS}/public-thanks-phone.png`, fullPage: true });
    // The same phone coming back is told it already answered.
    await p.reload();
    await p.getByText('本设备已提交过本次调查。').waitFor();
    await phone.close();

    await page.reload();
    await page.getByText('各镇街满意率').waitFor();
    await expect(page.locator('.ant-statistic').filter({ hasText: '答卷' }).textContent()).resolves.toContain(
      '1',
    );
    await expect(
      page.locator('.ant-statistic').filter({ hasText: '总体满意率' }).textContent(),
    ).resolves.toContain('100.0%');
    await page.getByText('希望多在赶场天宣传').waitFor();
    await page.screenshot({ path: `${SHOTS}/results-desktop.png`, fullPage: true });
    await context.close();

    // A town supervisor on a phone: its events and the results, read only.
    const town = await signIn(browser, base, 'tq_xuanchuan', problems, PHONE);
    await town.page.goto(`${base}/publicity`);
    await town.page.getByRole('heading', { name: '宣传活动' }).waitFor();
    await town.page.waitForTimeout(500);
    await town.page.screenshot({ path: `${SHOTS}/events-phone.png`, fullPage: true });
    await town.page.goto(`${base}/publicity/surveys`);
    await town.page.getByText('测试满意度调查').click();
    await town.page.getByText('各镇街满意率').waitFor();
    expect(await town.page.getByRole('button', { name: /发\s*布|结束调查/ }).count()).toBe(0);
    await town.page.waitForTimeout(500);
    await town.page.screenshot({ path: `${SHOTS}/results-phone.png`, fullPage: true });
    await town.context.close();
    expect(problems).toEqual([]);
  }, 120_000);
});

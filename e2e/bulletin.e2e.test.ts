import { readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import JSZip from 'jszip';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../packages/server/src/app.ts';
import type { Database } from '../packages/server/src/db/client.ts';
import { createUser } from '../packages/server/src/domains/accounts/service.ts';
import { lastEndedQuarter } from '../packages/server/src/domains/bulletins/rules.ts';
import { chinaDate } from '../packages/server/src/domains/trace/rules.ts';
import {
  DISTRICT,
  entityBody,
  openTestDatabase,
  PASSWORD,
  TOWN_A,
} from '../packages/server/src/test/helper.ts';
import { DESKTOP, launchChromium, PHONE, prepare, signIn, WEB_DIST } from './support.ts';

// 季度通报 in the browser: the district office drafts the last quarter's bulletin, writes its
// text, issues it, downloads the Word file (parsed back here) and opens the print view; a town
// supervisor reads the issued bulletin on a phone.

const SHOTS = '/tmp/nongan-e2e/bulletin';
const CN = { timezoneId: 'Asia/Shanghai' };
let database: Database;
let app: FastifyInstance;
let browser: Browser;
let base: string;
const past = lastEndedQuarter(chinaDate(new Date()));
const QUARTERS = ['第一季度', '第二季度', '第三季度', '第四季度'];

beforeAll(async () => {
  prepare(SHOTS);
  database = await openTestDatabase();
  for (const [username, displayName, role, scopeCode] of [
    ['qu_tongbao', '郑通报', 'district_staff', DISTRICT],
    ['tq_tongbao', '吴监管', 'town_supervisor', TOWN_A],
  ] as const)
    await createUser(
      database.db,
      { user: null, ip: null },
      { username, displayName, role, scopeCode, password: PASSWORD },
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

describe('quarterly bulletin in the browser', () => {
  it('drafts, edits, issues, downloads a Word file that opens, and prints', async () => {
    const problems: string[] = [];
    const { page } = await signIn(browser, base, 'qu_tongbao', problems, { ...DESKTOP, ...CN });
    // Some data of the quarter: a rapid test in town A, mid-quarter.
    const entity = await page.request.post(`${base}/api/entities`, {
      data: entityBody({ name: '土桥镇通报蔬菜合作社' }),
    });
    expect(entity.status()).toBe(201);
    const mid = new Date(Date.UTC(past.year, (past.quarter - 1) * 3 + 1, 15, 4)).toISOString();
    const rapid = await page.request.post(`${base}/api/rapid-tests`, {
      data: {
        holderCode: TOWN_A,
        townCode: TOWN_A,
        entityId: (await entity.json()).id,
        product: '菠菜',
        link: 'pre_harvest_base',
        method: 'colloidal_gold',
        result: 'negative',
        testedAt: mid,
        tester: '王检测',
      },
    });
    expect(rapid.status(), await rapid.text()).toBe(201);

    await page.getByRole('menuitem', { name: '季度通报' }).click();
    await page.waitForURL(`${base}/reports`);
    await page.getByRole('button', { name: /新建通报/ }).click();
    const dialog = page.locator('.ant-modal');
    // The dialog proposes the last quarter that has ended.
    await expect.poll(() => dialog.textContent()).toContain(`${past.year}年`);
    expect(await dialog.textContent()).toContain(QUARTERS[past.quarter - 1]);
    await dialog.getByRole('button', { name: /生成草稿/ }).click();
    await page.waitForURL(/\/reports\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').pop() as string;
    await page.getByText('表1 监测任务进度').waitFor();
    // The computed tables show the town and the quarter's rapid test.
    await expect.poll(() => page.locator('.bulletin-table').nth(6).textContent()).toContain('土桥镇');
    await page.getByLabel('下一步工作').fill('加强豇豆农药残留专项整治，督促逾期整改按期完成。');
    await page.getByRole('button', { name: /保存正文/ }).click();
    await page.getByText('正文已保存').waitFor();
    await page.screenshot({ path: `${SHOTS}/draft-desktop.png`, fullPage: true });

    await page.getByRole('button', { name: /签\s*发/ }).click();
    await page
      .locator('.ant-popconfirm')
      .getByRole('button', { name: /签\s*发/ })
      .click();
    await page.getByText('通报已签发并存档').waitFor();
    await page.locator('.ant-tag', { hasText: '已签发' }).waitFor();
    expect(await page.getByLabel('下一步工作').count()).toBe(0);

    // The Word file downloads and opens: its document names the title, a town and the text.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: /下载 Word/ }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/季度通报\.docx$/);
    const zip = await JSZip.loadAsync(await readFile((await download.path()) as string));
    const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
    const detail = await (await page.request.get(`${base}/api/bulletins/${id}`)).json();
    expect(xml).toContain(detail.title);
    expect(xml).toContain('土桥镇');
    expect(xml).toContain('加强豇豆农药残留专项整治');
    expect(Object.keys(zip.files).some((n) => n.startsWith('word/charts/chart'))).toBe(true);

    // The print view: the document alone, with its charts drawn.
    const print = await page.context().newPage();
    await print.goto(`${base}/reports/${id}/print`);
    await print.locator('.print-title', { hasText: detail.title }).waitFor();
    await print.locator('.bulletin-chart svg').first().waitFor();
    expect(await print.locator('.ant-layout-sider').count()).toBe(0);
    await print.emulateMedia({ media: 'print' });
    expect(await print.getByRole('button', { name: /打\s*印/ }).isVisible()).toBe(false);
    await print.screenshot({ path: `${SHOTS}/print.png`, fullPage: true });
    const pdf = await print.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
    expect(problems).toEqual([]);
  });

  it('a town supervisor reads the issued bulletin on a phone', async () => {
    const problems: string[] = [];
    const { page } = await signIn(browser, base, 'tq_tongbao', problems, { ...PHONE, ...CN });
    await page.goto(`${base}/reports`);
    await page
      .getByText(`${past.year}年${QUARTERS[past.quarter - 1]}`)
      .first()
      .click();
    await page.waitForURL(/\/reports\/[0-9a-f-]{36}$/);
    await page.getByText('加强豇豆农药残留专项整治，督促逾期整改按期完成。').waitFor();
    expect(await page.getByRole('button', { name: /签\s*发/ }).count()).toBe(0);
    await page.screenshot({ path: `${SHOTS}/issued-phone.png`, fullPage: true });
    expect(problems).toEqual([]);
  });
});

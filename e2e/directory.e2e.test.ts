import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../packages/server/src/app.ts';
import type { Database } from '../packages/server/src/db/client.ts';
import { createUser } from '../packages/server/src/domains/accounts/service.ts';
import { openTestDatabase, PASSWORD, TOWN_A, validCreditCode } from '../packages/server/src/test/helper.ts';
import { DESKTOP, launchChromium, PHONE, prepare, WEB_DIST } from './support.ts';

// The built web app against a real server on an in-memory database, driven in Chromium.

const SHOTS = '/tmp/nongan-e2e';
const USER = 'tq_supervisor';

let database: Database;
let app: FastifyInstance;
let browser: Browser;
let base: string;
let entityPath = '';

beforeAll(async () => {
  prepare(SHOTS);
  database = await openTestDatabase();
  await createUser(
    database.db,
    { user: null, ip: null },
    { username: USER, displayName: '王监管', role: 'town_supervisor', scopeCode: TOWN_A, password: PASSWORD },
  );
  app = await startApp(database);
  base = await app.listen({ host: '127.0.0.1', port: 0 });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await database?.close();
});

/** The platform as `nongan serve` runs it: API and the built web app from one server. */
function startApp(db: Database): Promise<FastifyInstance> {
  return buildApp({ database: db, webDist: WEB_DIST, demo: true });
}

/** Picks an option of the antd Select labelled `label`. */
async function choose(page: Page, label: string, option: string) {
  await page.getByLabel(label, { exact: true }).click();
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option })
    .first()
    .click();
}

async function login(page: Page) {
  await page.goto(`${base}/entities`);
  await page.waitForURL(/\/login\?next=/);
  await page.getByLabel('用户名').fill(USER);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  // `next` brings the user back to where the login was asked for.
  await page.waitForURL(`${base}/entities`);
}

describe('entity directory in the browser', () => {
  it('logs in, creates an entity, finds it by search and opens its detail', async () => {
    const context = await browser.newContext(DESKTOP);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });

    await login(page);
    problems.length = 0; // the signed-out /api/auth/me answers 401 by design
    await page.getByText('演示数据：本系统当前数据为合成演示数据，非真实数据').waitFor();
    expect(await page.getByTestId('user-menu').textContent()).toContain('王监管');

    await page.getByRole('button', { name: '新增主体' }).click();
    await page.waitForURL(`${base}/entities/new`);
    const name = `铜梁区端到端蔬菜专业合作社${Date.now() % 100000}`;
    const code = validCreditCode(4242);
    await page.getByLabel('名称', { exact: true }).fill(name);
    await choose(page, '主体类型', '农民专业合作社');
    // A wrong check character is caught in the browser by the shared schema, on the field.
    await page.getByLabel('统一社会信用代码').fill(`${code.slice(0, 17)}${code[17] === '0' ? '1' : '0'}`);
    await page.getByLabel('负责人').fill('李四');
    await page.getByLabel('联系电话').fill('13900139000');
    await page.getByLabel('地址').fill('重庆市铜梁区土桥镇测试村2组');
    await choose(page, '行业', '蔬菜');
    await page.keyboard.press('Escape');
    // The town supervisor's own town is preset.
    expect(await page.locator('.ant-form-item', { hasText: '镇街' }).first().textContent()).toContain(
      '土桥镇',
    );
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText(/统一社会信用代码校验位错误/).waitFor();
    expect(page.url()).toBe(`${base}/entities/new`);

    await page.getByLabel('统一社会信用代码').fill(code);
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await page.waitForURL(/\/entities\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name }).waitFor();
    entityPath = new URL(page.url()).pathname;
    await page.screenshot({ path: `${SHOTS}/detail-desktop.png`, fullPage: true });

    await page.goto(`${base}/entities`);
    await page.getByPlaceholder('名称、信用代码、负责人、电话').fill(name.slice(-8));
    await page.getByRole('button', { name: /搜\s*索/ }).click();
    await page.waitForURL(/q=/);
    const link = page.getByRole('link', { name });
    await link.waitFor();
    await page.locator('.ant-spin-spinning').waitFor({ state: 'detached' });
    expect(await page.locator('.ant-table-tbody tr.ant-table-row').count()).toBe(1);
    await page.screenshot({ path: `${SHOTS}/list-desktop.png` });

    // Import: fill the downloaded template with one good and one bad row; lenient mode keeps the good one.
    const template = await page.request.get(`${base}/api/entities/import/template`);
    expect(template.status()).toBe(200);
    const book = new ExcelJS.Workbook();
    // exceljs types predate the generic Buffer of @types/node 20+.
    await book.xlsx.load((await template.body()) as unknown as Parameters<typeof book.xlsx.load>[0]);
    const sheet = book.worksheets[0] as ExcelJS.Worksheet;
    let headerRow = 1;
    sheet.eachRow((row, n) => {
      if (row.values && (row.values as unknown[]).includes('名称') && headerRow === 1) headerRow = n;
    });
    const headers = (sheet.getRow(headerRow).values as unknown[]).map(String);
    const put = (rowNo: number, values: Record<string, string>) => {
      const row = sheet.getRow(rowNo);
      for (const [h, v] of Object.entries(values)) row.getCell(headers.indexOf(h)).value = v;
      row.commit();
    };
    const good = validCreditCode(5151);
    const row = {
      名称: '端到端导入家庭农场',
      类型: '家庭农场',
      统一社会信用代码: good,
      '法定代表人/负责人': '周七',
      联系电话: '13700137000',
      地址: '重庆市铜梁区土桥镇导入村3组',
      镇街: '土桥镇',
      行业: '水果',
    };
    put(headerRow + 1, row);
    put(headerRow + 2, {
      ...row,
      名称: '端到端导入错误农场',
      统一社会信用代码: `${good.slice(0, 17)}${good[17] === '0' ? '1' : '0'}`,
    });
    await page.getByRole('button', { name: /导\s*入/ }).click();
    await page.locator('.ant-modal input[type=file]').setInputFiles({
      name: '主体导入.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: Buffer.from(await book.xlsx.writeBuffer()),
    });
    await page.getByRole('button', { name: '开始导入' }).click();
    await page.locator('.ant-modal').getByText('已导入，其中 1 行有错误未导入').waitFor();
    await page
      .locator('.ant-modal')
      .getByText(/校验位错误/)
      .waitFor();
    expect(await page.locator('.ant-modal').getByText('下载错误报告').count()).toBe(1);
    await page.screenshot({ path: `${SHOTS}/import-desktop.png` });
    await page.keyboard.press('Escape');

    await link.click();
    await page.waitForURL(/\/entities\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name }).waitFor();
    expect(await page.locator('.ant-descriptions').first().textContent()).toContain(code);
    await page.getByText('新建主体').waitFor(); // 变更历史 has the create entry
    // The imported entity's history names the batch's file.
    await page.goto(`${base}/entities?q=${encodeURIComponent('端到端导入家庭农场')}`);
    await page.getByRole('link', { name: '端到端导入家庭农场' }).click();
    await page.getByText('批量导入新建主体（文件：主体导入.xlsx）').waitFor();
    await page.screenshot({ path: `${SHOTS}/imported-history-desktop.png`, fullPage: true });
    const importedPath = new URL(page.url()).pathname;
    // A town supervisor's home: the town's own figures and duties (no district charts).
    await page.goto(`${base}/`);
    await page.getByText('本镇街任务进度').waitFor();
    await page.getByText('今日巡查任务').waitFor();
    await page.screenshot({ path: `${SHOTS}/dashboard-desktop.png`, fullPage: true });

    // The phone layout of the list: cards instead of the wide table, menu in a drawer.
    const phone = await browser.newContext({ ...PHONE, storageState: await context.storageState() });
    const mobile = await phone.newPage();
    await mobile.goto(`${base}/entities`);
    await mobile.getByRole('link', { name }).waitFor();
    await mobile.locator('.ant-spin-spinning').waitFor({ state: 'detached' });
    expect(await mobile.locator('.ant-table').count()).toBe(0);
    await mobile.screenshot({ path: `${SHOTS}/list-phone.png`, fullPage: true });
    await mobile.getByLabel('打开菜单').click();
    await mobile.locator('.ant-drawer .ant-menu').waitFor();
    await mobile.waitForTimeout(400);
    await mobile.screenshot({ path: `${SHOTS}/menu-phone.png` });
    await mobile.goto(`${base}${entityPath}`);
    await mobile.getByText('变更历史').waitFor();
    await mobile.screenshot({ path: `${SHOTS}/detail-phone.png`, fullPage: true });
    await mobile.goto(`${base}${importedPath}`);
    await mobile.getByText('批量导入新建主体（文件：主体导入.xlsx）').waitFor();
    await mobile.screenshot({ path: `${SHOTS}/imported-history-phone.png`, fullPage: true });
    await mobile.goto(`${base}/`);
    await mobile.getByText('本镇街任务进度').waitFor();
    await mobile.screenshot({ path: `${SHOTS}/dashboard-phone.png`, fullPage: true });
    await mobile.goto(`${base}/entities/new`);
    await mobile.getByLabel('名称', { exact: true }).waitFor();
    await mobile.screenshot({ path: `${SHOTS}/form-phone.png`, fullPage: true });

    await phone.close();
    await context.close();
    expect(problems).toEqual([]);
  });

  it('lets the district admin edit the entity, manage users and divisions, and read the audit log', async () => {
    await createUser(
      database.db,
      { user: null, ip: null },
      {
        username: 'qu_admin',
        displayName: '区管理员',
        role: 'district_admin',
        scopeCode: '500151',
        password: PASSWORD,
      },
    );
    const context = await browser.newContext(DESKTOP);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${base}/login`);
    await page.getByLabel('用户名').fill('qu_admin');
    await page.getByLabel('密码').fill(PASSWORD);
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.waitForURL(`${base}/`);

    // Edit: the change shows up in 变更历史 field by field.
    await page.goto(`${base}${entityPath}/edit`);
    await page.getByLabel('负责人').fill('赵六');
    await page.getByLabel('规模').fill('种植面积200亩');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await page.waitForURL(`${base}${entityPath}`);
    const history = page.locator('.ant-timeline');
    await history.getByText('赵六').waitFor();
    expect(await history.textContent()).toContain('种植面积200亩');
    // 一户一档: the risk level is derived from the record (a new entity with none is low), not typed in.
    expect(await page.getByTestId('entity-risk').textContent()).toContain('低风险');
    expect(await page.getByTestId('entity-file').textContent()).toContain('抽检（0）');

    // Users: create a town supervisor; the generated password is shown once.
    await page.goto(`${base}/system/users`);
    await page.getByRole('button', { name: '新增用户' }).click();
    await page.getByLabel('用户名').fill('an_ju_1');
    await page.getByLabel('姓名').fill('陈监管');
    // The 镇街 field appears once the role is taken; on a loaded machine the option click can be
    // lost to the dropdown's animation, so the choice is made again until the field shows.
    for (let attempt = 0; attempt < 3; attempt++) {
      await choose(page, '角色', '镇街监管员');
      const shown = await page
        .getByLabel('镇街', { exact: true })
        .waitFor({ timeout: 8_000 })
        .then(() => true)
        .catch(() => false);
      if (shown) break;
    }
    await choose(page, '镇街', '安居镇');
    await page.getByRole('button', { name: /创\s*建/ }).click();
    await page.getByText('请记录新密码').waitFor();
    await page.screenshot({ path: `${SHOTS}/users-password.png` });
    await page.getByRole('button', { name: '我已记录' }).click();
    await page.getByRole('cell', { name: 'an_ju_1' }).waitFor();

    // Divisions: 28 towns (reference data; villages are added here); add a village, then a grid in it.
    await page.goto(`${base}/system/regions`);
    await page.getByText('镇街（28）').waitFor();
    await page.getByRole('cell', { name: '土桥镇' }).click();
    const ok = page.locator('.ant-modal').getByRole('button', { name: /确\s*定/ });
    await page.getByRole('button', { name: '新增村' }).click();
    await page.getByLabel('村代码').fill('500151101299');
    await page.getByLabel('名称', { exact: true }).fill('端到端村');
    await ok.click();
    await page.getByText('端到端村').click();
    await page.waitForURL(/village=500151101299/);
    await page.getByRole('button', { name: '新增网格' }).click();
    await page.getByLabel('网格代码').fill('50015110129901');
    await page.getByLabel('名称', { exact: true }).fill('第一网格');
    await ok.click();
    await page.getByRole('cell', { name: '第一网格' }).waitFor();
    await page.screenshot({ path: `${SHOTS}/regions-desktop.png` });

    // Audit: rows expand to before/after with Chinese field names.
    await page.goto(`${base}/system/audit?subjectType=entity&action=update`);
    await page.locator('.ant-table-row-expand-icon').first().click();
    await page.locator('.ant-table-expanded-row').getByText('负责人').waitFor();
    await page.screenshot({ path: `${SHOTS}/audit-desktop.png` });

    await context.close();
    expect(problems).toEqual([]);
  });
});

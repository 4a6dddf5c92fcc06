import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../packages/server/src/app.ts';
import type { Database } from '../packages/server/src/db/client.ts';
import { createUser } from '../packages/server/src/domains/accounts/service.ts';
import { DEFAULT_WARNING_SETTINGS } from '../packages/server/src/domains/warnings/settings.ts';
import { warningSettings, warnings } from '../packages/server/src/domains/warnings/table.ts';
import { DISTRICT, openTestDatabase, PASSWORD, TOWN_A } from '../packages/server/src/test/helper.ts';
import { DESKTOP, holdAnswers, launchChromium, PHONE, prepare, signIn, WEB_DIST } from './support.ts';

// 预警 in the browser: a town supervisor sees his open warnings on the home page after login,
// opens one's evidence and acknowledges it on the 预警 page.

const SHOTS = '/tmp/nongan-e2e/warnings';
let database: Database;
let app: FastifyInstance;
let browser: Browser;
let base: string;
const ids = { rep: randomUUID(), overdue: randomUUID() };

beforeAll(async () => {
  prepare(SHOTS);
  database = await openTestDatabase();
  await createUser(
    database.db,
    { user: null, ip: null },
    {
      username: 'tq_yujing',
      displayName: '吴监管',
      role: 'town_supervisor',
      scopeCode: TOWN_A,
      password: PASSWORD,
    },
  );
  await createUser(
    database.db,
    { user: null, ip: null },
    {
      username: 'qu_yujing',
      displayName: '郑农安',
      role: 'district_staff',
      scopeCode: DISTRICT,
      password: PASSWORD,
    },
  );
  app = await buildApp({ database, webDist: WEB_DIST, demo: false });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
  // The start-up sweep has run; these two stand for what the rules raised (warnings.int.test.ts).
  await app.drainEvents({ jobs: true });
  const row = (
    id: string,
    kind: string,
    level: string,
    subject: string,
    summary: string,
    figure: string,
  ) => ({
    districtCode: DISTRICT,
    id,
    townCode: TOWN_A,
    kind,
    scopeKey: `${kind}:e2e:${id}`,
    level,
    subject,
    evidence: {
      summary,
      figures: [{ label: figure, value: figure === '逾期案件' ? '1' : '2' }],
      records: [{ type: 'entity', id: randomUUID(), label: '土桥镇绿源蔬菜专业合作社' }],
    },
    fingerprint: 'e2e',
    ownerRole: 'town_supervisor',
  });
  await database.db
    .insert(warnings)
    .values([
      row(
        ids.rep,
        'repeat_failure',
        'serious',
        '主体：土桥镇绿源蔬菜专业合作社',
        '土桥镇绿源蔬菜专业合作社近 90 天内 2 次检测不合格或快检阳性（预警条件：2 次）',
        '不合格/阳性次数',
      ),
      row(
        ids.overdue,
        'overdue_case',
        'attention',
        '镇街：土桥镇',
        '土桥镇有 1 项案件超过期限未办结，最久逾期 12 天',
        '逾期案件',
      ),
    ]);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await database?.close();
});

describe('warnings in the browser', () => {
  it('shows the open count after login and acknowledges one on the page', async () => {
    const problems: string[] = [];
    const { context, page } = await signIn(browser, base, 'tq_yujing', problems, DESKTOP);
    const notice = page.getByTestId('warning-summary');
    await expect(notice.textContent()).resolves.toContain('您有 2 条待处理预警');
    expect(await notice.textContent()).toContain('其中严重 1 条');
    await page.screenshot({ path: `${SHOTS}/home-desktop.png` });
    await notice.getByRole('link', { name: '查看预警' }).click();
    await page.waitForURL(`${base}/warnings`);
    await page.getByText('同一主体多次不合格').first().waitFor();
    await page.screenshot({ path: `${SHOTS}/list-desktop.png` });
    await page.getByText('主体：土桥镇绿源蔬菜专业合作社').first().click();
    const drawer = page.locator('.ant-drawer-section');
    await drawer.getByRole('link', { name: '土桥镇绿源蔬菜专业合作社' }).waitFor();
    await page.waitForTimeout(600); // the drawer's slide-in
    await page.screenshot({ path: `${SHOTS}/drawer-desktop.png` });
    await drawer.getByRole('button', { name: /知\s*悉/ }).click();
    await drawer.getByText('已知悉').first().waitFor();
    const [w] = await database.db
      .select()
      .from(warnings)
      .where(and(eq(warnings.districtCode, DISTRICT), eq(warnings.id, ids.rep)));
    expect(w?.state).toBe('acknowledged');
    await page.goto(`${base}/`);
    await expect(page.getByTestId('warning-summary').textContent()).resolves.toContain('您有 1 条待处理预警');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('lists warnings as cards on a phone', async () => {
    const problems: string[] = [];
    const { context, page } = await signIn(browser, base, 'tq_yujing', problems, PHONE);
    await page.getByTestId('warning-summary').waitFor();
    await page.screenshot({ path: `${SHOTS}/home-phone.png` });
    await page.goto(`${base}/warnings`);
    await page.getByText('主体：土桥镇绿源蔬菜专业合作社').first().waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await page.screenshot({ path: `${SHOTS}/list-phone.png` });
    await page.getByText('镇街：土桥镇').first().click();
    await page.locator('.ant-drawer-section').getByText('最久逾期 12 天').waitFor();
    await page.waitForTimeout(600);
    await page.screenshot({ path: `${SHOTS}/drawer-phone.png` });
    expect(problems).toEqual([]);
    await context.close();
  });

  it('lets the district office set a threshold on the page', async () => {
    const problems: string[] = [];
    const { context, page } = await signIn(browser, base, 'qu_yujing', problems, DESKTOP);
    await page.goto(`${base}/warnings`);
    // The stored settings are held back until the user has typed: when they arrive they fill the
    // other fields and leave the typed one alone.
    const stored = await holdAnswers(page, '/api/warnings/settings');
    await page.getByRole('button', { name: '预警阈值' }).click();
    const dialog = page.getByRole('dialog');
    const min = dialog.getByLabel('参与合格率预警的最少批次');
    await min.fill('70');
    await stored.release();
    await expect.poll(() => dialog.getByLabel('同一主体不合格次数').inputValue()).toBe('2');
    expect(await min.inputValue()).toBe('70');
    // Cancelled edits do not survive: the next opening starts from the stored values, and from
    // their newest answer when someone else changed them meanwhile (the cache answers first).
    await dialog.getByRole('button', { name: /取\s*消/ }).click();
    await dialog.waitFor({ state: 'hidden' });
    await database.db
      .insert(warningSettings)
      .values({ districtCode: DISTRICT, ...DEFAULT_WARNING_SETTINGS, minSamples: 55 })
      .onConflictDoUpdate({ target: warningSettings.districtCode, set: { minSamples: 55 } });
    await page.getByRole('button', { name: '预警阈值' }).click();
    await expect.poll(() => min.inputValue()).toBe('55');
    await min.fill('60');
    await page.waitForTimeout(400);
    await page.screenshot({ path: `${SHOTS}/settings-desktop.png` });
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('预警阈值已保存并重新评估').waitFor();
    const [row] = await database.db
      .select()
      .from(warningSettings)
      .where(eq(warningSettings.districtCode, DISTRICT));
    expect(row?.minSamples).toBe(60);
    expect(problems).toEqual([]);
    await context.close();
  });
});

import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../packages/server/src/app.ts';
import type { Database } from '../packages/server/src/db/client.ts';
import { createUser } from '../packages/server/src/domains/accounts/service.ts';
import { openTestDatabase, PASSWORD, TOWN_A } from '../packages/server/src/test/helper.ts';
import { DESKTOP, launchChromium, PHONE, prepare, signIn, WEB_DIST } from './support.ts';

// 查限量 in the browser: a town supervisor picks 豇豆 and sees 甲基异柳磷 with its limit and citation,
// on a desktop (1280×800) and a phone (390×844), with no English codes or ids on the page.

const SHOTS = '/tmp/nongan-e2e/standards';

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
      username: 'tq_sup',
      displayName: '土桥监管员',
      role: 'town_supervisor',
      scopeCode: TOWN_A,
      password: PASSWORD,
    },
  );
  app = await buildApp({ database, webDist: WEB_DIST, demo: true });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await database?.close();
});

/** A full-page screenshot once loading has finished and the animations have run. */
async function shot(page: Page, name: string) {
  await page.waitForFunction(
    () =>
      !document.querySelector('.ant-spin-spinning') &&
      document
        .getAnimations()
        .every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity),
  );
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

async function pickCowpea(page: Page) {
  await page.goto(`${base}/standards/lookup`);
  await page.getByRole('heading', { name: '查限量' }).waitFor();
  await page.getByLabel('产品').click();
  await page.getByLabel('产品').fill('豇豆');
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option')
    .filter({ hasText: '豇豆' })
    .first()
    .click();
  await page.waitForURL(/product=/);
}

describe('查限量', () => {
  for (const [name, options] of [
    ['desktop', { ...DESKTOP, viewport: { width: 1280, height: 800 } }],
    ['phone', PHONE],
  ] as const) {
    it(`a town supervisor picks 豇豆 and sees 甲基异柳磷 with its limit and citation (${name})`, async () => {
      const problems: string[] = [];
      const { context, page } = await signIn(browser, base, 'tq_sup', problems, options);
      await pickCowpea(page);
      const row =
        name === 'desktop'
          ? page.locator('tr', { hasText: '甲基异柳磷' })
          : page.locator('.lookup-limit', { hasText: '甲基异柳磷' });
      await expect.poll(() => row.count()).toBeGreaterThan(0);
      const text = ((await row.first().textContent()) ?? '').replace(/\s+/g, ' ');
      expect(text).toContain('0.01 mg/kg');
      expect(text).toContain('甲基异柳磷：豆类蔬菜');
      expect(text).toContain('GB 2763-2021');
      // Today GB 2763-2026 is in force and does not carry the pair: judged provisionally.
      expect(text).toContain('暂判');
      await shot(page, `lookup-cowpea-${name}`);
      // Open the citation.
      if (name === 'desktop') await row.first().locator('.ant-table-row-expand-icon').click();
      else await row.first().click();
      await expect.poll(() => page.getByText('regulator-notice').count()).toBe(0);
      await expect.poll(() => page.getByText('监管部门通告').count()).toBeGreaterThan(0);
      await shot(page, `lookup-cowpea-${name}-open`);
      const body = (await page.locator('main, .ant-layout-content').first().textContent()) ?? '';
      expect(body).not.toMatch(
        /cowpea|clothianidin|isofenphos|regulator-notice|use_ban|[0-9a-f]{8}-[0-9a-f]{4}-/,
      );
      expect(problems).toEqual([]);
      await context.close();
    });
  }
});

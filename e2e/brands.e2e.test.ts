import { entityCreateBody } from '@nongan/shared/entities/schemas';
import type { FastifyInstance } from 'fastify';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../packages/server/src/app.ts';
import type { Database } from '../packages/server/src/db/client.ts';
import { seedDemoBrands } from '../packages/server/src/demo/brands.ts';
import { createUser } from '../packages/server/src/domains/accounts/service.ts';
import { insertCertificate } from '../packages/server/src/domains/certificates/test-fixtures.ts';
import { createEntity } from '../packages/server/src/domains/entities/service.ts';
import { addDays, chinaDate } from '../packages/server/src/domains/trace/rules.ts';
import {
  DISTRICT,
  entityBody,
  openTestDatabase,
  PASSWORD,
  TOWN_A,
  TOWN_B,
} from '../packages/server/src/test/helper.ts';
import { launchChromium, PHONE, prepare, signIn, WEB_DIST, watch } from './support.ts';

// 两品一标 in the browser: the district office registers a green-food certification for a
// cooperative (the four-links panel warns; the user acknowledges), then the public scan page of
// one of that cooperative's certificates shows it under 品牌认证.

const SHOTS = '/tmp/nongan-e2e/brands';
const COOP = '土桥镇荷香莲藕专业合作社';
const CERT_NO = 'LB-E2E-0001';
const today = chinaDate(new Date());

let database: Database;
let app: FastifyInstance;
let browser: Browser;
let base: string;
let traceCode = '';

beforeAll(async () => {
  prepare(SHOTS);
  database = await openTestDatabase();
  const system = { user: null, ip: null };
  const district = { kind: 'district', districtCode: DISTRICT } as const;
  const entity = (over: Record<string, unknown>) =>
    createEntity(database.db, system, district, entityCreateBody.parse(entityBody(over)));
  await createUser(database.db, system, {
    username: 'qu_staff',
    displayName: '张质安',
    role: 'district_staff',
    password: PASSWORD,
    scopeCode: DISTRICT,
  });
  app = await buildApp({ database, webDist: WEB_DIST, demo: true });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
  // A few other certified producers so the list is not empty (demo rows), then the cooperative.
  for (const [i, name] of [
    '安居镇绿野蔬菜专业合作社',
    '土桥镇丰收家庭农场',
    '安居镇渝香柑橘种植场',
  ].entries()) {
    const id = await entity({ name, type: 'cooperative', townCode: i % 2 ? TOWN_A : TOWN_B });
    await insertCertificate(
      database.db,
      app.keyRing,
      { id, name },
      { productCode: i === 2 ? 'orange' : 'spinach' },
    );
  }
  await seedDemoBrands(database.db, DISTRICT);
  const coopId = await entity({ name: COOP, type: 'cooperative', townCode: TOWN_A });
  const cert = await insertCertificate(
    database.db,
    app.keyRing,
    { id: coopId, name: COOP },
    { productCode: 'lotus_root', productName: '莲藕' },
  );
  traceCode = cert.traceCode;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await database?.close();
});

async function typeDate(input: Locator, date: string) {
  await input.click();
  await input.fill(date);
  await input.press('Tab');
  await expect.poll(() => input.inputValue()).toBe(date);
}

async function shot(page: Page, name: string) {
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

const option = (page: Page, text: string) =>
  page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: text }).first();

describe('brands in the browser', () => {
  let detailUrl = '';

  it('lets the district office register a certification, acknowledging the four-links warning', async () => {
    const problems: string[] = [];
    const { context, page } = await signIn(browser, base, 'qu_staff', problems);
    await page.getByRole('menuitem', { name: '两品一标' }).click();
    await page.waitForURL(`${base}/brands`);
    await expect.poll(() => page.getByTestId('brand-progress').textContent()).toContain('目标');
    await shot(page, 'list-desktop');

    await page.getByRole('button', { name: /登记认证/ }).click();
    const dialog = page.getByRole('dialog', { name: '登记品牌认证' });
    await dialog.getByLabel('证书编号').fill(CERT_NO);
    await dialog.getByLabel('获证主体').click();
    await page.keyboard.type('荷香');
    await option(page, COOP).click();
    // The entity list closes first: its option 土桥镇荷香莲藕… also contains 莲藕.
    await expect.poll(() => page.locator('.ant-select-dropdown:visible').count()).toBe(0);
    // The cooperative issues certificates but keeps no production lots: the default rule warns.
    await expect.poll(() => dialog.getByTestId('eligibility').textContent()).toContain('需确认');
    await expect
      .poll(() => dialog.getByTestId('eligibility').textContent())
      .toContain('未在追溯平台记录生产批次');
    await dialog.getByLabel('认证产品').click();
    await page.keyboard.type('莲藕');
    await option(page, '莲藕').click();
    await page.keyboard.press('Escape');
    await typeDate(dialog.getByLabel('发证日期'), addDays(today, -20));
    await typeDate(dialog.getByLabel('有效期至'), addDays(today, 3 * 365 - 20));
    await shot(page, 'register-desktop');
    // Without the acknowledgement the form does not go through.
    await page
      .getByRole('button', { name: /登\s*记/ })
      .last()
      .click();
    await expect.poll(() => dialog.textContent()).toContain('请确认已知悉上述提示');
    await dialog.getByText('已知悉上述“四挂钩”提示').click();
    await page
      .getByRole('button', { name: /登\s*记/ })
      .last()
      .click();
    await page.waitForURL(/\/brands\/[0-9a-f-]{36}$/);
    detailUrl = page.url();
    await expect.poll(() => page.locator('h4').textContent()).toContain(CERT_NO);
    await expect.poll(() => page.textContent('body')).toContain(COOP);
    await shot(page, 'detail-desktop');
    // The entity file shows the same four-links record.
    await page.getByRole('link', { name: COOP }).click();
    await expect
      .poll(() => page.getByTestId('entity-file').getByTestId('eligibility').textContent())
      .toContain('四挂钩');
    await page.getByRole('tab', { name: /品牌认证（1）/ }).click();
    await expect.poll(() => page.getByTestId('entity-file').textContent()).toContain(CERT_NO);
    await shot(page, 'entity-file-desktop');
    await page.goto(`${base}/brands?tab=list`);
    await expect.poll(() => page.textContent('body')).toContain(CERT_NO);
    await shot(page, 'list-after-desktop');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows the certification on the public scan page of the cooperative’s certificate', async () => {
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    const problems: string[] = [];
    watch(page, problems);
    await page.goto(`${base}/t/${encodeURIComponent(traceCode)}`);
    const section = page.locator('section', { hasText: '品牌认证' });
    await expect.poll(() => section.textContent()).toContain(`绿色食品：莲藕（证书 ${CERT_NO}`);
    await page.screenshot({ path: `${SHOTS}/scan-phone.png`, fullPage: true });
    expect(problems).toEqual([]);
    await context.close();
  });

  it('reads on a phone: list cards, reminders and the detail page', async () => {
    const problems: string[] = [];
    const { context, page } = await signIn(browser, base, 'qu_staff', problems, PHONE);
    await page.goto(`${base}/brands`);
    await expect.poll(() => page.textContent('body')).toContain(COOP);
    await shot(page, 'list-phone');
    await page.getByRole('tab', { name: '到期提醒' }).click();
    await shot(page, 'reminders-phone');
    await page.getByRole('tab', { name: '区域公用品牌' }).click();
    await expect.poll(() => page.textContent('body')).toContain('巴味渝珍');
    await shot(page, 'regional-phone');
    await page.getByRole('tab', { name: '扶持评优' }).click();
    await expect.poll(() => page.textContent('body')).toContain('（演示）');
    await shot(page, 'decisions-phone');
    await page.goto(detailUrl);
    await expect.poll(() => page.textContent('body')).toContain('“四挂钩”核查');
    await shot(page, 'detail-phone');
    expect(problems).toEqual([]);
    await context.close();
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../packages/server/src/app.ts';
import type { Database } from '../packages/server/src/db/client.ts';
import { memoryKeyRing } from '../packages/server/src/domains/certificates/keys.ts';
import { listDivisions } from '../packages/server/src/domains/regions/repository.ts';
import { prepareDatabase } from '../packages/server/src/platform/bootstrap.ts';
import { openTestDatabase } from '../packages/server/src/test/helper.ts';
import { DESKTOP, launchChromium, PHONE, prepare, WEB_DIST } from './support.ts';
import { findWords, type PageFinding } from './walk-rules.ts';

// Every page every role can reach from its menu (and the first detail page behind each list), on a
// desktop and on a phone, over a small synthetic demo district: no UUID, Latin code word or raw
// division code in visible text, no sideways scrolling on the phone, no browser errors but the
// expected 4xx answers. Two files walk half the roles each (walk-district, walk-local), so that
// the halves can run side by side.

const SHOTS = '/tmp/nongan-e2e/walk';
const KEYS = memoryKeyRing();

/** What one walk file sets up: the demo district served, and Chromium. */
interface Walk {
  browser: Browser;
  base: string;
  logins: { username: string; password: string; role: string }[];
  divisionCodes: string[];
}

/** Browser errors a page may log: the 4xx answers the app handles (a role refused, a lookup missed). */
const EXPECTED = /status of 4\d\d/;

async function open({ browser, base }: Walk, options: typeof DESKTOP, username: string, password: string) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !EXPECTED.test(m.text())) errors.push(`${page.url()}: ${m.text()}`);
  });
  await page.goto(`${base}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.waitForURL(`${base}/`);
  return { context, page, errors };
}

/** The menu's leaf paths: every submenu opened, then each item's key read back. */
async function menuPaths(page: Page): Promise<string[]> {
  const titles = page.locator('.ant-layout-sider .ant-menu-submenu-title');
  for (let i = 0; i < (await titles.count()); i++) {
    const sub = titles.nth(i);
    if ((await sub.getAttribute('aria-expanded')) !== 'true') await sub.click();
  }
  const ids = await page
    .locator('.ant-layout-sider .ant-menu-item')
    .evaluateAll((items) => items.map((li) => li.getAttribute('data-menu-id') ?? ''));
  return [...new Set(ids.map((id) => /(\/[^\s]*)$/.exec(id)?.[1] ?? '').filter(Boolean))];
}

/** Client-side navigation (as a menu click does), then wait until nothing is loading. */
async function visit(page: Page, path: string) {
  await page.evaluate((p) => {
    window.history.pushState({}, '', p);
    window.dispatchEvent(new PopStateEvent('popstate'));
    window.scrollTo(0, 0);
  }, path);
  // The public complaint pages sit outside the signed-in shell; they load in full.
  if (path.startsWith('/complaint/') || path === '/complaint') await page.waitForLoadState('networkidle');
  else await page.locator(`.app-content[data-path="${path}"]`).waitFor({ timeout: 15_000 });
  await page
    .locator('.ant-spin-spinning, .ant-skeleton-active')
    .first()
    .waitFor({ state: 'detached', timeout: 15_000 })
    .catch(() => {});
}

/** A path's page kind: ids and numbers replaced, so one detail page of each kind is walked. */
const kindOf = (path: string) =>
  path
    .split('?')[0]!
    .replace(/\/[0-9a-f]{8}-[0-9a-f-]{27}/gi, '/:id')
    .replace(/\/[A-Z0-9-]{8,}(?=\/|$)/g, '/:code')
    .replace(/\/\d+(?=\/|$)/g, '/:n');

/** In-app links on the page (detail pages, filtered lists), without the query. */
async function linksOn(page: Page): Promise<string[]> {
  const hrefs = await page
    .locator('.app-content a[href^="/"]')
    .evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
  return [
    ...new Set(
      hrefs
        .map((h) => h.split('?')[0]!)
        .filter((h) => h.length > 1 && !h.startsWith('/api/') && !h.startsWith('/t/')),
    ),
  ];
}

async function check({ divisionCodes, logins }: Walk, page: Page, phone: boolean): Promise<PageFinding[]> {
  const { text, overflow } = await page.evaluate(() => ({
    // Visible text is what a user reads: innerText leaves out hidden nodes.
    // biome-ignore lint/performance/useDomNodeTextContent: rendered text is the point
    text: document.body.innerText,
    overflow: document.documentElement.scrollWidth - window.innerWidth,
  }));
  // The division registry is where codes are kept: there the code is a field of its own.
  const onRegistry = new URL(page.url()).pathname === '/system/regions';
  const found = findWords(
    text,
    onRegistry ? [] : divisionCodes,
    logins.map((l) => l.username),
  );
  if (phone && overflow > 1) found.push({ kind: 'overflow', word: `${overflow}px` });
  return found;
}

/** What each role's home page must show: its own first screen, not a shared directory dashboard. */
const HOME: Record<string, RegExp> = {
  admin: /年监管概况[\s\S]*快检完成[\s\S]*各镇街合格率/,
  office: /年监管概况[\s\S]*禁限用药物检出/,
  lab: /待办样品[\s\S]*已接收/,
  town1: /本镇街任务进度[\s\S]*今日巡查任务/,
  village1: /今日巡查任务/,
  market1: /扫码查验[\s\S]*今日查验记录/,
  producer1: /开具合格证[\s\S]*我的合格证[\s\S]*我的检测结果/,
  buyer1: /开具合格证[\s\S]*我的合格证/,
};

/**
 * Registers the walk of these demo logins. Everything lives in this call, not in the module: test
 * files share modules within a worker (isolate: false), and each file needs its own hooks.
 */
export function walkAs(users: string[]) {
  let database: Database | undefined;
  let app: FastifyInstance | undefined;
  let walk: Walk;

  beforeAll(async () => {
    prepare(SHOTS);
    database = await openTestDatabase();
    const prepared = await prepareDatabase(database, {
      demo: true,
      stateDir: mkdtempSync(join(tmpdir(), 'nongan-walk-')),
      log: () => {},
      demoOptions: { entities: 300, rapidTests: 400, labSamples: 40, certificates: 120, keyRing: KEYS },
    });
    const towns = await listDivisions(database.db, { districtCode: '500151', level: 'town' });
    const villages = await listDivisions(database.db, { districtCode: '500151', level: 'village' });
    const grids = await listDivisions(database.db, { districtCode: '500151', level: 'grid' });
    app = await buildApp({ database, webDist: WEB_DIST, demo: true, keyRing: KEYS, loginRateLimit: 1000 });
    walk = {
      logins: prepared.logins,
      divisionCodes: [...towns, ...villages, ...grids].map((d) => d.code),
      base: await app.listen({ host: '127.0.0.1', port: 0 }),
      browser: await launchChromium(),
    };
  }, 600_000);

  afterAll(async () => {
    await walk?.browser.close();
    await app?.close();
    await database?.close();
  });

  describe('every page as every role', () => {
    it.each(users)(
      'as %s: no codes or ids, fits the phone, no unexpected errors',
      async (username) => {
        const login = walk.logins.find((l) => l.username === username);
        if (!login) throw new Error(`no demo login ${username}`);
        const failures: string[] = [];
        const desk = await open(walk, DESKTOP, login.username, login.password);
        const phone = await open(walk, PHONE, login.username, login.password);
        const paths = ['/', ...(await menuPaths(desk.page)).filter((p) => p !== '/')];
        const seen = new Set<string>();
        const kinds = new Set(paths.map(kindOf));
        const queue = [...paths];
        while (queue.length) {
          const path = queue.shift() as string;
          if (seen.has(path)) continue;
          seen.add(path);
          const t0 = Date.now();
          await visit(desk.page, path);
          if (path === '/')
            // biome-ignore lint/performance/useDomNodeTextContent: what is rendered is what is read
            await expect.poll(() => desk.page.locator('.app-content').innerText()).toMatch(HOME[username]!);
          for (const f of await check(walk, desk.page, false))
            failures.push(`${path} desktop: ${f.kind} ${f.word}`);
          await visit(phone.page, path);
          for (const f of await check(walk, phone.page, true))
            failures.push(`${path} phone: ${f.kind} ${f.word}`);
          if (paths.includes(path)) {
            for (const link of await linksOn(desk.page)) {
              if (kinds.has(kindOf(link))) continue;
              kinds.add(kindOf(link));
              queue.push(link);
            }
            const name = `${login.role}${path.replace(/[/?=&]+/g, '_')}`.slice(0, 80);
            await desk.page.screenshot({ path: `${SHOTS}/${name}-desktop.png` });
            await phone.page.screenshot({ path: `${SHOTS}/${name}-phone.png` });
          }
          if (process.env.WALK_LOG) console.log(`${username} ${path} ${Date.now() - t0} ms`);
        }
        failures.push(...desk.errors, ...phone.errors);
        if (failures.length) writeFileSync(`${SHOTS}/failures-${username}.txt`, failures.join('\n'));
        await close(desk.context, phone.context);
        expect(failures).toEqual([]);
        expect(seen.size).toBeGreaterThan(3);
      },
      300_000,
    );
  });
}

async function close(...contexts: BrowserContext[]) {
  for (const c of contexts) await c.close();
}

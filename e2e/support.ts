import { mkdirSync } from 'node:fs';
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Page,
} from 'playwright-core';
import { PASSWORD } from '../packages/server/src/test/helper.ts';

// What every end-to-end file shares: the built web app, Debian's Chromium, and signing in.

export { ROOT, WEB_DIST } from './paths.ts';

// Reduced motion: dialogs and menus appear at once, so a click never lands on one still opening
// or closing (the app honours the setting, see web common/useReducedMotion.ts).
export const DESKTOP: BrowserContextOptions = {
  viewport: { width: 1280, height: 860 },
  locale: 'zh-CN',
  reducedMotion: 'reduce',
};
export const PHONE: BrowserContextOptions = {
  reducedMotion: 'reduce',
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: 'zh-CN',
};

/** Makes the screenshot folder (the web app is built once, in e2e/global-setup.ts). */
export function prepare(shots: string) {
  mkdirSync(shots, { recursive: true });
}

/** Debian's Chromium (never a downloaded browser), headless. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Collects page errors and console errors, so a test can assert there were none. */
export function watch(page: Page, problems: string[]) {
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
}

/** A signed-in page that records browser errors (the signed-out /api/auth/me 401 comes before). */
export async function signIn(
  browser: Browser,
  base: string,
  username: string,
  problems: string[],
  options: BrowserContextOptions = DESKTOP,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  await page.goto(`${base}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(PASSWORD);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.waitForURL(`${base}/`);
  watch(page, problems);
  return { context, page };
}

/**
 * Holds back the answers to requests whose path is `path` until `release` is called, which lets
 * them go and resolves once the first has arrived (the route is removed then): a slow connection
 * answering after the user has begun to type.
 */
export async function holdAnswers(page: Page, path: string): Promise<{ release: () => Promise<void> }> {
  const matches = (url: URL) => url.pathname === path;
  let open = () => {};
  const held = new Promise<void>((r) => {
    open = r;
  });
  // On the context, not the page: the service worker fetches some API paths itself (NetworkFirst),
  // and only the context's routes see its requests.
  const context = page.context();
  await context.route(matches, async (route) => {
    await held;
    await route.continue();
  });
  return {
    release: async () => {
      const answered = page.waitForResponse((r) => matches(new URL(r.url())));
      open();
      await answered;
      await context.unroute(matches);
    },
  };
}

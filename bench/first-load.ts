// First load on a throttled mobile connection: seconds until the login page can be used, and from
// pressing 登录 until the home page shows, in Debian's Chromium with a cold cache, as a phone.
//   npm run build && npx tsx bench/first-load.ts [--runs 3] [--cpu 4]
// Throttling: Chrome DevTools' "Fast 3G" preset (562.5 ms round trip, 1.44 Mbit/s down,
// 675 kbit/s up), applied through the DevTools protocol; --cpu N also slows the CPU N× (a mid phone ≈ 4).
// Prints each run and the median, plus the bytes the login page transferred.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildApp } from '@nongan/server/app';
import { createUser } from '@nongan/server/domains/accounts/service';
import { openTestDatabase } from '@nongan/server/test/helper';
import { chromium } from 'playwright-core';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '3' }, cpu: { type: 'string', default: '1' } },
});
const runs = Number(values.runs);
const cpu = Number(values.cpu);
const WEB_DIST = resolve(import.meta.dirname, '../packages/web/dist');
if (!existsSync(resolve(WEB_DIST, 'index.html'))) throw new Error('先构建前端：npm run build');

const FAST_3G = {
  offline: false,
  latency: 562.5,
  downloadThroughput: (1.44 * 1024 * 1024) / 8,
  uploadThroughput: (675 * 1024) / 8,
};

const database = await openTestDatabase();
const password = `Bench-${randomBytes(6).toString('hex')}-1`;
await createUser(
  database.db,
  { user: null, ip: null },
  { username: 'bench_user', displayName: '测试用户', role: 'district_staff', scopeCode: '500151', password },
);
const app = await buildApp({ database, webDist: WEB_DIST, loginRateLimit: 1000 });
const base = await app.listen({ host: '127.0.0.1', port: 0 });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });

const login: number[] = [];
const home: number[] = [];
let bytes = 0;
let loginRequests = 0;
let homeBytes = 0;
let homeRequests = 0;
for (let i = 0; i < runs; i++) {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
  });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: false });
  await cdp.send('Network.emulateNetworkConditions', FAST_3G);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpu });
  let transferred = 0;
  let requests = 0;
  cdp.on('Network.loadingFinished', (e: { encodedDataLength: number }) => {
    transferred += e.encodedDataLength;
    requests++;
  });

  const t0 = performance.now();
  await page.goto(`${base}/login`, { waitUntil: 'commit' });
  await page.getByLabel('用户名').waitFor();
  await page.getByRole('button', { name: /登\s*录/ }).waitFor();
  login.push((performance.now() - t0) / 1000);
  if (i === 0) {
    bytes = transferred;
    loginRequests = requests;
  }

  await page.getByLabel('用户名').fill('bench_user');
  await page.getByLabel('密码').fill(password);
  const t1 = performance.now();
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await page.waitForURL(`${base}/`);
  await page.locator('.ant-layout-content').first().waitFor();
  await page
    .locator('.ant-spin-spinning')
    .first()
    .waitFor({ state: 'detached' })
    .catch(() => {});
  home.push((performance.now() - t1) / 1000);
  if (i === 0) {
    homeBytes = transferred - bytes;
    homeRequests = requests - loginRequests;
  }
  await context.close();
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const s = (x: number) => x.toFixed(2);
console.log(`first load on Fast 3G (562.5 ms RTT, 1.44 Mbit/s down), CPU ${cpu}× slower, cold cache, phone`);
for (let i = 0; i < runs; i++)
  console.log(`  run ${i + 1}: login page ${s(login[i]!)} s, login → home ${s(home[i]!)} s`);
console.log(`median: login page ${s(median(login))} s, login → home ${s(median(home))} s`);
console.log(`login page transferred ${(bytes / 1024).toFixed(0)} KiB in ${loginRequests} requests`);
console.log(`login → home transferred ${(homeBytes / 1024).toFixed(0)} KiB in ${homeRequests} requests`);
await browser.close();
await app.close();
await database.close();

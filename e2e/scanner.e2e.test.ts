import { writeFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { type Browser, chromium } from 'playwright-core';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../packages/server/src/app.ts';
import type { Database } from '../packages/server/src/db/client.ts';
import { createUser } from '../packages/server/src/domains/accounts/service.ts';
import { openTestDatabase, PASSWORD, TOWN_A } from '../packages/server/src/test/helper.ts';
import { launchChromium, PHONE, prepare, signIn, WEB_DIST } from './support.ts';

// The camera scanner on 入市查验: a fake camera showing a QR code (Chromium's test capture
// device fed with a Y4M file) is read and checked; without a camera the dialog says so in
// Chinese and takes the code typed by hand.

const SHOTS = '/tmp/nongan-e2e/scanner';
const VIDEO = `${SHOTS}/qr.y4m`;

let database: Database;
let app: FastifyInstance;
let base: string;
let plain: Browser;
let withCamera: Browser;

/** A few frames of a QR code of `text`, black on white, as a Y4M video (grey: U = V = 128). */
function qrVideo(text: string, path: string) {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const [w, h] = [640, 480];
  const scale = Math.floor(360 / (n + 8));
  const x0 = Math.floor((w - scale * n) / 2);
  const y0 = Math.floor((h - scale * n) / 2);
  const y = Buffer.alloc(w * h, 235);
  for (let r = 0; r < n; r++)
    for (let c = 0; c < n; c++)
      if (qr.modules.get(r, c))
        for (let dy = 0; dy < scale; dy++)
          y.fill(
            16,
            (y0 + r * scale + dy) * w + x0 + c * scale,
            (y0 + r * scale + dy) * w + x0 + (c + 1) * scale,
          );
  const uv = Buffer.alloc((w / 2) * (h / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), y, uv]);
  writeFileSync(
    path,
    Buffer.concat([Buffer.from(`YUV4MPEG2 W${w} H${h} F10:1 Ip A1:1 C420jpeg\n`), ...Array(5).fill(frame)]),
  );
}

beforeAll(async () => {
  prepare(SHOTS);
  database = await openTestDatabase();
  await createUser(
    database.db,
    { user: null, ip: null },
    {
      username: 'sc_checker',
      displayName: '钱查验',
      role: 'market_checker',
      scopeCode: TOWN_A,
      password: PASSWORD,
    },
  );
  app = await buildApp({ database, webDist: WEB_DIST, demo: false });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
  qrVideo(`${base}/t/SCANNED.FAKE.CODE`, VIDEO);
  plain = await launchChromium();
  withCamera = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${VIDEO}`,
    ],
  });
});

afterAll(async () => {
  await plain?.close();
  await withCamera?.close();
  await app?.close();
  await database?.close();
});

describe('the camera scanner on 入市查验', () => {
  it('reads a QR code from the camera and checks it', async () => {
    const problems: string[] = [];
    const { context, page } = await signIn(withCamera, base, 'sc_checker', problems, PHONE);
    await context.grantPermissions(['camera']);
    await page.goto(`${base}/market/check`);
    await page.getByRole('button', { name: '扫描合格证二维码' }).click();
    await page.locator('.scan-video').waitFor();
    await page.screenshot({ path: `${SHOTS}/scanning-phone.png` });
    // The scanned link's code is checked: a made-up code reads as forged. The fake camera and the
    // decoder can take long on a loaded 2-core machine (seen: >30 s once, 2.5 s alone).
    await page
      .locator('.market-result-title', { hasText: '追溯码无效（伪造或篡改）' })
      .waitFor({ timeout: 90_000 });
    expect(await page.locator('.scan-dialog').count()).toBe(0);
    await page.screenshot({ path: `${SHOTS}/scanned-phone.png`, fullPage: true });
    await context.close();
    expect(problems).toEqual([]);
  });

  it('takes the code typed by hand when there is no camera', async () => {
    const problems: string[] = [];
    const { context, page } = await signIn(plain, base, 'sc_checker', problems, PHONE);
    await page.goto(`${base}/market/check`);
    await page.getByRole('button', { name: '扫描合格证二维码' }).click();
    const dialog = page.locator('.scan-dialog');
    await dialog.locator('.ant-alert').waitFor();
    expect(await dialog.locator('.ant-alert').textContent()).toMatch(/摄像头.*手工输入/);
    await page.screenshot({ path: `${SHOTS}/no-camera-phone.png` });
    await dialog.getByLabel('手工输入').fill('TYPED.FAKE.CODE');
    await dialog.getByRole('button', { name: /确\s*定/ }).click();
    await page.locator('.market-result-title', { hasText: '追溯码无效（伪造或篡改）' }).waitFor();
    await context.close();
    expect(problems).toEqual([]);
  });
});

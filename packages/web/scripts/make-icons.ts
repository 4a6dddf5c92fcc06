import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';

// Draws the app icons (农安 in white on the app's green) with Debian's Chromium and the local
// Noto CJK font, so the PNGs are checked in and the build needs no network. Run again after a
// change: npx tsx packages/web/scripts/make-icons.ts

const PUBLIC = resolve(import.meta.dirname, '../public');
const GREEN = '#2e7d32';

const page = (size: number, maskable: boolean) => `<!doctype html><html><body style="margin:0">
<div style="width:${size}px;height:${size}px;background:${GREEN};display:flex;align-items:center;
justify-content:center;border-radius:${maskable ? 0 : size * 0.18}px;color:#fff;
font-family:'Noto Sans CJK SC','Noto Serif CJK SC',sans-serif;font-weight:700;
font-size:${size * (maskable ? 0.26 : 0.32)}px;letter-spacing:${size * 0.01}px">农安</div></body></html>`;

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const ctx = await browser.newContext();
const p = await ctx.newPage();
for (const [name, size, maskable] of [
  ['icon-192.png', 192, false],
  ['icon-512.png', 512, false],
  ['icon-maskable-512.png', 512, true],
  ['apple-touch-icon.png', 180, true],
] as const) {
  await p.setViewportSize({ width: size, height: size });
  await p.setContent(page(size, maskable));
  writeFileSync(resolve(PUBLIC, name), await p.screenshot({ omitBackground: true }));
}
await browser.close();

// The favicon: a leaf drawn as a path (no font needed).
writeFileSync(
  resolve(PUBLIC, 'favicon.svg'),
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><title>农安</title><rect width="64" height="64" rx="12" fill="${GREEN}"/><path d="M16 46C16 26 30 16 50 14c-1 20-11 34-30 34" fill="#fff"/><path d="M16 48l18-18" stroke="${GREEN}" stroke-width="3" stroke-linecap="round"/></svg>\n`,
);

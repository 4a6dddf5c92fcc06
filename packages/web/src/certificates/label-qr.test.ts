import {
  BinaryBitmap,
  DecodeHintType,
  HybridBinarizer,
  QRCodeReader,
  RGBLuminanceSource,
} from '@zxing/library';
import { create } from 'qrcode';
import { describe, expect, it } from 'vitest';
import { LAYOUT_KEYS, LAYOUTS, type Layout, labelQr, QUIET_MODULES, qrSummary } from './label-qr.ts';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const compactCode = () =>
  Array.from({ length: 37 }, () => CROCKFORD[Math.floor(Math.random() * 32)]).join('');
// What the server makes of https://nongan.example.gov.cn (trace-code.ts traceUrl): 69 characters.
const url = () => `HTTPS://NONGAN.EXAMPLE.GOV.CN/T/${compactCode()}`;
// A label printed before issue 11: a lower-case URL with a 115-character code.
const LEGACY = `https://nongan.example.gov.cn/t/k1a2b3c.0123456789ABCDEFGHJK.${'Ab9_-'.repeat(17)}A`;

/**
 * Reads the code back: the SVG's matrix drawn to pixels, then ZXing. As a pure barcode (no finder
 * search): on such perfectly sharp pixels ZXing's finder estimate missed the size of about 1 code
 * in 100 ("Dimensions could be not found"), which made this test fail at random; with the hint,
 * none of 4,500 missed. The bits, the error correction and the text are read just the same.
 */
function decode(svg: string): string {
  const n = Number(svg.match(/viewBox="0 0 (\d+) /)?.[1]);
  const px = 4;
  const w = n * px;
  const lum = new Uint8ClampedArray(w * w).fill(255);
  for (const [, x, y] of svg.matchAll(/M(\d+) (\d+)h1v1h-1z/g))
    for (let dy = 0; dy < px; dy++)
      for (let dx = 0; dx < px; dx++) lum[(Number(y) * px + dy) * w + Number(x) * px + dx] = 0;
  const bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(lum, w, w)));
  return new QRCodeReader().decode(bitmap, new Map([[DecodeHintType.PURE_BARCODE, true]])).getText();
}

describe('the label QR code', () => {
  // Version and module size chosen for each label size, for a 69-character compact URL.
  const expected: Record<Layout, { version: number; ecc: string; dots: number; moduleMm: number }> = {
    thermal_60x40: { version: 4, ecc: 'M', dots: 4, moduleMm: 0.5 },
    thermal_70x50: { version: 5, ecc: 'Q', dots: 4, moduleMm: 0.5 },
    thermal_80x60: { version: 5, ecc: 'Q', dots: 5, moduleMm: 0.63 },
    thermal_100x70: { version: 5, ecc: 'Q', dots: 6, moduleMm: 0.75 },
    a4_sheet: { version: 4, ecc: 'M', dots: 12, moduleMm: 0.51 },
  };

  for (const layout of LAYOUT_KEYS)
    it(`${LAYOUTS[layout].label}: version, module size, one alphanumeric segment, decodes back`, () => {
      const text = url();
      const q = labelQr(text, layout);
      const want = expected[layout];
      expect(q).toMatchObject({
        version: want.version,
        ecc: want.ecc,
        dots: want.dots,
        modes: ['Alphanumeric'],
      });
      expect(q.modules).toBe(want.version * 4 + 17);
      expect(q.moduleMm).toBeCloseTo(want.moduleMm, 2);
      expect(q.sizeMm).toBeLessThanOrEqual(LAYOUTS[layout].qrMaxMm);
      expect(q.sizeMm).toBeCloseTo(q.moduleMm * (q.modules + 2 * QUIET_MODULES), 6);
      expect(decode(q.svg)).toBe(text);
    });

  it('is far smaller than the legacy code, whose URL needed version 8 in byte mode', () => {
    const old = create(LEGACY, { errorCorrectionLevel: 'M' });
    expect(old.version).toBe(8);
    expect(old.segments.map((s) => s.mode.id)).toContain('Byte');
    const q = labelQr(LEGACY, 'thermal_60x40');
    expect(q.version).toBe(8);
    // Too dense to snap to whole dots: it fills the box instead of shrinking.
    expect(q.dots).toBeNull();
    expect(q.moduleMm).toBeCloseTo(19 / 53, 3);
    expect(decode(q.svg)).toBe(LEGACY);
    expect(labelQr(url(), 'thermal_60x40').version).toBeLessThanOrEqual(4);
  });

  it('a local address (tests, a town office) fits version 3 on 60×40', () => {
    const q = labelQr(`HTTP://10.0.0.1:3000/T/${compactCode()}`, 'thermal_60x40');
    expect(q).toMatchObject({ version: 3, modules: 29, dots: 4 });
    expect(qrSummary(q, 'thermal_60x40')).toBe(
      '二维码 版本3（29×29 模块），字母数字模式，纠错 M（15%），每模块 0.50 mm（4 点/203 dpi），连静区 16.5 mm',
    );
  });
});

import { create, type QRCodeErrorCorrectionLevel } from 'qrcode';

/**
 * Label sizes and the QR code chosen for each. Thermal label printers print at 203 dpi (8 dots a
 * mm): a module is snapped to whole dots, and kept at 4 dots (0.5 mm) or more where the label
 * allows, since 2–3 dot modules are where phone scanning starts to fail. Larger labels spend
 * their room on a higher error-correction level (Q, 25 % of the code may be lost) rather than on
 * a larger version. 80×60 and 100×70 mm are the sizes used with the 2025 unified style.
 */
export const LAYOUTS = {
  thermal_60x40: { label: '热敏 60×40 mm', page: '60mm 40mm', perSheet: 1, qrMaxMm: 19, ecc: 'M', dpi: 203 },
  thermal_70x50: { label: '热敏 70×50 mm', page: '70mm 50mm', perSheet: 1, qrMaxMm: 22, ecc: 'Q', dpi: 203 },
  thermal_80x60: { label: '热敏 80×60 mm', page: '80mm 60mm', perSheet: 1, qrMaxMm: 26, ecc: 'Q', dpi: 203 },
  thermal_100x70: {
    label: '热敏 100×70 mm',
    page: '100mm 70mm',
    perSheet: 1,
    qrMaxMm: 31,
    ecc: 'Q',
    dpi: 203,
  },
  // Office laser/inkjet sheets: 600 dpi, no dot grid worth snapping to.
  a4_sheet: {
    label: 'A4 不干胶（3×7 张，70×42.3 mm）',
    page: 'A4 portrait',
    perSheet: 21,
    qrMaxMm: 19,
    ecc: 'M',
    dpi: 600,
  },
} as const satisfies Record<
  string,
  {
    label: string;
    page: string;
    perSheet: number;
    qrMaxMm: number;
    ecc: QRCodeErrorCorrectionLevel;
    dpi: number;
  }
>;
export type Layout = keyof typeof LAYOUTS;
export const LAYOUT_KEYS = Object.keys(LAYOUTS) as Layout[];

/** Light modules around the code. The standard asks 4; the label's own white margin adds to 2. */
export const QUIET_MODULES = 2;
const ECC_LABELS = { L: 'L（7%）', M: 'M（15%）', Q: 'Q（25%）', H: 'H（30%）' } as const;
type Ecc = keyof typeof ECC_LABELS & QRCodeErrorCorrectionLevel;
// The QR alphanumeric set (ISO/IEC 18004 table 5).
const ALNUM = /^[0-9A-Z $%*+\-./:]*$/;

export interface LabelQr {
  version: number;
  /** Modules a side (version × 4 + 17). */
  modules: number;
  ecc: Ecc;
  /** The mode of each segment, e.g. ['Alphanumeric']. */
  modes: string[];
  /** Printer dots a module at the layout's dpi; null when too dense to snap (a legacy code). */
  dots: number | null;
  moduleMm: number;
  /** Printed size with the quiet zone, mm. */
  sizeMm: number;
  /** SVG, one path of dark modules, drawn from the same matrix as the numbers above. */
  svg: string;
}

/** The QR code of one trace URL on one label size. */
export function labelQr(url: string, layout: Layout): LabelQr {
  const l = LAYOUTS[layout];
  // An upper-case URL goes in one alphanumeric segment (5.5 bits a character, not 8); any other
  // text (a legacy code's URL) is left to the library's segment optimiser.
  const qr = create(ALNUM.test(url) ? [{ data: url, mode: 'alphanumeric' }] : url, {
    errorCorrectionLevel: l.ecc,
  });
  const modules = qr.modules.size;
  const dotMm = 25.4 / l.dpi;
  const fit = l.qrMaxMm / (modules + 2 * QUIET_MODULES);
  // Under 3 dots (only a legacy code's long URL) snapping down would shrink it further: fill the box.
  const whole = Math.floor(fit / dotMm);
  const dots = whole >= 3 ? whole : null;
  const moduleMm = dots ? dots * dotMm : fit;
  return {
    version: qr.version,
    modules,
    ecc: l.ecc,
    modes: qr.segments.map((s) => s.mode.id),
    dots,
    moduleMm,
    sizeMm: moduleMm * (modules + 2 * QUIET_MODULES),
    svg: svgOf(qr.modules),
  };
}

function svgOf(m: { size: number; get(r: number, c: number): number | boolean }): string {
  const q = QUIET_MODULES;
  const n = m.size + 2 * q;
  let d = '';
  for (let r = 0; r < m.size; r++)
    for (let c = 0; c < m.size; c++) if (m.get(r, c)) d += `M${c + q} ${r + q}h1v1h-1z`;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${n} ${n}" shape-rendering="crispEdges"><rect width="${n}" height="${n}" fill="#fff"/><path d="${d}" fill="#000"/></svg>`;
}

/** The line the print preview shows: 二维码 版本3（29×29 模块），纠错 M（15%），每模块 0.50 mm（4 点/203 dpi）. */
export function qrSummary(q: LabelQr, layout: Layout): string {
  const dpi = LAYOUTS[layout].dpi;
  const mode = q.modes.length === 1 && q.modes[0] === 'Alphanumeric' ? '字母数字模式' : '混合模式';
  const dots = dpi === 203 ? `（${q.dots ? `${q.dots} 点` : '约 3 点以下'}/${dpi} dpi）` : '';
  return `二维码 版本${q.version}（${q.modules}×${q.modules} 模块），${mode}，纠错 ${ECC_LABELS[q.ecc]}，每模块 ${q.moduleMm.toFixed(2)} mm${dots}，连静区 ${q.sizeMm.toFixed(1)} mm`;
}

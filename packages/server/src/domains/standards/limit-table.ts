/**
 * A limits table as the testing centre uploads it (检测项目, 产品, 限量, 单位, 标准, 条款, 来源,
 * optional 除外 and 类型): read into overlay rows against a district's reference data, or into
 * row errors naming the file row and column. Pure; the diff against the data in force lives here too.
 */
import type { LimitDiffRow, LimitDiffView, LimitRowError } from '@nongan/shared/standards/limit-sets';
import {
  ancestry,
  LIMIT_KINDS,
  type LimitKind,
  limitKey,
  type OverlayRow,
  type ReferenceData,
  type Resolved,
  resolveAnalyte,
  resolveProduct,
  type Verification,
} from './reference.ts';
import { parseUnit, toMgPerKg } from './units.ts';

export const LIMIT_HEADERS = {
  analyte: ['检测项目', '农药', '农药名称', '兽药名称', '污染物', '项目'],
  product: ['产品', '食品', '食品名称', '产品名称', '食品类别/名称'],
  limit: ['限量', '限量值', '最大残留限量', 'MRL'],
  unit: ['单位'],
  standard: ['标准', '标准号', '版本'],
  item: ['条款', '条目'],
  source: ['来源', '出处'],
  excludes: ['除外'],
  kind: ['类型', '限量类型'],
} as const;
type Column = keyof typeof LIMIT_HEADERS;
const REQUIRED: Column[] = ['analyte', 'product', 'limit', 'unit', 'standard', 'item', 'source'];
/** The column names errors use (the template's). */
export const COLUMN_NAME: Record<Column, string> = {
  analyte: '检测项目',
  product: '产品',
  limit: '限量',
  unit: '单位',
  standard: '标准',
  item: '条款',
  source: '来源',
  excludes: '除外',
  kind: '类型',
};

const KIND_WORDS: Record<string, LimitKind> = {
  mrl: 'MRL',
  最大残留限量: 'MRL',
  残留限量: 'MRL',
  temporarymrl: 'temporary MRL',
  临时限量: 'temporary MRL',
  临时最大残留限量: 'temporary MRL',
  emrl: 'EMRL',
  再残留限量: 'EMRL',
  ml: 'ML',
  限量: 'ML',
  mrpl: 'MRPL',
  最低要求执行限量: 'MRPL',
};
/** The kind a series' rows take when the file does not say. */
const DEFAULT_KIND: Record<string, LimitKind> = { 'GB 2763': 'MRL', 'GB 31650': 'MRL', 'GB 2762': 'ML' };

const squash = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');

/** "GB2763-2026", "GB 2763—2026" → "GB 2763-2026". */
export function normaliseEdition(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/[—–－]/g, '-')
    .replace(/\s+/g, '')
    .replace(/^GB(?=\d)/i, 'GB ')
    .toUpperCase();
}

export interface ParsedTable {
  rows: OverlayRow[];
  errors: LimitRowError[];
  /** The one edition the rows belong to (null when no row named a known one). */
  edition: string | null;
}

/** Finds the columns; a missing required column is an error on the header row. */
function columns(header: string[]): { pos: Partial<Record<Column, number>>; errors: LimitRowError[] } {
  const pos: Partial<Record<Column, number>> = {};
  header.forEach((h, i) => {
    for (const [col, names] of Object.entries(LIMIT_HEADERS) as [Column, readonly string[]][]) {
      if (pos[col] === undefined && names.some((n) => squash(n) === squash(h))) pos[col] = i;
    }
  });
  const errors = REQUIRED.filter((c) => pos[c] === undefined).map((c) => ({
    row: 1,
    field: COLUMN_NAME[c],
    reason: `表头缺少“${COLUMN_NAME[c]}”列（须有：${REQUIRED.map((x) => COLUMN_NAME[x]).join('、')}）`,
    candidates: [],
  }));
  return { pos, errors };
}

function resolveName<T extends { code: string; name: string }>(
  r: Resolved<T>,
  what: string,
  text: string,
): { item?: T; reason?: string; candidates: string[] } {
  if (r.kind === 'found') return { item: r.item, candidates: [] };
  if (r.kind === 'ambiguous') {
    const names = r.candidates.map((c) => c.name);
    return { reason: `“${text}”可指${names.join('、')}，请写明具体${what}`, candidates: names };
  }
  return { reason: `未知${what}“${text}”，不在参考数据中`, candidates: [] };
}

/**
 * Reads the file rows. Every row is checked (all errors reported, nothing partial): names
 * resolve to one code each, the edition exists and is the same on every row, limits are
 * positive numbers ("0.05*" marks a temporary limit, as GB 2763 prints it), units are mass
 * fractions, excluded categories lie under the product, and no pair appears twice.
 */
export function parseLimitTable(
  header: string[],
  rows: { row: number; cells: string[] }[],
  data: ReferenceData,
  verification: Verification,
): ParsedTable {
  const { pos, errors } = columns(header);
  if (errors.length) return { rows: [], errors, edition: null };
  const cell = (cells: string[], c: Column) => (pos[c] === undefined ? '' : (cells[pos[c]] ?? '').trim());
  const out: OverlayRow[] = [];
  const seen = new Map<string, number>();
  let edition: string | null = null;
  for (const r of rows) {
    const rowErrors: LimitRowError[] = [];
    const err = (c: Column, reason: string, candidates: string[] = []) =>
      rowErrors.push({ row: r.row, field: COLUMN_NAME[c], reason, candidates });
    for (const c of REQUIRED) if (cell(r.cells, c) === '') err(c, '不能为空');

    const analyteText = cell(r.cells, 'analyte');
    const productText = cell(r.cells, 'product');
    const a = analyteText ? resolveName(resolveAnalyte(analyteText, data), '检测项目', analyteText) : null;
    if (a?.reason) err('analyte', a.reason, a.candidates);
    const p = productText ? resolveName(resolveProduct(productText, data), '产品', productText) : null;
    if (p?.reason) err('product', p.reason, p.candidates);

    const standardText = cell(r.cells, 'standard');
    const standard = normaliseEdition(standardText);
    const ed = standardText ? data.editions.get(standard) : undefined;
    if (standardText && !ed)
      err(
        'standard',
        `未知标准版本“${standardText}”，应为已登记的版本（如 ${[...data.editions.keys()].at(-1)}）`,
      );
    else if (ed) {
      edition ??= ed.code;
      if (ed.code !== edition)
        err('standard', `一个文件只能导入一个版本：首行为 ${edition}，此行为 ${ed.code}`);
    }

    const limitText = cell(r.cells, 'limit').normalize('NFKC');
    const temporary = /\*$/.test(limitText);
    const number = limitText.replace(/\*$/, '').trim();
    const limit = /^\d+(\.\d+)?(e-?\d+)?$/i.test(number) ? Number(number) : Number.NaN;
    if (limitText && !(limit > 0)) err('limit', `限量“${limitText}”应为正数（临时限量可写作 0.05*）`);

    const unitText = cell(r.cells, 'unit');
    const unit = unitText ? parseUnit(unitText) : null;
    if (unit && !unit.ok) err('unit', unit.reason);

    const kindText = cell(r.cells, 'kind');
    let kind: LimitKind | undefined = kindText
      ? (KIND_WORDS[squash(kindText).toLowerCase()] ??
        LIMIT_KINDS.find((k) => squash(k).toLowerCase() === squash(kindText).toLowerCase()))
      : undefined;
    if (kindText && !kind)
      err('kind', `无法识别的限量类型“${kindText}”，应为 MRL、临时限量、EMRL、ML 或 MRPL`);
    if (temporary) {
      if (kind && kind !== 'temporary MRL') err('kind', `限量带 * 表示临时限量，与类型“${kindText}”矛盾`);
      kind = 'temporary MRL';
    }
    kind ??= ed ? DEFAULT_KIND[ed.series] : undefined;
    if (!kind && ed) err('kind', `${ed.series} 的行须填写限量类型`);

    const excludes: string[] = [];
    for (const x of cell(r.cells, 'excludes')
      .split(/[、,，|;；]/)
      .map((s) => s.trim())
      .filter(Boolean)) {
      const e = resolveName(resolveProduct(x, data), '产品', x);
      if (e.reason) err('excludes', e.reason, e.candidates);
      else if (e.item && p?.item) {
        const under = ancestry(e.item.code, data).some((q) => q.code === p.item?.code);
        if (!under || e.item.code === p.item.code)
          err('excludes', `“${e.item.name}”不是“${p.item.name}”的下级类别`);
        else excludes.push(e.item.code);
      }
    }

    if (a?.item && p?.item && ed) {
      const key = limitKey({ analyte: a.item.code, product: p.item.code, standard: ed.code });
      const first = seen.get(key);
      if (first !== undefined)
        err('product', `与第 ${first} 行重复：${ed.code} 中${p.item.name}的${a.item.name}只能有一个限量`);
      else seen.set(key, r.row);
    }

    if (rowErrors.length || !a?.item || !p?.item || !ed || !unit?.ok || !kind) {
      errors.push(...rowErrors);
      continue;
    }
    out.push({
      analyte: a.item.code,
      product: p.item.code,
      limit,
      unit: unit.unit,
      kind,
      standard: ed.code,
      item: cell(r.cells, 'item'),
      excludes,
      verification,
      source: cell(r.cells, 'source'),
      notes: '',
      line: r.row,
    });
  }
  return { rows: out, errors, edition };
}

const names = (codes: readonly string[], data: ReferenceData) =>
  codes.map((c) => data.products.get(c)?.name ?? c);

/**
 * What a table would change against the data in force for the district: each row is added (no
 * row for the pair in that edition), changed (limit, kind or exclusions differ) or unchanged;
 * grouped by edition.
 */
export function diffLimits(rows: readonly OverlayRow[], current: ReferenceData): LimitDiffView {
  const byKey = new Map(current.limits.map((l) => [limitKey(l), l]));
  const groups = new Map<string, LimitDiffView['editions'][number]>();
  const counts = { added: 0, changed: 0, unchanged: 0 };
  for (const r of rows) {
    const old = byKey.get(limitKey(r));
    const fields: string[] = [];
    if (old) {
      if (toMgPerKg(r.limit, r.unit) !== old.limitMgKg) fields.push('limit');
      if (r.kind !== old.kind) fields.push('kind');
      if ([...r.excludes].sort().join('|') !== [...old.excludes].sort().join('|')) fields.push('excludes');
    }
    const status = !old ? 'added' : fields.length ? 'changed' : 'unchanged';
    const row: LimitDiffRow = {
      line: r.line,
      analyteName: current.analytes.get(r.analyte)?.name ?? r.analyte,
      productName: current.products.get(r.product)?.name ?? r.product,
      limit: r.limit,
      unit: r.unit,
      kind: r.kind,
      item: r.item,
      excludes: names(r.excludes, current),
      old: old
        ? {
            limit: old.limit,
            unit: old.unit,
            kind: old.kind,
            item: old.item,
            excludes: names(old.excludes, current),
            verification: old.verification,
          }
        : null,
      fields,
    };
    const g = groups.get(r.standard) ?? { edition: r.standard, added: [], changed: [], unchanged: [] };
    groups.set(r.standard, g);
    g[status].push(row);
    counts[status]++;
  }
  return { editions: [...groups.values()], counts };
}

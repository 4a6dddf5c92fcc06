/**
 * 查限量: the limits, bans and intervals that apply to a product, an analyte or a pair on a day,
 * each with its citation. Pure: reads the checked-in reference and input data.
 */
import {
  type BanEntry,
  GROUP_LABELS,
  type HistoryEntry,
  type IntervalEntry,
  type LimitEntry,
  type LookupView,
} from '@nongan/shared/standards/lookup';
import { fieldError } from '../../platform/http-error.ts';
import { type InputData, inputData, intervalFor, intervalTerm, listInputs } from './inputs.ts';
import {
  type Analyte,
  ancestry,
  type Ban,
  bansFor,
  chinaToday,
  type Edition,
  findAnalyte,
  inForceOn,
  type LimitRow,
  limitsFor,
  lookupKey,
  type Product,
  productProblem,
  type ReferenceData,
  resolveLimit,
  resolveProduct,
} from './reference.ts';

export const groupName = (group: string) => GROUP_LABELS[group] ?? '其他';

/** Category names from the top down, without the root (蔬菜 › 叶菜类蔬菜 › 普通白菜). */
export function productPath(code: string, data: ReferenceData): string[] {
  return ancestry(code, data)
    .filter((p) => p.parent !== null)
    .map((p) => p.name)
    .reverse();
}

/** An edition's dates; a supplement ends with its base. */
function editionRef(e: Edition | undefined, code: string, data: ReferenceData) {
  const base = e?.supplementOf ? data.editions.get(e.supplementOf) : undefined;
  return {
    code,
    effectiveFrom: e?.effectiveFrom ?? '',
    effectiveTo: e?.effectiveTo ?? base?.effectiveTo ?? null,
  };
}

function limitEntry(
  row: LimitRow,
  product: Product,
  analyte: Analyte,
  via: Product,
  level: number,
  data: ReferenceData,
  day: string,
  use: { provisional: boolean; inForce: string[] },
): LimitEntry {
  const e = data.editions.get(row.standard);
  return {
    productCode: product.code,
    productName: product.name,
    analyteCode: analyte.code,
    analyteName: analyte.name,
    groupName: groupName(analyte.group),
    limit: row.limit,
    unit: row.unit,
    kind: row.kind,
    viaCode: via.code,
    viaName: via.name,
    level,
    excludes: row.excludes.map((x) => data.products.get(x)?.name ?? x),
    standard: row.standard,
    item: row.item,
    verification: row.verification,
    source: row.source,
    notes: row.notes,
    edition: editionRef(e, row.standard, data),
    inForce: e ? inForceOn(e, day, data) : false,
    provisional: use.provisional,
    inForceEditions: use.inForce,
  };
}

function banEntry(b: Ban, data: ReferenceData, day: string): BanEntry {
  return {
    analyteCode: b.analyte,
    analyteName: data.analytes.get(b.analyte)?.name ?? b.analyte,
    scopeCode: b.product,
    scopeName: data.products.get(b.product)?.name ?? b.product,
    kind: b.kind,
    basis: b.basis,
    item: b.item,
    effectiveFrom: b.effectiveFrom,
    effectiveTo: b.effectiveTo,
    verification: b.verification,
    source: b.source,
    inEffect:
      (b.effectiveFrom === null || b.effectiveFrom <= day) && (b.effectiveTo === null || day < b.effectiveTo),
  };
}

/** The applicable limit of a pair as an entry, or null (no limit on that day). */
function applicable(product: Product, analyte: Analyte, data: ReferenceData, day: string): LimitEntry | null {
  const r = resolveLimit(product.code, analyte.code, data, day);
  return r ? limitEntry(r.row, product, analyte, r.via, r.level, data, day, r.edition) : null;
}

/** Safety intervals / withdrawal periods (and use prohibitions) of inputs on a product. */
function intervalsOnProduct(product: Product, inputs: InputData, only?: string): IntervalEntry[] {
  const out: IntervalEntry[] = [];
  for (const input of listInputs(inputs)) {
    if (only && input.code !== only) continue;
    const r = intervalFor(input, product, inputs);
    if (!r) continue;
    out.push({
      inputCode: input.code,
      inputName: input.name,
      term: intervalTerm(r.row.kind),
      days: r.days,
      productCode: product.code,
      productName: product.name,
      viaName: r.via.name,
      level: r.level,
      basis: r.row.basis,
      item: r.row.item,
      verification: r.row.verification,
      notes: r.row.notes,
    });
  }
  const chain = ancestry(product.code, inputs.reference);
  for (const p of inputs.prohibitions) {
    if (only && p.input !== only) continue;
    const level = chain.findIndex((c) => c.code === p.product);
    if (level < 0) continue;
    out.push(prohibitionEntry(p, product, chain[level] as Product, level, inputs));
  }
  return out;
}

function prohibitionEntry(
  p: InputData['prohibitions'][number],
  product: Product,
  via: Product,
  level: number,
  inputs: InputData,
): IntervalEntry {
  const name =
    inputs.substances.get(p.input)?.name ?? inputs.reference.analytes.get(p.input)?.name ?? p.input;
  return {
    inputCode: p.input,
    inputName: name,
    term: '禁止使用',
    days: null,
    productCode: product.code,
    productName: product.name,
    viaName: via.name,
    level,
    basis: p.basis,
    item: p.item,
    verification: p.verification,
    notes: p.notes,
  };
}

/** Every interval row and use prohibition of one input, whatever the product. */
function intervalsOfInput(code: string, inputs: InputData): IntervalEntry[] {
  const ref = inputs.reference;
  const rows: IntervalEntry[] = inputs.intervals
    .filter((r) => r.input === code)
    .map((r) => {
      const p = ref.products.get(r.product) as Product;
      return {
        inputCode: r.input,
        inputName: r.name,
        term: intervalTerm(r.kind),
        days: r.days,
        productCode: p.code,
        productName: p.name,
        viaName: p.name,
        level: 0,
        basis: r.basis,
        item: r.item,
        verification: r.verification,
        notes: r.notes,
      };
    });
  for (const p of inputs.prohibitions.filter((x) => x.input === code)) {
    const product = ref.products.get(p.product) as Product;
    rows.push(prohibitionEntry(p, product, product, 0, inputs));
  }
  return rows;
}

/** The pair under each edition of the series its rows belong to, oldest first. */
function history(product: Product, analyte: Analyte, data: ReferenceData, day: string): HistoryEntry[] {
  const byProduct = data.limitIndex.get(analyte.code);
  if (!byProduct) return [];
  const rows = [...byProduct.values()].flat();
  const series = new Set(rows.map((r) => data.editions.get(r.standard)?.series));
  const chain = ancestry(product.code, data);
  const out: HistoryEntry[] = [];
  const editions = [...data.editions.values()]
    .filter((e) => series.has(e.series))
    .sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
  for (const e of editions) {
    let found: LimitEntry | null = null;
    for (const [level, node] of chain.entries()) {
      const below = chain.slice(0, level).map((p) => p.code);
      const hit = (byProduct.get(node.code) ?? [])
        .filter((r) => r.standard === e.code && !r.excludes.some((x) => below.includes(x)))
        .sort((a, b) => a.limitMgKg - b.limitMgKg)[0];
      if (hit) {
        found = limitEntry(hit, product, analyte, node, level, data, day, {
          provisional: false,
          inForce: [],
        });
        break;
      }
    }
    out.push({
      edition: editionRef(e, e.code, data),
      series: e.series,
      coverage: e.coverage,
      inForce: inForceOn(e, day, data),
      limit: found,
    });
  }
  return out;
}

function productOf(query: string, data: ReferenceData): Product {
  const byCode = data.products.get(query);
  if (byCode) return byCode;
  const r = resolveProduct(query, data);
  if (r.kind === 'found') return r.item;
  throw fieldError('product', productProblem(query, data));
}

function analyteOf(query: string, data: ReferenceData): Analyte {
  const a = data.analytes.get(query) ?? findAnalyte(query, data);
  if (!a) throw fieldError('analyte', `未知检测项目“${query}”`);
  return a;
}

/** 查限量 for a product, an analyte or both on a day (default today, China time). */
export function lookup(
  q: { product?: string; analyte?: string; date?: string },
  data: ReferenceData = inputData.reference,
  inputs: InputData = inputData,
): LookupView {
  if (!q.product && !q.analyte) throw fieldError('product', '请选择产品或检测项目');
  const day = q.date ?? chinaToday();
  const product = q.product ? productOf(q.product, data) : null;
  const analyte = q.analyte ? analyteOf(q.analyte, data) : null;
  const view: LookupView = {
    date: day,
    version: data.version,
    product: product
      ? { code: product.code, name: product.name, path: productPath(product.code, data) }
      : null,
    analyte: analyte
      ? {
          code: analyte.code,
          name: analyte.name,
          kind: analyte.kind,
          groupName: groupName(analyte.group),
          cas: analyte.cas,
          residueDefinition: analyte.residueDefinition,
        }
      : null,
    limits: [],
    bans: [],
    intervals: [],
    history: [],
  };
  if (product && analyte) {
    const hit = applicable(product, analyte, data, day);
    view.limits = hit ? [hit] : [];
    view.bans = bansFor(product.code, analyte.code, data, day).map((p) => banEntry(p.ban, data, day));
    view.intervals = intervalsOnProduct(product, inputs, analyte.code);
    view.history = history(product, analyte, data, day);
  } else if (product) {
    view.limits = limitsFor(product.code, data, day)
      .map((r) => limitEntry(r.row, product, r.analyte, r.via, r.level, data, day, r.edition))
      .sort((a, b) => a.analyteName.localeCompare(b.analyteName, 'zh-CN'));
    const chain = new Set(ancestry(product.code, data).map((p) => p.code));
    view.bans = data.bans
      .filter((b) => chain.has(b.product))
      .map((b) => banEntry(b, data, day))
      .filter((b) => b.inEffect);
    view.intervals = intervalsOnProduct(product, inputs);
  } else if (analyte) {
    const rows = [...(data.limitIndex.get(analyte.code)?.values() ?? [])].flat();
    const order = [...data.products.keys()];
    view.limits = rows
      .map((r) => {
        const p = data.products.get(r.product) as Product;
        return limitEntry(r, p, analyte, p, 0, data, day, { provisional: false, inForce: [] });
      })
      .sort(
        (a, b) =>
          order.indexOf(a.productCode) - order.indexOf(b.productCode) ||
          a.edition.effectiveFrom.localeCompare(b.edition.effectiveFrom),
      );
    view.bans = data.bans
      .filter((b) => b.analyte === analyte.code || b.analyte === analyte.partOf)
      .map((b) => banEntry(b, data, day));
    view.intervals = intervalsOfInput(analyte.code, inputs);
  }
  return view;
}

/** Products for a picker: by name, alias or code; an ambiguous name gives its candidates and the question. */
export function searchProducts(
  q: string | undefined,
  limit: number,
  data: ReferenceData = inputData.reference,
) {
  const parents = new Set([...data.products.values()].map((p) => p.parent));
  const option = (p: Product) => ({
    code: p.code,
    name: p.name,
    aliases: p.aliases,
    path: productPath(p.code, data).slice(0, -1),
    isCategory: parents.has(p.code),
  });
  const all = [...data.products.values()].filter((p) => p.parent !== null);
  if (!q) return { items: all.slice(0, limit).map(option), ambiguous: null };
  const r = resolveProduct(q, data);
  if (r.kind === 'ambiguous') return { items: r.candidates.map(option), ambiguous: productProblem(q, data) };
  const k = lookupKey(q);
  const hits = all.filter((p) => [p.name, p.code, ...p.aliases].some((s) => lookupKey(s).includes(k)));
  return { items: hits.slice(0, limit).map(option), ambiguous: null };
}

/** Analytes for a picker: by name, alias, English name, CAS or code. */
export function searchAnalytes(
  q: string | undefined,
  limit: number,
  data: ReferenceData = inputData.reference,
) {
  const k = q ? lookupKey(q) : '';
  const hits = [...data.analytes.values()].filter(
    (a) => !k || [a.name, a.code, a.english, a.cas ?? '', ...a.aliases].some((s) => lookupKey(s).includes(k)),
  );
  return {
    items: hits.slice(0, limit).map((a) => ({
      code: a.code,
      name: a.name,
      aliases: a.aliases,
      kind: a.kind,
      groupName: groupName(a.group),
    })),
  };
}

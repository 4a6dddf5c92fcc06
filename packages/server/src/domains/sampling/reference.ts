/**
 * Reference data for judging quantitative lab results: products (with the GB 2763 / GB 2762
 * category hierarchy), analytes (with bans and restrictions) and limits (each citing its
 * standard and item). Loaded from reference/*.csv at import time; a bad row throws a
 * ReferenceDataError naming the file, line and field. See reference/SOURCES.md.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { type CsvRow, type DataErrorFactory, readCsv } from '../../platform/csv-table.ts';
import { type CanonicalUnit, parseUnit, toMgPerKg } from './units.ts';

export const ANALYTE_KINDS = ['pesticide', 'vet_drug', 'contaminant'] as const;
export type AnalyteKind = (typeof ANALYTE_KINDS)[number];
export const LIMIT_KINDS = ['MRL', 'temporary MRL', 'EMRL', 'ML', 'MRPL'] as const;
export type LimitKind = (typeof LIMIT_KINDS)[number];
/** How a row's value was checked (reference/SOURCES.md explains each). */
export const VERIFICATIONS = ['checked', 'checked-2019', 'prior-edition', 'recall'] as const;
export type Verification = (typeof VERIFICATIONS)[number];

export interface Product {
  code: string;
  name: string;
  parent: string | null;
  aliases: string[];
  notes: string;
}

export interface Analyte {
  code: string;
  name: string;
  english: string;
  cas: string | null;
  kind: AnalyteKind;
  group: string;
  /** Product categories on which any detection fails (empty = none). */
  prohibitedOn: string[];
  prohibitedBasis: string | null;
  /** Code of the sum residue this analyte is a component of. */
  partOf: string | null;
  /** Code of the species this total screens for (total Hg → methylmercury). */
  screensFor: string | null;
  residueDefinition: string;
  aliases: string[];
}

export interface LimitRow {
  analyte: string;
  product: string;
  /** As the standard states it, in `unit`. */
  limit: number;
  unit: CanonicalUnit;
  limitMgKg: number;
  kind: LimitKind;
  standard: string;
  item: string;
  /** Sub-categories the row does not reach by fallback (the standard's “…除外”). */
  excludes: string[];
  verification: Verification;
  notes: string;
  line: number;
}

export interface ReferenceData {
  version: string;
  products: ReadonlyMap<string, Product>;
  analytes: ReadonlyMap<string, Analyte>;
  limits: readonly LimitRow[];
  productKeys: ReadonlyMap<string, string>;
  analyteKeys: ReadonlyMap<string, string>;
  /** analyte code → product code → rows */
  limitIndex: ReadonlyMap<string, ReadonlyMap<string, LimitRow[]>>;
}

export class ReferenceDataError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly field: string,
    readonly reason: string,
  ) {
    super(`reference/${file} line ${line}, field "${field}": ${reason}`);
    this.name = 'ReferenceDataError';
  }
}

/** Lookup key: NFKC, no spaces, lower case (so 生菜 / ＰＢ / pb all match). */
export function lookupKey(s: string): string {
  return s.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}

const dataError: DataErrorFactory = (...a) => new ReferenceDataError(...a);

const list = z.string().transform((s) =>
  s
    .split('|')
    .map((x) => x.trim())
    .filter(Boolean),
);
const optional = z.string().transform((s) => (s === '' ? null : s));
const code = z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be a lower-case slug (a-z, 0-9, _)');
const required = z.string().min(1, 'must not be empty');

const productRow = z.object({ code, name: required, parent: optional, aliases: list, notes: z.string() });
const analyteRow = z.object({
  code,
  name: required,
  english: required,
  cas: z.union([
    z.literal(''),
    z.string().regex(/^\d{2,7}-\d{2}-\d$/, 'must be a CAS number like 2921-88-2'),
  ]),
  kind: z.enum(ANALYTE_KINDS),
  group: required,
  prohibited_on: list,
  prohibited_basis: optional,
  part_of: optional,
  screens_for: optional,
  residue_definition: z.string(),
  aliases: list,
});
const limitRow = z.object({
  analyte: required,
  product: required,
  limit: z
    .string()
    .regex(/^\d+(\.\d+)?$/, 'must be a plain decimal number')
    .transform(Number)
    .refine((n) => n > 0, 'must be positive'),
  unit: z.enum(['mg/kg', 'μg/kg'], 'must be mg/kg or μg/kg (as the standard states it)'),
  kind: z.enum(LIMIT_KINDS),
  standard: z.string().regex(/^GB \d+(\.\d+)?-\d{4}$/, 'must be a standard number like "GB 2763-2021"'),
  item: required,
  excludes: list,
  verification: z.enum(VERIFICATIONS),
  notes: z.string(),
});

function parseRow<T extends z.ZodType>(schema: T, file: string, row: CsvRow): z.output<T> {
  const r = schema.safeParse(row.cells);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  throw new ReferenceDataError(
    file,
    row.line,
    String(issue?.path[0] ?? '(record)'),
    issue?.message ?? 'invalid',
  );
}

export interface ReferenceFiles {
  version: string;
  products: string;
  analytes: string;
  limits: string;
}

/** Parses and cross-checks the three tables. Pure: throws ReferenceDataError on the first bad row. */
export function buildReference(files: ReferenceFiles): ReferenceData {
  const version = files.version.trim();
  if (!/^\d{4}\.\d+$/.test(version))
    throw new ReferenceDataError('VERSION', 1, 'version', 'must look like 2026.1');

  // products
  const products = new Map<string, Product>();
  const productLines = new Map<string, number>();
  const productKeys = new Map<string, string>();
  const addKey = (
    keys: Map<string, string>,
    file: string,
    line: number,
    field: string,
    key: string,
    owner: string,
  ) => {
    const k = lookupKey(key);
    const other = keys.get(k);
    if (other && other !== owner)
      throw new ReferenceDataError(file, line, field, `“${key}” already names ${other}`);
    keys.set(k, owner);
  };
  for (const row of readCsv(
    'products.csv',
    files.products,
    ['code', 'name', 'parent', 'aliases', 'notes'],
    dataError,
  )) {
    const p = parseRow(productRow, 'products.csv', row);
    if (products.has(p.code))
      throw new ReferenceDataError('products.csv', row.line, 'code', `duplicate code ${p.code}`);
    products.set(p.code, p);
    productLines.set(p.code, row.line);
    addKey(productKeys, 'products.csv', row.line, 'code', p.code, p.code);
    addKey(productKeys, 'products.csv', row.line, 'name', p.name, p.code);
    for (const a of p.aliases) addKey(productKeys, 'products.csv', row.line, 'aliases', a, p.code);
  }
  for (const p of products.values()) {
    const line = productLines.get(p.code) ?? 0;
    if (p.parent !== null && !products.has(p.parent)) {
      throw new ReferenceDataError('products.csv', line, 'parent', `unknown product ${p.parent}`);
    }
    const seen = new Set<string>();
    for (let c: string | null = p.code; c !== null; c = products.get(c)?.parent ?? null) {
      if (seen.has(c)) throw new ReferenceDataError('products.csv', line, 'parent', `cycle through ${c}`);
      seen.add(c);
    }
  }
  const isUnder = (code: string, ancestor: string): boolean => {
    for (let c: string | null = code; c !== null; c = products.get(c)?.parent ?? null)
      if (c === ancestor) return true;
    return false;
  };

  // analytes
  const analytes = new Map<string, Analyte>();
  const analyteLines = new Map<string, number>();
  const analyteKeys = new Map<string, string>();
  const analyteColumns = [
    'code',
    'name',
    'english',
    'cas',
    'kind',
    'group',
    'prohibited_on',
    'prohibited_basis',
    'part_of',
    'screens_for',
    'residue_definition',
    'aliases',
  ];
  for (const row of readCsv('analytes.csv', files.analytes, analyteColumns, dataError)) {
    const r = parseRow(analyteRow, 'analytes.csv', row);
    if (analytes.has(r.code))
      throw new ReferenceDataError('analytes.csv', row.line, 'code', `duplicate code ${r.code}`);
    for (const p of r.prohibited_on) {
      if (!products.has(p))
        throw new ReferenceDataError('analytes.csv', row.line, 'prohibited_on', `unknown product ${p}`);
    }
    if (r.prohibited_on.length > 0 && !r.prohibited_basis) {
      throw new ReferenceDataError(
        'analytes.csv',
        row.line,
        'prohibited_basis',
        'a ban or restriction must cite its basis',
      );
    }
    const a: Analyte = {
      code: r.code,
      name: r.name,
      english: r.english,
      cas: r.cas === '' ? null : r.cas,
      kind: r.kind,
      group: r.group,
      prohibitedOn: r.prohibited_on,
      prohibitedBasis: r.prohibited_basis,
      partOf: r.part_of,
      screensFor: r.screens_for,
      residueDefinition: r.residue_definition,
      aliases: r.aliases,
    };
    analytes.set(a.code, a);
    analyteLines.set(a.code, row.line);
    addKey(analyteKeys, 'analytes.csv', row.line, 'code', a.code, a.code);
    addKey(analyteKeys, 'analytes.csv', row.line, 'name', a.name, a.code);
    addKey(analyteKeys, 'analytes.csv', row.line, 'english', a.english, a.code);
    if (a.cas) addKey(analyteKeys, 'analytes.csv', row.line, 'cas', a.cas, a.code);
    for (const al of a.aliases) addKey(analyteKeys, 'analytes.csv', row.line, 'aliases', al, a.code);
  }
  for (const a of analytes.values()) {
    const line = analyteLines.get(a.code) ?? 0;
    for (const [field, ref] of [
      ['part_of', a.partOf],
      ['screens_for', a.screensFor],
    ] as const) {
      if (ref === null) continue;
      const target = analytes.get(ref);
      if (!target || ref === a.code)
        throw new ReferenceDataError('analytes.csv', line, field, `unknown analyte ${ref}`);
      if (field === 'part_of' && target.partOf !== null) {
        throw new ReferenceDataError('analytes.csv', line, field, `${ref} is itself a component`);
      }
    }
  }

  // limits
  const limits: LimitRow[] = [];
  const limitIndex = new Map<string, Map<string, LimitRow[]>>();
  const seen = new Set<string>();
  const limitColumns = [
    'analyte',
    'product',
    'limit',
    'unit',
    'kind',
    'standard',
    'item',
    'excludes',
    'verification',
    'notes',
  ];
  for (const row of readCsv('limits.csv', files.limits, limitColumns, dataError)) {
    const r = parseRow(limitRow, 'limits.csv', row);
    if (!analytes.has(r.analyte))
      throw new ReferenceDataError('limits.csv', row.line, 'analyte', `unknown analyte ${r.analyte}`);
    if (!products.has(r.product))
      throw new ReferenceDataError('limits.csv', row.line, 'product', `unknown product ${r.product}`);
    for (const x of r.excludes) {
      if (!products.has(x) || x === r.product || !isUnder(x, r.product)) {
        throw new ReferenceDataError(
          'limits.csv',
          row.line,
          'excludes',
          `${x} is not a sub-category of ${r.product}`,
        );
      }
    }
    const key = `${r.analyte}|${r.product}|${r.standard}`;
    if (seen.has(key)) {
      throw new ReferenceDataError(
        'limits.csv',
        row.line,
        'standard',
        `duplicate row for ${r.analyte} in ${r.product} (${r.standard})`,
      );
    }
    seen.add(key);
    const unit = parseUnit(r.unit);
    if (!unit.ok) throw new ReferenceDataError('limits.csv', row.line, 'unit', unit.reason);
    const l: LimitRow = { ...r, unit: unit.unit, limitMgKg: toMgPerKg(r.limit, unit.unit), line: row.line };
    limits.push(l);
    const byProduct = limitIndex.get(l.analyte) ?? new Map<string, LimitRow[]>();
    limitIndex.set(l.analyte, byProduct);
    byProduct.set(l.product, [...(byProduct.get(l.product) ?? []), l]);
  }

  return { version, products, analytes, limits, productKeys, analyteKeys, limitIndex };
}

const dataDir = new URL('./reference/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, dataDir), 'utf8');

/** The checked-in data set, loaded and validated once at import time. */
export const reference: ReferenceData = buildReference({
  version: read('VERSION'),
  products: read('products.csv'),
  analytes: read('analytes.csv'),
  limits: read('limits.csv'),
});

export const REFERENCE_VERSION = reference.version;

/** The product and its ancestors, nearest first. */
export function ancestry(code: string, data: ReferenceData = reference): Product[] {
  const out: Product[] = [];
  for (let p = data.products.get(code); p; p = p.parent === null ? undefined : data.products.get(p.parent))
    out.push(p);
  return out;
}

export function findProduct(query: string, data: ReferenceData = reference): Product | undefined {
  const c = data.productKeys.get(lookupKey(query));
  return c === undefined ? undefined : data.products.get(c);
}

export function findAnalyte(query: string, data: ReferenceData = reference): Analyte | undefined {
  const c = data.analyteKeys.get(lookupKey(query));
  return c === undefined ? undefined : data.analytes.get(c);
}

export function listProducts(data: ReferenceData = reference): Product[] {
  return [...data.products.values()];
}

export function listAnalytes(data: ReferenceData = reference): Analyte[] {
  return [...data.analytes.values()];
}

export interface ResolvedLimit {
  row: LimitRow;
  /** Product or category whose row supplied the limit. */
  via: Product;
  /** 0 = the product's own limit; n = n levels up the hierarchy. */
  level: number;
  /** Other rows at the same level (other standards); the lowest limit is used. */
  others: LimitRow[];
}

/** The nearest limit for analyte on product, walking up the category hierarchy. */
export function resolveLimit(
  productCode: string,
  analyteCode: string,
  data: ReferenceData = reference,
): ResolvedLimit | null {
  const byProduct = data.limitIndex.get(analyteCode);
  if (!byProduct) return null;
  const chain = ancestry(productCode, data);
  for (const [level, node] of chain.entries()) {
    const below = chain.slice(0, level).map((p) => p.code);
    const rows = (byProduct.get(node.code) ?? []).filter((r) => !r.excludes.some((x) => below.includes(x)));
    if (rows.length === 0) continue;
    const [row, ...others] = [...rows].sort((a, b) => a.limitMgKg - b.limitMgKg);
    if (row) return { row, via: node, level, others };
  }
  return null;
}

export interface Prohibition {
  /** The analyte whose ban applies (the sum analyte for a component). */
  analyte: Analyte;
  basis: string;
  /** The category in prohibited_on that covers the product. */
  scope: Product;
}

/** The ban or restriction that makes any detection of analyte on product a failure, if any. */
export function prohibitionFor(
  productCode: string,
  analyteCode: string,
  data: ReferenceData = reference,
): Prohibition | null {
  const own = data.analytes.get(analyteCode);
  if (!own) return null;
  const chain = ancestry(productCode, data);
  for (const a of [own, own.partOf ? data.analytes.get(own.partOf) : undefined]) {
    if (!a || a.prohibitedOn.length === 0) continue;
    const scope = chain.find((p) => a.prohibitedOn.includes(p.code));
    if (scope) return { analyte: a, basis: a.prohibitedBasis ?? '', scope };
  }
  return null;
}

export interface ApplicableLimit extends ResolvedLimit {
  analyte: Analyte;
}

/** Every analyte's applicable limit for a product (code, name or alias); [] for an unknown product. */
export function limitsFor(product: string, data: ReferenceData = reference): ApplicableLimit[] {
  const p = findProduct(product, data);
  if (!p) return [];
  const out: ApplicableLimit[] = [];
  for (const a of data.analytes.values()) {
    const r = resolveLimit(p.code, a.code, data);
    if (r) out.push({ ...r, analyte: a });
  }
  return out;
}

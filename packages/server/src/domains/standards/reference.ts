/**
 * Reference data for judging quantitative lab results: products (with the GB 2763 / GB 2762
 * category hierarchy), analytes (with bans and restrictions) and limits (each citing its
 * standard and item). Loaded from reference/*.csv at import time; a bad row throws a
 * ReferenceDataError naming the file, line and field. See reference/SOURCES.md.
 */
import { readFileSync } from 'node:fs';
import { chinaToday } from '@nongan/shared/common/dates';
import { VERIFICATION_LEVELS } from '@nongan/shared/standards/limit-sets';
import { z } from 'zod';
import { type CsvRow, type DataErrorFactory, readCsv } from '../../platform/csv-table.ts';
import { type CanonicalUnit, parseUnit, toMgPerKg } from './units.ts';

export const ANALYTE_KINDS = ['pesticide', 'vet_drug', 'contaminant'] as const;
export type AnalyteKind = (typeof ANALYTE_KINDS)[number];
export const LIMIT_KINDS = ['MRL', 'temporary MRL', 'EMRL', 'ML', 'MRPL'] as const;
export type LimitKind = (typeof LIMIT_KINDS)[number];
/** How a row's value was checked (reference/SOURCES.md explains each). */
export const VERIFICATIONS = VERIFICATION_LEVELS;
export type Verification = (typeof VERIFICATIONS)[number];

/** 禁限用: a use ban is a supervision lead; a not-detectable substance fails on any detection. */
export const BAN_KINDS = ['use_ban', 'not_detectable'] as const;
export type BanKind = (typeof BAN_KINDS)[number];
/** Whether an edition's rows are all loaded (absence = no limit) or only some (absence = unknown). */
export const COVERAGES = ['complete', 'partial', 'none'] as const;
export type Coverage = (typeof COVERAGES)[number];

/** One edition of a limit standard (or a supplement to one), with the dates it was in force. */
export interface Edition {
  code: string;
  /** The standard number without the year (GB 2763); supplements share their base's series. */
  series: string;
  supplementOf: string | null;
  published: string | null;
  effectiveFrom: string;
  /** The day its successor took effect (exclusive); null while in force. */
  effectiveTo: string | null;
  supersededBy: string | null;
  coverage: Coverage;
  announcement: string;
  source: string;
  verification: Verification;
  notes: string;
}

export interface Ban {
  analyte: string;
  /** The product or category the ban covers (and everything under it). */
  product: string;
  kind: BanKind;
  basis: string;
  item: string;
  /** The day the ban took effect; null = long-standing. */
  effectiveFrom: string | null;
  /** The day it stopped applying (exclusive), e.g. replaced by a limit; null = still applies. */
  effectiveTo: string | null;
  verification: Verification;
  source: string;
  notes: string;
  line: number;
}

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
  /** Categories covered by a ban of any kind (from bans.csv), for input checks and lists. */
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
  source: string;
  notes: string;
  line: number;
}

/** A regional name that may mean several products: the user must choose (never guessed). */
export interface AmbiguousAlias {
  alias: string;
  /** Candidate product codes, in the order offered. */
  candidates: string[];
  source: string;
  notes: string;
}

export interface ReferenceData {
  version: string;
  products: ReadonlyMap<string, Product>;
  /** lookupKey(alias) → the ambiguous alias (disjoint from productKeys). */
  ambiguousProducts: ReadonlyMap<string, AmbiguousAlias>;
  analytes: ReadonlyMap<string, Analyte>;
  limits: readonly LimitRow[];
  editions: ReadonlyMap<string, Edition>;
  bans: readonly Ban[];
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
  source: required,
  notes: z.string(),
});
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-03-01');
const editionRow = z.object({
  code: z.string().regex(/^GB \d+(\.\d+)?-\d{4}$/, 'must be a standard number like "GB 2763-2021"'),
  series: z.string().regex(/^GB \d+$/, 'must be a series like "GB 2763"'),
  supplement_of: optional,
  published: z.union([z.literal(''), day]).transform((s) => (s === '' ? null : s)),
  effective_from: day,
  superseded_by: optional,
  coverage: z.enum(COVERAGES),
  announcement: z.string(),
  source: required,
  verification: z.enum(VERIFICATIONS),
  notes: z.string(),
});
const banRow = z.object({
  analyte: required,
  product: required,
  kind: z.enum(BAN_KINDS),
  basis: required,
  item: z.string(),
  effective_from: z.union([z.literal(''), day]).transform((s) => (s === '' ? null : s)),
  effective_to: z.union([z.literal(''), day]).transform((s) => (s === '' ? null : s)),
  verification: z.enum(VERIFICATIONS),
  source: required,
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
  editions: string;
  bans: string;
  /** ambiguous_aliases.csv; absent = none. */
  ambiguous?: string;
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
    'part_of',
    'screens_for',
    'residue_definition',
    'aliases',
  ];
  for (const row of readCsv('analytes.csv', files.analytes, analyteColumns, dataError)) {
    const r = parseRow(analyteRow, 'analytes.csv', row);
    if (analytes.has(r.code))
      throw new ReferenceDataError('analytes.csv', row.line, 'code', `duplicate code ${r.code}`);
    const a: Analyte = {
      code: r.code,
      name: r.name,
      english: r.english,
      cas: r.cas === '' ? null : r.cas,
      kind: r.kind,
      group: r.group,
      prohibitedOn: [],
      prohibitedBasis: null,
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
    'source',
    'notes',
  ];
  const editions = parseEditions(files.editions);
  for (const row of readCsv('limits.csv', files.limits, limitColumns, dataError)) {
    const r = parseRow(limitRow, 'limits.csv', row);
    if (!editions.has(r.standard))
      throw new ReferenceDataError('limits.csv', row.line, 'standard', `unknown edition ${r.standard}`);
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

  // bans
  const bans: Ban[] = [];
  const banColumns = [
    'analyte',
    'product',
    'kind',
    'basis',
    'item',
    'effective_from',
    'effective_to',
    'verification',
    'source',
    'notes',
  ];
  for (const row of readCsv('bans.csv', files.bans, banColumns, dataError)) {
    const r = parseRow(banRow, 'bans.csv', row);
    const a = analytes.get(r.analyte);
    if (!a) throw new ReferenceDataError('bans.csv', row.line, 'analyte', `unknown analyte ${r.analyte}`);
    if (!products.has(r.product))
      throw new ReferenceDataError('bans.csv', row.line, 'product', `unknown product ${r.product}`);
    bans.push({
      analyte: r.analyte,
      product: r.product,
      kind: r.kind,
      basis: r.basis,
      item: r.item,
      effectiveFrom: r.effective_from,
      effectiveTo: r.effective_to,
      verification: r.verification,
      source: r.source,
      notes: r.notes,
      line: row.line,
    });
    if (!a.prohibitedOn.includes(r.product)) a.prohibitedOn.push(r.product);
    a.prohibitedBasis ??= r.basis;
  }

  const ambiguousProducts = parseAmbiguous(files.ambiguous ?? '', products, productKeys);
  return {
    version,
    products,
    ambiguousProducts,
    analytes,
    limits,
    editions,
    bans,
    productKeys,
    analyteKeys,
    limitIndex,
  };
}

const ambiguousRow = z.object({ alias: required, candidates: list, source: required, notes: z.string() });

/** Ambiguous aliases: each names ≥2 known products and is not also a plain name or alias. */
function parseAmbiguous(
  text: string,
  products: ReadonlyMap<string, Product>,
  productKeys: ReadonlyMap<string, string>,
): Map<string, AmbiguousAlias> {
  const out = new Map<string, AmbiguousAlias>();
  if (text.trim() === '') return out;
  const file = 'ambiguous_aliases.csv';
  for (const row of readCsv(file, text, ['alias', 'candidates', 'source', 'notes'], dataError)) {
    const r = parseRow(ambiguousRow, file, row);
    const k = lookupKey(r.alias);
    const owner = productKeys.get(k);
    if (owner)
      throw new ReferenceDataError(
        file,
        row.line,
        'alias',
        `“${r.alias}” already names ${owner} in products.csv`,
      );
    if (out.has(k)) throw new ReferenceDataError(file, row.line, 'alias', `duplicate alias ${r.alias}`);
    if (new Set(r.candidates).size < 2)
      throw new ReferenceDataError(file, row.line, 'candidates', 'must list at least two different products');
    for (const c of r.candidates)
      if (!products.has(c))
        throw new ReferenceDataError(file, row.line, 'candidates', `unknown product ${c}`);
    out.set(k, { alias: r.alias, candidates: r.candidates, source: r.source, notes: r.notes });
  }
  return out;
}

/** Editions with their end dates taken from their successors; supplements end with their base. */
function parseEditions(text: string): Map<string, Edition> {
  const columns = [
    'code',
    'series',
    'supplement_of',
    'published',
    'effective_from',
    'superseded_by',
    'coverage',
    'announcement',
    'source',
    'verification',
    'notes',
  ];
  const out = new Map<string, Edition>();
  const lines = new Map<string, number>();
  for (const row of readCsv('editions.csv', text, columns, dataError)) {
    const r = parseRow(editionRow, 'editions.csv', row);
    if (out.has(r.code))
      throw new ReferenceDataError('editions.csv', row.line, 'code', `duplicate edition ${r.code}`);
    if (!r.code.startsWith(r.series.replace(/^GB /, 'GB ')))
      throw new ReferenceDataError('editions.csv', row.line, 'series', `${r.code} is not of ${r.series}`);
    lines.set(r.code, row.line);
    out.set(r.code, {
      code: r.code,
      series: r.series,
      supplementOf: r.supplement_of,
      published: r.published,
      effectiveFrom: r.effective_from,
      effectiveTo: null,
      supersededBy: r.superseded_by,
      coverage: r.coverage,
      announcement: r.announcement,
      source: r.source,
      verification: r.verification,
      notes: r.notes,
    });
  }
  for (const e of out.values()) {
    const line = lines.get(e.code) ?? 0;
    for (const [field, ref] of [
      ['supplement_of', e.supplementOf],
      ['superseded_by', e.supersededBy],
    ] as const) {
      if (ref !== null && !out.has(ref))
        throw new ReferenceDataError('editions.csv', line, field, `unknown edition ${ref}`);
    }
    const next = e.supersededBy ? out.get(e.supersededBy) : undefined;
    if (next) {
      if (next.effectiveFrom <= e.effectiveFrom)
        throw new ReferenceDataError('editions.csv', line, 'superseded_by', `${next.code} is not later`);
      e.effectiveTo = next.effectiveFrom;
    }
  }
  return out;
}

const dataDir = new URL('./reference/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, dataDir), 'utf8');

/** The checked-in data set, loaded and validated once at import time. */
export const reference: ReferenceData = buildReference({
  version: read('VERSION'),
  products: read('products.csv'),
  analytes: read('analytes.csv'),
  limits: read('limits.csv'),
  editions: read('editions.csv'),
  bans: read('bans.csv'),
  ambiguous: read('ambiguous_aliases.csv'),
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

/** A name looked up: one item, a regional name with several candidates, or nothing. */
export type Resolved<T> =
  | { kind: 'found'; item: T }
  | { kind: 'ambiguous'; alias: string; candidates: T[] }
  | { kind: 'unknown' };

/** A typed product name: one product, an ambiguous regional name with its candidates, or unknown. */
export function resolveProduct(query: string, data: ReferenceData = reference): Resolved<Product> {
  const k = lookupKey(query);
  const c = data.productKeys.get(k);
  const p = c === undefined ? undefined : data.products.get(c);
  if (p) return { kind: 'found', item: p };
  const amb = data.ambiguousProducts.get(k);
  if (amb) {
    const candidates = amb.candidates.flatMap((x) => data.products.get(x) ?? []);
    return { kind: 'ambiguous', alias: amb.alias, candidates };
  }
  return { kind: 'unknown' };
}

/** A typed analyte name (no analyte name is shared today). */
export function resolveAnalyte(query: string, data: ReferenceData = reference): Resolved<Analyte> {
  const a = findAnalyte(query, data);
  return a ? { kind: 'found', item: a } : { kind: 'unknown' };
}

/** The question to ask for an ambiguous name: 「青菜」可能指：普通白菜、大白菜，请选择. */
export function askWhichProduct(alias: string, candidates: readonly Product[]): string {
  return `「${alias}」可能指：${candidates.map((p) => p.name).join('、')}，请选择`;
}

/** Why a typed product name is refused: the ambiguity question, or unknown. */
export function productProblem(query: string, data: ReferenceData = reference): string {
  const r = resolveProduct(query, data);
  if (r.kind === 'ambiguous') return askWhichProduct(r.alias, r.candidates);
  return `未知产品“${query}”`;
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

/** Which editions a verdict used, and whether that is the edition in force on the day. */
export interface EditionUse {
  /** The editions in force on the sampling day for the row's standard (base and supplements). */
  inForce: string[];
  /** The edition whose row supplied the limit. */
  used: string;
  /**
   * True when the edition in force is not (fully) loaded and another edition's row stood in:
   * the verdict is provisional and names both.
   */
  provisional: boolean;
}

export interface ResolvedLimit {
  row: LimitRow;
  /** Product or category whose row supplied the limit. */
  via: Product;
  /** 0 = the product's own limit; n = n levels up the hierarchy. */
  level: number;
  /** Other rows at the same level (other standards); the lowest limit is used. */
  others: LimitRow[];
  edition: EditionUse;
}

/** Today in China time (YYYY-MM-DD), the default day for lookups: the shared date rule's. */
export { chinaToday };

/** Whether an edition was in force on a day (YYYY-MM-DD). */
export function inForceOn(e: Edition, day: string, data: ReferenceData = reference): boolean {
  const base = e.supplementOf ? data.editions.get(e.supplementOf) : undefined;
  const to = e.effectiveTo ?? base?.effectiveTo ?? null;
  return e.effectiveFrom <= day && (to === null || day < to);
}

/** The editions of a series in force on a day. */
export function editionsInForce(series: string, day: string, data: ReferenceData = reference): Edition[] {
  return [...data.editions.values()].filter((e) => e.series === series && inForceOn(e, day, data));
}

/** The nearest row by category walk among rows accepted by `keep`. */
function walk(
  byProduct: ReadonlyMap<string, LimitRow[]>,
  chain: Product[],
  keep: (r: LimitRow) => boolean,
): Omit<ResolvedLimit, 'edition'> | null {
  for (const [level, node] of chain.entries()) {
    const below = chain.slice(0, level).map((p) => p.code);
    const rows = (byProduct.get(node.code) ?? []).filter(
      (r) => keep(r) && !r.excludes.some((x) => below.includes(x)),
    );
    if (rows.length === 0) continue;
    const [row, ...others] = [...rows].sort((a, b) => a.limitMgKg - b.limitMgKg);
    if (row) return { row, via: node, level, others };
  }
  return null;
}

/**
 * The limit for analyte on product on a day: the nearest row (walking up the categories) of the
 * editions in force that day. Where the edition in force is only partly loaded (or not at all)
 * and has no row for the pair, the nearest edition in time that has one stands in and the
 * result is marked provisional; an edition marked complete that has no row means no limit.
 */
export function resolveLimit(
  productCode: string,
  analyteCode: string,
  data: ReferenceData = reference,
  day: string = chinaToday(),
): ResolvedLimit | null {
  const byProduct = data.limitIndex.get(analyteCode);
  if (!byProduct) return null;
  const chain = ancestry(productCode, data);
  const seriesOf = (code: string) => data.editions.get(code)?.series ?? code;
  const series = new Set([...byProduct.values()].flat().map((r) => seriesOf(r.standard)));
  const current = new Set([...series].flatMap((s) => editionsInForce(s, day, data).map((e) => e.code)));
  const inForceFor = (code: string) => [...current].filter((c) => seriesOf(c) === seriesOf(code));

  const now = walk(byProduct, chain, (r) => current.has(r.standard));
  if (now)
    return {
      ...now,
      edition: { inForce: inForceFor(now.row.standard), used: now.row.standard, provisional: false },
    };

  // Stand-ins: series whose edition in force is not complete, nearest edition in time first.
  let best: ResolvedLimit | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const s of series) {
    const inForce = editionsInForce(s, day, data);
    if (inForce.length > 0 && inForce.every((e) => e.coverage === 'complete')) continue;
    const others = [...data.editions.values()].filter((e) => e.series === s && !current.has(e.code));
    // Group each base edition with its supplements (a supplement whose base is in force stands
    // alone); judge by the group nearest the day.
    const bases = others.filter((e) => e.supplementOf === null || current.has(e.supplementOf));
    for (const base of bases) {
      const group = new Set([
        base.code,
        ...others.filter((e) => e.supplementOf === base.code).map((e) => e.code),
      ]);
      const found = walk(byProduct, chain, (r) => group.has(r.standard));
      if (!found) continue;
      const end =
        base.effectiveTo ??
        (base.supplementOf ? data.editions.get(base.supplementOf)?.effectiveTo : null) ??
        '9999-12-31';
      const distance =
        day < base.effectiveFrom
          ? Date.parse(base.effectiveFrom) - Date.parse(day)
          : day >= end
            ? Date.parse(day) - Date.parse(end)
            : 0;
      if (distance < bestDistance) {
        bestDistance = distance;
        best = {
          ...found,
          edition: { inForce: inForce.map((e) => e.code), used: found.row.standard, provisional: true },
        };
      }
    }
  }
  return best;
}

export interface Prohibition {
  /** The analyte whose ban applies (the sum analyte for a component). */
  analyte: Analyte;
  kind: BanKind;
  basis: string;
  item: string;
  /** The category the ban names that covers the product. */
  scope: Product;
  ban: Ban;
}

/** The bans of analyte (or of the sum it is part of) covering product on a day, not-detectable first. */
export function bansFor(
  productCode: string,
  analyteCode: string,
  data: ReferenceData = reference,
  day: string = chinaToday(),
): Prohibition[] {
  const own = data.analytes.get(analyteCode);
  if (!own) return [];
  const chain = ancestry(productCode, data);
  const out: Prohibition[] = [];
  for (const a of [own, own.partOf ? data.analytes.get(own.partOf) : undefined]) {
    if (!a) continue;
    for (const b of data.bans) {
      if (b.analyte !== a.code || (b.effectiveFrom !== null && b.effectiveFrom > day)) continue;
      if (b.effectiveTo !== null && day >= b.effectiveTo) continue;
      const scope = chain.find((p) => p.code === b.product);
      if (scope) out.push({ analyte: a, kind: b.kind, basis: b.basis, item: b.item, scope, ban: b });
    }
  }
  return out.sort((x, y) => (x.kind === y.kind ? 0 : x.kind === 'not_detectable' ? -1 : 1));
}

/** Any ban of the analyte on the product (for input use on a crop or animal), if any. */
export function prohibitionFor(
  productCode: string,
  analyteCode: string,
  data: ReferenceData = reference,
  day: string = chinaToday(),
): Prohibition | null {
  return bansFor(productCode, analyteCode, data, day)[0] ?? null;
}

export interface ApplicableLimit extends ResolvedLimit {
  analyte: Analyte;
}

/** Every analyte's applicable limit for a product (code, name or alias); [] for an unknown product. */
export function limitsFor(
  product: string,
  data: ReferenceData = reference,
  day: string = chinaToday(),
): ApplicableLimit[] {
  const p = findProduct(product, data);
  if (!p) return [];
  const out: ApplicableLimit[] = [];
  for (const a of data.analytes.values()) {
    const r = resolveLimit(p.code, a.code, data, day);
    if (r) out.push({ ...r, analyte: a });
  }
  return out;
}

/** The identity of a limit row: one value per analyte, product and edition. */
export const limitKey = (r: { analyte: string; product: string; standard: string }) =>
  `${r.analyte}|${r.product}|${r.standard}`;

/** A limit row from outside the checked-in files (a district's imported limits table). */
export type OverlayRow = Omit<LimitRow, 'limitMgKg' | 'line'> & { line: number };

/**
 * The data with extra limit rows laid over it: a row replaces the base row with the same
 * analyte, product and edition, and adds one otherwise. Rows must already be validated
 * (known codes and editions, excludes under the product). Pure.
 */
export function overlayLimits(
  base: ReferenceData,
  rows: readonly OverlayRow[],
  version = base.version,
): ReferenceData {
  if (rows.length === 0) return base;
  const incoming = new Map(rows.map((r) => [limitKey(r), { ...r, limitMgKg: toMgPerKg(r.limit, r.unit) }]));
  const limits = [...base.limits.filter((r) => !incoming.has(limitKey(r))), ...incoming.values()];
  const limitIndex = new Map<string, Map<string, LimitRow[]>>();
  for (const l of limits) {
    const byProduct = limitIndex.get(l.analyte) ?? new Map<string, LimitRow[]>();
    limitIndex.set(l.analyte, byProduct);
    byProduct.set(l.product, [...(byProduct.get(l.product) ?? []), l]);
  }
  return { ...base, version, limits, limitIndex };
}

/**
 * Reference data for production records behind certificates: each registered pesticide's safety
 * interval (安全间隔期) and each veterinary drug's withdrawal period (休药期) for the district's
 * products, plus use prohibitions the sampling reference does not carry (e.g. “产蛋期禁用”).
 *
 * Inputs reuse the sampling reference's analyte codes where they exist (`findAnalyte`); inputs
 * it lacks are listed in inputs/substances.csv. Products are the sampling reference's products
 * and categories, and a product without its own row takes its nearest category's row.
 * Loaded from inputs/*.csv at import time; a bad row throws an InputDataError naming the file,
 * line and field. See inputs/SOURCES.md.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { type CsvRow, type DataErrorFactory, readCsv } from '../../platform/csv-table.ts';
import {
  type Analyte,
  ancestry,
  findAnalyte,
  lookupKey,
  type Product,
  prohibitionFor,
  type ReferenceData,
  reference,
} from './reference.ts';

export const INPUT_KINDS = ['pesticide', 'vet_drug'] as const;
export type InputKind = (typeof INPUT_KINDS)[number];
/** `checked`: the value was seen in a stored source; `recall`: not seen, from memory (SOURCES.md). */
export const INPUT_VERIFICATIONS = ['checked', 'recall'] as const;
export type InputVerification = (typeof INPUT_VERIFICATIONS)[number];

/** An agricultural input (农业投入品) that production records name. */
export interface Input {
  code: string;
  name: string;
  english: string;
  kind: InputKind;
  aliases: string[];
  /** The sum residue (sampling analyte code) the input is counted in, e.g. 磺胺类. */
  partOf: string | null;
  /** `sampling`: an analyte of the sampling reference; `trace`: inputs/substances.csv. */
  source: 'sampling' | 'trace';
  /** The sampling analyte, when source is `sampling`. */
  analyte: Analyte | null;
  notes: string;
}

export interface IntervalRow {
  input: string;
  name: string;
  /** How the input is used on this product (pesticide on plants, vet drug on animals). */
  kind: InputKind;
  product: string;
  days: number;
  basis: string;
  item: string;
  verification: InputVerification;
  notes: string;
  line: number;
}

export interface UseProhibitionRow {
  input: string;
  product: string;
  basis: string;
  item: string;
  verification: InputVerification;
  notes: string;
  line: number;
}

export interface InputData {
  version: string;
  /** Inputs from inputs/substances.csv (the sampling analytes are looked up on demand). */
  substances: ReadonlyMap<string, Input>;
  substanceKeys: ReadonlyMap<string, string>;
  intervals: readonly IntervalRow[];
  /** input code → product code → row */
  intervalIndex: ReadonlyMap<string, ReadonlyMap<string, IntervalRow>>;
  prohibitions: readonly UseProhibitionRow[];
  reference: ReferenceData;
}

export class InputDataError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly field: string,
    readonly reason: string,
  ) {
    super(`standards/inputs/${file} line ${line}, field "${field}": ${reason}`);
    this.name = 'InputDataError';
  }
}

const dataError: DataErrorFactory = (...a) => new InputDataError(...a);

const list = z.string().transform((s) =>
  s
    .split('|')
    .map((x) => x.trim())
    .filter(Boolean),
);
const code = z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be a lower-case slug (a-z, 0-9, _)');
const required = z.string().min(1, 'must not be empty');
const verification = z.enum(INPUT_VERIFICATIONS, 'must be checked or recall');

const substanceRow = z.object({
  code,
  name: required,
  english: required,
  kind: z.enum(INPUT_KINDS, 'must be pesticide or vet_drug'),
  part_of: z.string().transform((s) => (s === '' ? null : s)),
  aliases: list,
  notes: z.string(),
});
const intervalRow = z.object({
  input: code,
  name: required,
  kind: z.enum(INPUT_KINDS, 'must be pesticide or vet_drug'),
  product: code,
  days: z
    .string()
    .regex(/^[1-9]\d*$/, 'must be a positive whole number of days')
    .transform(Number),
  basis: required,
  item: required,
  verification,
  notes: z.string(),
});
const prohibitionRow = z.object({
  input: code,
  product: code,
  basis: required,
  item: required,
  verification,
  notes: z.string(),
});

function parseRow<T extends z.ZodType>(schema: T, file: string, row: CsvRow): z.output<T> {
  const r = schema.safeParse(row.cells);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  throw new InputDataError(file, row.line, String(issue?.path[0] ?? '(record)'), issue?.message ?? 'invalid');
}

/** The input a sampling analyte stands for, or undefined for a contaminant. */
function fromAnalyte(a: Analyte): Input | undefined {
  if (a.kind === 'contaminant') return undefined;
  return {
    code: a.code,
    name: a.name,
    english: a.english,
    kind: a.kind,
    aliases: a.aliases,
    partOf: a.partOf,
    source: 'sampling',
    analyte: a,
    notes: '',
  };
}

/** `plant_food` products take pesticides, `animal_food` products veterinary drugs. */
export function kindForProduct(productCode: string, ref: ReferenceData = reference): InputKind | null {
  const chain = ancestry(productCode, ref).map((p) => p.code);
  if (chain.includes('plant_food')) return 'pesticide';
  if (chain.includes('animal_food')) return 'vet_drug';
  return null;
}

export interface InputFiles {
  version: string;
  substances: string;
  intervals: string;
  prohibitions: string;
}

/** Parses and cross-checks the files against the sampling reference. Pure; throws InputDataError. */
export function buildInputs(files: InputFiles, ref: ReferenceData = reference): InputData {
  const version = files.version.trim();
  if (!/^\d{4}\.\d+$/.test(version))
    throw new InputDataError('VERSION', 1, 'version', 'must look like 2026.1');

  // substances
  const substances = new Map<string, Input>();
  const substanceKeys = new Map<string, string>();
  const substanceColumns = ['code', 'name', 'english', 'kind', 'part_of', 'aliases', 'notes'];
  for (const row of readCsv('substances.csv', files.substances, substanceColumns, dataError)) {
    const r = parseRow(substanceRow, 'substances.csv', row);
    if (substances.has(r.code))
      throw new InputDataError('substances.csv', row.line, 'code', `duplicate code ${r.code}`);
    if (r.part_of !== null && !ref.analytes.has(r.part_of)) {
      throw new InputDataError(
        'substances.csv',
        row.line,
        'part_of',
        `unknown analyte ${r.part_of} in the sampling reference`,
      );
    }
    const keys: [string, string][] = [
      ['code', r.code],
      ['name', r.name],
      ['english', r.english],
      ...r.aliases.map((a): [string, string] => ['aliases', a]),
    ];
    for (const [field, key] of keys) {
      const owner = findAnalyte(key, ref);
      if (owner) {
        throw new InputDataError(
          'substances.csv',
          row.line,
          field,
          `“${key}” already names analyte ${owner.code} in the sampling reference: use that code`,
        );
      }
      const k = lookupKey(key);
      const other = substanceKeys.get(k);
      if (other && other !== r.code)
        throw new InputDataError('substances.csv', row.line, field, `“${key}” already names ${other}`);
      substanceKeys.set(k, r.code);
    }
    substances.set(r.code, {
      code: r.code,
      name: r.name,
      english: r.english,
      kind: r.kind,
      aliases: r.aliases,
      partOf: r.part_of,
      source: 'trace',
      analyte: null,
      notes: r.notes,
    });
  }
  const inputByCode = (c: string): Input | undefined => {
    const s = substances.get(c);
    if (s) return s;
    const a = ref.analytes.get(c);
    return a ? fromAnalyte(a) : undefined;
  };

  // use prohibitions
  const prohibitions: UseProhibitionRow[] = [];
  const prohibitionColumns = ['input', 'product', 'basis', 'item', 'verification', 'notes'];
  const seenProhibitions = new Set<string>();
  for (const row of readCsv('prohibitions.csv', files.prohibitions, prohibitionColumns, dataError)) {
    const r = parseRow(prohibitionRow, 'prohibitions.csv', row);
    if (!inputByCode(r.input))
      throw new InputDataError('prohibitions.csv', row.line, 'input', `unknown input ${r.input}`);
    if (!ref.products.has(r.product))
      throw new InputDataError('prohibitions.csv', row.line, 'product', `unknown product ${r.product}`);
    const key = `${r.input}|${r.product}`;
    if (seenProhibitions.has(key)) {
      throw new InputDataError(
        'prohibitions.csv',
        row.line,
        'product',
        `duplicate row for ${r.input} on ${r.product}`,
      );
    }
    seenProhibitions.add(key);
    prohibitions.push({ ...r, line: row.line });
  }

  // intervals
  const intervals: IntervalRow[] = [];
  const intervalIndex = new Map<string, Map<string, IntervalRow>>();
  const intervalColumns = [
    'input',
    'name',
    'kind',
    'product',
    'days',
    'basis',
    'item',
    'verification',
    'notes',
  ];
  const partial: InputData = {
    version,
    substances,
    substanceKeys,
    intervals,
    intervalIndex,
    prohibitions,
    reference: ref,
  };
  for (const row of readCsv('intervals.csv', files.intervals, intervalColumns, dataError)) {
    const r = parseRow(intervalRow, 'intervals.csv', row);
    const input = inputByCode(r.input);
    if (!input) {
      throw new InputDataError(
        'intervals.csv',
        row.line,
        'input',
        `unknown input ${r.input} (not an analyte of the sampling reference nor in substances.csv)`,
      );
    }
    if (input.name !== r.name) {
      throw new InputDataError('intervals.csv', row.line, 'name', `${r.input} is named “${input.name}”`);
    }
    if (!ref.products.has(r.product))
      throw new InputDataError('intervals.csv', row.line, 'product', `unknown product ${r.product}`);
    const expected = kindForProduct(r.product, ref);
    if (expected !== r.kind) {
      throw new InputDataError(
        'intervals.csv',
        row.line,
        'kind',
        `${r.product} takes ${expected ?? 'no single kind of input'}, not ${r.kind}`,
      );
    }
    const byProduct = intervalIndex.get(r.input) ?? new Map<string, IntervalRow>();
    if (byProduct.has(r.product)) {
      throw new InputDataError(
        'intervals.csv',
        row.line,
        'product',
        `duplicate row for ${r.input} on ${r.product}`,
      );
    }
    const banned = useProhibition(input, r.product, partial);
    if (banned) {
      throw new InputDataError(
        'intervals.csv',
        row.line,
        'product',
        `${r.input} is prohibited on ${banned.scope.code} (${banned.basis}); an interval row contradicts it`,
      );
    }
    const l: IntervalRow = { ...r, line: row.line };
    intervals.push(l);
    byProduct.set(r.product, l);
    intervalIndex.set(r.input, byProduct);
  }

  return partial;
}

const dataDir = new URL('./inputs/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, dataDir), 'utf8');

/** The checked-in data set, loaded and validated once at import time. */
export const inputData: InputData = buildInputs({
  version: read('VERSION'),
  substances: read('substances.csv'),
  intervals: read('intervals.csv'),
  prohibitions: read('prohibitions.csv'),
});

export const INPUTS_VERSION = inputData.version;

/** An input by code, Chinese name or alias (NFKC, spaces and case ignored); contaminants are not inputs. */
export function findInput(query: string, data: InputData = inputData): Input | undefined {
  const c = data.substanceKeys.get(lookupKey(query));
  if (c !== undefined) return data.substances.get(c);
  const a = findAnalyte(query, data.reference);
  return a ? fromAnalyte(a) : undefined;
}

/** Every input the data set knows: substances.csv plus the sampling reference's pesticides and vet drugs. */
export function listInputs(data: InputData = inputData): Input[] {
  const out = [...data.substances.values()];
  for (const a of data.reference.analytes.values()) {
    const i = fromAnalyte(a);
    if (i) out.push(i);
  }
  return out;
}

/** 安全间隔期 for pesticides, 休药期 for veterinary drugs. */
export function intervalTerm(kind: InputKind): string {
  return kind === 'pesticide' ? '安全间隔期' : '休药期';
}

export interface ResolvedInterval {
  input: Input;
  product: Product;
  days: number;
  row: IntervalRow;
  /** Product or category whose row supplied the days. */
  via: Product;
  /** 0 = the product's own row; n = n levels up the hierarchy. */
  level: number;
  /** “依据” text: the document and item, marked when the value is from memory. */
  citation: string;
}

function resolveInput(input: string | Input, data: InputData): Input | undefined {
  return typeof input === 'string' ? findInput(input, data) : input;
}

function resolveProduct(product: string | Product, data: InputData): Product | undefined {
  if (typeof product !== 'string') return product;
  const byCode = data.reference.products.get(product);
  if (byCode) return byCode;
  const c = data.reference.productKeys.get(lookupKey(product));
  return c === undefined ? undefined : data.reference.products.get(c);
}

export function citation(row: { basis: string; item: string; verification: InputVerification }): string {
  const mark = row.verification === 'recall' ? '；该值未经存档原文核对' : '';
  return `${row.basis}：${row.item}${mark}`;
}

/**
 * The safety interval / withdrawal period of input on product, walking up the product hierarchy
 * (a product without its own row uses its nearest category's). null = unknown: the caller must
 * treat it as “cannot confirm”, never as zero days.
 */
export function intervalFor(
  input: string | Input,
  product: string | Product,
  data: InputData = inputData,
): ResolvedInterval | null {
  const i = resolveInput(input, data);
  const p = resolveProduct(product, data);
  if (!i || !p) return null;
  const byProduct = data.intervalIndex.get(i.code);
  if (!byProduct) return null;
  for (const [level, node] of ancestry(p.code, data.reference).entries()) {
    const row = byProduct.get(node.code);
    if (row) return { input: i, product: p, days: row.days, row, via: node, level, citation: citation(row) };
  }
  return null;
}

export interface UseProhibition {
  input: Input;
  /** The category (or product) the ban covers. */
  scope: Product;
  /** The announcement or standard. */
  basis: string;
  item: string | null;
  /** `sampling`: analytes.csv prohibited_on; `trace`: inputs/prohibitions.csv. */
  source: 'sampling' | 'trace';
  verification: InputVerification | null;
}

/**
 * The ban that forbids any use of input on product: the sampling reference's prohibited_on
 * (of the input or the sum it is part of: 毒死蜱 on vegetables, 克伦特罗 on animal food …) or a
 * use prohibition from inputs/prohibitions.csv (四环素 产蛋期禁用 …). null = none known.
 */
export function useProhibition(
  input: string | Input,
  product: string | Product,
  data: InputData = inputData,
): UseProhibition | null {
  const i = resolveInput(input, data);
  const p = resolveProduct(product, data);
  if (!i || !p) return null;
  const ref = data.reference;
  for (const code of [i.source === 'sampling' ? i.code : null, i.partOf]) {
    if (code === null) continue;
    const ban = prohibitionFor(p.code, code, ref);
    if (ban) {
      return {
        input: i,
        scope: ban.scope,
        basis: ban.basis,
        item: null,
        source: 'sampling',
        verification: null,
      };
    }
  }
  const chain = ancestry(p.code, ref);
  for (const node of chain) {
    const row = data.prohibitions.find((r) => r.input === i.code && r.product === node.code);
    if (row) {
      return {
        input: i,
        scope: node,
        basis: row.basis,
        item: row.item,
        source: 'trace',
        verification: row.verification,
      };
    }
  }
  return null;
}

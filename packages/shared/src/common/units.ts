/**
 * The one table of quantity units for lots, certificates, receipts and market checks. A
 * quantity converts only within its dimension: mass with mass (to kilograms), and each count
 * with itself (头 are not 箱). Every comparison of quantities goes through `convertQuantity`,
 * so switching units cannot lift a bound.
 */

export type UnitDimension = 'mass' | 'head' | 'piece' | 'box';

interface UnitEntry {
  dimension: UnitDimension;
  /** Size in the dimension's base unit (kg for mass, one for counts). */
  factor: number;
  /** What the certificate template prints. */
  label: string;
  /** Words people write for it (older templates, spreadsheets). */
  aliases: readonly string[];
}

export const UNIT_TABLE = {
  kg: { dimension: 'mass', factor: 1, label: '公斤', aliases: ['kg', 'KG', '公斤', '千克'] },
  t: { dimension: 'mass', factor: 1000, label: '吨', aliases: ['t', 'T', '吨'] },
  jin: { dimension: 'mass', factor: 0.5, label: '斤', aliases: ['斤', '市斤'] },
  g: { dimension: 'mass', factor: 0.001, label: '克', aliases: ['g', '克'] },
  head: { dimension: 'head', factor: 1, label: '头/只', aliases: ['头', '只', '羽', '头/只'] },
  piece: { dimension: 'piece', factor: 1, label: '件', aliases: ['件', '个', '枚'] },
  box: { dimension: 'box', factor: 1, label: '箱', aliases: ['箱'] },
} as const satisfies Record<string, UnitEntry>;

export type UnitCode = keyof typeof UNIT_TABLE;
export const UNIT_CODES = Object.keys(UNIT_TABLE) as UnitCode[];

const entryOf = (u: string | null | undefined): UnitEntry | undefined =>
  u && Object.hasOwn(UNIT_TABLE, u) ? UNIT_TABLE[u as UnitCode] : undefined;

export const unitLabelOf = (u: string | null | undefined) => (u ? (entryOf(u)?.label ?? u) : '');

/** The unit code for a code or a word people write (公斤, 吨, 斤, 枚…); undefined when unknown. */
export function parseUnit(word: string): UnitCode | undefined {
  const w = word.trim();
  if (entryOf(w)) return w as UnitCode;
  return UNIT_CODES.find((c) => (UNIT_TABLE[c].aliases as readonly string[]).includes(w));
}

/** Whether two units measure the same thing (so one converts into the other). */
export const sameDimension = (a: string, b: string) => {
  const x = entryOf(a);
  const y = entryOf(b);
  return !!x && !!y && x.dimension === y.dimension;
};

/** `quantity` of `from` expressed in `to`; null when either is unknown or they do not convert. */
export function convertQuantity(quantity: number, from: string, to: string): number | null {
  const x = entryOf(from);
  const y = entryOf(to);
  if (!x || !y || x.dimension !== y.dimension) return null;
  if (from === to) return quantity;
  // Round away float noise (0.1 t → 100.00000000000001 kg) without hiding real differences.
  return Math.round(((quantity * x.factor) / y.factor) * 1e6) / 1e6;
}

/** A quantity for messages: 1,000 公斤. */
export const formatQuantity = (quantity: number, unit: string) =>
  `${Number(quantity.toFixed(3)).toLocaleString('en-US')} ${unitLabelOf(unit)}`;

/** Why a unit cannot stand for another, for a refusal naming the field. */
export const mismatchReason = (unit: string, against: string, what: string) =>
  `单位“${unitLabelOf(unit)}”与${what}的单位“${unitLabelOf(against)}”不能换算（重量只能与重量换算，头、件、箱各自计数）`;

/** Compares with a tolerance, so 0.1 + 0.2 kg does not exceed 0.3 kg. */
export const exceeds = (quantity: number, bound: number) => quantity > bound + 1e-6 * Math.max(1, bound);

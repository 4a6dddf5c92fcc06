/**
 * Rapid-test items that name a class rather than one substance (酶抑制法 “有机磷和氨基甲酸酯类”):
 * which analyte groups (analytes.csv `group`) each covers. Loaded from reference/rapid_classes.csv;
 * a bad row throws a ReferenceDataError naming the file, line and field.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { readCsv } from '../../platform/csv-table.ts';
import { lookupKey, type ReferenceData, ReferenceDataError, reference } from './reference.ts';

export interface RapidClass {
  item: string;
  groups: string[];
  aliases: string[];
  method: string;
  source: string;
  notes: string;
}

export interface RapidClasses {
  /** lookupKey(item or alias) → class */
  byKey: ReadonlyMap<string, RapidClass>;
  reference: ReferenceData;
}

const FILE = 'rapid_classes.csv';
const list = z.string().transform((s) =>
  s
    .split('|')
    .map((x) => x.trim())
    .filter(Boolean),
);
const row = z.object({
  item: z.string().min(1, 'must not be empty'),
  groups: list.refine((g) => g.length > 0, 'must name at least one group'),
  aliases: list,
  method: z.enum(['enzyme_inhibition', 'colloidal_gold', 'other']),
  source: z.string().min(1, 'must not be empty'),
  notes: z.string(),
});

/** Parses the table; every group must be a group of some analyte, every name unique. */
export function buildRapidClasses(text: string, ref: ReferenceData = reference): RapidClasses {
  const groups = new Set([...ref.analytes.values()].map((a) => a.group));
  const byKey = new Map<string, RapidClass>();
  const fail = (line: number, field: string, reason: string) =>
    new ReferenceDataError(FILE, line, field, reason);
  const columns = ['item', 'groups', 'aliases', 'method', 'source', 'notes'];
  const dataError = (file: string, line: number, field: string, reason: string) =>
    new ReferenceDataError(file, line, field, reason);
  for (const r of readCsv(FILE, text, columns, dataError)) {
    const p = row.safeParse(r.cells);
    if (!p.success) {
      const issue = p.error.issues[0];
      throw fail(r.line, String(issue?.path[0] ?? '(record)'), issue?.message ?? 'invalid');
    }
    for (const g of p.data.groups)
      if (!groups.has(g)) throw fail(r.line, 'groups', `no analyte has group ${g}`);
    for (const [field, name] of [['item', p.data.item], ...p.data.aliases.map((a) => ['aliases', a])]) {
      const k = lookupKey(name as string);
      if (byKey.has(k)) throw fail(r.line, field as string, `“${name}” already names a class`);
      byKey.set(k, p.data);
    }
  }
  return { byKey, reference: ref };
}

export const rapidClasses: RapidClasses = buildRapidClasses(
  readFileSync(new URL(`./reference/${FILE}`, import.meta.url), 'utf8'),
);

/** The class a test item names, if it names one. */
export function rapidClassOf(testItem: string, data: RapidClasses = rapidClasses): RapidClass | undefined {
  return data.byKey.get(lookupKey(testItem));
}

/** Whether a test of `testItem` (a class such as 有机磷和氨基甲酸酯类) covers the analyte by its group. */
export function coversGroup(
  testItem: string,
  analyteCode: string,
  data: RapidClasses = rapidClasses,
): boolean {
  const cls = rapidClassOf(testItem, data);
  const analyte = data.reference.analytes.get(analyteCode);
  return !!cls && !!analyte && cls.groups.includes(analyte.group);
}

/** The class items (by their main name) whose test covers the analyte, for “应检…” hints. */
export function classesCovering(analyteCode: string, data: RapidClasses = rapidClasses): string[] {
  const group = data.reference.analytes.get(analyteCode)?.group;
  const items = new Set<string>();
  for (const c of data.byKey.values()) if (group && c.groups.includes(group)) items.add(c.item);
  return [...items];
}

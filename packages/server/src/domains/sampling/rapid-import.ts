import type { Link, RAPID_METHODS } from '@nongan/shared/sampling/tests';
import { badRequest } from '../../platform/http-error.ts';
import { pacedEach, pacer } from '../../platform/pace.ts';
import { type Cell, readUploadRows, type TableRow } from '../../platform/upload.ts';
import { cellText } from '../entities/xlsx-columns.ts';
import type { RowIssue } from './rapid-service.ts';

/**
 * Reading the files rapid-test instruments export (.xlsx or .csv, UTF-8 or GB18030). Instruments
 * name their columns differently, so each field accepts the usual headers; the place, tester and
 * link that an instrument does not know come from the import form.
 */
export const RAPID_HEADERS = {
  testNo: ['检测编号', '编号', '样品编号', '记录编号'],
  testedAt: ['检测时间', '检测日期', '时间', '日期'],
  product: ['样品名称', '样品', '产品名称', '产品'],
  sampledParty: ['被检单位', '受检单位', '送检单位', '摊位', '被检对象'],
  target: ['检测项目', '项目'],
  inhibitionRate: ['抑制率(%)', '抑制率（%）', '抑制率%', '抑制率'],
  result: ['检测结果', '结果', '判定结果', '判定'],
  tester: ['检测人', '检测员'],
  instrument: ['仪器编号', '仪器', '设备编号'],
} as const;
type Field = keyof typeof RAPID_HEADERS;

export interface RapidImportDefaults {
  holderCode: string;
  townCode: string;
  link: Link;
  method: (typeof RAPID_METHODS)[number];
  tester?: string;
}

const norm = (s: string) => s.replace(/\s+/g, '');

export { decodeCsv } from '../../platform/upload-parse.ts';

/** Header and rows of an instrument's .xlsx or .csv (told apart by content), as trimmed text. */
export async function readRapidFile(
  buffer: Buffer,
  maxRows: number,
): Promise<{ header: string[]; rows: { row: number; cells: string[] }[] }> {
  const sheet = await readUploadRows(buffer, { formats: ['xlsx', 'csv'], maxRows });
  return { header: sheet.header.map(cellText), rows: await textRows(sheet.rows) };
}

/**
 * The rows' cells as trimmed text, converted in place: the rows are the caller's own, and a
 * 100,000-row file need not be held twice.
 */
export async function textRows(rows: TableRow[]): Promise<{ row: number; cells: string[] }[]> {
  await pacedEach(rows, (r) => {
    r.cells = r.cells.map((c) => cellText(c));
  });
  return rows as { row: number; cells: string[] }[];
}

/** Where each known field is in the header; a file without product, time and a result column is refused. */
export function rapidColumns(header: string[]): Partial<Record<Field, number>> {
  const pos: Partial<Record<Field, number>> = {};
  header.forEach((h, i) => {
    for (const [field, names] of Object.entries(RAPID_HEADERS) as [Field, readonly string[]][]) {
      if (pos[field] === undefined && names.some((n) => norm(n) === norm(h))) pos[field] = i;
    }
  });
  const missing = [
    pos.product === undefined ? '样品名称' : '',
    pos.testedAt === undefined ? '检测时间' : '',
    pos.inhibitionRate === undefined && pos.result === undefined ? '抑制率或检测结果' : '',
  ].filter(Boolean);
  if (missing.length) {
    const reason = `表头缺少：${missing.join('、')}（可识别的列名见导入说明）`;
    throw badRequest(reason, [{ field: 'file', reason }]);
  }
  return pos;
}

/** Two digits (made once here: a helper made per call costs the server's tsx a name per row). */
const p = (x: string) => x.padStart(2, '0');

/** "2021-06-01 09:30", "2021/6/1 9:30:00", "2021-06-01" → ISO with +08:00; null if not a time. */
export function parseTime(s: string): string | null {
  const m = s
    .trim()
    .match(/^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/);
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', se = '0'] = m;
  const iso = `${y}-${p(mo as string)}-${p(d as string)}T${p(h)}:${p(mi)}:${p(se)}+08:00`;
  return Number.isNaN(new Date(iso).getTime()) ? null : iso;
}

const RESULT_WORDS: Record<string, 'positive' | 'negative'> = {
  阳性: 'positive',
  '+': 'positive',
  不合格: 'positive',
  超标: 'positive',
  阴性: 'negative',
  '-': 'negative',
  合格: 'negative',
};

/**
 * A cell as trimmed text ('' when the file has no such column). Only the cells a field reads are
 * converted: a separate pass over every cell cost a new array per row.
 */
const cellAt = (cells: readonly Cell[], i: number): string => (i < 0 ? '' : cellText(cells[i]));

/** File rows as API inputs, plus the errors found while reading them (named by file row and column). */
export async function mapRapidRows(
  header: string[],
  rows: readonly { row: number; cells: readonly Cell[] }[],
  defaults: RapidImportDefaults,
): Promise<{ inputs: Record<string, unknown>[]; rowNumbers: number[]; errors: RowIssue[] }> {
  const pos = rapidColumns(header);
  // Column positions once; -1 when the file has no such column (its cell reads as '').
  const at = (f: Field) => pos[f] ?? -1;
  const [cNo, cTime, cProduct, cParty, cTarget, cRate, cResult, cTester, cInstrument] = [
    at('testNo'),
    at('testedAt'),
    at('product'),
    at('sampledParty'),
    at('target'),
    at('inhibitionRate'),
    at('result'),
    at('tester'),
    at('instrument'),
  ];
  const inputs: Record<string, unknown>[] = [];
  const rowNumbers: number[] = [];
  const errors: RowIssue[] = [];
  const pace = pacer();
  for (const r of rows) {
    if (pace.due()) await pace.pause();
    const c = r.cells;
    const timeText = cellAt(c, cTime);
    const testedAt = parseTime(timeText);
    let bad = false;
    if (!testedAt) {
      errors.push({ row: r.row, field: '检测时间', reason: `无法识别的时间“${timeText}”` });
      bad = true;
    }
    const rateText = cellAt(c, cRate).replace(/%$/, '');
    const rate = rateText === '' ? null : Number(rateText);
    if (rate !== null && !Number.isFinite(rate)) {
      errors.push({ row: r.row, field: '抑制率', reason: `不是数字：“${rateText}”` });
      bad = true;
    }
    const resultText = cellAt(c, cResult);
    const result = resultText ? RESULT_WORDS[resultText] : undefined;
    if (resultText && !result) {
      errors.push({ row: r.row, field: '检测结果', reason: `应为阳性或阴性，实际“${resultText}”` });
      bad = true;
    }
    if (bad) continue;
    const method =
      rate !== null
        ? 'enzyme_inhibition'
        : defaults.method === 'enzyme_inhibition'
          ? 'other'
          : defaults.method;
    const input: Record<string, unknown> = {
      holderCode: defaults.holderCode,
      townCode: defaults.townCode,
      sampledParty: cellAt(c, cParty) || '（仪器导入，未记录被检单位）',
      product: cellAt(c, cProduct),
      link: defaults.link,
      method,
      testedAt,
      tester: cellAt(c, cTester) || defaults.tester || '',
      instrument: cellAt(c, cInstrument) || null,
    };
    const testNo = cellAt(c, cNo);
    if (testNo) input.testNo = testNo;
    const target = cellAt(c, cTarget);
    if (target) input.target = target;
    if (rate !== null) input.inhibitionRate = rate;
    else input.result = result;
    inputs.push(input);
    rowNumbers.push(r.row);
  }
  return { inputs, rowNumbers, errors };
}

/** API field names in import errors, said as the file's column names. */
const COLUMN_OF: Record<string, string> = {
  product: '样品名称',
  testNo: '检测编号',
  testedAt: '检测时间',
  inhibitionRate: '抑制率',
  result: '检测结果',
  tester: '检测人',
  sampledParty: '被检单位',
  target: '检测项目',
  instrument: '仪器编号',
};
export const asColumns = (errors: RowIssue[]): RowIssue[] =>
  errors.map((e) => ({ ...e, field: COLUMN_OF[e.field] ?? e.field }));

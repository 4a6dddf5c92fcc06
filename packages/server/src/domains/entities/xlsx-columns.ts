import { unquoteCell } from '@nongan/shared/common/text';
import {
  ENTITY_TYPE_LABELS,
  ENTITY_TYPES,
  type EntityType,
  INDUSTRIES,
  INDUSTRY_LABELS,
  type Industry,
  RISK_GRADE_LABELS,
  RISK_GRADES,
  type RiskGrade,
} from '@nongan/shared/entities/schemas';

/**
 * The spreadsheet columns of the entity directory, shared by template, export and import so an
 * export re-imports cleanly. `field` is the EntityCreate field the column fills; town, village and
 * grid are written as names and read as names or codes.
 */
export const ENTITY_COLUMNS = [
  { header: '名称', field: 'name', width: 36, required: true },
  { header: '类型', field: 'type', width: 16, required: true },
  { header: '统一社会信用代码', field: 'creditCode', width: 22, text: true },
  { header: '身份证号', field: 'idCard', width: 22, text: true },
  { header: '法定代表人/负责人', field: 'legalRep', width: 14, required: true },
  { header: '联系电话', field: 'phone', width: 15, text: true, required: true },
  { header: '地址', field: 'address', width: 40, required: true },
  { header: '镇街', field: 'townCode', width: 12, required: true },
  { header: '村', field: 'villageCode', width: 14 },
  { header: '网格', field: 'gridCode', width: 16 },
  { header: '行业', field: 'industries', width: 16, required: true },
  { header: '主要产品', field: 'mainProducts', width: 20 },
  { header: '规模', field: 'scale', width: 12 },
  { header: '合格证试行', field: 'certificateTrial', width: 10 },
  { header: '追溯管理', field: 'traceManaged', width: 10 },
  { header: '风险等级', field: 'riskGrade', width: 10 },
  { header: '纬度', field: 'lat', width: 11 },
  { header: '经度', field: 'lng', width: 11 },
  { header: '备注', field: 'remarks', width: 30 },
] as const satisfies readonly {
  header: string;
  field: string;
  width: number;
  text?: boolean;
  required?: boolean;
}[];

export type EntityColumn = (typeof ENTITY_COLUMNS)[number];
export type ColumnField = EntityColumn['field'];
export const HEADERS: readonly string[] = ENTITY_COLUMNS.map((c) => c.header);
/** Header of a field, for naming the column of an error; place fields map to their columns. */
export const HEADER_OF = Object.fromEntries(ENTITY_COLUMNS.map((c) => [c.field, c.header])) as Record<
  string,
  string
>;

/** Separators accepted inside a list cell: 、 , ， ; ； and new lines. */
const LIST_SEPARATOR = /[、,，;；\n]+/;
export const LIST_JOINER = '、';

function lookup<T extends string>(
  codes: readonly T[],
  labels: Record<T, string>,
  extra: Record<string, T> = {},
) {
  const map = new Map<string, T>();
  for (const c of codes) {
    map.set(c, c);
    map.set(labels[c], c);
  }
  for (const [k, v] of Object.entries(extra)) map.set(k, v);
  return map;
}

const TYPE_BY_TEXT = lookup(ENTITY_TYPES, ENTITY_TYPE_LABELS, {
  合作社: 'cooperative',
  专业合作社: 'cooperative',
  大户: 'large_grower',
});
const INDUSTRY_BY_TEXT = lookup(INDUSTRIES, INDUSTRY_LABELS, {
  农资: 'inputs',
  畜禽: 'livestock',
  渔业: 'aquatic',
});
const RISK_BY_TEXT = lookup(RISK_GRADES, RISK_GRADE_LABELS, { 低: 'low', 中: 'medium', 高: 'high' });
const TRUE_WORDS = new Set(['是', '√', 'Y', 'YES', 'TRUE', '1']);
const FALSE_WORDS = new Set(['否', '×', 'N', 'NO', 'FALSE', '0']);

/** A cell as exceljs gives it: text, number, boolean, date, rich text, hyperlink or formula result. */
export type CellValue = unknown;

/**
 * Any cell as trimmed text ('' when empty). Whole numbers are written out in full (phones, codes).
 * The apostrophe an export puts before = + - @ (platform/xlsx-write.ts) is taken off again.
 */
export function cellText(v: CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return unquoteCell(v).trim();
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) < 1e21 ? v.toFixed(0) : String(v);
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; text?: unknown; result?: unknown; error?: string };
    if (Array.isArray(o.richText))
      return o.richText
        .map((p) => p.text)
        .join('')
        .trim();
    if ('result' in o) return cellText(o.result);
    if (o.text !== undefined) return cellText(o.text);
    if (o.error) return o.error;
  }
  return String(v).trim();
}

/** A long number Excel has already rounded (an 18-digit ID card typed into a number cell). */
export function isRoundedNumber(v: CellValue): boolean {
  return typeof v === 'number' && Math.abs(v) > Number.MAX_SAFE_INTEGER;
}

export const parseType = (s: string): EntityType | undefined =>
  TYPE_BY_TEXT.get(s) ?? TYPE_BY_TEXT.get(s.toLowerCase());
export const parseRisk = (s: string): RiskGrade | undefined =>
  RISK_BY_TEXT.get(s) ?? RISK_BY_TEXT.get(s.toLowerCase());

/** Industries by label or code; returns the unknown words too, for the error message. */
export function parseIndustries(s: string): { values: Industry[]; unknown: string[] } {
  const values: Industry[] = [];
  const unknown: string[] = [];
  for (const w of splitList(s)) {
    const v = INDUSTRY_BY_TEXT.get(w) ?? INDUSTRY_BY_TEXT.get(w.toLowerCase());
    if (v) {
      if (!values.includes(v)) values.push(v);
    } else unknown.push(w);
  }
  return { values, unknown };
}

export const splitList = (s: string): string[] =>
  s
    .split(LIST_SEPARATOR)
    .map((w) => w.trim())
    .filter(Boolean);

/** 是/否 (and Y/N, TRUE/FALSE, 1/0); empty is the default; undefined when unreadable. */
export function parseBool(s: string, empty = false): boolean | undefined {
  if (s === '') return empty;
  const u = s.toUpperCase();
  if (TRUE_WORDS.has(u)) return true;
  if (FALSE_WORDS.has(u)) return false;
  return undefined;
}

export const boolText = (b: boolean) => (b ? '是' : '否');
export const typeText = (t: string) => ENTITY_TYPE_LABELS[t as EntityType] ?? t;
export const riskText = (r: string) => RISK_GRADE_LABELS[r as RiskGrade] ?? r;
export const industriesText = (list: string[]) =>
  list.map((i) => INDUSTRY_LABELS[i as Industry] ?? i).join(LIST_JOINER);

/** Allowed values and rules, for the 说明 sheet of the template. */
export function instructionLines(
  towns: { name: string; formerName: string | null; code: string }[],
): [string, string][] {
  return [
    ['使用方法', '在“主体名录”表第2行起每行填写一个主体；表头（第1行）不可修改、删除或增加列。'],
    [
      '必填列',
      ENTITY_COLUMNS.filter((c) => 'required' in c && c.required)
        .map((c) => c.header)
        .join('、'),
    ],
    ['类型', ENTITY_TYPES.map((t) => ENTITY_TYPE_LABELS[t]).join('、')],
    ['行业', `${INDUSTRIES.map((i) => INDUSTRY_LABELS[i]).join('、')}（可填多个，用“、”或“,”分隔）`],
    ['风险等级', `${RISK_GRADES.map((r) => RISK_GRADE_LABELS[r]).join('、')}（留空为低风险）`],
    ['合格证试行、追溯管理', '填“是”或“否”（留空为否）'],
    ['主要产品', '可填多个，用“、”或“,”分隔，最多20个'],
    ['统一社会信用代码', '18位，校验位须正确；散户以外的主体必填。请将该列设为文本格式。'],
    ['身份证号', '18位，校验位须正确；散户无统一社会信用代码时必填。请将该列设为文本格式，以免 Excel 舍入。'],
    [
      '身份证号（脱敏）',
      '导出文件中的身份证号为脱敏值（含*）；原样导回时保留系统中的身份证号，新增主体须填写完整号码。',
    ],
    ['联系电话', '11位手机号，或带区号的固定电话（如 023-45678901）'],
    ['镇街', '填写镇街名称或9位代码；已更名的镇（蒲吕镇、旧县镇）也可使用原名。'],
    ['村、网格', '填写本镇街下的村名称或12位代码；填写网格须先填写村。'],
    ['纬度、经度', '十进制度数，须同时填写或同时留空。'],
    [
      '重复与更新',
      '按统一社会信用代码匹配已有主体，其次身份证号，其次名称+镇街；匹配到的主体按本行内容更新，否则新增。同一文件中重复的行，后出现者报错。',
    ],
    ['留空', '统一社会信用代码、身份证号留空不会清除系统中已有的值；其他选填列留空即清空。'],
    ['导入模式', '宽松模式：导入全部正确的行并列出错误行；严格模式：任一行有错误则全部不导入。'],
    ['辖区', '镇街监管员只能导入本镇街的主体。'],
    ['镇街名称', towns.map((t) => (t.formerName ? `${t.name}（原${t.formerName}）` : t.name)).join('、')],
  ];
}

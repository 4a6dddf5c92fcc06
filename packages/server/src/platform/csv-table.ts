/**
 * Checked-in reference tables (CSV with a fixed header): each data set reads them the same way
 * and reports a bad record by file, line and field through its own error type.
 */
export type DataErrorFactory = (file: string, line: number, field: string, reason: string) => Error;

export interface CsvRow {
  line: number;
  cells: Record<string, string>;
}

/** RFC 4180 CSV with the physical line number where each record starts; blank lines skipped. */
export function readCsv(
  file: string,
  text: string,
  columns: readonly string[],
  fail: DataErrorFactory,
): CsvRow[] {
  const records: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  const src = text.replace(/^\uFEFF/, '');
  const endRecord = () => {
    cells.push(field);
    if (cells.some((c) => c.trim() !== '')) records.push({ line: start, cells });
    cells = [];
    field = '';
  };
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      cells.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      endRecord();
      line++;
      start = line;
    } else field += c;
  }
  if (quoted) throw fail(file, start, '(record)', 'unterminated quoted field');
  endRecord();
  const [header, ...rows] = records;
  const names = header?.cells.map((h) => h.trim()) ?? [];
  if (names.join(',') !== columns.join(',')) {
    throw fail(file, 1, '(header)', `expected columns ${columns.join(',')}, got ${names.join(',')}`);
  }
  return rows.map((r) => {
    if (r.cells.length !== columns.length) {
      throw fail(file, r.line, '(record)', `expected ${columns.length} fields, got ${r.cells.length}`);
    }
    return { line: r.line, cells: Object.fromEntries(columns.map((c, i) => [c, (r.cells[i] ?? '').trim()])) };
  });
}

import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { newWorkbook } from './xlsx-write.ts';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url)); // packages/

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = join(dir, d.name);
    if (d.isDirectory()) return d.name === 'node_modules' || d.name === 'dist' ? [] : sourceFiles(p);
    return /\.tsx?$/.test(d.name) && !/\.test\.tsx?$/.test(d.name) ? [p] : [];
  });
}

describe('xlsx-write', () => {
  it('neutralises formula-like text in every way a row can be added', async () => {
    const wb = newWorkbook();
    const ws = wb.addWorksheet('s');
    ws.columns = [
      { header: 'a', key: 'a' },
      { header: 'b', key: 'b' },
    ];
    ws.addRow(['=1+1', 5]);
    ws.addRow({ a: '@SUM(A1)', b: -3 });
    ws.addRows([['+86 138'], { a: '-x' }]);
    ws.insertRow(2, ['=cmd|calc']);
    ws.addRow(['普通', "'=1"]);
    const back = new ExcelJS.Workbook();
    await back.xlsx.load((await wb.xlsx.writeBuffer()) as ArrayBuffer);
    const rows: unknown[][] = [];
    back.worksheets[0]?.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    expect(rows).toEqual([
      ['a', 'b'],
      ["'=cmd|calc"],
      ["'=1+1", 5],
      ["'@SUM(A1)", -3],
      ["'+86 138"],
      ["'-x"],
      ['普通', "''=1"],
    ]);
  });

  it('is the only writer of workbooks: no other source file imports exceljs', () => {
    const offenders = sourceFiles(ROOT)
      // Test support under src/test/ builds hostile workbooks on purpose; it ships nothing.
      .filter((f) => !f.includes('/src/test/') && /from ['"]exceljs['"]/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(ROOT, f));
    expect(offenders).toEqual(['server/src/platform/xlsx-write.ts']);
  });
});

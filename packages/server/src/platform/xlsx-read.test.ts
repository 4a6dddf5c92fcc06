import { describe, expect, it } from 'vitest';
import { zip } from '../test/hostile-files.ts';
import { readFirstSheet, UnpackedTooLargeError, type XlsxRow } from './xlsx-read.ts';

// The worksheet is read while it inflates, one piece (1 MB) at a time: rows and characters that
// straddle two pieces must come out whole, in order, as if the sheet had been read at once.

const WORDS = ['低风险', '铜梁区土桥镇', '蔬菜专业合作社', '🥬青菜', 'A&B <甲>'];
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A sheet of inline strings (as streamed exports write them), with an empty row element now and then. */
function sheetOf(n: number): { xlsx: Buffer; unpacked: number; rows: XlsxRow[] } {
  const rows: XlsxRow[] = [];
  const xml: string[] = ['<?xml version="1.0" encoding="UTF-8"?><worksheet><sheetData>'];
  for (let i = 1; i <= n; i++) {
    if (i % 997 === 0) {
      xml.push(`<row r="${i}"/>`);
      rows.push({ row: i, cells: [] });
      continue;
    }
    // Odd lengths shift where the multi-byte characters fall against the piece boundaries.
    const text = `${WORDS[i % WORDS.length]}${'菜'.repeat(i % 7)}${i}`;
    xml.push(
      `<row r="${i}"><c r="A${i}" t="inlineStr"><is><t>${esc(text)}</t></is></c><c r="C${i}"><v>${i / 4}</v></c></row>`,
    );
    rows.push({ row: i, cells: [text, null, i / 4] });
  }
  xml.push('</sheetData></worksheet>');
  const data = Buffer.from(xml.join(''));
  return { xlsx: zip([{ name: 'xl/worksheets/sheet1.xml', data }]), unpacked: data.length, rows };
}

describe('readFirstSheet', () => {
  it('reads a sheet of several pieces whole: every row, every character, in order', async () => {
    const { xlsx, unpacked, rows } = sheetOf(60_000);
    expect(unpacked).toBeGreaterThan(5 * 1024 * 1024);
    const seen: XlsxRow[] = [];
    await readFirstSheet(xlsx, (r) => seen.push(r));
    expect(seen.length).toBe(rows.length);
    const first = seen.findIndex((r, i) => JSON.stringify(r) !== JSON.stringify(rows[i]));
    expect(first >= 0 ? [seen[first], rows[first]] : []).toEqual([]);
    expect(seen).toEqual(rows);
  });

  it('reads attributes by whole name, values, escapes and phonetic runs as Excel writes them', async () => {
    // st="…" and xt="…" end in t=" but are other attributes; a cell without r takes the next column.
    const xml = [
      '<worksheet><sheetData>',
      '<row r="3"><c st="9" r="B3" xt="n" t="s"><v>1</v></c><c t="inlineStr"><is><t>a&amp;b_x0041_</t></is></c>',
      '<c r="E3" t="b"><v>1</v></c><c r="F3"><f>1+1</f><v>2.5</v></c><c r="G3" t="str"><v>&#x4E2D;</v></c></row>',
      '<row r="4"><c r="AA4" t="s"><v>0</v></c><c r="AB4" t="inlineStr"><is><r><t>汉</t></r><r><t xml:space="preserve"> 字</t></r></is></c></row>',
      '</sheetData></worksheet>',
    ].join('');
    const sst =
      '<sst><si><t>低</t><rPh sb="0" eb="1"><t>ディ</t></rPh></si><si><t xml:space="preserve">风 险</t></si></sst>';
    const xlsx = zip([
      { name: 'xl/worksheets/sheet1.xml', data: Buffer.from(xml) },
      { name: 'xl/sharedStrings.xml', data: Buffer.from(sst) },
    ]);
    const seen: XlsxRow[] = [];
    await readFirstSheet(xlsx, (r) => seen.push(r));
    expect(seen).toEqual([
      { row: 3, cells: [null, '风 险', 'a&bA', null, true, 2.5, '中'] },
      { row: 4, cells: [...Array(26).fill(null), '低', '汉 字'] },
    ]);
  });

  it('stops at the first row the caller refuses', async () => {
    const { xlsx } = sheetOf(60_000);
    let calls = 0;
    const reading = readFirstSheet(xlsx, () => {
      calls++;
      throw new Error('第 1 行不对');
    });
    await expect(reading).rejects.toThrow('第 1 行不对');
    expect(calls).toBe(1);
  });

  it('refuses a sheet that inflates past the cap, or to another size than its directory says', async () => {
    const { xlsx, unpacked } = sheetOf(60_000);
    let calls = 0;
    await readFirstSheet(xlsx, () => calls++, unpacked);
    expect(calls).toBe(60_000);
    // The declared size fits the cap, the real one does not: refused once past it.
    const data = Buffer.from('<row r="1"/>'.repeat(300_000));
    const lie = zip([{ name: 'xl/worksheets/sheet1.xml', data, declaredSize: 1000 }]);
    await expect(readFirstSheet(lie, () => {}, 2 * 1024 * 1024)).rejects.toBeInstanceOf(
      UnpackedTooLargeError,
    );
    // Within the cap, but not the size the directory declared.
    await expect(readFirstSheet(lie, () => {})).rejects.toThrow('size differs');
  });
});

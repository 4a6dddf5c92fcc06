import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Requester, type TestApp, TOWN_A } from '../../test/helper.ts';

let t: TestApp;
let townA: Requester;

beforeAll(async () => {
  t = await buildTestApp();
  townA = await t.as('town_supervisor', TOWN_A);
});
afterAll(() => t.close());

function multipart(name: string, content: Buffer) {
  const boundary = '----nongan-test';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  return {
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat([Buffer.from(head), content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
  };
}

async function xlsx(rows: (string | number)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('数据');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const query = `holderCode=${TOWN_A}&townCode=${TOWN_A}&link=retail_market&tester=${encodeURIComponent('王检测')}`;

describe('rapid-test import from instrument files', () => {
  it('imports an .xlsx in strict mode only when every row is good', async () => {
    const bad = await xlsx([
      ['样品名称', '抑制率(%)', '检测时间'],
      ['大白菜', 12.5, '2021-06-01 09:30'],
      ['火星菜', 10, '2021-06-01 09:31'],
    ]);
    const strict = (
      await townA({
        method: 'POST',
        url: `/api/rapid-tests/import?mode=strict&${query}`,
        ...multipart('a.xlsx', bad),
      })
    ).json();
    expect(strict).toMatchObject({ committed: false, created: 0, total: 2 });
    expect(strict.errors).toEqual([{ row: 3, field: '样品名称', reason: '未知产品“火星菜”' }]);
    expect((await townA({ url: '/api/rapid-tests' })).json().total).toBe(0);

    const lenient = (
      await townA({
        method: 'POST',
        url: `/api/rapid-tests/import?mode=lenient&${query}`,
        ...multipart('a.xlsx', bad),
      })
    ).json();
    expect(lenient).toMatchObject({ committed: true, created: 1 });
  });

  it('imports a CSV with positives and their follow-up', async () => {
    const csv =
      '样品名称,抑制率(%),检测时间,检测结果\r\n菠菜,72.5,2021/6/2 10:00,阳性\r\n萝卜,8,2021/6/2 10:05,阴性\r\n';
    const body = Buffer.from(csv, 'utf8');
    const r1 = (
      await townA({ method: 'POST', url: `/api/rapid-tests/import?${query}`, ...multipart('b.csv', body) })
    ).json();
    expect(r1).toMatchObject({ committed: true, created: 2, positive: 1 });
  });

  it('refuses a file without the needed columns, naming them', async () => {
    const res = await townA({
      method: 'POST',
      url: `/api/rapid-tests/import?${query}`,
      ...multipart(
        'c.xlsx',
        await xlsx([
          ['编号', '备注'],
          ['1', 'x'],
        ]),
      ),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().issues[0]).toMatchObject({ field: 'file' });
    expect(res.json().message).toContain('样品名称');
  });
});

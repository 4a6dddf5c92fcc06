import { count, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Requester, type TestApp, TOWN_A, TOWN_B } from '../../test/helper.ts';
import { auditLog } from '../audit/table.ts';
import { divisions } from './table.ts';

let t: TestApp;
let office: Requester;

beforeAll(async () => {
  t = await buildTestApp();
  office = await t.as('district_staff');
});
afterAll(() => t.close());

function multipart(content: Buffer | string, filename: string) {
  const boundary = '----nongan-division-boundary';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  return {
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat([Buffer.from(head), Buffer.from(content), Buffer.from(`\r\n--${boundary}--\r\n`)]),
  };
}
const upload = (who: Requester, content: Buffer | string, filename = 'villages.csv') =>
  who({ method: 'POST', url: '/api/divisions/import', ...multipart(content, filename) });

const divisionCount = async () => Number((await t.database.db.select({ n: count() }).from(divisions))[0]?.n);
const nameOf = async (code: string) =>
  (await t.database.db.select().from(divisions).where(eq(divisions.code, code)))[0]?.name;

describe('division import', () => {
  it('adds villages and grids from a CSV (grids may come before their village), audited, and re-imports idempotently', async () => {
    const csv = [
      'code,name,parent_code',
      `${TOWN_A}21101,石桥第1网格,${TOWN_A}211`,
      `${TOWN_A}211,石桥村,${TOWN_A}`,
      `${TOWN_A}212,龙泉村,${TOWN_A}`,
      `${TOWN_B}211,"观音村",${TOWN_B}`,
    ].join('\r\n');
    const before = await divisionCount();
    const res = await upload(office, csv);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      total: 4,
      created: 4,
      updated: 0,
      unchanged: 0,
      failed: 0,
      committed: true,
      errors: [],
    });
    expect(await divisionCount()).toBe(before + 4);
    const grid = (await office({ url: `/api/divisions?parentCode=${TOWN_A}211` })).json();
    expect(grid).toEqual([expect.objectContaining({ code: `${TOWN_A}21101`, level: 'grid' })]);
    const audits = await t.database.db
      .select({ n: count() })
      .from(auditLog)
      .where(eq(auditLog.subjectType, 'division'));
    expect(Number(audits[0]?.n)).toBe(4);

    const again = (await upload(office, csv)).json();
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 4, committed: true });
    const renamed = (await upload(office, csv.replace('龙泉村', '龙泉新村'))).json();
    expect(renamed).toMatchObject({ created: 0, updated: 1, unchanged: 3 });
    expect(await nameOf(`${TOWN_A}212`)).toBe('龙泉新村');
    expect(await divisionCount()).toBe(before + 4);
  });

  it('reads .xlsx too, and GBK-encoded CSV as Excel writes it', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('村');
    ws.addRow(['code', 'name', 'parent_code']);
    ws.addRow([`${TOWN_B}212`, '白果村', TOWN_B]);
    const res = await upload(office, Buffer.from(await wb.xlsx.writeBuffer()), 'v.xlsx');
    expect(res.json()).toMatchObject({ created: 1, committed: true });
    expect(await nameOf(`${TOWN_B}212`)).toBe('白果村');

    // 代码,名称,上级代码 / 金竹村 in GBK.
    const gbk = Buffer.concat([
      Buffer.from(`code,name,parent_code\r\n${TOWN_B}213,`),
      Buffer.from([0xbd, 0xf0, 0xd6, 0xf1, 0xb4, 0xe5]),
      Buffer.from(`,${TOWN_B}\r\n`),
    ]);
    expect((await upload(office, gbk)).json()).toMatchObject({ created: 1 });
    expect(await nameOf(`${TOWN_B}213`)).toBe('金竹村');
  });

  it('writes nothing when any row fails, and says which rows', async () => {
    const before = await divisionCount();
    const csv = [
      'code,name,parent_code',
      `${TOWN_A}221,好村,${TOWN_A}`,
      `${TOWN_B}221,放错镇的村,${TOWN_A}`,
      `${TOWN_A}222,,${TOWN_A}`,
      `${TOWN_A}221,重复村,${TOWN_A}`,
      `${TOWN_A}22301,没有上级的网格,${TOWN_A}223`,
      `${TOWN_A},改镇名,500151`,
    ].join('\n');
    const res = (await upload(office, csv)).json();
    expect(res).toMatchObject({ total: 6, created: 0, failed: 5, committed: false });
    expect(res.errors.map((e: { row: number; column: string }) => [e.row, e.column])).toEqual([
      [3, 'code'],
      [4, 'name'],
      [5, 'code'],
      [6, 'parent_code'],
      [7, 'code'],
      [7, 'parent_code'],
    ]);
    expect(await divisionCount()).toBe(before);
  });

  it('refuses a wrong header, a non-table file and other roles', async () => {
    const wrong = await upload(office, 'code,名字,parent\n1,2,3\n');
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().issues[0]).toMatchObject({ field: 'file' });
    expect(wrong.json().message).toContain('缺少列：name、parent_code');
    expect((await upload(office, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]), 'x.png')).statusCode).toBe(
      400,
    );
    const town = await t.as('town_supervisor', TOWN_A);
    expect((await upload(town, `code,name,parent_code\n${TOWN_A}231,X村,${TOWN_A}\n`)).statusCode).toBe(403);
  });
});

import { type SQL, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Requester, rapidBody, type TestApp, TOWN_A } from '../../test/helper.ts';

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

/** Rows of a query read straight from the database. */
async function rowsOf<R>(query: SQL): Promise<R[]> {
  return ((await t.database.db.execute(query)) as unknown as { rows: R[] }).rows;
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

  // The writes go in rounds of 2,000 tests (rapid-writer.ts WRITE_BATCH); 4,500 rows take three.
  it('writes a file of several write rounds whole, with audit, follow-ups and statistics, or nothing', async () => {
    const one = async (q: string) => (await rowsOf<Record<string, unknown>>(sql.raw(q)))[0] ?? {};
    const counts = async () => ({
      tests: Number((await one(`select count(*) n from rapid_tests where test_no like 'BIG-%'`)).n),
      audit: Number((await one(`select count(*) n from audit_log where subject_type = 'rapid_test'`)).n),
      holds: Number((await one(`select count(*) n from lot_holds`)).n),
      total: Number((await one(`select coalesce(sum(total), 0) n from result_stats`)).n),
      failed: Number((await one(`select coalesce(sum(failed), 0) n from result_stats`)).n),
    });
    const rows: (string | number)[][] = [['检测编号', '样品名称', '抑制率(%)', '检测时间']];
    for (let i = 1; i <= 4500; i++)
      rows.push([`BIG-${i}`, '大白菜', i % 100 === 0 ? 60 : 10, `2021-${1 + (i % 12)}-03 08:00`]);
    const before = await counts();

    const withBad = await xlsx([...rows, ['BIG-9999', '火星菜', 10, '2021-06-01 09:00']]);
    const refused = (
      await townA({
        method: 'POST',
        url: `/api/rapid-tests/import?mode=strict&${query}`,
        ...multipart('big.xlsx', withBad),
      })
    ).json();
    expect(refused).toMatchObject({ committed: false, created: 0, failed: 1, total: 4501, batchId: null });
    expect(await counts()).toEqual(before);

    const res = await townA({
      method: 'POST',
      url: `/api/rapid-tests/import?mode=strict&${query}`,
      ...multipart('big.xlsx', await xlsx(rows)),
    });
    const body = res.json();
    expect(body).toMatchObject({ committed: true, created: 4500, positive: 45, failed: 0, errors: [] });
    expect(body).not.toHaveProperty('ids');
    expect(body.batchId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await counts()).toEqual({
      tests: 4500,
      // The batch's one audit row records the tests; none is audited one by one.
      audit: before.audit,
      holds: before.holds + 45,
      total: before.total + 4500,
      failed: before.failed + 45,
    });
    // Each test names the batch and keeps who recorded it; the batch's row says when and from what.
    const named = await one(
      `select count(*) n, count(distinct created_by) recorders from rapid_tests
        where batch_id = '${body.batchId}' and created_by is not null`,
    );
    expect(Number(named.n)).toBe(4500);
    expect(Number(named.recorders)).toBe(1);
    // Ids are time-ordered (UUIDv7), in the file's order: BIG-1 < BIG-2 < … < BIG-4500.
    const order = await one(
      `select bool_and(ordered) ok, count(*) n, bool_and(substr(id::text, 15, 1) = '7') v7 from (
         select id, id > lag(id) over (order by substring(test_no from 5)::int) or
           lag(id) over (order by substring(test_no from 5)::int) is null as ordered
         from rapid_tests where test_no like 'BIG-%') x`,
    );
    expect(order).toMatchObject({ ok: true, v7: true });
    expect(Number(order.n)).toBe(4500);
    const batch = await one(
      `select a.after, a.user_id::text = (select created_by::text from rapid_tests where test_no = 'BIG-100') as same_user
         from audit_log a where subject_type = 'rapid_import' and subject_id = '${body.batchId}'`,
    );
    expect(batch.same_user).toBe(true);
    // The test's page says how it was recorded: by whom, and in which file.
    const big100 = await one(
      `select r.id, u.display_name from rapid_tests r join users u on u.id = r.created_by where test_no = 'BIG-100'`,
    );
    const detail = (await townA({ method: 'GET', url: `/api/rapid-tests/${big100.id}` })).json();
    expect(detail).toMatchObject({
      testNo: 'BIG-100',
      recordedBy: big100.display_name,
      entry: { via: 'file', fileName: 'big.xlsx' },
    });
    expect(detail.recordedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(batch.after).toMatchObject({
      source: 'file',
      fileName: 'big.xlsx',
      mode: 'strict',
      created: 4500,
    });
  });

  it('numbers a file in its order, and uses no number for a refused file', async () => {
    // Rows without a test number take the year's next serials, in the file's order, across its
    // chunks and write rounds. A strict file refused by its last row takes none, so the next import
    // continues without a gap.
    const numbered = () =>
      rowsOf<{ test_no: string; r: number }>(
        sql`select test_no, inhibition_rate::float r from rapid_tests where test_no like 'KJ%-2022-%' order by test_no`,
      );
    const serials = async () => (await numbered()).map((x) => x.test_no);
    const before = await serials();
    const rows: (string | number)[][] = [['样品名称', '抑制率(%)', '检测时间']];
    for (let i = 0; i < 4500; i++) rows.push(['萝卜', 10 + (i % 7), '2022-03-04 08:00']);
    const refused = (
      await townA({
        method: 'POST',
        url: `/api/rapid-tests/import?mode=strict&${query}`,
        ...multipart('numbered.xlsx', await xlsx([...rows, ['火星菜', 10, '2022-03-04 09:00']])),
      })
    ).json();
    expect(refused).toMatchObject({ committed: false, created: 0, failed: 1, total: 4501 });
    expect(refused.errors).toEqual([{ row: 4502, field: '样品名称', reason: '未知产品“火星菜”' }]);
    expect(await serials()).toEqual(before);

    const done = (
      await townA({
        method: 'POST',
        url: `/api/rapid-tests/import?mode=strict&${query}`,
        ...multipart('numbered.xlsx', await xlsx(rows)),
      })
    ).json();
    expect(done).toMatchObject({ committed: true, created: 4500, failed: 0 });
    const written = (await numbered()).slice(before.length);
    expect(written).toHaveLength(4500);
    const start = before.length ? Number((before.at(-1) as string).slice(-6)) + 1 : 1;
    expect(written.map((x) => Number(x.test_no.slice(-6)))).toEqual(
      Array.from({ length: 4500 }, (_, i) => start + i),
    );
    // In the file's order: the rates cycle 10..16 down the file.
    const rates = written.map((x) => x.r);
    expect(rates.slice(0, 8)).toEqual([10, 11, 12, 13, 14, 15, 16, 10]);
    expect(rates.at(-1)).toBe(10 + (4499 % 7));
  });

  it('writes a lenient file chunk by chunk, refusing a number an earlier chunk already wrote', async () => {
    // 4,500 rows arrive in three chunks, and each chunk is written before the next is checked: a
    // later row repeating an earlier chunk's number (written, not yet committed) is still refused,
    // and so is one repeating a number committed before.
    const rows: (string | number)[][] = [['检测编号', '样品名称', '抑制率(%)', '检测时间']];
    for (let i = 1; i <= 4500; i++) rows.push([`LEN-${i}`, '菠菜', 10, '2021-05-06 08:00']);
    rows[4001] = ['LEN-7', '菠菜', 10, '2021-05-06 08:00'];
    rows[4200] = ['BIG-1', '菠菜', 10, '2021-05-06 08:00'];
    rows[3000] = ['LEN-3000', '火星菜', 10, '2021-05-06 08:00'];
    const body = (
      await townA({
        method: 'POST',
        url: `/api/rapid-tests/import?mode=lenient&${query}`,
        ...multipart('lenient.xlsx', await xlsx(rows)),
      })
    ).json();
    expect(body).toMatchObject({ committed: true, created: 4497, failed: 3, total: 4500 });
    expect(body.errors).toEqual([
      { row: 3001, field: '样品名称', reason: '未知产品“火星菜”' },
      { row: 4002, field: '检测编号', reason: '检测编号 LEN-7 已存在' },
      { row: 4201, field: '检测编号', reason: '检测编号 BIG-1 已存在' },
    ]);
    const [n] = await rowsOf<{ n: number; seven: number }>(
      sql`select count(*)::int n, (count(*) filter (where test_no = 'LEN-7'))::int seven
        from rapid_tests where test_no like 'LEN-%'`,
    );
    expect(n).toEqual({ n: 4497, seven: 1 });
  });

  it('answers with the first 1,000 errors and the count of failed rows', async () => {
    const rows: (string | number)[][] = [['样品名称', '抑制率(%)', '检测时间']];
    for (let i = 0; i < 1200; i++) rows.push(['火星菜', 10, '2021-06-01 09:00']);
    rows.push(['萝卜', 10, '2021-06-01 09:00']);
    const body = (
      await townA({
        method: 'POST',
        url: `/api/rapid-tests/import?mode=lenient&${query}`,
        ...multipart('many-bad.xlsx', await xlsx(rows)),
      })
    ).json();
    expect(body).toMatchObject({
      committed: true,
      created: 1,
      failed: 1200,
      total: 1201,
      errorsTruncated: true,
    });
    expect(body.errors).toHaveLength(1000);
    expect(body.errors[0]).toEqual({ row: 2, field: '样品名称', reason: '未知产品“火星菜”' });
  });

  it('says on a test how it was recorded: alone, a bulk call, or unknown', async () => {
    const created = await townA({ method: 'POST', url: '/api/rapid-tests', payload: rapidBody() });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    expect((await townA({ url: `/api/rapid-tests/${id}` })).json().entry).toEqual({
      via: 'single',
      fileName: null,
    });
    // A copy written without any audit row (the audit log is append-only, so a new row is made):
    // shown as not recorded, not as a single entry. Then the copy gets the audit row that imports
    // wrote per test before batches were named on the test (migration 0044): it names the batch.
    const db = t.database.db;
    const copy = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
    const old = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c';
    await db.execute(sql`insert into rapid_tests select (jsonb_populate_record(null::rapid_tests,
      to_jsonb(r) || jsonb_build_object('id', ${copy}::text, 'test_no', 'OLD-ENTRY-1', 'client_id', null))).*
      from rapid_tests r where id = ${id}`);
    const copyEntry = async () => (await townA({ url: `/api/rapid-tests/${copy}` })).json().entry;
    expect(await copyEntry()).toEqual({ via: 'unknown', fileName: null });
    await db.execute(sql`insert into audit_log (action, subject_type, subject_id, region_code, after) values
      ('create', 'rapid_test', ${copy}, ${TOWN_A}, jsonb_build_object('batchId', ${old}::text)),
      ('import', 'rapid_import', ${old}, ${TOWN_A}, '{"source":"file","fileName":"旧导入.xlsx","total":9}')`);
    expect(await copyEntry()).toEqual({ via: 'file', fileName: '旧导入.xlsx' });
    // A bulk call's test.
    const bulk = await townA({
      method: 'POST',
      url: '/api/rapid-tests/bulk',
      payload: { mode: 'strict', rows: [rapidBody({ testNo: 'BULK-ENTRY-1' })] },
    });
    expect(bulk.json()).toMatchObject({ committed: true, created: 1 });
    const [made] = await rowsOf<{ id: string }>(
      sql`select id from rapid_tests where test_no = 'BULK-ENTRY-1'`,
    );
    expect((await townA({ url: `/api/rapid-tests/${made?.id}` })).json().entry).toEqual({
      via: 'bulk',
      fileName: null,
    });
  });
});

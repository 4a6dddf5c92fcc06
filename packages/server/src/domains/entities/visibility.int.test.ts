import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, entityBody, type Requester, type TestApp, TOWN_A } from '../../test/helper.ts';

// Need to know (shared/entities/visibility.ts): each role reads an entity's personal fields in
// full, masked or not at all, alike in the list, the detail, the history and the .xlsx export.
let t: TestApp;
let office: Requester;
let town: Requester;
let lab: Requester;
let checker: Requester;
let id: string;
const NAME = '土桥镇散户李长根';
const MOBILE = '13912345678';
const ID_CARD = '11010519491231002X';

beforeAll(async () => {
  t = await buildTestApp();
  office = await t.as('district_staff');
  town = await t.as('town_supervisor', TOWN_A);
  lab = await t.as('testing_centre');
  checker = await t.as('market_checker', TOWN_A);
  const res = await office({
    method: 'POST',
    url: '/api/entities',
    payload: entityBody({
      name: NAME,
      type: 'smallholder',
      creditCode: null,
      idCard: ID_CARD,
      legalRep: '李长根',
      phone: '13800138000',
      address: '重庆市铜梁区土桥镇测试村3组17号',
      lat: 29.81,
      lng: 106.05,
      remarks: '家中老人，下午在家',
      certificateTrial: true,
    }),
  });
  expect(res.statusCode, res.body).toBe(201);
  id = res.json().id;
  // A change of number, so the history holds the old and the new one.
  const upd = await office({
    method: 'PATCH',
    url: `/api/entities/${id}`,
    payload: { phone: MOBILE, version: 1 },
  });
  expect(upd.statusCode, upd.body).toBe(200);
  // Only the number changed: fields left out keep their values (not their create defaults).
  expect(upd.json()).toMatchObject({ phone: MOBILE, mainProducts: ['白菜'], certificateTrial: true });
});
afterAll(() => t?.close());

const detail = async (who: Requester) => {
  const res = await who({ url: `/api/entities/${id}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const listed = async (who: Requester, q = NAME) => {
  const res = await who({ url: `/api/entities?q=${encodeURIComponent(q)}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items.find((e: { id: string }) => e.id === id);
};
const history = async (who: Requester) => {
  const res = await who({ url: `/api/entities/${id}/history` });
  expect(res.statusCode, res.body).toBe(200);
  return JSON.stringify(res.json());
};
async function exported(who: Requester) {
  const res = await who({ url: `/api/entities/export?q=${encodeURIComponent(NAME)}` });
  if (res.statusCode !== 200) return { status: res.statusCode, header: [], row: [] };
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const rows: unknown[][] = [];
  wb.worksheets[0]?.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
  return { status: 200, header: rows[0] as string[], row: rows[1] as unknown[] };
}
const cell = (x: { header: string[]; row: unknown[] }, h: string) =>
  x.header.includes(h) ? x.row[x.header.indexOf(h)] : 'absent';

describe('entity fields by role', () => {
  it('office and town staff read the whole record (ID card in its 6+4 form)', async () => {
    for (const who of [office, town]) {
      const e = await detail(who);
      expect(e).toMatchObject({
        legalRep: '李长根',
        phone: MOBILE,
        idCardMasked: '110105********002X',
        address: '重庆市铜梁区土桥镇测试村3组17号',
        lat: 29.81,
        remarks: '家中老人，下午在家',
        restricted: [],
      });
      expect((await listed(who)).phone).toBe(MOBILE);
      expect(await history(who)).toContain(MOBILE);
      const x = await exported(who);
      expect(x.status).toBe(200);
      expect(cell(x, '联系电话')).toBe(MOBILE);
      expect(cell(x, '地址')).toBe('重庆市铜梁区土桥镇测试村3组17号');
      expect(cell(x, '身份证号')).toBe('110105********002X');
    }
  });

  it('a market checker sees who the seller is, the number masked, nothing private; no export', async () => {
    for (const e of [await detail(checker), await listed(checker)]) {
      expect(e).toMatchObject({
        name: NAME,
        type: 'smallholder',
        townName: '土桥镇',
        legalRep: '李**',
        phone: '139****5678',
        restricted: ['legalRep', 'phone', 'idCard', 'address', 'location', 'remarks'],
      });
      for (const k of ['idCardMasked', 'address', 'lat', 'lng', 'remarks']) expect(e).not.toHaveProperty(k);
      expect(JSON.stringify(e)).not.toContain(MOBILE);
      expect(JSON.stringify(e)).not.toContain('002X');
    }
    const h = await history(checker);
    for (const secret of [
      MOBILE,
      '13800138000',
      '002X',
      '3组17号',
      '家中老人',
      '29.81',
      '"legalRep":"李长根"',
    ])
      expect(h).not.toContain(secret);
    expect(h).toContain('139****5678');
    expect(h).toContain('138****8000');
    expect((await exported(checker)).status).toBe(403);
    // A masked number cannot be found by typing it, nor a private address.
    expect(await listed(checker, MOBILE)).toBeUndefined();
    expect(await listed(checker, '3组17号')).toBeUndefined();
    expect(await listed(office, MOBILE)).toBeDefined();
  });

  it('the testing centre reads who and where, not the number, ID card or position; its export alike', async () => {
    const e = await detail(lab);
    expect(e).toMatchObject({
      legalRep: '李长根',
      phone: '139****5678',
      address: '重庆市铜梁区土桥镇测试村3组17号',
      restricted: ['phone', 'idCard', 'location', 'remarks'],
    });
    for (const k of ['idCardMasked', 'lat', 'lng', 'remarks']) expect(e).not.toHaveProperty(k);
    expect(await history(lab)).not.toContain(MOBILE);
    const x = await exported(lab);
    expect(x.status).toBe(200);
    expect(cell(x, '名称')).toBe(NAME);
    expect(cell(x, '联系电话')).toBe('139****5678');
    expect(cell(x, '法定代表人/负责人')).toBe('李长根');
    for (const h of ['身份证号', '纬度', '经度', '备注']) expect(cell(x, h)).toBe('absent');
    expect(JSON.stringify(x.row)).not.toContain(MOBILE);
  });
});

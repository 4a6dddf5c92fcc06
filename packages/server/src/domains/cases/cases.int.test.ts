import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, entityBody, type Requester, type TestApp, TOWN_A, TOWN_B } from '../../test/helper.ts';
import { cstDay } from '../sampling/stats-rows.ts';

// Cases (案件) end to end: a verified failure founds a case, the case walks its states one by one,
// 五不放过 gates closing, the lot stays held while the case is open, and the entity turns red.

let t: TestApp;
let office: Requester;
let lab: Requester;
let townA: Requester;
let townB: Requester;
let farm: { id: string };
let producer: Requester;

const rows = async <T>(q: ReturnType<typeof sql>) =>
  ((await t.database.db.execute(q)) as unknown as { rows: T[] }).rows;
const recentDay = cstDay(new Date(Date.now() - 5 * 86_400_000));
const today = cstDay(new Date());
const failing = [
  { analyte: '克伦特罗', value: 0.3, unit: 'μg/kg', lod: 0.1, methodStandard: 'GB/T 22286-2008' },
];
const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n');
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
    '1f15c4890000000d49444154789c6300010000050001' +
    '0d0a2db40000000049454e44ae426082',
  'hex',
);

function multipart(name: string, content: Buffer) {
  const boundary = '----nongan-cases';
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  return {
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat([Buffer.from(head), content, Buffer.from(`\r\n--${boundary}--\r\n`)]),
  };
}

async function sample(entityId = farm.id) {
  const s = await townA({
    method: 'POST',
    url: '/api/samples',
    payload: {
      taskKind: 'supervisory_sampling',
      townCode: TOWN_A,
      entityId,
      product: '猪肉',
      link: 'slaughter',
      sampler: '王抽样',
      sampledAt: `${recentDay}T09:00:00+08:00`,
      quantity: 1,
      quantityUnit: 'kg',
      lotRef: 'P-7',
    },
  });
  expect(s.statusCode, s.body).toBe(201);
  return s.json() as { id: string; sampleNo: string };
}
async function enterFail(id: string) {
  const r = await lab({
    method: 'POST',
    url: `/api/samples/${id}/results`,
    payload: { testedAt: `${recentDay}T15:00:00+08:00`, results: failing },
  });
  expect(r.statusCode, r.body).toBe(200);
}
const verify = (id: string) => office({ method: 'POST', url: `/api/samples/${id}/verify`, payload: {} });
const open = (who: Requester, payload: Record<string, unknown>) =>
  who({ method: 'POST', url: '/api/cases', payload: { title: '销售含克伦特罗猪肉', ...payload } });
const move = (who: Requester, id: string, to: string, note?: string) =>
  who({ method: 'POST', url: `/api/cases/${id}/transition`, payload: { to, ...(note ? { note } : {}) } });

beforeAll(async () => {
  t = await buildTestApp();
  office = await t.as('district_staff');
  lab = await t.as('testing_centre');
  townA = await t.as('town_supervisor', TOWN_A);
  townB = await t.as('town_supervisor', TOWN_B);
  const e = await office({
    method: 'POST',
    url: '/api/entities',
    payload: entityBody({ mainProducts: ['猪肉'] }),
  });
  expect(e.statusCode, e.body).toBe(201);
  farm = e.json();
  producer = await t.as('producer', null, farm.id);
}, 60_000);
afterAll(() => t.close());

describe('opening a case', () => {
  it('a failing sample founds a case only after a second person verified it', async () => {
    const s = await sample();
    await enterFail(s.id);
    const early = await open(townA, { sourceType: 'sample', sourceId: s.id });
    expect(early.statusCode, early.body).toBe(409);
    expect(early.json().issues[0].field).toBe('sourceId');
    expect((await verify(s.id)).json()).toMatchObject({ status: 'verified', verdict: 'fail' });

    const c = await open(townA, { sourceType: 'sample', sourceId: s.id, summary: '监督抽查克伦特罗超标' });
    expect(c.statusCode, c.body).toBe(201);
    const body = c.json();
    expect(body.caseNo).toMatch(/^AJ500151-\d{4}-000001$/);
    expect(body).toMatchObject({
      state: 'registered',
      entityId: farm.id,
      entityName: expect.any(String),
      townName: '土桥镇',
      sourceLabel: `样品 ${s.sampleNo}`,
      overdue: false,
      nextStates: ['investigating', 'withdrawn'],
      missingItems: ['cause', 'responsible', 'rectification', 'education', 'lessons'],
    });
    // The lot the failure put on hold is covered by the case.
    expect(body.holds).toEqual([
      expect.objectContaining({ status: 'held', productName: '猪肉', lotRef: 'P-7' }),
    ]);
    expect(body.steps).toEqual([expect.objectContaining({ action: 'register', toState: 'registered' })]);
    // A second case on the same sample while the first is open: 409 on the source.
    const again = await open(office, { sourceType: 'sample', sourceId: s.id });
    expect(again.statusCode).toBe(409);
    expect(again.json().issues[0].field).toBe('sourceId');
  });

  it('refuses a passing or unknown sample, and bad input, naming the field', async () => {
    const bad = await open(townA, { sourceType: 'sample' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues.map((i: { field: string }) => i.field)).toContain('sourceId');
    const noTitle = await townA({
      method: 'POST',
      url: '/api/cases',
      payload: { sourceType: 'manual', title: ' ' },
    });
    expect(noTitle.statusCode).toBe(400);
    expect(noTitle.json().issues[0].field).toBe('title');
    const noLabel = await open(townA, {
      sourceType: 'complaint',
      sourceId: crypto.randomUUID(),
      entityId: farm.id,
    });
    expect(noLabel.json().issues[0].field).toBe('sourceLabel');
    const unknown = await open(townA, { sourceType: 'sample', sourceId: crypto.randomUUID() });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().issues[0].field).toBe('sourceId');
    const noParty = await open(townA, { sourceType: 'manual' });
    expect(noParty.statusCode).toBe(400);
    expect(noParty.json().issues[0].field).toBe('entityId');
    expect(
      (await producer({ method: 'POST', url: '/api/cases', payload: { sourceType: 'manual', title: 'x' } }))
        .statusCode,
    ).toBe(403);
  });
});

describe('a case from registration to closing', () => {
  let id: string;
  let holdId: string;
  it('walks the states one at a time, with who, when and note on the timeline', async () => {
    const s = await sample();
    await enterFail(s.id);
    await verify(s.id);
    const c = (await open(office, { sourceType: 'sample', sourceId: s.id })).json();
    id = c.id;
    holdId = c.holds[0].id;

    const skip = await move(office, id, 'decided', '罚款');
    expect(skip.statusCode).toBe(409);
    expect(skip.json().issues[0].field).toBe('to');
    expect(skip.json().message).toContain('下一步应为');
    expect((await move(townA, id, 'investigating', '调取购销台账')).statusCode).toBe(200);
    const noDecision = await move(office, id, 'decided');
    expect(noDecision.statusCode).toBe(400);
    expect(noDecision.json().issues[0].field).toBe('note');
    const decided = await move(office, id, 'decided', '没收违法所得，罚款 5 万元');
    expect(decided.json()).toMatchObject({ state: 'decided', decision: '没收违法所得，罚款 5 万元' });
    expect((await move(office, id, 'withdrawn', '想撤')).statusCode).toBe(409);
    expect((await move(office, id, 'executed', '罚没款已缴')).json().state).toBe('executed');
  });

  it('closing with an item of 五不放过 missing is a 409 naming it', async () => {
    const f = await office({
      method: 'PATCH',
      url: `/api/cases/${id}/findings`,
      payload: {
        cause: '养殖户违规添加',
        responsible: '负责人已处罚',
        rectification: '已整改',
        education: ' ',
      },
    });
    expect(f.statusCode, f.body).toBe(200);
    expect(f.json().missingItems).toEqual(['education', 'lessons']);
    const refused = await move(office, id, 'closed');
    expect(refused.statusCode).toBe(409);
    expect(refused.json().issues.map((i: { field: string }) => i.field)).toEqual(['education', 'lessons']);
    expect(refused.json().message).toContain('教育、教训与防范');
  });

  it('the lot stays held while the case is open: release is a 409 naming the case', async () => {
    const caseNo = (await office({ url: `/api/cases/${id}` })).json().caseNo;
    const r = await office({
      method: 'POST',
      url: `/api/sampling/holds/${holdId}/dispose`,
      payload: { disposition: 'released', note: '复查合格' },
    });
    expect(r.statusCode).toBe(409);
    expect(r.json().message).toContain(caseNo);
    const holds = (await office({ url: '/api/sampling/holds?status=held' })).json();
    expect(holds.find((h: { id: string }) => h.id === holdId)).toMatchObject({
      status: 'held',
      openCase: { id, caseNo },
      followUp: expect.objectContaining({ status: 'proposed' }),
    });
  });

  it('records the transfer to the police once, and documents with their checksum', async () => {
    const bad = await office({
      method: 'POST',
      url: `/api/cases/${id}/transfer`,
      payload: { transferredOn: '2099-01-01', agency: '区公安分局', receiptNo: 'YS-1' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0].field).toBe('transferredOn');
    const ok = await office({
      method: 'POST',
      url: `/api/cases/${id}/transfer`,
      payload: { transferredOn: today, agency: '区公安分局', receiptNo: 'YS-2026-018' },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().transfer).toMatchObject({ transferredOn: today, receiptNo: 'YS-2026-018' });
    expect(ok.json().transferred).toBe(true);
    expect(
      (
        await office({
          method: 'POST',
          url: `/api/cases/${id}/transfer`,
          payload: { transferredOn: today, agency: '区公安分局', receiptNo: 'YS-2' },
        })
      ).statusCode,
    ).toBe(409);

    const exe = await office({
      method: 'POST',
      url: `/api/cases/${id}/documents`,
      ...multipart('报告.pdf', Buffer.from('MZ not a pdf')),
    });
    expect(exe.statusCode).toBe(400);
    expect(exe.json().issues[0].field).toBe('file');
    const doc = await office({
      method: 'POST',
      url: `/api/cases/${id}/documents`,
      ...multipart('处罚决定书.pdf', PDF),
    });
    expect(doc.statusCode, doc.body).toBe(201);
    expect(doc.json()).toMatchObject({
      fileName: '处罚决定书.pdf',
      contentType: 'application/pdf',
      size: PDF.length,
    });
    const { createHash } = await import('node:crypto');
    expect(doc.json().sha256).toBe(createHash('sha256').update(PDF).digest('hex'));
    const back = await office({ url: `/api/cases/${id}/documents/${doc.json().id}` });
    expect(back.statusCode).toBe(200);
    expect(back.headers['content-type']).toBe('application/pdf');
    expect(Buffer.compare(back.rawPayload, PDF)).toBe(0);
    // The bytes sit in the file table only.
    expect((await rows(sql`select 1 from supervision_files where owner_id = ${id}`)).length).toBe(1);
  });

  it('closes once every item is settled; then the lot can be disposed of', async () => {
    await office({
      method: 'PATCH',
      url: `/api/cases/${id}/findings`,
      payload: { education: '组织养殖户培训', lessons: '建立饲料进货查验制度' },
    });
    const closed = await move(office, id, 'closed');
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({ state: 'closed', dueOn: null, nextStates: [], missingItems: [] });
    expect(
      closed.json().steps.map((s: { action: string; toState: string }) => `${s.action}:${s.toState}`),
    ).toEqual([
      'register:registered',
      'transition:investigating',
      'transition:decided',
      'transition:executed',
      'findings:executed',
      'transfer:executed',
      'document:executed',
      'findings:executed',
      'transition:closed',
    ]);
    expect(closed.json().steps[1].userName).toBeTruthy();
    expect((await move(office, id, 'investigating')).statusCode).toBe(409);
    expect(
      (await office({ method: 'PATCH', url: `/api/cases/${id}/findings`, payload: { cause: 'x' } }))
        .statusCode,
    ).toBe(409);

    const destroy = await office({
      method: 'POST',
      url: `/api/sampling/holds/${holdId}/dispose`,
      payload: { disposition: 'destroyed', note: '监督无害化处理' },
    });
    expect(destroy.statusCode).toBe(400);
    expect(destroy.json().issues[0].field).toBe('files');
    const ev = await townA({
      method: 'POST',
      url: `/api/sampling/holds/${holdId}/files`,
      ...multipart('现场.png', PNG),
    });
    expect(ev.statusCode, ev.body).toBe(201);
    const done = await townA({
      method: 'POST',
      url: `/api/sampling/holds/${holdId}/dispose`,
      payload: { disposition: 'destroyed', note: '监督无害化处理' },
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({
      status: 'destroyed',
      dispositionNote: '监督无害化处理',
      disposedByName: expect.any(String),
      openCase: null,
      evidence: [expect.objectContaining({ contentType: 'image/png' })],
    });
    const twice = await townA({
      method: 'POST',
      url: `/api/sampling/holds/${holdId}/dispose`,
      payload: { disposition: 'released', note: '再解除' },
    });
    expect(twice.statusCode).toBe(409);
    const audit = await rows<{ action: string }>(
      sql`select action from audit_log where subject_id = ${holdId}`,
    );
    expect(audit.map((a) => a.action).sort()).toEqual(['attach', 'dispose']);
  });

  it('the database refuses a closed case with an item unsettled', async () => {
    await expect(
      t.database.db.execute(sql`update cases set lessons = null where id = ${id}`),
    ).rejects.toThrow();
  });
});

describe('the list', () => {
  it('puts overdue cases first, searches and filters, and exports .xlsx', async () => {
    const c = (await open(townA, { sourceType: 'manual', entityId: farm.id, title: '无证经营农药' })).json();
    await t.database.db.execute(sql`update cases set due_on = '2020-01-01' where id = ${c.id}`);
    const list = (await office({ url: '/api/cases' })).json();
    expect(list.items[0]).toMatchObject({ id: c.id, overdue: true });
    expect(list.total).toBeGreaterThanOrEqual(3);
    const overdue = (await office({ url: '/api/cases?overdue=true' })).json();
    expect(overdue.items.map((i: { id: string }) => i.id)).toEqual([c.id]);
    const byNo = (await office({ url: `/api/cases?q=${c.caseNo}` })).json();
    expect(byNo.total).toBe(1);
    expect(
      (await office({ url: '/api/cases?state=closed' }))
        .json()
        .items.every((i: { state: string }) => i.state === 'closed'),
    ).toBe(true);
    expect((await townB({ url: '/api/cases' })).json().total).toBe(0);
    expect((await townB({ url: `/api/cases/${c.id}` })).statusCode).toBe(404);
    expect((await office({ url: '/api/cases?state=nope' })).json().issues[0].field).toBe('state');

    const x = await office({ url: '/api/cases/export?overdue=true' });
    expect(x.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('案件')!;
    expect(ws.getRow(1).getCell(1).value).toBe('案件编号');
    expect(ws.getRow(2).getCell(1).value).toBe(c.caseNo);
    expect(ws.getRow(2).getCell(6).value).toBe('登记');
    expect(ws.getRow(2).getCell(8).value).toBe('逾期');
    expect(ws.rowCount).toBe(2);
  });

  it('settings: the district sets its own deadlines; others may only read them', async () => {
    const s = (await office({ url: '/api/cases/settings' })).json();
    expect(s).toMatchObject({ isDefault: true, holdDays: 15, stateDays: { registered: 7 } });
    expect(s.note).toContain('本区自定');
    const body = { stateDays: { registered: 5, investigating: 30, decided: 15, executed: 30 }, holdDays: 10 };
    expect((await office({ method: 'PUT', url: '/api/cases/settings', payload: body })).statusCode).toBe(403);
    const admin = await t.as('district_admin');
    const put = await admin({ method: 'PUT', url: '/api/cases/settings', payload: body });
    expect(put.json()).toMatchObject({ ...body, isDefault: false });
    const bad = await admin({ method: 'PUT', url: '/api/cases/settings', payload: { ...body, holdDays: 0 } });
    expect(bad.json().issues[0].field).toBe('holdDays');
  });
});

describe('holds and the colour', () => {
  it('a held lot past its deadline is 逾期 and listed first', async () => {
    const s = await sample();
    await enterFail(s.id);
    await verify(s.id);
    await t.database.db.execute(
      sql`update lot_holds set created_at = now() - interval '40 days' where source_id = ${s.id}`,
    );
    const holds = (await townA({ url: '/api/sampling/holds' })).json();
    expect(holds[0]).toMatchObject({ sourceId: s.id, overdue: true, status: 'held', townName: '土桥镇' });
    const only = (await townA({ url: '/api/sampling/holds?overdue=true' })).json();
    expect(only.map((h: { sourceId: string }) => h.sourceId)).toEqual([s.id]);
    expect(
      (await townB({ url: '/api/sampling/holds' }))
        .json()
        .some((h: { sourceId: string }) => h.sourceId === s.id),
    ).toBe(false);
    // A release without a case needs only its note.
    const r = await townA({
      method: 'POST',
      url: `/api/sampling/holds/${holds[0].id}/dispose`,
      payload: { disposition: 'released', note: '复检合格，解除控制' },
    });
    expect(r.json()).toMatchObject({ status: 'released', overdue: false });
  });

  it('a passing lab check does not release a lot an open case covers', async () => {
    const pos = (
      await townA({
        method: 'POST',
        url: '/api/rapid-tests',
        payload: {
          holderCode: TOWN_A,
          townCode: TOWN_A,
          entityId: farm.id,
          product: '菠菜',
          link: 'retail_market',
          method: 'enzyme_inhibition',
          inhibitionRate: 70,
          testedAt: `${recentDay}T09:30:00+08:00`,
          tester: '王检测',
        },
      })
    ).json();
    const hold = (await townA({ url: '/api/sampling/holds' }))
      .json()
      .find((h: { sourceId: string }) => h.sourceId === pos.id);
    const c = await open(townA, {
      sourceType: 'manual',
      entityId: farm.id,
      holdIds: [hold.id],
      title: '快检阳性',
    });
    expect(c.statusCode, c.body).toBe(201);
    const task = (await townA({ url: '/api/sampling/tasks' }))
      .json()
      .find((x: { sourceRef: string }) => x.sourceRef === pos.id);
    const s = (
      await townA({
        method: 'POST',
        url: '/api/samples',
        payload: {
          taskKind: 'supervisory_sampling',
          taskId: task.id,
          townCode: TOWN_A,
          entityId: farm.id,
          product: '菠菜',
          link: 'retail_market',
          sampler: '李抽样',
          sampledAt: `${recentDay}T10:00:00+08:00`,
          quantity: 1,
          quantityUnit: 'kg',
        },
      })
    ).json();
    const r = await lab({
      method: 'POST',
      url: `/api/samples/${s.id}/results`,
      payload: {
        testedAt: `${recentDay}T15:00:00+08:00`,
        results: [{ analyte: '铅', value: 0.05, unit: 'mg/kg', methodStandard: 'GB 5009.12-2017' }],
      },
    });
    expect(r.statusCode, r.body).toBe(200);
    expect((await verify(s.id)).json().verdict).toBe('pass');
    expect((await townA({ url: `/api/rapid-tests/${pos.id}` })).json().followUp).toBe('cleared');
    const after = (await townA({ url: '/api/sampling/holds' }))
      .json()
      .find((h: { id: string }) => h.id === hold.id);
    expect(after).toMatchObject({ status: 'held', openCase: { id: c.json().id } });
  });

  it('opening a case turns the entity red on the public scan', async () => {
    const e = (
      await office({ method: 'POST', url: '/api/entities', payload: entityBody({ name: '清白蔬菜合作社' }) })
    ).json();
    const owner = await t.as('producer', null, e.id);
    const cert = await owner({
      method: 'POST',
      url: '/api/certificates',
      payload: {
        entityId: e.id,
        product: '菠菜',
        quantity: 100,
        unit: 'kg',
        contact: '13800138000',
        issueDate: today,
        bases: ['quality_control'],
      },
    });
    expect(cert.statusCode, cert.body).toBe(201);
    const scan = async () =>
      (await t.app.inject({ url: `/api/public/trace/${encodeURIComponent(cert.json().traceCode)}` })).json()
        .supervision;
    expect((await scan()).colour).toBe('green');
    const c = await open(townA, {
      sourceType: 'complaint',
      sourceId: crypto.randomUUID(),
      sourceLabel: '投诉 TS-2026-07',
      entityId: e.id,
    });
    expect(c.statusCode, c.body).toBe(201);
    const after = await scan();
    expect(after.colour).toBe('red');
    expect(after.basis).toContain('立案查处');
    // Withdrawn (不予立案): nothing to pursue, the colour goes back.
    await move(townA, c.json().id, 'withdrawn', '经核查投诉不实');
    expect((await scan()).colour).toBe('green');
  });
});

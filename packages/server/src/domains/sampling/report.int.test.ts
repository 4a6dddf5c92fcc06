import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, entityBody, type Requester, type TestApp, TOWN_A, TOWN_B } from '../../test/helper.ts';
import { divisions } from '../regions/table.ts';

let t: TestApp;
let office: Requester;
let lab: Requester;
let townA: Requester;
let townB: Requester;
let otherDistrict: Requester;
let entityId: string;

const pdfText = async (bytes: Buffer) =>
  (await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true })).text.replace(
    /\s+/g,
    '',
  );

const daysAgo = (n: number) => new Date(Date.now() + 8 * 3600_000 - n * 86400_000).toISOString().slice(0, 10);

async function judgedSample(sampledParty?: string, recent = false): Promise<string> {
  const s = await townA({
    method: 'POST',
    url: '/api/samples',
    payload: {
      taskKind: 'supervisory_sampling',
      townCode: TOWN_A,
      ...(sampledParty ? { sampledParty } : { entityId }),
      product: '菠菜',
      link: 'pre_harvest_base',
      sampler: '李抽样',
      sampledAt: recent ? `${daysAgo(3)}T10:00:00+08:00` : '2021-07-01T10:00:00+08:00',
      quantity: 1,
      quantityUnit: 'kg',
    },
  });
  expect(s.statusCode, s.body).toBe(201);
  const r = await lab({
    method: 'POST',
    url: `/api/samples/${s.json().id}/results`,
    payload: {
      testedAt: recent ? `${daysAgo(2)}T10:00:00+08:00` : '2021-07-03T10:00:00+08:00',
      results: [{ analyte: '铅', value: 300, unit: 'μg/kg', lod: 5, methodStandard: 'GB 5009.12-2017' }],
    },
  });
  expect(r.statusCode, r.body).toBe(200);
  // A second person verifies (the lab's default rule); only a verified sample gets a report.
  const v = await office({ method: 'POST', url: `/api/samples/${s.json().id}/verify`, payload: {} });
  expect(v.statusCode, v.body).toBe(200);
  return s.json().id;
}

beforeAll(async () => {
  t = await buildTestApp();
  office = await t.as('district_staff');
  lab = await t.as('testing_centre');
  townA = await t.as('town_supervisor', TOWN_A);
  townB = await t.as('town_supervisor', TOWN_B);
  await t.database.db.insert(divisions).values({
    code: '500999',
    name: '测试二区',
    level: 'district',
    parentCode: null,
    districtCode: '500999',
  });
  otherDistrict = await t.as('district_admin', '500999');
  entityId = (await office({ method: 'POST', url: '/api/entities', payload: entityBody() })).json().id;
});
afterAll(() => t.close());

describe('test reports', () => {
  it('issues a numbered report whose PDF is archived with its hash, and refuses a second issue', async () => {
    const id = await judgedSample();
    const res = await lab({
      method: 'POST',
      url: `/api/samples/${id}/report`,
      payload: { approver: '赵批准' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const r = res.json();
    expect(r).toMatchObject({ version: 1, status: 'issued', supersedes: null });
    expect(r.reportNo).toMatch(/^BG500151-\d{4}-\d{6}$/);

    const pdf = await townA({ url: `/api/reports/${r.id}.pdf` });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(createHash('sha256').update(pdf.rawPayload).digest('hex')).toBe(r.sha256);
    const text = await pdfText(pdf.rawPayload);
    expect(text).toContain(r.reportNo);
    expect(text).toContain('菠菜');
    expect(text).toContain('铅300μg/kg5μg/kg0.3mg/kg合格');
    expect(text).toContain('赵批准');
    expect(text).toContain('李抽样');

    const again = await lab({ method: 'POST', url: `/api/samples/${id}/report`, payload: {} });
    expect(again.statusCode).toBe(409);
    const audit = await t.database.db.execute(
      sql`select action from audit_log where subject_type = 'lab_report' and subject_id = ${r.id}`,
    );
    expect((audit as unknown as { rows: { action: string }[] }).rows.map((a) => a.action)).toEqual(['issue']);
  });

  it('refuses a sample without results, and a town supervisor', async () => {
    const s = await townA({
      method: 'POST',
      url: '/api/samples',
      payload: {
        taskKind: 'supervisory_sampling',
        townCode: TOWN_A,
        entityId,
        product: '菠菜',
        link: 'pre_harvest_base',
        sampler: '李抽样',
        sampledAt: '2021-07-01T10:00:00+08:00',
        quantity: 1,
        quantityUnit: 'kg',
      },
    });
    expect(
      (await lab({ method: 'POST', url: `/api/samples/${s.json().id}/report`, payload: {} })).statusCode,
    ).toBe(409);
    const id = await judgedSample();
    expect((await townA({ method: 'POST', url: `/api/samples/${id}/report`, payload: {} })).statusCode).toBe(
      403,
    );
    const bad = await lab({ method: 'POST', url: `/api/samples/${id}/report`, payload: { approver: '' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0].field).toBe('approver');
    expect((await lab({ url: `/api/samples/${id}/reports` })).json()).toEqual([]);
  });

  it('a correction issues a new numbered version; the old is kept, superseded and still downloadable', async () => {
    const id = await judgedSample();
    const first = (await lab({ method: 'POST', url: `/api/samples/${id}/report`, payload: {} })).json();
    const bad = await lab({
      method: 'POST',
      url: `/api/reports/${first.id}/correct`,
      payload: { reason: '' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().issues[0].field).toBe('reason');

    const res = await office({
      method: 'POST',
      url: `/api/reports/${first.id}/correct`,
      payload: { reason: '抽样地点笔误' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const second = res.json();
    expect(second).toMatchObject({
      version: 2,
      status: 'issued',
      supersedes: first.id,
      correctionReason: '抽样地点笔误',
    });
    expect(second.reportNo).not.toBe(first.reportNo);

    const list = (await townA({ url: `/api/samples/${id}/reports` })).json();
    expect(list.map((r: { version: number; status: string }) => [r.version, r.status])).toEqual([
      [2, 'issued'],
      [1, 'superseded'],
    ]);
    const old = await lab({ url: `/api/reports/${first.id}.pdf` });
    expect(createHash('sha256').update(old.rawPayload).digest('hex')).toBe(first.sha256);
    expect(await pdfText((await lab({ url: `/api/reports/${second.id}.pdf` })).rawPayload)).toContain(
      `更正并替代${first.reportNo}`,
    );
    // Only the current version may be corrected.
    const twice = await lab({
      method: 'POST',
      url: `/api/reports/${first.id}/correct`,
      payload: { reason: '再改' },
    });
    expect(twice.statusCode).toBe(409);

    const nos = await t.database.db.execute(
      sql`select count(*)::int n, count(distinct report_no)::int d from lab_reports`,
    );
    const [c] = (nos as unknown as { rows: { n: number; d: number }[] }).rows;
    expect(c!.n).toBe(c!.d);
  });

  it('hides a report from another town and another district (404)', async () => {
    const id = await judgedSample();
    const r = (await lab({ method: 'POST', url: `/api/samples/${id}/report`, payload: {} })).json();
    for (const who of [townB, otherDistrict]) {
      expect((await who({ url: `/api/reports/${r.id}.pdf` })).statusCode).toBe(404);
      expect((await who({ url: `/api/samples/${id}/reports` })).statusCode).toBe(404);
    }
    const other = await otherDistrict({
      method: 'POST',
      url: `/api/reports/${r.id}/correct`,
      payload: { reason: '越权更正' },
    });
    expect(other.statusCode).toBe(404);
  });

  it('serves a public copy without the sampler or a smallholder’s name, only while current', async () => {
    const id = await judgedSample('散户张三');
    const r = (await lab({ method: 'POST', url: `/api/samples/${id}/report`, payload: {} })).json();
    const pub = await t.app.inject({ url: r.publicUrl });
    expect(pub.statusCode).toBe(200);
    const text = await pdfText(pub.rawPayload);
    expect(text).toContain(r.reportNo);
    expect(text).toContain('公开版');
    expect(text).not.toContain('李抽样');
    expect(text).not.toContain('散户张三');
    expect(await pdfText((await lab({ url: `/api/reports/${r.id}.pdf` })).rawPayload)).toContain('散户张三');

    await lab({ method: 'POST', url: `/api/reports/${r.id}/correct`, payload: { reason: '更正' } });
    expect((await t.app.inject({ url: r.publicUrl })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/api/public/reports/${'A'.repeat(24)}.pdf` })).statusCode).toBe(404);
  });

  it('links the current report from the public scan of a certificate citing the sample', async () => {
    const id = await judgedSample(undefined, true);
    const r = (await lab({ method: 'POST', url: `/api/samples/${id}/report`, payload: {} })).json();
    const producer = await t.as('producer', null, entityId);
    const cert = await producer({
      method: 'POST',
      url: '/api/certificates',
      payload: {
        entityId,
        product: '菠菜',
        quantity: 100,
        unit: 'kg',
        contact: '13800138000',
        issueDate: daysAgo(0),
        bases: ['entrusted_test'],
        tests: [{ kind: 'sample', refId: id }],
      },
    });
    expect(cert.statusCode, cert.body).toBe(201);
    const code = encodeURIComponent(cert.json().traceCode);
    const view = (await t.app.inject({ url: `/api/public/trace/${code}` })).json();
    expect(view.tests[0].report).toEqual({ reportNo: r.reportNo, url: r.publicUrl });
    const page = await t.app.inject({ url: `/t/${code}` });
    expect(page.body).toContain(`href="${r.publicUrl}"`);
    expect((await t.app.inject({ url: r.publicUrl })).statusCode).toBe(200);
  });
});

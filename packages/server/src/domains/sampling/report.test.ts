import { createHash } from 'node:crypto';
import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { buildReportSnapshot, publicSnapshot, type ReportResultInput, type ReportSample } from './report.ts';
import { renderReportPdf } from './report-pdf.ts';

const sample: ReportSample = {
  sampleNo: 'CY500151-2026-000007',
  productName: '黄瓜',
  entityName: null,
  sampledParty: '张三（散户）',
  townName: '鹤凤镇',
  linkLabel: '生产基地',
  sampler: '李四',
  sampledAt: new Date('2026-05-02T02:00:00Z'),
  quantity: 1.5,
  quantityUnit: 'kg',
  sealNo: 'F-01',
  lotRef: null,
  verdict: 'fail',
};
const base: ReportResultInput = {
  analyteName: '毒死蜱',
  value: 0.35,
  unit: 'mg/kg',
  lod: 0.01,
  methodStandard: 'GB 23200.113-2018',
  verdict: 'fail',
  limitMgKg: 0.1,
  limitCitation: 'GB 2763-2021 表 4.1',
  basis: 'limit',
  editionUsed: 'GB 2763-2021',
  editionInForce: 'GB 2763-2021',
  provisional: false,
  lead: null,
  testedAt: '2026-05-03T02:00:00Z',
};
const results: ReportResultInput[] = [
  base,
  {
    ...base,
    analyteName: '克百威',
    value: 0.004,
    limitMgKg: null,
    verdict: 'pass',
    limitCitation: 'GB 2763-2019 4.2（暂判）',
    provisional: true,
    editionInForce: 'GB 2763-2021',
    editionUsed: 'GB 2763-2019',
    lead: { basis: '农业农村部公告第 736 号', item: '第二条', message: '禁限用药物检出：克百威禁止用于蔬菜' },
  },
  { ...base, analyteName: '氧乐果', value: null, verdict: 'pass', methodStandard: 'NY/T 761-2008' },
];
const people = {
  verifier: { name: '王审核', at: new Date('2026-05-04T01:00:00Z') },
  approver: { name: '赵批准', at: new Date('2026-05-04T02:00:00Z') },
};
const issue = { reportNo: 'BG500151-2026-000001', version: 1, issuedAt: new Date('2026-05-04T03:00:00Z') };

describe('buildReportSnapshot', () => {
  const s = buildReportSnapshot(sample, results, people, issue);

  it('prints each result with its limit, verdict and basis with edition', () => {
    expect(s.results[0]).toEqual({
      analyte: '毒死蜱',
      value: '0.35 mg/kg',
      lod: '0.01 mg/kg',
      limit: '0.1 mg/kg',
      verdict: '不合格',
      basis: 'GB 2763-2021 表 4.1',
      provisionalNote: null,
    });
    expect(s.results[1]?.basis).toBe('GB 2763-2019 4.2');
    expect(s.results[1]?.provisionalNote).toBe('暂判：现行 GB 2763-2021 未收录，按 GB 2763-2019 判定');
    expect(s.results[2]?.value).toBe('未检出');
  });

  it('lists methods once, the 禁限用 findings apart, and concludes on the failure and the lead', () => {
    expect(s.methods).toEqual(['GB 23200.113-2018', 'NY/T 761-2008']);
    expect(s.findings).toEqual([
      {
        analyte: '克百威',
        announcement: '农业农村部公告第 736 号 第二条',
        message: '禁限用药物检出：克百威禁止用于蔬菜',
      },
    ]);
    expect(s.conclusion).toContain('毒死蜱 不符合标准要求，判定为不合格');
    expect(s.conclusion).toContain('检出禁限用药物 1 项');
    expect(s.conclusion).toContain('暂判');
    expect(s.verifier).toEqual({ name: '王审核', at: '2026-05-04T01:00:00.000Z' });
    expect(s.testedAt).toBe('2026-05-03T02:00:00Z');
  });

  it('concludes 合格 when every item passes', () => {
    const pass = buildReportSnapshot({ ...sample, verdict: 'pass' }, [results[2]!], people, issue);
    expect(pass.conclusion).toBe(`经抽样检验，样品 ${sample.sampleNo} 所检项目均符合标准要求，判定为合格。`);
    expect(pass.findings).toEqual([]);
  });

  it('leaves the sampler and a party off the directory out of the public copy', () => {
    const p = publicSnapshot(s);
    expect(p.sample.sampler).toBeNull();
    expect(p.sample.sampledUnit).toBeNull();
    const listed = publicSnapshot(
      buildReportSnapshot({ ...sample, entityName: '鹤凤合作社' }, results, people, issue),
    );
    expect(listed.sample.sampledUnit).toBe('鹤凤合作社');
  });
});

describe('renderReportPdf', () => {
  it('renders a PDF whose text carries the title, number, product, results and the note', async () => {
    const pdf = await renderReportPdf(buildReportSnapshot(sample, results, people, issue));
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const { text, totalPages } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), {
      mergePages: true,
    });
    const flat = text.replace(/\s+/g, '');
    expect(flat).toContain('检验报告');
    expect(flat).toContain('BG500151-2026-000001');
    expect(flat).toContain('黄瓜');
    expect(flat).toContain('毒死蜱0.35mg/kg0.01mg/kg0.1mg/kg不合格GB2763-2021表4.1');
    expect(flat).toContain('农业农村部公告第736号');
    expect(flat).toContain('本报告仅对所检样品负责');
    expect(flat).toContain(`第1页/共${totalPages}页`);
    expect(flat).toContain('李四');
  });

  it('breaks a long report onto pages, each numbered', async () => {
    const many = Array.from({ length: 60 }, (_, i) => ({ ...base, analyteName: `项目${i}` }));
    const pdf = await renderReportPdf(buildReportSnapshot(sample, many, people, issue));
    const { text, totalPages } = await extractText(await getDocumentProxy(new Uint8Array(pdf)));
    expect(totalPages).toBeGreaterThan(1);
    expect(text.at(-1)?.replace(/\s+/g, '')).toContain(`第${totalPages}页/共${totalPages}页`);
    expect(createHash('sha256').update(pdf).digest('hex')).toHaveLength(64);
  });
});

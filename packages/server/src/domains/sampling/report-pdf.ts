import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import PDFDocument from 'pdfkit';
import type { ReportSnapshot } from './report.ts';

/**
 * The report as a PDF (A4 portrait). The font ships with the npm package @embedpdf/fonts-sc
 * (Noto Sans, Simplified Chinese), so no machine font is needed; pdfkit embeds only the glyphs
 * used (a report is some 50 KB).
 */
let fontBytes: Buffer | undefined;
function font(): Buffer {
  if (!fontBytes) {
    // The package exports only its index; the font lies beside dist/.
    const index = fileURLToPath(import.meta.resolve('@embedpdf/fonts-sc'));
    fontBytes = readFileSync(new URL('../fonts/NotoSansHans-Regular.otf', `file://${index}`));
  }
  return fontBytes;
}

const cst = (iso: string | null) =>
  iso ? new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ') : '—';
const dash = (v: string | null | undefined) => (v == null || v === '' ? '—' : v);

const MARGIN = 50;
const NOTE = '本报告仅对所检样品负责';

export function renderReportPdf(s: ReportSnapshot, opts: { publicCopy?: boolean } = {}): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN + 10, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: { Title: `检验报告 ${s.reportNo}`, Subject: s.sample.productName, Producer: '农安' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('sc', font());
  doc.font('sc');
  const width = doc.page.width - 2 * MARGIN;
  const bottom = () => doc.page.height - MARGIN - 20;

  /** One table row of cells (widths as fractions), bordered, broken onto a new page when full. */
  const row = (cells: string[], fractions: number[], size = 9, shade = false) => {
    doc.fontSize(size);
    const widths = fractions.map((f) => f * width);
    const h = Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: (widths[i] ?? 0) - 8 }))) + 8;
    if (doc.y + h > bottom()) doc.addPage();
    const y = doc.y;
    let x = MARGIN;
    cells.forEach((c, i) => {
      const w = widths[i] ?? 0;
      if (shade) doc.rect(x, y, w, h).fillAndStroke('#f0f0f0', '#999999');
      else doc.rect(x, y, w, h).strokeColor('#999999').stroke();
      doc.fillColor('#000000').text(c, x + 4, y + 4, { width: w - 8 });
      x += w;
    });
    doc.x = MARGIN;
    doc.y = y + h;
  };
  const heading = (t: string) => {
    doc.moveDown(0.6).fontSize(11);
    if (doc.y + 40 > bottom()) doc.addPage();
    doc.text(t, MARGIN, doc.y);
    doc.moveDown(0.2);
  };
  const pair = [0.18, 0.32, 0.18, 0.32];

  doc.fontSize(20).text('检验报告', { align: 'center' });
  doc.moveDown(0.3).fontSize(10);
  doc.text(`报告编号：${s.reportNo}${s.version > 1 ? `（第 ${s.version} 版）` : ''}`, { align: 'right' });
  if (opts.publicCopy) doc.text('公开版：已略去个人信息', { align: 'right' });
  doc.moveDown(0.5);

  heading('一、样品信息');
  const sm = s.sample;
  row(['样品编号', sm.sampleNo, '样品名称', sm.productName], pair);
  row(['受检单位', dash(sm.sampledUnit), '所在镇街', dash(sm.townName)], pair);
  row(['抽样环节', sm.link, '抽样时间', cst(sm.sampledAt)], pair);
  row(['抽样数量', sm.quantity, '抽样人员', dash(sm.sampler)], pair);
  row(['封样编号', dash(sm.sealNo), '批次', dash(sm.lotRef)], pair);
  row(['检测时间', cst(s.testedAt), '签发时间', cst(s.issuedAt)], pair);
  row(['检测方法', s.methods.length ? s.methods.join('；') : '—'], [0.18, 0.82]);

  heading('二、检测结果');
  const cols = [0.15, 0.13, 0.12, 0.13, 0.1, 0.37];
  row(['检测项目', '检测值', '检出限', '限量', '单项判定', '判定依据'], cols, 9, true);
  for (const r of s.results)
    row(
      [
        r.analyte,
        r.value,
        dash(r.lod),
        dash(r.limit),
        r.verdict,
        [dash(r.basis), r.provisionalNote].filter(Boolean).join('\n'),
      ],
      cols,
    );

  heading('三、禁限用药物检出');
  if (!s.findings.length) row(['未检出禁限用药物'], [1]);
  else {
    row(['项目', '依据（公告及条目）', '说明'], [0.18, 0.32, 0.5], 9, true);
    for (const f of s.findings) row([f.analyte, f.announcement, f.message], [0.18, 0.32, 0.5]);
  }

  heading('四、检验结论');
  row([s.conclusion], [1], 10);
  if (s.correction)
    row(
      [
        `本报告更正并替代 ${s.correction.supersedesNo}（第 ${s.correction.supersedesVersion} 版），更正原因：${s.correction.reason}`,
      ],
      [1],
    );

  heading('五、签发');
  row(
    [
      '审核',
      `${dash(s.verifier.name)}  ${cst(s.verifier.at)}`,
      '批准',
      `${dash(s.approver.name)}  ${cst(s.approver.at)}`,
    ],
    pair,
  );
  doc.moveDown(0.8).fontSize(9).text(`注：${NOTE}。`, MARGIN, doc.y);

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const y = doc.page.height - MARGIN;
    // Text below the bottom margin would open a new page: lift the margin while writing the footer.
    doc.page.margins.bottom = 0;
    doc
      .fontSize(8)
      .fillColor('#555555')
      .text(`${s.reportNo}    第 ${i + 1} 页 / 共 ${range.count} 页    ${NOTE}`, MARGIN, y, {
        width,
        align: 'center',
        lineBreak: false,
      });
  }
  doc.end();
  return done;
}

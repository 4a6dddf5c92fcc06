/**
 * The bulletin as a Word document (.docx), made with the `docx` library: title, the office's text
 * sections around the computed tables, and native Word charts (docx/charts), editable in Word.
 */

import {
  BULLETIN_SECTION_LABELS,
  type BULLETIN_SECTIONS,
  type BulletinDetailView,
} from '@nongan/shared/bulletins/schemas';
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  HeadingLevel,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { ChartRun } from 'docx/charts';
import { chinaDate } from '../trace/rules.ts';
import { pct } from './rules.ts';

const cn = (iso: string) => chinaDate(new Date(iso));

const FONT = { ascii: 'SimSun', eastAsia: '宋体', hAnsi: 'SimSun' };
const border = { style: BorderStyle.SINGLE, size: 4, color: '999999' };
const borders = { top: border, bottom: border, left: border, right: border };

const para = (
  text: string,
  opts: { bold?: boolean; size?: number; align?: (typeof AlignmentType)[keyof typeof AlignmentType] } = {},
) =>
  new Paragraph({
    alignment: opts.align,
    spacing: { after: 120, line: 360 },
    children: [new TextRun({ text, bold: opts.bold, size: opts.size ?? 24, font: FONT })],
  });

const heading = (text: string) =>
  new Paragraph({
    heading: HeadingLevel.HEADING_2,
    spacing: { before: 240, after: 120 },
    children: [new TextRun({ text, bold: true, size: 28, font: FONT })],
  });

/** The office's text: one paragraph per line, first-line indent as in a Chinese document. */
const body = (text: string) =>
  text.trim()
    ? text
        .split(/\n+/)
        .filter((l) => l.trim())
        .map(
          (l) =>
            new Paragraph({
              indent: { firstLine: 480 },
              spacing: { after: 120, line: 360 },
              children: [new TextRun({ text: l.trim(), size: 24, font: FONT })],
            }),
        )
    : [para('（无）')];

function table(header: string[], rows: (string | number)[][]): Table {
  const cell = (v: string | number, head = false) =>
    new TableCell({
      borders,
      shading: head ? { type: ShadingType.CLEAR, fill: 'EEEEEE', color: 'auto' } : undefined,
      children: [
        new Paragraph({
          alignment: typeof v === 'number' ? AlignmentType.RIGHT : AlignmentType.LEFT,
          children: [new TextRun({ text: String(v), bold: head, size: 20, font: FONT })],
        }),
      ],
    });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: header.map((h) => cell(h, true)) }),
      ...(rows.length ? rows : [header.map((_, i) => (i === 0 ? '无' : ''))]).map(
        (r) => new TableRow({ children: r.map((v) => cell(v)) }),
      ),
    ],
  });
}

const chartPara = (chart: ChartRun) =>
  new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 120, after: 120 }, children: [chart] });
const chartFont = { name: '宋体' };

export async function renderBulletinDocx(b: BulletinDetailView): Promise<Buffer> {
  const f = b.figures;
  const r = f.results;
  const p = f.problems;
  const children: (Paragraph | Table)[] = [
    para(b.title, { bold: true, size: 36, align: AlignmentType.CENTER }),
    para(
      `${b.districtName} · ${b.periodLabel}（${f.from} 至 ${f.to}）${
        b.issuedAt ? ` · ${b.issuedByName ?? ''} 签发于 ${cn(b.issuedAt)}` : ' · 草稿'
      }`,
      { size: 21, align: AlignmentType.CENTER },
    ),
  ];
  const section = (k: (typeof BULLETIN_SECTIONS)[number], n: string) => {
    children.push(heading(`${n}、${BULLETIN_SECTION_LABELS[k]}`), ...body(b.sections[k]));
  };

  section('intro', '一');
  children.push(para('表1 监测任务进度', { bold: true, size: 21 }));
  children.push(
    table(
      ['任务', '年度任务', '本季度完成', '全年累计', '完成率', '应完成（按季度进度）'],
      f.progress.map((k) => [k.label, k.quota, k.doneQuarter, k.doneToDate, pct(k.rate), k.expected]),
    ),
  );
  if (f.progress.length)
    children.push(
      chartPara(
        new ChartRun({
          type: 'column',
          title: '监测任务完成情况',
          font: chartFont,
          categories: f.progress.map((k) => k.label),
          series: [
            { name: '全年累计完成', values: f.progress.map((k) => k.doneToDate) },
            { name: '按进度应完成', values: f.progress.map((k) => k.expected) },
          ],
          transformation: { width: 560, height: 300 },
        }),
      ),
    );

  section('results', '二');
  children.push(para('表2 本季度监测结果', { bold: true, size: 21 }));
  children.push(
    table(
      ['项目', '批次', '不合格/阳性', '合格率'],
      [
        ['定量抽检', r.labSamples, r.labFailed, pct(r.passRate, 2)],
        [
          '定性快检',
          r.rapidTests,
          r.rapidPositive,
          pct(r.rapidTests ? (r.rapidTests - r.rapidPositive) / r.rapidTests : null, 2),
        ],
        ['禁限用药物检出', r.bannedDetections, '', ''],
      ],
    ),
  );
  children.push(para('表3 主要品种定量抽检情况', { bold: true, size: 21 }));
  children.push(
    table(
      ['品种', '批次', '不合格', '合格率'],
      r.byProduct.map((x) => [x.product, x.total, x.failed, pct(x.passRate, 2)]),
    ),
  );

  section('problems', '三');
  children.push(para('表4 问题发现与处置', { bold: true, size: 21 }));
  children.push(
    table(
      ['事项', '数量', '处置'],
      [
        ['定量抽检不合格', p.failedSamples, ''],
        ['快检阳性', p.rapidPositive, ''],
        ['巡查发现问题', p.inspectionsWithProblems, `巡查 ${p.inspections} 次`],
        ['下达整改', p.rectificationsOpened, `完成整改 ${p.rectificationsClosed} 件`],
        ['立案', p.casesOpened, `结案 ${p.casesClosed} 件`],
        ['控制问题批次', p.holdsOpened, `处置 ${p.holdsDisposed} 批`],
      ],
    ),
  );
  children.push(para('表5 不合格及禁限用药物检出样品', { bold: true, size: 21 }));
  children.push(
    table(
      ['样品', '日期', '镇街', '受检单位', '品种', '项目', '处置情况'],
      p.records.map((x) => [x.label, x.at, x.townName, x.party, x.product, x.detail, x.handling]),
    ),
  );

  children.push(heading('四、镇街工作情况及排名'));
  children.push(para(f.rankingNote, { size: 21 }));
  children.push(para('表6 镇街考核得分排名', { bold: true, size: 21 }));
  children.push(
    table(
      ['排名', '镇街', '考核得分', ...(f.ranking[0]?.parts.map((x) => x.label) ?? [])],
      f.ranking.map((t) => [
        t.rank,
        t.townName,
        t.score.toFixed(1),
        ...t.parts.map((x) => (x.value === null ? '—' : x.value.toFixed(1))),
      ]),
    ),
  );
  if (f.ranking.length)
    children.push(
      chartPara(
        new ChartRun({
          type: 'bar',
          title: '镇街考核得分',
          font: chartFont,
          legend: false,
          categories: f.ranking.map((t) => t.townName),
          series: [{ name: '考核得分', values: f.ranking.map((t) => t.score) }],
          categoryAxis: { reverseOrder: true },
          transformation: { width: 560, height: Math.max(240, f.ranking.length * 18 + 60) },
        }),
      ),
    );
  children.push(para('表7 镇街本季度工作数据', { bold: true, size: 21 }));
  children.push(
    table(
      [
        '镇街',
        '快检（本季/累计/年度任务）',
        '定量抽检',
        '不合格',
        '巡查任务完成',
        '整改（下达/完成）',
        '案件（立案/结案）',
      ],
      f.towns.map((t) => [
        t.townName,
        `${t.rapidQuarter}/${t.rapidToDate}/${t.rapidQuota}`,
        t.labSamples,
        t.labFailed,
        `${t.dutiesDone}/${t.duties}`,
        `${t.rectificationsOpened}/${t.rectificationsClosed}`,
        `${t.casesOpened}/${t.casesClosed}`,
      ]),
    ),
  );

  section('nextSteps', '五');
  children.push(para(`数据截至 ${cn(f.computedAt)}，由农安平台按本季度业务数据计算。`, { size: 18 }));

  const doc = new Document({
    creator: '农安',
    lastModifiedBy: '农安',
    title: b.title,
    description: `${b.periodLabel}季度通报`,
    styles: { default: { document: { run: { font: FONT, size: 24 } } } },
    sections: [
      {
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [
                  new TextRun({ children: ['第 ', PageNumber.CURRENT, ' 页'], size: 18, font: FONT }),
                ],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}

/** The bulletin's tables as a workbook (.xlsx), one sheet per table, via platform/xlsx-write. */

import {
  BULLETIN_SECTION_LABELS,
  BULLETIN_SECTIONS,
  type BulletinDetailView,
} from '@nongan/shared/bulletins/schemas';
import { newWorkbook } from '../../platform/xlsx-write.ts';
import { chinaDate } from '../trace/rules.ts';
import { pct } from './rules.ts';

const cn = (iso: string) => chinaDate(new Date(iso));

export async function renderBulletinXlsx(b: BulletinDetailView): Promise<Buffer> {
  const f = b.figures;
  const wb = newWorkbook();
  const sheet = (name: string, columns: [string, number][], rows: (string | number)[][]) => {
    const ws = wb.addWorksheet(name);
    ws.columns = columns.map(([header, width]) => ({ header, width }));
    ws.getRow(1).font = { bold: true };
    ws.addRows(rows);
    return ws;
  };
  sheet(
    '通报',
    [
      ['项目', 18],
      ['内容', 100],
    ],
    [
      ['标题', b.title],
      ['期间', `${b.periodLabel}（${f.from} 至 ${f.to}）`],
      ['状态', b.issuedAt ? `已签发（${b.issuedByName ?? ''} ${cn(b.issuedAt)}）` : '草稿'],
      ['数据截至', cn(f.computedAt)],
      ...BULLETIN_SECTIONS.map((k) => [BULLETIN_SECTION_LABELS[k], b.sections[k]]),
    ],
  ).getColumn(2).alignment = { wrapText: true, vertical: 'top' };
  sheet(
    '任务进度',
    [
      ['任务', 20],
      ['年度任务', 10],
      ['本季度完成', 12],
      ['全年累计', 10],
      ['完成率', 10],
      ['按进度应完成', 14],
    ],
    f.progress.map((k) => [k.label, k.quota, k.doneQuarter, k.doneToDate, pct(k.rate), k.expected]),
  );
  const r = f.results;
  sheet(
    '监测结果',
    [
      ['品种', 16],
      ['定量抽检批次', 14],
      ['不合格', 10],
      ['合格率', 10],
    ],
    [
      ['全部', r.labSamples, r.labFailed, pct(r.passRate, 2)],
      ...r.byProduct.map((x) => [x.product, x.total, x.failed, pct(x.passRate, 2)]),
      [],
      ['定性快检', r.rapidTests, r.rapidPositive, ''],
      ['禁限用药物检出', r.bannedDetections, '', ''],
    ],
  );
  sheet(
    '问题及处置',
    [
      ['样品', 22],
      ['日期', 12],
      ['镇街', 10],
      ['受检单位', 28],
      ['品种', 12],
      ['项目', 24],
      ['处置情况', 36],
    ],
    f.problems.records.map((x) => [x.label, x.at, x.townName, x.party, x.product, x.detail, x.handling]),
  );
  sheet(
    '镇街排名',
    [
      ['排名', 6],
      ['镇街', 10],
      ['考核得分', 10],
      ...(f.ranking[0]?.parts.map((x) => [x.label, 14] as [string, number]) ?? []),
    ],
    f.ranking.map((t) => [t.rank, t.townName, t.score, ...t.parts.map((x) => x.value ?? '—')]),
  );
  sheet(
    '镇街数据',
    [
      ['镇街', 10],
      ['快检年度任务', 12],
      ['快检累计', 10],
      ['本季快检', 10],
      ['快检阳性', 10],
      ['定量抽检', 10],
      ['不合格', 8],
      ['巡查任务', 10],
      ['已巡查', 8],
      ['巡查次数', 10],
      ['发现问题', 10],
      ['下达整改', 10],
      ['完成整改', 10],
      ['立案', 6],
      ['结案', 6],
    ],
    f.towns.map((t) => [
      t.townName,
      t.rapidQuota,
      t.rapidToDate,
      t.rapidQuarter,
      t.rapidPositive,
      t.labSamples,
      t.labFailed,
      t.duties,
      t.dutiesDone,
      t.inspections,
      t.inspectionsWithProblems,
      t.rectificationsOpened,
      t.rectificationsClosed,
      t.casesOpened,
      t.casesClosed,
    ]),
  );
  return Buffer.from(await wb.xlsx.writeBuffer());
}

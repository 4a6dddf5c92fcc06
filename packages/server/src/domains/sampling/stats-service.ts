import { MISSING_NAME } from '@nongan/shared/common/missing';
import { TASK_KIND_LABELS, type TaskKind } from '@nongan/shared/sampling/plans';
import {
  LINK_LABELS,
  type Link,
  RAPID_METHOD_LABELS,
  type statsQuery,
  type statsView,
} from '@nongan/shared/sampling/tests';
import type { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { newWorkbook } from '../../platform/xlsx-write.ts';
import type { Scope } from '../accounts/scope.ts';
import { holderName, townName } from '../regions/names.ts';
import { divisionNames } from '../regions/repository.ts';
import { analyteName, productLabel } from '../standards/catalog.ts';
import { passRates } from './stats-repository.ts';

type Report = z.infer<typeof statsView>;

/** Pass rates of a year by one dimension, with names for the keys. */
export async function statsReport(db: Db, scope: Scope, q: z.infer<typeof statsQuery>): Promise<Report> {
  const rows = await passRates(db, scope, { year: q.year, kind: q.kind, townCode: q.townCode }, q.dimension);
  const towns =
    q.dimension === 'town' || q.dimension === 'holder'
      ? await divisionNames(
          db,
          rows.map((r) => r.key),
        )
      : new Map();
  const nameOf = (key: string): string => {
    switch (q.dimension) {
      case 'product':
        return productLabel(key);
      case 'analyte':
        return key.startsWith('rapid:')
          ? `快检：${RAPID_METHOD_LABELS[key.slice(6) as keyof typeof RAPID_METHOD_LABELS] ?? MISSING_NAME.analyte}`
          : analyteName(key);
      case 'town':
        return townName(towns, key);
      case 'holder':
        return holderName(towns, key, scope.districtCode);
      case 'link':
        return LINK_LABELS[key as Link] ?? key;
      case 'taskKind':
        return TASK_KIND_LABELS[key as TaskKind] ?? key;
      default:
        return key;
    }
  };
  const total = rows.reduce((s, r) => s + r.total, 0);
  const failed = rows.reduce((s, r) => s + r.failed, 0);
  const leads = rows.reduce((s, r) => s + r.leads, 0);
  const provisional = rows.reduce((s, r) => s + r.provisional, 0);
  return {
    year: q.year,
    kind: q.kind,
    dimension: q.dimension,
    total,
    failed,
    leads,
    provisional,
    passRate: total ? (total - failed) / total : null,
    rows: rows.map((r) => ({ ...r, name: nameOf(r.key) })),
  };
}

const DIMENSION_LABELS: Record<string, string> = {
  product: '产品',
  analyte: '检测项目',
  town: '镇街',
  link: '环节',
  month: '月份',
  holder: '承担单位',
  taskKind: '任务类型',
};
const KIND_LABELS: Record<string, string> = { rapid: '定性检测', lab: '定量检测', all: '全部检测' };

/** The download's name, in words: 监测统计_2021_定量检测_按产品.xlsx. */
export const statsFileName = (q: { year: number; kind: string; dimension: string }) =>
  `监测统计_${q.year}_${KIND_LABELS[q.kind] ?? '检测'}_按${DIMENSION_LABELS[q.dimension] ?? '分组'}.xlsx`;

export async function statsWorkbook(r: Report): Promise<Buffer> {
  const wb = newWorkbook();
  const ws = wb.addWorksheet('合格率');
  ws.addRow([
    `${r.year}年 ${KIND_LABELS[r.kind] ?? r.kind} 按${DIMENSION_LABELS[r.dimension] ?? r.dimension}统计`,
  ]);
  // A division code beside a town's name is a code people use (区划代码); a product's or a link's
  // internal key is not, so other groupings have no code column.
  const coded = r.dimension === 'town' || r.dimension === 'holder';
  const code = (v: string) => (coded ? [v] : []);
  ws.addRow([
    DIMENSION_LABELS[r.dimension] ?? r.dimension,
    ...code('区划代码'),
    '检测数',
    '不合格（阳性）数',
    '禁限用药物检出数',
    '合格率',
    '暂判数（按非现行版本暂判）',
  ]);
  for (const row of r.rows)
    ws.addRow([row.name, ...code(row.key), row.total, row.failed, row.leads, row.passRate, row.provisional]);
  ws.addRow(['合计', ...code(''), r.total, r.failed, r.leads, r.passRate, r.provisional]);
  ws.getColumn(coded ? 6 : 5).numFmt = '0.00%';
  ws.getRow(2).font = { bold: true };
  const widths = [20, ...(coded ? [14] : []), 10, 16, 16, 10, 24];
  ws.columns.forEach((c, i) => {
    c.width = widths[i];
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

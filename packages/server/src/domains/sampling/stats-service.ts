import { TASK_KIND_LABELS, type TaskKind } from '@nongan/shared/sampling/plans';
import { LINK_LABELS, type Link, type statsQuery, type statsView } from '@nongan/shared/sampling/tests';
import type { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { newWorkbook } from '../../platform/xlsx-write.ts';
import type { Scope } from '../accounts/scope.ts';
import { holderName, townName } from '../regions/names.ts';
import { divisionNames } from '../regions/repository.ts';
import { productLabel } from '../standards/catalog.ts';
import { reference } from '../standards/reference.ts';
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
          ? `快检：${key.slice(6)}`
          : (reference.analytes.get(key)?.name ?? key);
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

export async function statsWorkbook(r: Report): Promise<Buffer> {
  const wb = newWorkbook();
  const ws = wb.addWorksheet('合格率');
  ws.addRow([
    `${r.year}年 ${KIND_LABELS[r.kind] ?? r.kind} 按${DIMENSION_LABELS[r.dimension] ?? r.dimension}统计`,
  ]);
  ws.addRow([
    DIMENSION_LABELS[r.dimension] ?? r.dimension,
    '代码',
    '检测数',
    '不合格（阳性）数',
    '禁限用药物检出数',
    '合格率',
    '暂判数（按非现行版本暂判）',
  ]);
  for (const row of r.rows)
    ws.addRow([row.name, row.key, row.total, row.failed, row.leads, row.passRate, row.provisional]);
  ws.addRow(['合计', '', r.total, r.failed, r.leads, r.passRate, r.provisional]);
  ws.getColumn(6).numFmt = '0.00%';
  ws.getRow(2).font = { bold: true };
  ws.columns.forEach((c, i) => {
    c.width = [20, 14, 10, 16, 16, 10, 24][i];
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

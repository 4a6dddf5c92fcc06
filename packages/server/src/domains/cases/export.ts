import { CASE_SOURCE_LABELS, type CaseQuery, type CaseSource } from '@nongan/shared/cases/schemas';
import { CASE_STATE_LABELS, type CaseState } from '@nongan/shared/cases/states';
import type { Db } from '../../db/client.ts';
import { newWorkbook } from '../../platform/xlsx-write.ts';
import type { Scope } from '../accounts/scope.ts';
import { selectCases } from './repository.ts';

export const MAX_CASE_EXPORT = 5000;

/** The case list as filtered on the page (overdue first), one row per case, names not codes. */
export async function casesWorkbook(db: Db, scope: Scope, q: Omit<CaseQuery, 'page' | 'pageSize'>) {
  const { items } = await selectCases(db, scope, q, MAX_CASE_EXPORT);
  const wb = newWorkbook();
  const ws = wb.addWorksheet('案件');
  ws.columns = [
    { header: '案件编号', key: 'caseNo', width: 24 },
    { header: '案由', key: 'title', width: 30 },
    { header: '当事人', key: 'party', width: 26 },
    { header: '镇街', key: 'town', width: 12 },
    { header: '来源', key: 'source', width: 26 },
    { header: '状态', key: 'state', width: 14 },
    { header: '本阶段期限', key: 'dueOn', width: 12 },
    { header: '逾期', key: 'overdue', width: 8 },
    { header: '移送公安', key: 'transferred', width: 10 },
    { header: '立案时间', key: 'createdAt', width: 18 },
  ];
  for (const c of items)
    ws.addRow({
      caseNo: c.caseNo,
      title: c.title,
      party: c.entityName ?? c.partyName ?? '',
      town: c.townName ?? '',
      source: `${CASE_SOURCE_LABELS[c.sourceType as CaseSource] ?? ''}：${c.sourceLabel}`,
      state: CASE_STATE_LABELS[c.state as CaseState] ?? c.state,
      dueOn: c.dueOn ?? '',
      overdue: c.overdue ? '逾期' : '',
      transferred: c.transferred ? '已移送' : '',
      createdAt: new Date(c.createdAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }),
    });
  ws.getRow(1).font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

import {
  BASIS_LABELS,
  type Basis,
  STATUS_LABELS,
  STYLE_LABELS,
  unitLabel,
} from '@nongan/shared/certificates/schemas';
import { plausibleDate } from '@nongan/shared/common/dates';
import { parseUnit } from '@nongan/shared/common/units';
import { and, desc, eq, or } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { inList } from '../../platform/bulk-insert.ts';
import { badRequest, type FieldIssue } from '../../platform/http-error.ts';
import { readUploadRows } from '../../platform/upload.ts';
import type { XlsxCell } from '../../platform/xlsx-read.ts';
import { newWorkbook } from '../../platform/xlsx-write.ts';
import type { AuthUser, Scope } from '../accounts/scope.ts';
import { inScope } from '../accounts/scope.ts';
import type { Actor } from '../audit/audit.ts';
import { entities } from '../entities/table.ts';
import { findProduct, productProblem } from '../standards/catalog.ts';
import { chinaDate } from '../trace/rules.ts';
import { insertCertificates, PRODUCER_TYPES } from './issue-service.ts';
import type { KeyRing } from './keys.ts';
import { type CertificateRow, certificateViews, certificateWhere } from './repository.ts';
import { mapLegacyBasis } from './rules.ts';
import { certificates } from './table.ts';

export const MAX_EXPORT = 100_000;
export const MAX_LEGACY_ROWS = 20_000;

/** The certificates matching a list filter, as an .xlsx (refuses more than MAX_EXPORT). */
export async function exportCertificates(
  db: Db,
  scope: Scope,
  filter: Parameters<typeof certificateWhere>[1],
) {
  const rows: CertificateRow[] = await db
    .select()
    .from(certificates)
    .where(certificateWhere(scope, filter))
    .orderBy(desc(certificates.issueDate), desc(certificates.createdAt))
    .limit(MAX_EXPORT + 1);
  if (rows.length > MAX_EXPORT)
    throw badRequest(`导出超过 ${MAX_EXPORT} 条，请缩小筛选范围`, [
      { field: 'from', reason: '请缩小日期范围' },
    ]);
  const views = await certificateViews(db, rows);
  const wb = newWorkbook();
  const ws = wb.addWorksheet('合格证');
  ws.addRow([
    '合格证编号',
    '类型',
    '状态',
    '开具主体',
    '镇街',
    '产品',
    '数量',
    '单位',
    '产地',
    '联系电话',
    '开具日期',
    '承诺依据',
    '原模板依据',
    '打印次数',
    '撤销原因',
    '留存至',
  ]);
  for (const v of views)
    ws.addRow([
      v.certNo,
      STYLE_LABELS[v.style],
      STATUS_LABELS[v.status],
      v.entityName,
      v.townName,
      v.productName,
      v.quantity,
      unitLabel(v.unit),
      v.origin,
      v.contact,
      v.issueDate,
      v.bases.map((b) => BASIS_LABELS[b]).join('；'),
      v.legacyBasis ?? '',
      v.printCount,
      v.revokeReason ?? '',
      v.retainUntil,
    ]);
  ws.getRow(1).font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The columns of an older-template certificate file (2019–2025 trial template). */
export const LEGACY_COLUMNS = [
  '合格证编号',
  '生产者统一社会信用代码或名称',
  '产品名称',
  '数量',
  '单位',
  '联系电话',
  '开具日期',
  '承诺依据',
] as const;

export async function legacyTemplate(): Promise<Buffer> {
  const wb = newWorkbook();
  const ws = wb.addWorksheet('旧版合格证');
  ws.addRow([...LEGACY_COLUMNS]);
  ws.addRow([
    'HG-2021-000123',
    '某某蔬菜专业合作社',
    '白菜',
    500,
    '公斤',
    '13800138000',
    '2021-06-01',
    '自我承诺；委托检测',
  ]);
  ws.getRow(1).font = { bold: true };
  const help = wb.addWorksheet('说明');
  help.addRow(['承诺依据可填旧模板的四项：自我承诺、内部质量控制、自行检测、委托检测（多项以分号分隔）。']);
  help.addRow([
    '导入后按现行三项依据显示：自我承诺、内部质量控制 → 质量安全控制符合要求（原依据一并保留）。',
  ]);
  help.addRow(['生产者须已在主体名录登记；按统一社会信用代码匹配，无代码时按名称匹配。']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const cellText = (c: XlsxCell | undefined) => (c == null ? '' : String(c).trim());
/** Excel dates arrive as serial numbers or text. */
function cellDate(c: XlsxCell | undefined): string | null {
  if (typeof c === 'number') return new Date(Math.round((c - 25569) * 86_400_000)).toISOString().slice(0, 10);
  const m = cellText(c).match(/^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/);
  if (!m) return null;
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  return Number.isNaN(Date.parse(iso)) || new Date(iso).toISOString().slice(0, 10) !== iso ? null : iso;
}

/**
 * Imports certificates made under the older template: every row is checked first; strict mode
 * commits nothing if any row fails, lenient mode commits the good rows, in one transaction.
 * Each gets a trace code so it can be scanned; its old basis is kept beside today's mapping.
 */
export async function importLegacy(
  db: Db,
  ring: KeyRing,
  actor: Actor & { user: AuthUser },
  scope: Scope,
  buf: Buffer,
  mode: 'strict' | 'lenient',
) {
  const sheet = await readUploadRows(buf, { formats: ['xlsx'], maxRows: MAX_LEGACY_ROWS });
  const rows = sheet.rows;
  const h: string[] = sheet.header.map(cellText);
  const missing = LEGACY_COLUMNS.filter((c) => !h.includes(c));
  if (missing.length)
    throw badRequest(`缺少列：${missing.join('、')}`, [
      { field: 'file', reason: `缺少列：${missing.join('、')}` },
    ]);
  const col = (name: (typeof LEGACY_COLUMNS)[number]) => h.indexOf(name);
  const today = chinaDate(new Date());
  const errors: { row: number; field: string; reason: string }[] = [];
  const good: Parameters<typeof insertCertificates>[3] = [];
  const seenNos = new Set<string>();
  for (const r of rows) {
    const get = (name: (typeof LEGACY_COLUMNS)[number]) => r.cells[col(name)];
    const rowErrors: FieldIssue[] = [];
    const certNo = cellText(get('合格证编号'));
    if (!certNo) rowErrors.push({ field: '合格证编号', reason: '不能为空' });
    else if (seenNos.has(certNo)) rowErrors.push({ field: '合格证编号', reason: '文件内重复' });
    seenNos.add(certNo);
    const who = cellText(get('生产者统一社会信用代码或名称'));
    const [entity] = who
      ? await db
          .select()
          .from(entities)
          .where(
            and(
              eq(entities.districtCode, scope.districtCode),
              or(eq(entities.creditCode, who), eq(entities.name, who)),
            ),
          )
          .limit(2)
      : [];
    if (!entity || !inScope(scope, entity))
      rowErrors.push({ field: '生产者统一社会信用代码或名称', reason: '主体未登记或不在本人辖区' });
    else if (!PRODUCER_TYPES.includes(entity.type))
      rowErrors.push({ field: '生产者统一社会信用代码或名称', reason: '该类主体不开具合格证' });
    const product = findProduct(cellText(get('产品名称')));
    if (!product) rowErrors.push({ field: '产品名称', reason: productProblem(cellText(get('产品名称'))) });
    const q = get('数量');
    const quantity = typeof q === 'number' ? q : Number(cellText(q));
    if (!(quantity > 0) || !Number.isFinite(quantity))
      rowErrors.push({ field: '数量', reason: '数量应为大于0的数字' });
    const unit = parseUnit(cellText(get('单位')));
    if (!unit)
      rowErrors.push({
        field: '单位',
        reason: `未知单位“${cellText(get('单位'))}”（公斤、吨、斤、头、只、件、箱）`,
      });
    const contact = cellText(get('联系电话'));
    if (!/^[0-9+\-\s]{7,20}$/.test(contact)) rowErrors.push({ field: '联系电话', reason: '应为电话号码' });
    const issueDate = cellDate(get('开具日期'));
    if (!issueDate) rowErrors.push({ field: '开具日期', reason: '应为日期，如 2021-06-01' });
    else {
      const dateProblem = plausibleDate(issueDate, today);
      if (dateProblem) rowErrors.push({ field: '开具日期', reason: dateProblem });
    }
    const labels = cellText(get('承诺依据'))
      .split(/[;；,，、\s]+/)
      .filter(Boolean);
    const mapped = labels.map((l) => ({ l, m: mapLegacyBasis(l) }));
    const unknown = mapped.filter((x) => !x.m).map((x) => x.l);
    if (labels.length === 0) rowErrors.push({ field: '承诺依据', reason: '不能为空' });
    if (unknown.length) rowErrors.push({ field: '承诺依据', reason: `无法识别：${unknown.join('、')}` });
    if (rowErrors.length || !entity || !product || !unit || !issueDate) {
      errors.push(...rowErrors.map((e) => ({ row: r.row, ...e })));
      continue;
    }
    const bases = [...new Set(mapped.map((x) => x.m!.basis))] as Basis[];
    good.push({
      body: {
        entityId: entity.id,
        product: product.code,
        quantity,
        unit,
        contact,
        issueDate,
        bases,
        labelCount: 1,
      },
      prepared: {
        entity,
        onBehalf: false,
        product,
        villageCode: entity.villageCode,
        origin: entity.address,
        tests: [],
        warnings: [],
      },
      style: 'producer',
      source: 'legacy',
      certNo,
      legacyBasis: labels.join('；'),
    });
  }
  // Numbers already on the platform are refused, not duplicated.
  if (good.length) {
    const existing = await db
      .select({ no: certificates.certNo })
      .from(certificates)
      .where(
        and(
          eq(certificates.districtCode, scope.districtCode),
          inList(
            certificates.certNo,
            good.map((g) => g.certNo!),
          ),
        ),
      );
    const taken = new Set(existing.map((e) => e.no));
    for (let i = good.length - 1; i >= 0; i--) {
      const g = good[i]!;
      if (taken.has(g.certNo!)) {
        const row = rows.find((r) => cellText(r.cells[col('合格证编号')]) === g.certNo)!.row;
        errors.push({ row, field: '合格证编号', reason: '平台已有该编号的合格证' });
        good.splice(i, 1);
      }
    }
  }
  errors.sort((a, b) => a.row - b.row);
  const commit = mode === 'lenient' || errors.length === 0;
  if (commit && good.length) await db.transaction((tx) => insertCertificates(tx, ring, actor, good));
  return {
    total: rows.length,
    created: commit ? good.length : 0,
    committed: commit && good.length > 0,
    errors,
  };
}

import { randomUUID } from 'node:crypto';
import { errorBody } from '@nongan/shared/common/paging';
import { divisionCreateBody } from '@nongan/shared/regions/schemas';
import { eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { badRequest } from '../../platform/http-error.ts';
import { readUploadRows, uploadedFile } from '../../platform/upload.ts';
import { actorOf, requireRole } from '../accounts/guard.ts';
import { codeInScope, DIVISION_EDITORS, type Scope, scopeOf } from '../accounts/scope.ts';
import { type Actor, type AuditEntry, writeAudit } from '../audit/audit.ts';
import { cellText } from '../entities/xlsx-columns.ts';
import { listDivisions } from './repository.ts';
import { divisions } from './table.ts';

export const MAX_DIVISION_ROWS = 20_000;

export interface DivisionImportError {
  row: number;
  column: string | null;
  reason: string;
}
export interface DivisionImportResult {
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  committed: boolean;
  errors: DivisionImportError[];
}

/** Header names accepted for each column (the English ones are the documented format). */
const COLUMNS = {
  code: ['code', '代码', '区划代码'],
  name: ['name', '名称'],
  parentCode: ['parent_code', '上级代码'],
} as const;

type Row = { row: number; code: string; name: string; parentCode: string };

const fileIssue = (reason: string) => badRequest(reason, [{ field: 'file', reason }]);

/** Rows of a .csv or .xlsx (by content, not by name) with columns code, name, parent_code. */
export async function readDivisionFile(buffer: Buffer): Promise<Row[]> {
  const sheet = await readUploadRows(buffer, { formats: ['xlsx', 'csv'], maxRows: MAX_DIVISION_ROWS });
  const header = sheet.header.map(cellText);
  const rows = sheet.rows.map((r) => ({ row: r.row, cells: r.cells.map(cellText) }));
  const norm = header.map((h) => h.trim().toLowerCase());
  const pos = Object.fromEntries(
    Object.entries(COLUMNS).map(([k, names]) => [
      k,
      norm.findIndex((h) => (names as readonly string[]).includes(h)),
    ]),
  ) as Record<keyof typeof COLUMNS, number>;
  const missing = Object.entries(pos)
    .filter(([, i]) => i < 0)
    .map(([k]) => COLUMNS[k as keyof typeof COLUMNS][0]);
  const unexpected = header.filter((h, i) => h.trim() && !Object.values(pos).includes(i));
  if (missing.length || unexpected.length) {
    const parts = [
      missing.length ? `缺少列：${missing.join('、')}` : '',
      unexpected.length ? `多余列：${unexpected.join('、')}` : '',
    ];
    throw fileIssue(`表头应为 code,name,parent_code；${parts.filter(Boolean).join('；')}`);
  }
  if (rows.length === 0) throw fileIssue('文件中没有数据行');
  return rows.map((r) => ({
    row: r.row,
    code: r.cells[pos.code] ?? '',
    name: r.cells[pos.name] ?? '',
    parentCode: r.cells[pos.parentCode] ?? '',
  }));
}

type Division = typeof divisions.$inferSelect;
type NewDivision = typeof divisions.$inferInsert;

/**
 * Checks each row as POST /api/divisions does (parent exists and is in scope, village under a town,
 * grid under a village, code extends the parent's), with parents also taken from earlier rows of
 * the file. An existing code with the same parent is a rename (or unchanged).
 */
export function planDivisionRows(
  rows: Row[],
  existing: Map<string, Division>,
  scope: Scope,
  source: string,
): {
  inserts: NewDivision[];
  renames: { before: Division; name: string }[];
  unchanged: number;
  errors: DivisionImportError[];
} {
  const errors: DivisionImportError[] = [];
  const inserts: NewDivision[] = [];
  const renames: { before: Division; name: string }[] = [];
  let unchanged = 0;
  const seen = new Map<string, number>();
  const fromFile = new Map<string, NewDivision>();
  // Villages first, so a grid may name a village added by the same file wherever its row is.
  const ordered = [...rows].sort((a, b) => a.code.length - b.code.length || a.row - b.row);
  for (const r of ordered) {
    const fail = (column: string | null, reason: string) => errors.push({ row: r.row, column, reason });
    const parsed = divisionCreateBody.safeParse({ code: r.code, name: r.name, parentCode: r.parentCode });
    if (!parsed.success) {
      for (const i of parsed.error.issues)
        fail(String(i.path[0] ?? '') === 'parentCode' ? 'parent_code' : String(i.path[0] ?? ''), i.message);
      continue;
    }
    const { code, name, parentCode } = parsed.data;
    if (seen.has(code)) {
      fail('code', `与第${seen.get(code)}行的代码重复`);
      continue;
    }
    seen.set(code, r.row);
    const parent = existing.get(parentCode) ?? fromFile.get(parentCode);
    if (!parent || parent.districtCode !== scope.districtCode || !codeInScope(scope, parent.code)) {
      fail('parent_code', '上级区域不存在或不在本辖区');
      continue;
    }
    const level = parent.level === 'town' ? 'village' : parent.level === 'village' ? 'grid' : null;
    if (!level) {
      fail('parent_code', '村的上级须为镇街，网格的上级须为村');
      continue;
    }
    if (!code.startsWith(parent.code) || (level === 'village' && code.length !== 12)) {
      fail('code', `代码须以上级代码 ${parent.code} 开头`);
      continue;
    }
    if (level === 'grid' && code.length < 14) {
      fail('code', '网格代码为村代码加2-3位序号');
      continue;
    }
    const current = existing.get(code);
    if (current) {
      if (current.parentCode !== parent.code || current.level !== level)
        fail('code', '代码已存在，且上级或层级不同');
      else if (current.name !== name) renames.push({ before: current, name });
      else unchanged++;
      continue;
    }
    const row: NewDivision = {
      code,
      name,
      level,
      parentCode: parent.code,
      districtCode: parent.districtCode,
      source,
    };
    fromFile.set(code, row);
    inserts.push(row);
  }
  return { inserts, renames, unchanged, errors: errors.sort((a, b) => a.row - b.row) };
}

/** All-or-nothing import of villages and grids, audited row by row plus one row for the file. */
export async function importDivisionsFromBuffer(
  db: Db,
  actor: Actor,
  scope: Scope,
  buffer: Buffer,
  fileName: string,
): Promise<DivisionImportResult> {
  const rows = await readDivisionFile(buffer);
  const existing = new Map(
    (await listDivisions(db, { districtCode: scope.districtCode, includeInactive: true })).map((d) => [
      d.code,
      d,
    ]),
  );
  const plan = planDivisionRows(rows, existing, scope, `imported by ${actor.user?.username ?? 'system'}`);
  const failed = new Set(plan.errors.map((e) => e.row)).size;
  if (failed > 0)
    return {
      total: rows.length,
      created: 0,
      updated: 0,
      unchanged: 0,
      failed,
      committed: false,
      errors: plan.errors,
    };
  const audits: AuditEntry[] = [
    ...plan.inserts.map((d) => ({
      action: 'create',
      subjectType: 'division',
      subjectId: d.code,
      regionCode: d.code.slice(0, 9),
      after: d,
    })),
    ...plan.renames.map((r) => ({
      action: 'update',
      subjectType: 'division',
      subjectId: r.before.code,
      regionCode: r.before.code.slice(0, 9),
      before: { name: r.before.name },
      after: { name: r.name },
    })),
  ];
  const result = {
    total: rows.length,
    created: plan.inserts.length,
    updated: plan.renames.length,
    unchanged: plan.unchanged,
    failed: 0,
    committed: true,
    errors: [],
  };
  await db.transaction(async (tx) => {
    for (let i = 0; i < plan.inserts.length; i += 1000)
      await tx.insert(divisions).values(plan.inserts.slice(i, i + 1000));
    for (const r of plan.renames)
      await tx.update(divisions).set({ name: r.name }).where(eq(divisions.code, r.before.code));
    for (let i = 0; i < audits.length; i += 1000) await writeAudit(tx, actor, audits.slice(i, i + 1000));
    await writeAudit(tx, actor, {
      action: 'import',
      subjectType: 'import',
      subjectId: randomUUID(),
      regionCode: scope.districtCode,
      after: { kind: 'divisions', fileName: fileName.slice(0, 200), ...result, errors: undefined },
    });
  });
  return result;
}

const resultView = z.object({
  total: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  failed: z.number().int(),
  committed: z.boolean(),
  errors: z.array(z.object({ row: z.number().int(), column: z.string().nullable(), reason: z.string() })),
});

/** POST /divisions/import: a .csv or .xlsx of villages and grids (code,name,parent_code). */
export const divisionImportRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.database;
  app.post(
    '/divisions/import',
    {
      schema: {
        tags: ['regions'],
        consumes: ['multipart/form-data'],
        response: { 200: resultView, 400: errorBody, 401: errorBody, 403: errorBody, 413: errorBody },
      },
    },
    async (request) => {
      const me = requireRole(request, DIVISION_EDITORS);
      const file = await uploadedFile(request);
      return importDivisionsFromBuffer(db, actorOf(request), scopeOf(me), file.buffer, file.name);
    },
  );
};

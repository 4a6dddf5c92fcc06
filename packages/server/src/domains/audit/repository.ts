import type { AuditView } from '@nongan/shared/audit/schemas';
import { and, asc, count, desc, eq, gte, like, lt, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Scope } from '../accounts/scope.ts';
import { auditLog } from './table.ts';

type Row = typeof auditLog.$inferSelect;

const toView = (r: Row): AuditView => ({
  id: r.id,
  at: r.at.toISOString(),
  userId: r.userId,
  username: r.username,
  action: r.action,
  subjectType: r.subjectType,
  subjectId: r.subjectId,
  regionCode: r.regionCode,
  before: r.before ?? null,
  after: r.after ?? null,
  ip: r.ip,
});

export async function subjectHistory(db: Db, subjectType: string, subjectId: string): Promise<AuditView[]> {
  const rows = await db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.subjectType, subjectType), eq(auditLog.subjectId, subjectId)))
    .orderBy(asc(auditLog.id))
    .limit(1000);
  return rows.map(toView);
}

export interface AuditFilter {
  page: number;
  pageSize: number;
  subjectType?: string;
  subjectId?: string;
  action?: string;
  username?: string;
  from?: string;
  to?: string;
}

/** Region codes are prefixes of one another (district 6, town 9, village 12 digits), so scope is a prefix match. */
function scopePrefix(scope: Scope): string {
  return scope.kind === 'town'
    ? scope.townCode
    : scope.kind === 'village'
      ? scope.villageCode
      : scope.districtCode;
}

export async function searchAudit(db: Db, scope: Scope, f: AuditFilter) {
  const where = and(
    like(auditLog.regionCode, `${scopePrefix(scope)}%`),
    f.subjectType ? eq(auditLog.subjectType, f.subjectType) : undefined,
    f.subjectId ? eq(auditLog.subjectId, f.subjectId) : undefined,
    f.action ? eq(auditLog.action, f.action) : undefined,
    f.username ? eq(auditLog.username, f.username) : undefined,
    f.from ? gte(auditLog.at, new Date(`${f.from}T00:00:00+08:00`)) : undefined,
    f.to ? lt(auditLog.at, new Date(new Date(`${f.to}T00:00:00+08:00`).getTime() + 86400_000)) : undefined,
  ) as SQL;
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(auditLog)
      .where(where)
      .orderBy(desc(auditLog.id))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize),
    db.select({ n: count() }).from(auditLog).where(where),
  ]);
  return { items: rows.map(toView), total: Number(total?.n ?? 0), page: f.page, pageSize: f.pageSize };
}

import type { AuditView } from '@nongan/shared/audit/schemas';
import { and, asc, count, desc, eq, gte, inArray, like, lt, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Scope } from '../accounts/scope.ts';
import { users } from '../accounts/table.ts';
import { divisionNames } from '../regions/repository.ts';
import { reference } from '../standards/reference.ts';
import { auditLog } from './table.ts';

type Row = typeof auditLog.$inferSelect;

/** What a record is called, from its own audited fields (number first, then name). */
const LABEL_FIELDS = [
  'caseNo',
  'sampleNo',
  'certNo',
  'testNo',
  'lotNo',
  'reportNo',
  'reference',
  'name',
  'title',
  'displayName',
];
const asRecord = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
export function subjectLabelOf(before: unknown, after: unknown): string | null {
  for (const rec of [asRecord(after), asRecord(before)])
    for (const f of LABEL_FIELDS) if (typeof rec[f] === 'string' && rec[f]) return rec[f] as string;
  return null;
}
/** Division codes among a record's *Code fields (6 to 15 digits). */
function codesIn(v: unknown): string[] {
  return Object.entries(asRecord(v))
    .filter(([k, x]) => k.endsWith('Code') && typeof x === 'string' && /^\d{6,15}$/.test(x))
    .map(([, x]) => x as string);
}

/**
 * How a domain names its records for the audit log (entity → its name, sample → its number…).
 * Domains above audit register here, so audit reads no table of theirs.
 */
export type SubjectLabeler = (db: Db, ids: string[]) => Promise<Map<string, string>>;
const labelers = new Map<string, SubjectLabeler>();
export function registerSubjectLabels(subjectType: string, fn: SubjectLabeler) {
  labelers.set(subjectType, fn);
}

/** Product and analyte codes among a record's values (also inside lists), with their names. */
function catalogNames(v: unknown, out: Map<string, string>) {
  const visit = (x: unknown) => {
    if (Array.isArray(x)) for (const y of x) visit(y);
    else if (typeof x === 'string' && /^[a-z][a-z0-9_]*$/.test(x)) {
      const name = reference.products.get(x)?.name ?? reference.analytes.get(x)?.name;
      if (name) out.set(x, name);
    }
  };
  for (const x of Object.values(asRecord(v))) visit(x);
}

/** Audit rows with the names people read: the user's display name, places and the record's label. */
async function labelled(db: Db, rows: Row[]): Promise<AuditView[]> {
  const userIds = [...new Set(rows.map((r) => r.userId).filter((x): x is string => !!x))];
  const people = userIds.length
    ? await db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, userIds))
    : [];
  const who = new Map(people.map((p) => [p.id, p.name]));
  const places = await divisionNames(db, [
    ...rows.map((r) => r.regionCode ?? ''),
    ...rows.flatMap((r) => [...codesIn(r.before), ...codesIn(r.after)]),
  ]);
  const labels = new Map<string, string>();
  for (const [type, fn] of labelers) {
    const ids = [
      ...new Set(rows.filter((r) => r.subjectType === type && r.subjectId).map((r) => r.subjectId as string)),
    ];
    if (ids.length) for (const [id, label] of await fn(db, ids)) labels.set(`${type}|${id}`, label);
  }
  return rows.map((r) => {
    const codes = new Set([...codesIn(r.before), ...codesIn(r.after)]);
    const catalog = new Map<string, string>();
    catalogNames(r.before, catalog);
    catalogNames(r.after, catalog);
    return {
      ...toRaw(r),
      userName: r.userId ? (who.get(r.userId) ?? null) : null,
      regionName: r.regionCode ? (places.get(r.regionCode) ?? null) : null,
      subjectLabel: labels.get(`${r.subjectType}|${r.subjectId}`) ?? subjectLabelOf(r.before, r.after),
      names: {
        ...Object.fromEntries(catalog),
        ...Object.fromEntries(
          [...codes].filter((c) => places.has(c)).map((c) => [c, places.get(c) as string]),
        ),
      },
    };
  });
}

const toRaw = (r: Row): Omit<AuditView, 'userName' | 'regionName' | 'subjectLabel' | 'names'> => ({
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
  return labelled(db, rows);
}

/** The `after` of a subject's first audit row (its creation, for most subjects); undefined when none. */
export async function firstAuditAfter(db: Db, subjectType: string, subjectId: string): Promise<unknown> {
  const [row] = await db
    .select({ after: auditLog.after })
    .from(auditLog)
    .where(and(eq(auditLog.subjectType, subjectType), eq(auditLog.subjectId, subjectId)))
    .orderBy(asc(auditLog.id))
    .limit(1);
  return row ? (row.after ?? null) : undefined;
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
  return {
    items: await labelled(db, rows),
    total: Number(total?.n ?? 0),
    page: f.page,
    pageSize: f.pageSize,
  };
}

import type { Role } from '@nongan/shared/accounts/schemas';
import type { WarningDetailView, WarningEvidence, WarningView } from '@nongan/shared/warnings/schemas';
import { and, eq, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { notFound } from '../../platform/http-error.ts';
import type { Scope } from '../accounts/scope.ts';
import { iso, userNames } from '../campaigns/names.ts';
import { townName as townNameOf } from '../regions/names.ts';
import { divisionNames } from '../regions/repository.ts';
import { warnings } from './table.ts';

export type WarningRow = typeof warnings.$inferSelect;

/** Warnings a user sees: the district's for the district office, his town's for a town supervisor. */
export function warningScope(scope: Scope): SQL {
  const district = eq(warnings.districtCode, scope.districtCode);
  if (scope.kind === 'district') return district;
  if (scope.kind === 'town') return and(district, eq(warnings.townCode, scope.townCode)) as SQL;
  return sql`false`;
}

export async function getWarning(db: Db, scope: Scope, id: string, lock = false): Promise<WarningRow> {
  const q = db
    .select()
    .from(warnings)
    .where(and(warningScope(scope), eq(warnings.id, id)));
  const [w] = lock ? await q.for('update') : await q;
  if (!w) throw notFound('预警不存在或不在本人辖区');
  return w;
}

const OWNER_LABEL: Partial<Record<Role, string>> = {
  town_supervisor: '镇街监管员',
  district_staff: '区农安办',
};

export async function warningViews(db: Db, rows: WarningRow[]): Promise<WarningView[]> {
  const [towns, users] = await Promise.all([
    divisionNames(
      db,
      rows.flatMap((r) => (r.townCode ? [r.townCode] : [])),
    ),
    userNames(
      db,
      rows.flatMap((r) => [r.acknowledgedBy, r.resolvedBy]),
    ),
  ]);
  return rows.map((r) => {
    const townName = r.townCode ? townNameOf(towns, r.townCode) : null;
    return {
      id: r.id,
      kind: r.kind as WarningView['kind'],
      level: r.level as WarningView['level'],
      state: r.state as WarningView['state'],
      subject: r.subject,
      townCode: r.townCode,
      townName,
      ownerLabel: townName
        ? `${townName}${OWNER_LABEL.town_supervisor}`
        : (OWNER_LABEL[r.ownerRole as Role] ?? '区农安办'),
      summary: (r.evidence as WarningEvidence).summary,
      firstSeen: iso(r.firstSeen),
      lastSeen: iso(r.lastSeen),
      acknowledgedByName: r.acknowledgedBy ? (users.get(r.acknowledgedBy) ?? null) : null,
      acknowledgedAt: r.acknowledgedAt ? iso(r.acknowledgedAt) : null,
      resolvedByName: r.resolvedAt ? (r.resolvedBy ? (users.get(r.resolvedBy) ?? null) : '系统') : null,
      resolvedAt: r.resolvedAt ? iso(r.resolvedAt) : null,
      resolveReason: r.resolveReason,
    };
  });
}

export async function warningDetail(db: Db, r: WarningRow): Promise<WarningDetailView> {
  const [view] = await warningViews(db, [r]);
  return { ...view!, evidence: r.evidence as WarningEvidence };
}

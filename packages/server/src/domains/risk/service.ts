import type {
  IncidentDetailView,
  IncidentLevel,
  IncidentStatus,
  IncidentView,
  OpinionView,
  RiskPlanView,
} from '@nongan/shared/risk/schemas';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { notFound } from '../../platform/http-error.ts';
import type { Scope } from '../accounts/scope.ts';
import { entityNames, iso, userNames } from '../campaigns/names.ts';
import { townName } from '../regions/names.ts';
import { divisionNames } from '../regions/repository.ts';
import { productLabel } from '../standards/catalog.ts';
import { productionLots } from '../trace/table.ts';
import { opinionOverdue } from './rules.ts';
import { incidentLinks, incidentSteps, incidents, type opinions, type riskPlans } from './table.ts';

export type IncidentRow = typeof incidents.$inferSelect;
export type OpinionRow = typeof opinions.$inferSelect;

export async function riskPlanView(db: Db, p: typeof riskPlans.$inferSelect): Promise<RiskPlanView> {
  const names = await userNames(db, [p.updatedBy]);
  return {
    id: p.id,
    year: p.year,
    targets: p.targets,
    products: p.products,
    subjects: p.subjects,
    keyPoints: p.keyPoints,
    version: p.version,
    updatedAt: iso(p.updatedAt),
    updatedByName: p.updatedBy ? (names.get(p.updatedBy) ?? null) : null,
  };
}

/** Incidents a user sees: district-wide ones and those of its town (a district user: all). */
export function incidentVisible(scope: Scope, i: { districtCode: string; townCode: string | null }): boolean {
  if (i.districtCode !== scope.districtCode) return false;
  if (scope.kind === 'district' || i.townCode === null) return true;
  if (scope.kind === 'town') return i.townCode === scope.townCode;
  if (scope.kind === 'village') return i.townCode === scope.villageCode.slice(0, 9);
  return false;
}

/** Incidents a user may change: a town user only its own town's. */
export function incidentEditable(
  scope: Scope,
  i: { districtCode: string; townCode: string | null },
): boolean {
  return incidentVisible(scope, i) && (scope.kind === 'district' || i.townCode !== null);
}

export async function getIncident(db: Db, scope: Scope, id: string): Promise<IncidentRow> {
  const [i] = await db
    .select()
    .from(incidents)
    .where(and(eq(incidents.districtCode, scope.districtCode), eq(incidents.id, id)));
  if (!i || !incidentVisible(scope, i)) throw notFound('事件不存在或不在本人辖区');
  return i;
}

export async function incidentViews(db: Db, rows: IncidentRow[]): Promise<IncidentView[]> {
  const [towns, users] = await Promise.all([
    divisionNames(
      db,
      rows.flatMap((r) => (r.townCode ? [r.townCode] : [])),
    ),
    userNames(
      db,
      rows.map((r) => r.reportedBy),
    ),
  ]);
  return rows.map((r) => ({
    id: r.id,
    incidentNo: r.incidentNo,
    title: r.title,
    level: r.level as IncidentLevel,
    status: r.status as IncidentStatus,
    occurredAt: iso(r.occurredAt),
    townCode: r.townCode,
    townName: r.townCode ? townName(towns, r.townCode) : null,
    summary: r.summary,
    conclusion: r.conclusion,
    reportedByName: r.reportedBy ? (users.get(r.reportedBy) ?? null) : null,
    createdAt: iso(r.createdAt),
    closedAt: r.closedAt ? iso(r.closedAt) : null,
  }));
}

export async function incidentDetail(db: Db, i: IncidentRow): Promise<IncidentDetailView> {
  const [view] = await incidentViews(db, [i]);
  const steps = await db
    .select()
    .from(incidentSteps)
    .where(and(eq(incidentSteps.districtCode, i.districtCode), eq(incidentSteps.incidentId, i.id)))
    .orderBy(asc(incidentSteps.at), asc(incidentSteps.seq));
  const links = await db
    .select()
    .from(incidentLinks)
    .where(and(eq(incidentLinks.districtCode, i.districtCode), eq(incidentLinks.incidentId, i.id)))
    .orderBy(asc(incidentLinks.createdAt));
  const lotIds = links.filter((l) => l.kind === 'lot').map((l) => l.refId);
  const lots = lotIds.length
    ? await db
        .select({
          id: productionLots.id,
          lotNo: productionLots.lotNo,
          productCode: productionLots.productCode,
          entityId: productionLots.entityId,
        })
        .from(productionLots)
        .where(and(eq(productionLots.districtCode, i.districtCode), inArray(productionLots.id, lotIds)))
    : [];
  const [ents, users] = await Promise.all([
    entityNames(db, [
      ...links.filter((l) => l.kind === 'entity').map((l) => l.refId),
      ...lots.map((l) => l.entityId),
    ]),
    userNames(
      db,
      steps.map((s) => s.recordedBy),
    ),
  ]);
  const lotLabel = (id: string) => {
    const l = lots.find((x) => x.id === id);
    if (!l) return '（批次不存在）';
    return `${ents.get(l.entityId) ?? ''} ${productLabel(l.productCode)} 批次 ${l.lotNo}`.trim();
  };
  return {
    ...view!,
    steps: steps.map((s) => ({
      seq: s.seq,
      at: iso(s.at),
      actor: s.actor,
      action: s.action,
      recordedByName: s.recordedBy ? (users.get(s.recordedBy) ?? null) : null,
    })),
    links: links.map((l) => ({
      kind: l.kind as 'entity',
      refId: l.refId,
      label: l.kind === 'entity' ? (ents.get(l.refId) ?? '（主体不存在）') : lotLabel(l.refId),
    })),
  };
}

export async function opinionViews(db: Db, rows: OpinionRow[], today: string): Promise<OpinionView[]> {
  const users = await userNames(
    db,
    rows.map((r) => r.recordedBy),
  );
  return rows.map((r) => ({
    id: r.id,
    source: r.source,
    title: r.title,
    summary: r.summary,
    url: r.url,
    sentiment: r.sentiment as OpinionView['sentiment'],
    foundAt: iso(r.foundAt),
    respondBy: r.respondBy,
    verification: r.verification as OpinionView['verification'],
    response: r.response,
    respondedAt: r.respondedAt ? iso(r.respondedAt) : null,
    overdue: opinionOverdue(r, today),
    version: r.version,
    recordedByName: r.recordedBy ? (users.get(r.recordedBy) ?? null) : null,
  }));
}

import type {
  CampaignDetailView,
  CampaignStatus,
  CampaignView,
  ItemStatus,
  ItemView,
} from '@nongan/shared/campaigns/schemas';
import type { LinkKind } from '@nongan/shared/common/links';
import { MISSING_NAME } from '@nongan/shared/common/missing';
import { VERDICT_LABELS } from '@nongan/shared/standards/limit-sets';
import { and, asc, count, desc, eq, ilike, inArray, or, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { notFound } from '../../platform/http-error.ts';
import { type AuthUser, type Scope, scopeOf } from '../accounts/scope.ts';
import { placeScope } from '../accounts/scope-sql.ts';
import { townName } from '../regions/names.ts';
import { divisionNames } from '../regions/repository.ts';
import { samples } from '../sampling/sample-table.ts';
import { productLabel } from '../standards/catalog.ts';
import { chinaDate } from '../trace/rules.ts';
import { entityNames, iso, userNames } from './names.ts';
import { itemOverdue, progress } from './rules.ts';
import { campaignItems, campaignLinks, campaignSamples, campaigns } from './table.ts';

export type CampaignRow = typeof campaigns.$inferSelect;
type ItemRow = typeof campaignItems.$inferSelect;

/** The items a user sees: a town (or village) user only its town's lines of the list. */
export const itemScope = (scope: Scope): SQL =>
  placeScope(scope, { ...campaignItems, villageCode: undefined });

export async function getCampaign(db: Db, me: AuthUser, id: string): Promise<CampaignRow> {
  const [c] = await db
    .select()
    .from(campaigns)
    .where(and(eq(campaigns.districtCode, me.districtCode), eq(campaigns.id, id)));
  if (!c) throw notFound('专项整治不存在，或不在您的管辖范围内');
  return c;
}

async function progressOf(db: Db, me: AuthUser, ids: string[]) {
  const rows = ids.length
    ? await db
        .select({
          campaignId: campaignItems.campaignId,
          status: campaignItems.status,
          dueOn: campaignItems.dueOn,
          rectifiedOn: campaignItems.rectifiedOn,
        })
        .from(campaignItems)
        .where(and(itemScope(scopeOf(me)), inArray(campaignItems.campaignId, ids)))
    : [];
  const today = chinaDate(new Date());
  return (id: string) =>
    progress(
      rows.filter((r) => r.campaignId === id).map((r) => ({ ...r, status: r.status as ItemStatus })),
      today,
    );
}

function baseView(c: CampaignRow, names: Map<string, string>): Omit<CampaignView, 'progress'> {
  return {
    id: c.id,
    year: c.year,
    variety: c.variety,
    title: c.title,
    drugs: c.drugs,
    plan: c.plan,
    measures: c.measures,
    startOn: c.startOn,
    endOn: c.endOn,
    status: c.status as CampaignStatus,
    version: c.version,
    createdByName: c.createdBy ? (names.get(c.createdBy) ?? null) : null,
    updatedAt: iso(c.updatedAt),
  };
}

export async function listCampaigns(
  db: Db,
  me: AuthUser,
  q: { page: number; pageSize: number; year?: number; status?: CampaignStatus; q?: string },
) {
  const where = and(
    eq(campaigns.districtCode, me.districtCode),
    q.year ? eq(campaigns.year, q.year) : undefined,
    q.status ? eq(campaigns.status, q.status) : undefined,
    q.q ? or(ilike(campaigns.title, `%${q.q}%`), ilike(campaigns.variety, `%${q.q}%`)) : undefined,
  );
  const [{ total } = { total: 0 }] = await db.select({ total: count() }).from(campaigns).where(where);
  const rows = await db
    .select()
    .from(campaigns)
    .where(where)
    .orderBy(desc(campaigns.year), desc(campaigns.createdAt))
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize);
  const prog = await progressOf(
    db,
    me,
    rows.map((r) => r.id),
  );
  const names = await userNames(
    db,
    rows.map((r) => r.createdBy),
  );
  return {
    items: rows.map((c) => ({ ...baseView(c, names), progress: prog(c.id) })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

export async function campaignItemsOf(db: Db, me: AuthUser, c: CampaignRow): Promise<ItemView[]> {
  const rows: ItemRow[] = await db
    .select()
    .from(campaignItems)
    .where(and(itemScope(scopeOf(me)), eq(campaignItems.campaignId, c.id)))
    .orderBy(asc(campaignItems.townCode), asc(campaignItems.dueOn), asc(campaignItems.createdAt));
  const [ents, towns, users] = await Promise.all([
    entityNames(
      db,
      rows.map((r) => r.entityId),
    ),
    divisionNames(
      db,
      rows.map((r) => r.townCode),
    ),
    userNames(
      db,
      rows.map((r) => r.updatedBy),
    ),
  ]);
  const today = chinaDate(new Date());
  return rows.map((r) => ({
    id: r.id,
    entityId: r.entityId,
    entityName: ents.get(r.entityId) ?? MISSING_NAME.entity,
    townCode: r.townCode,
    townName: townName(towns, r.townCode),
    issue: r.issue,
    dueOn: r.dueOn,
    status: r.status as ItemStatus,
    rectifiedOn: r.rectifiedOn,
    note: r.note,
    overdue: itemOverdue({ ...r, status: r.status as ItemStatus }, today),
    updatedByName: r.updatedBy ? (users.get(r.updatedBy) ?? null) : null,
    updatedAt: iso(r.updatedAt),
  }));
}

export async function campaignDetail(db: Db, me: AuthUser, c: CampaignRow): Promise<CampaignDetailView> {
  const scope = scopeOf(me);
  const items = await campaignItemsOf(db, me, c);
  // Samples shown are those the user may see (a town user: its town's).
  const sampleRows = await db
    .select({
      id: samples.id,
      sampleNo: samples.sampleNo,
      productCode: samples.productCode,
      entityId: samples.entityId,
      sampledParty: samples.sampledParty,
      townCode: samples.townCode,
      sampledAt: samples.sampledAt,
      verdict: samples.verdict,
    })
    .from(campaignSamples)
    .innerJoin(
      samples,
      and(eq(samples.districtCode, campaignSamples.districtCode), eq(samples.id, campaignSamples.sampleId)),
    )
    .where(
      and(
        eq(campaignSamples.districtCode, c.districtCode),
        eq(campaignSamples.campaignId, c.id),
        placeScope(scope, { ...samples, villageCode: undefined }),
      ),
    )
    .orderBy(desc(samples.sampledAt));
  const links = await db
    .select()
    .from(campaignLinks)
    .where(and(eq(campaignLinks.districtCode, c.districtCode), eq(campaignLinks.campaignId, c.id)))
    .orderBy(asc(campaignLinks.createdAt));
  const [ents, towns, users] = await Promise.all([
    entityNames(
      db,
      sampleRows.flatMap((s) => (s.entityId ? [s.entityId] : [])),
    ),
    divisionNames(
      db,
      sampleRows.map((s) => s.townCode),
    ),
    userNames(db, [c.createdBy, ...links.map((l) => l.createdBy)]),
  ]);
  const today = chinaDate(new Date());
  return {
    ...baseView(c, users),
    progress: progress(items, today),
    items,
    samples: sampleRows.map((s) => ({
      sampleId: s.id,
      sampleNo: s.sampleNo,
      productName: productLabel(s.productCode),
      partyName: (s.entityId ? ents.get(s.entityId) : null) ?? s.sampledParty ?? '—',
      townName: townName(towns, s.townCode),
      sampledAt: iso(s.sampledAt),
      verdictLabel: s.verdict ? (VERDICT_LABELS[s.verdict] ?? s.verdict) : '检测中',
    })),
    links: links.map((l) => ({
      kind: l.kind as LinkKind,
      refId: l.refId,
      label: l.label,
      createdAt: iso(l.createdAt),
      createdByName: l.createdBy ? (users.get(l.createdBy) ?? null) : null,
    })),
  };
}

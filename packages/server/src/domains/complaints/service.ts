import { randomBytes, randomUUID } from 'node:crypto';
import { LINK_KINDS, type LinkKind } from '@nongan/shared/common/links';
import { formatReference, secretFrom } from '@nongan/shared/complaints/reference';
import type {
  ComplaintAction,
  ComplaintDetailView,
  ComplaintStatus,
  ComplaintSubmitBody,
  ComplaintView,
} from '@nongan/shared/complaints/schemas';
import { and, asc, eq, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { fieldError, notFound } from '../../platform/http-error.ts';
import { reserveSerials } from '../../platform/serials.ts';
import type { Scope } from '../accounts/scope.ts';
import { writeAudit } from '../audit/audit.ts';
import { iso, userNames } from '../campaigns/names.ts';
import { townName } from '../regions/names.ts';
import { divisionNames } from '../regions/repository.ts';
import { divisions } from '../regions/table.ts';
import { chinaDate } from '../trace/rules.ts';
import { allowedActions } from './rules.ts';
import { complaintLinks, complaints } from './table.ts';

export type ComplaintRow = typeof complaints.$inferSelect;
export interface HistoryEntry {
  action: ComplaintAction;
  at: string;
  userId: string;
  byName: string;
  note: string | null;
}

/** The complaints a user handles: its district, or its town (a village user: its town). */
export function complaintScope(scope: Scope): SQL {
  const d = eq(complaints.districtCode, scope.districtCode);
  if (scope.kind === 'district') return d;
  const town =
    scope.kind === 'town' ? scope.townCode : scope.kind === 'village' ? scope.villageCode.slice(0, 9) : '';
  return and(d, eq(complaints.townCode, town)) as SQL;
}

export async function getComplaint(db: Db, scope: Scope, id: string): Promise<ComplaintRow> {
  const [c] = await db
    .select()
    .from(complaints)
    .where(and(complaintScope(scope), eq(complaints.id, id)));
  if (!c) throw notFound('举报不存在或不在本人辖区');
  return c;
}

/** Files a public complaint in the district of the town chosen; no personal data beyond what was given. */
export async function submitComplaint(db: Db, b: ComplaintSubmitBody, ip: string | null) {
  const [town] = await db
    .select()
    .from(divisions)
    .where(and(eq(divisions.code, b.townCode), eq(divisions.level, 'town'), eq(divisions.active, true)));
  if (!town) throw fieldError('townCode', '请选择列表中的镇街');
  const now = new Date();
  const year = Number(chinaDate(now).slice(0, 4));
  const id = randomUUID();
  // Anonymous: whatever contact was typed is dropped, not kept.
  const contact = b.anonymous
    ? { contactName: null, contactPhone: null }
    : { contactName: b.contactName, contactPhone: b.contactPhone };
  const reference = await db.transaction(async (tx) => {
    const serial = await reserveSerials(tx, town.districtCode, 'complaint', year);
    const reference = formatReference(year, serial, secretFrom(randomBytes(8)));
    await tx.insert(complaints).values({
      districtCode: town.districtCode,
      id,
      year,
      serial,
      reference,
      townCode: town.code,
      place: b.place,
      topic: b.topic,
      product: b.product,
      content: b.content,
      anonymous: b.anonymous,
      ...contact,
    });
    // The audit keeps no complaint text or contact, only that one was filed (and from where).
    await writeAudit(
      tx,
      { user: null, ip },
      {
        action: 'submit',
        subjectType: 'complaint',
        subjectId: id,
        regionCode: town.code,
        after: { reference, townCode: town.code, topic: b.topic, anonymous: b.anonymous },
      },
    );
    return reference;
  });
  return { reference, townName: town.name, createdAt: now.toISOString() };
}

export async function complaintViews(db: Db, rows: ComplaintRow[]): Promise<ComplaintView[]> {
  const towns = await divisionNames(
    db,
    rows.map((r) => r.townCode),
  );
  return rows.map((r) => ({
    id: r.id,
    reference: r.reference,
    townCode: r.townCode,
    townName: townName(towns, r.townCode),
    place: r.place,
    topic: r.topic as ComplaintView['topic'],
    product: r.product,
    content: r.content,
    anonymous: r.anonymous,
    contactName: r.contactName,
    contactPhone: r.contactPhone,
    status: r.status as ComplaintStatus,
    createdAt: iso(r.createdAt),
    updatedAt: iso(r.updatedAt),
  }));
}

export async function complaintDetail(db: Db, c: ComplaintRow): Promise<ComplaintDetailView> {
  const [view] = await complaintViews(db, [c]);
  const links = await db
    .select()
    .from(complaintLinks)
    .where(and(eq(complaintLinks.districtCode, c.districtCode), eq(complaintLinks.complaintId, c.id)))
    .orderBy(asc(complaintLinks.createdAt));
  const names = await userNames(
    db,
    links.map((l) => l.createdBy),
  );
  return {
    ...view!,
    reply: c.reply,
    history: (c.history as HistoryEntry[]).map(({ action, at, byName, note }) => ({
      action,
      at,
      byName,
      note,
    })),
    actions: allowedActions(c.status as ComplaintStatus),
    links: links.map((l) => ({
      kind: (LINK_KINDS as readonly string[]).includes(l.kind) ? (l.kind as LinkKind) : 'inspection',
      refId: l.refId,
      label: l.label,
      createdAt: iso(l.createdAt),
      createdByName: l.createdBy ? (names.get(l.createdBy) ?? null) : null,
    })),
  };
}

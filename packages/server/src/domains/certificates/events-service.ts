import { randomUUID } from 'node:crypto';
import type { shipBody } from '@nongan/shared/certificates/schemas';
import { exceeds, formatQuantity } from '@nongan/shared/common/units';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { fieldError } from '../../platform/http-error.ts';
import type { Scope } from '../accounts/scope.ts';
import { type Actor, writeAudit } from '../audit/audit.ts';
import { entities } from '../entities/table.ts';
import type { Quantity, TraceEvent } from '../trace/epcis/events.ts';
import { toEpcisDocument } from '../trace/epcis/export.ts';
import { chinaDate } from '../trace/rules.ts';
import { traceEvents } from '../trace/table.ts';
import { type CertificateRow, getCertificate } from './repository.ts';
import { certificates, certificateTests, receivedCertificates } from './table.ts';

type EventRow = typeof traceEvents.$inferSelect;

export const eventView = (e: EventRow) => ({
  id: e.id,
  type: e.type as 'commission' | 'ship' | 'receive' | 'inspect' | 'transform',
  at: e.at.toISOString(),
  placeName: e.placeName,
  townCode: e.townCode,
  fromEntityId: e.fromEntityId,
  toEntityId: e.toEntityId,
  quantity: e.quantity,
  unit: e.unit,
  detail: (e.detail as Record<string, unknown> | null) ?? null,
});

export async function listEvents(db: Db, c: CertificateRow): Promise<EventRow[]> {
  return db
    .select()
    .from(traceEvents)
    .where(and(eq(traceEvents.districtCode, c.districtCode), eq(traceEvents.certificateId, c.id)))
    .orderBy(asc(traceEvents.at));
}

/** Records that the lot left its holder (发出), to a party in the directory or a named one. */
export async function recordShipment(
  db: Db,
  actor: Actor,
  scope: Scope,
  id: string,
  body: z.infer<typeof shipBody>,
): Promise<EventRow> {
  const c = await getCertificate(db, scope, id);
  if (c.status === 'revoked') throw fieldError('id', '合格证已撤销');
  if (new Date(body.at).getTime() > Date.now() + 5 * 60_000) throw fieldError('at', '不能晚于当前时间');
  const shippedOn = chinaDate(new Date(body.at));
  if (shippedOn < c.issueDate) throw fieldError('at', `不能早于合格证开具日期（${c.issueDate}）`);
  if (body.quantity !== undefined && exceeds(body.quantity, c.quantity))
    throw fieldError('quantity', `不能超过合格证数量（${formatQuantity(c.quantity, c.unit)}）`);
  let to: { id: string; name: string } | undefined;
  if (body.toEntityId) {
    [to] = await db
      .select({ id: entities.id, name: entities.name })
      .from(entities)
      .where(and(eq(entities.districtCode, c.districtCode), eq(entities.id, body.toEntityId)));
    if (!to) throw fieldError('toEntityId', '收货主体未登记');
  } else if (!body.toName) throw fieldError('toName', '须选择收货主体或填写收货方');
  const row = {
    id: randomUUID(),
    districtCode: c.districtCode,
    certificateId: c.id,
    type: 'ship',
    at: new Date(body.at),
    placeId: c.entityId,
    placeName: c.promiser,
    townCode: c.townCode,
    fromEntityId: c.entityId,
    toEntityId: to?.id ?? null,
    quantity: body.quantity ?? c.quantity,
    unit: c.unit,
    detail: { toName: to?.name ?? body.toName },
    recordedBy: actor.user?.id ?? null,
    createdAt: new Date(),
  };
  await db.transaction(async (tx) => {
    await tx.insert(traceEvents).values(row);
    await writeAudit(tx, actor, {
      action: 'certificate.ship',
      subjectType: 'certificate',
      subjectId: c.id,
      regionCode: c.townCode,
      after: row,
    });
  });
  return row;
}

/** UN/CEFACT Rec. 20 units; 斤 is written as kilograms. */
function quantityOf(value: number | null, unit: string | null): Quantity | undefined {
  if (value == null || !unit) return undefined;
  switch (unit) {
    case 'kg':
      return { value, uom: 'KGM' };
    case 't':
      return { value, uom: 'TNE' };
    case 'jin':
      return { value: value / 2, uom: 'KGM' };
    case 'box':
      return { value, uom: 'XBX' };
    default:
      return { value, uom: 'H87' };
  }
}

/**
 * The lot's history as platform trace events, reaching back through a buyer to the certificates
 * it received (up to `depth` buyers), plus the tests its basis rests on as inspections.
 */
export async function lotHistory(db: Db, root: CertificateRow, depth = 5): Promise<TraceEvent[]> {
  const out: TraceEvent[] = [];
  const seen = new Set<string>();
  let level: CertificateRow[] = [root];
  for (let i = 0; i <= depth && level.length; i++) {
    const d = root.districtCode;
    const ids = level.map((c) => c.id);
    const [events, tests, received] = await Promise.all([
      db
        .select()
        .from(traceEvents)
        .where(and(eq(traceEvents.districtCode, d), inArray(traceEvents.certificateId, ids))),
      db
        .select()
        .from(certificateTests)
        .where(and(eq(certificateTests.districtCode, d), inArray(certificateTests.certificateId, ids))),
      db
        .select()
        .from(receivedCertificates)
        .where(
          and(
            eq(receivedCertificates.districtCode, d),
            inArray(receivedCertificates.usedInCertificateId, ids),
          ),
        ),
    ]);
    const byId = new Map(level.map((c) => [c.id, c]));
    for (const c of level) seen.add(c.id);
    for (const e of events) {
      const c = byId.get(e.certificateId)!;
      const product = { code: c.productCode, name: c.productName, ...(c.gtin ? { gtin: c.gtin } : {}) };
      const ev: TraceEvent = {
        id: e.id,
        type: e.type as TraceEvent['type'],
        at: e.at,
        lotCode: c.traceCode,
        product,
        quantity: quantityOf(e.quantity, e.unit),
        place: { id: e.placeId, name: e.placeName, townCode: e.townCode },
        ...(e.fromEntityId ? { from: e.fromEntityId } : {}),
        ...(e.toEntityId ? { to: e.toEntityId } : {}),
        certificateNo: c.certNo,
      };
      if (e.type === 'transform') {
        const mine = received.filter((r) => r.usedInCertificateId === c.id);
        ev.inputLots = mine.map((r) => ({
          lotCode: r.sourceCertificateId ? `src:${r.sourceCertificateId}` : `paper:${r.certNo}`,
          quantity: quantityOf(r.quantity, r.unit),
        }));
        ev.outputLots = [{ lotCode: c.traceCode, quantity: quantityOf(c.quantity, c.unit) }];
        if (ev.inputLots.length === 0) continue;
      }
      out.push(ev);
    }
    for (const t of tests) {
      const c = byId.get(t.certificateId)!;
      out.push({
        id: `${c.id}-test-${t.seq}`,
        type: 'inspect',
        at: new Date(`${t.testedOn ?? c.issueDate}T12:00:00+08:00`),
        lotCode: c.traceCode,
        product: { code: c.productCode, name: c.productName, ...(c.gtin ? { gtin: c.gtin } : {}) },
        place: { id: c.villageCode ?? c.townCode, name: t.lab ?? c.origin, townCode: c.townCode },
        inspection: { result: 'pass', sampleNo: t.refNo },
        certificateNo: c.certNo,
      });
    }
    const next = received.map((r) => r.sourceCertificateId).filter((x): x is string => !!x && !seen.has(x));
    level = next.length
      ? await db
          .select()
          .from(certificates)
          .where(and(eq(certificates.districtCode, d), inArray(certificates.id, next)))
      : [];
  }
  // A transform names its platform inputs by certificate id until here: now by their trace codes.
  const idToCode = new Map<string, string>();
  if (out.some((e) => e.inputLots?.some((l) => l.lotCode.startsWith('src:')))) {
    const srcIds = out
      .flatMap((e) => e.inputLots ?? [])
      .filter((l) => l.lotCode.startsWith('src:'))
      .map((l) => l.lotCode.slice(4));
    const rows = await db
      .select({ id: certificates.id, code: certificates.traceCode })
      .from(certificates)
      .where(and(eq(certificates.districtCode, root.districtCode), inArray(certificates.id, srcIds)));
    for (const r of rows) idToCode.set(r.id, r.code);
  }
  for (const e of out)
    if (e.inputLots)
      e.inputLots = e.inputLots.map((l) =>
        l.lotCode.startsWith('src:') ? { ...l, lotCode: idToCode.get(l.lotCode.slice(4)) ?? l.lotCode } : l,
      );
  return out;
}

export async function epcisDocument(db: Db, c: CertificateRow, base: string) {
  return toEpcisDocument(await lotHistory(db, c), {
    base,
    creationDate: new Date(),
    sender: '农安 农产品质量安全监管平台',
  });
}

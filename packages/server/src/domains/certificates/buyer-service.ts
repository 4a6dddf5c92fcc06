import { randomUUID } from 'node:crypto';
import type { BuyerIssueBody, receiveBody } from '@nongan/shared/certificates/schemas';
import { plausibleDate } from '@nongan/shared/common/dates';
import { convertQuantity, exceeds, formatQuantity, mismatchReason } from '@nongan/shared/common/units';
import { and, count, desc, eq, inArray, isNull, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../../db/client.ts';
import type { FieldIssue } from '../../platform/http-error.ts';
import type { AuthUser, Scope } from '../accounts/scope.ts';
import { type Actor, writeAudit } from '../audit/audit.ts';
import { scopeWhere } from '../entities/repository.ts';
import { entities } from '../entities/table.ts';
import { divisionNames } from '../regions/repository.ts';
import { findProduct, productLabel, productProblem } from '../standards/catalog.ts';
import { chinaDate } from '../trace/rules.ts';
import { traceEvents } from '../trace/table.ts';
import { lockCertificate, receiptProblems } from './holdings.ts';
import { failWith, insertCertificates, issuingEntity } from './issue-service.ts';
import type { KeyRing } from './keys.ts';
import { retainUntil } from './rules.ts';
import { certificates, receivedCertificates } from './table.ts';
import { codeOf, verifyTraceCode } from './trace-code.ts';

/** Buyers: anyone who collects produce and sells it on under its own certificate. */
const BUYER_TYPES = ['enterprise', 'cooperative', 'family_farm', 'large_grower', 'slaughterhouse', 'market'];

type ReceivedRow = typeof receivedCertificates.$inferSelect;

export async function receivedViews(db: Db, rows: ReceivedRow[]) {
  if (rows.length === 0) return [];
  const d = rows[0]!.districtCode;
  const receivers = await db
    .select({ id: entities.id, name: entities.name })
    .from(entities)
    .where(
      and(eq(entities.districtCode, d), inArray(entities.id, [...new Set(rows.map((r) => r.receiverId))])),
    );
  const sourceIds = rows.map((r) => r.sourceCertificateId).filter((x): x is string => !!x);
  const sources = sourceIds.length
    ? await db
        .select({ id: certificates.id, status: certificates.status })
        .from(certificates)
        .where(and(eq(certificates.districtCode, d), inArray(certificates.id, sourceIds)))
    : [];
  const names = new Map(receivers.map((r) => [r.id, r.name]));
  const status = new Map(sources.map((s) => [s.id, s.status]));
  return rows.map((r) => ({
    id: r.id,
    receiverId: r.receiverId,
    receiverName: names.get(r.receiverId) ?? '',
    sourceCertificateId: r.sourceCertificateId,
    certNo: r.certNo,
    supplier: r.supplier,
    productCode: r.productCode,
    productName: productLabel(r.productCode),
    quantity: r.quantity,
    unit: r.unit,
    receivedOn: r.receivedOn,
    usedInCertificateId: r.usedInCertificateId,
    retainUntil: r.retainUntil,
    sourceStatus: r.sourceCertificateId ? (status.get(r.sourceCertificateId) ?? 'valid') : 'paper',
  }));
}

function receivedScope(scope: Scope): SQL {
  const d = eq(receivedCertificates.districtCode, scope.districtCode);
  return scope.kind === 'entity' ? (and(d, eq(receivedCertificates.receiverId, scope.entityId)) as SQL) : d;
}

export async function searchReceived(
  db: Db,
  scope: Scope,
  q: { page: number; pageSize: number; receiverId?: string; unused?: boolean },
) {
  const where = and(
    receivedScope(scope),
    q.receiverId ? eq(receivedCertificates.receiverId, q.receiverId) : undefined,
    q.unused ? isNull(receivedCertificates.usedInCertificateId) : undefined,
    // Town and village users see what buyers in their area received.
    scope.kind === 'town' || scope.kind === 'village'
      ? inArray(
          receivedCertificates.receiverId,
          db.select({ id: entities.id }).from(entities).where(scopeWhere(scope)),
        )
      : undefined,
  );
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(receivedCertificates)
      .where(where)
      .orderBy(desc(receivedCertificates.receivedOn), desc(receivedCertificates.createdAt))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ n: count() }).from(receivedCertificates).where(where),
  ]);
  return { items: await receivedViews(db, rows), total: total?.n ?? 0, page: q.page, pageSize: q.pageSize };
}

/** A buyer records a certificate that came with a lot: scanned (on the platform) or on paper. */
export async function receiveCertificate(
  db: Db,
  ring: KeyRing,
  actor: Actor & { user: AuthUser },
  scope: Scope,
  body: z.infer<typeof receiveBody>,
  today = chinaDate(new Date()),
): Promise<ReceivedRow> {
  const { entity, issues } = await issuingEntity(db, actor.user, scope, body.receiverId, BUYER_TYPES, null);
  const problems = issues.map((i) => ({
    field: i.field === 'entityId' ? 'receiverId' : i.field,
    reason: i.reason,
  }));
  const dateProblem = plausibleDate(body.receivedOn, today);
  if (dateProblem) problems.push({ field: 'receivedOn', reason: `收货日期${dateProblem}` });
  let source: typeof certificates.$inferSelect | undefined;
  if (body.code) {
    const check = verifyTraceCode(ring, codeOf(body.code));
    if (!check.ok) problems.push({ field: 'code', reason: '追溯码无效（伪造、篡改或无法识别）' });
    else {
      [source] = await db.select().from(certificates).where(eq(certificates.traceId, check.id));
      if (!source || source.traceCode !== check.code)
        problems.push({ field: 'code', reason: '追溯码未登记' });
      else if (source.status === 'revoked')
        problems.push({ field: 'code', reason: '该合格证已撤销，不能收取' });
      else if (source.entityId === body.receiverId)
        problems.push({ field: 'code', reason: '不能收取本主体开具的合格证' });
      else problems.push(...(await receiptProblems(db, source, body)));
    }
  }
  const product = source
    ? { code: source.productCode }
    : body.product
      ? findProduct(body.product)
      : undefined;
  if (!source && !product) problems.push({ field: 'product', reason: productProblem(body.product ?? '') });
  if (problems.length || !entity) throw failWith(problems);
  // A code from another district is read (public data) but not linked: its records are not ours to write.
  const linked = source?.districtCode === entity.districtCode ? source : undefined;
  const row = {
    id: randomUUID(),
    districtCode: entity.districtCode,
    receiverId: entity.id,
    sourceCertificateId: linked?.id ?? null,
    certNo: source?.certNo ?? (body.certNo as string),
    supplier: source?.promiser ?? (body.supplier as string),
    productCode: product!.code,
    quantity: body.quantity,
    unit: body.unit,
    receivedOn: body.receivedOn,
    retainUntil: retainUntil(body.receivedOn, 0, 6),
    createdBy: actor.user.id,
  };
  await db.transaction(async (tx) => {
    // Again under the source's row lock: two receipts at once cannot both take its last kilos.
    if (source) {
      const locked = await lockCertificate(tx, source.districtCode, source.id);
      const again = locked ? await receiptProblems(tx, locked, body) : [];
      if (locked?.status === 'revoked') again.push({ field: 'code', reason: '该合格证已撤销，不能收取' });
      if (again.length) throw failWith(again, 409);
    }
    await tx.insert(receivedCertificates).values(row);
    if (linked)
      await tx.insert(traceEvents).values({
        id: randomUUID(),
        districtCode: linked.districtCode,
        certificateId: linked.id,
        type: 'receive',
        at: new Date(),
        placeId: entity.id,
        placeName: entity.name,
        townCode: entity.townCode,
        fromEntityId: linked.entityId,
        toEntityId: entity.id,
        quantity: body.quantity,
        unit: body.unit,
        detail: { receivedId: row.id },
        recordedBy: actor.user.id,
      });
    await writeAudit(tx, actor, {
      action: 'certificate.receive',
      subjectType: 'received_certificate',
      subjectId: row.id,
      regionCode: entity.townCode,
      after: row,
    });
  });
  return { ...row, usedInCertificateId: null, createdAt: new Date() };
}

/**
 * A buyer's certificate for a lot made by mixing the lots it received (several received
 * certificates → one) or splitting one (N labels). Each received certificate is used once, and
 * the buyer certificate links to them, so the trace runs through the buyer.
 */
export async function issueBuyerCertificate(
  db: Db,
  ring: KeyRing,
  actor: Actor & { user: AuthUser },
  scope: Scope,
  body: BuyerIssueBody,
  today = chinaDate(new Date()),
) {
  const { entity, issues } = await issuingEntity(db, actor.user, scope, body.entityId, BUYER_TYPES, null);
  const problems: FieldIssue[] = [...issues];
  const dateProblem = plausibleDate(body.issueDate, today);
  if (dateProblem) problems.push({ field: 'issueDate', reason: `开具日期${dateProblem}` });
  const product = findProduct(body.product);
  if (!product) problems.push({ field: 'product', reason: productProblem(body.product) });
  if (!entity || !product) throw failWith(problems);
  const received = await db
    .select()
    .from(receivedCertificates)
    .where(
      and(
        eq(receivedCertificates.districtCode, entity.districtCode),
        inArray(receivedCertificates.id, body.receivedIds),
      ),
    );
  const byId = new Map(received.map((r) => [r.id, r]));
  const sourceIds = received.map((r) => r.sourceCertificateId).filter((x): x is string => !!x);
  const revoked = new Set(
    sourceIds.length
      ? (
          await db
            .select({ id: certificates.id })
            .from(certificates)
            .where(
              and(
                eq(certificates.districtCode, entity.districtCode),
                inArray(certificates.id, sourceIds),
                eq(certificates.status, 'revoked'),
              ),
            )
        ).map((r) => r.id)
      : [],
  );
  let total = 0;
  for (const [i, id] of body.receivedIds.entries()) {
    const r = byId.get(id);
    const field = `receivedIds.${i}`;
    if (!r || r.receiverId !== entity.id) problems.push({ field, reason: '收取记录不存在或不属于该主体' });
    else if (r.usedInCertificateId)
      problems.push({ field, reason: `合格证 ${r.certNo} 已用于开具其他合格证` });
    else if (r.sourceCertificateId && revoked.has(r.sourceCertificateId))
      problems.push({ field, reason: `合格证 ${r.certNo} 已被撤销` });
    else if (r.productCode !== product.code)
      problems.push({ field, reason: `合格证 ${r.certNo} 的产品与本批产品不一致` });
    else if (r.receivedOn > body.issueDate)
      problems.push({
        field: 'issueDate',
        reason: `不能早于所依据的收货日期（合格证 ${r.certNo} 于 ${r.receivedOn} 收货）`,
      });
    else {
      // Through the unit table: 10 kg received never becomes 10 t issued.
      const q = convertQuantity(r.quantity, r.unit, body.unit);
      if (q === null)
        problems.push({
          field: 'unit',
          reason: mismatchReason(body.unit, r.unit, `收取的合格证 ${r.certNo}`),
        });
      else total += q;
    }
  }
  // Each receipt is used once, whole: what is left to certify is the unused receipts' sum.
  if (!problems.length && exceeds(body.quantity, total))
    problems.push({
      field: 'quantity',
      reason: `超过所收批次合计：所选收货记录共 ${formatQuantity(total, body.unit)}，剩余可开具 ${formatQuantity(total, body.unit)}`,
    });
  if (problems.length) throw failWith(problems);
  const names = await divisionNames(db, [entity.districtCode, entity.townCode, entity.villageCode ?? '']);
  return db.transaction(async (tx) => {
    const [made] = await insertCertificates(tx, ring, actor, [
      {
        body: { ...body, bases: ['quality_control'], lotId: undefined },
        style: 'buyer',
        prepared: {
          entity,
          onBehalf: false,
          product,
          villageCode: entity.villageCode,
          origin: [entity.districtCode, entity.townCode, entity.villageCode ?? '']
            .map((c) => names.get(c) ?? '')
            .join(''),
          tests: [],
          warnings: [],
        },
      },
    ]);
    const updated = await tx
      .update(receivedCertificates)
      .set({ usedInCertificateId: made!.id })
      .where(
        and(
          eq(receivedCertificates.districtCode, entity.districtCode),
          inArray(receivedCertificates.id, body.receivedIds),
          isNull(receivedCertificates.usedInCertificateId),
        ),
      )
      .returning({ id: receivedCertificates.id });
    // A concurrent issue took one of them first: nothing of this one stays.
    if (updated.length !== body.receivedIds.length)
      throw failWith([{ field: 'receivedIds', reason: '部分合格证刚被用于开具其他合格证，请刷新后重试' }]);
    await tx
      .update(traceEvents)
      .set({ detail: { certNo: made!.certNo, inputs: sourceIds, received: body.receivedIds } })
      .where(and(eq(traceEvents.districtCode, entity.districtCode), eq(traceEvents.certificateId, made!.id)));
    return made!;
  });
}

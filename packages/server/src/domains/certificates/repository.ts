import {
  type CertificateDetailView,
  type CertificateView,
  COMMITMENTS,
  type certificateQuery,
} from '@nongan/shared/certificates/schemas';
import { and, count, desc, eq, gte, ilike, inArray, lte, or, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../../db/client.ts';
import type { Scope } from '../accounts/scope.ts';
import { placeScope } from '../accounts/scope-sql.ts';
import { certificateInScopeOr404 } from '../accounts/write-scope.ts';
import { entities } from '../entities/table.ts';
import { townName } from '../regions/names.ts';
import { divisionNames } from '../regions/repository.ts';
import { findProduct, testItemNames } from '../standards/catalog.ts';
import { digitalLink, isValidGtin } from '../trace/epcis/identifiers.ts';
import { productionLots } from '../trace/table.ts';
import { copyBasis, copyWarning, copyWindowStart, scanSummary } from './scan-service.ts';
import { certificates, certificateTests, receivedCertificates } from './table.ts';
import { traceUrl } from './trace-code.ts';

export type CertificateRow = typeof certificates.$inferSelect;
type Query = z.infer<typeof certificateQuery>;

/** The scope as a WHERE clause over certificates. */
export function certificateScope(scope: Scope): SQL {
  return placeScope(scope, certificates);
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export function certificateWhere(scope: Scope, q: Omit<Query, 'page' | 'pageSize'>): SQL {
  const product = q.product ? findProduct(q.product) : undefined;
  return and(
    certificateScope(scope),
    q.townCode ? eq(certificates.townCode, q.townCode) : undefined,
    q.entityId ? eq(certificates.entityId, q.entityId) : undefined,
    q.style ? eq(certificates.style, q.style) : undefined,
    q.status ? eq(certificates.status, q.status) : undefined,
    q.source ? eq(certificates.source, q.source) : undefined,
    q.product ? eq(certificates.productCode, product?.code ?? q.product) : undefined,
    q.from ? gte(certificates.issueDate, q.from) : undefined,
    q.to ? lte(certificates.issueDate, q.to) : undefined,
    q.q
      ? or(
          ilike(certificates.certNo, `%${escapeLike(q.q)}%`),
          ilike(certificates.promiser, `%${escapeLike(q.q)}%`),
          ilike(certificates.productName, `%${escapeLike(q.q)}%`),
        )
      : undefined,
  ) as SQL;
}

export async function searchCertificates(db: Db, scope: Scope, q: Query, base: string) {
  const where = certificateWhere(scope, q);
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(certificates)
      .where(where)
      .orderBy(desc(certificates.issueDate), desc(certificates.createdAt), desc(certificates.id))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ n: count() }).from(certificates).where(where),
  ]);
  return {
    items: await certificateViews(db, rows, base),
    total: total?.n ?? 0,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** A certificate in the user's scope, or 404 (the same for one that exists elsewhere). */
export async function getCertificate(db: Db, scope: Scope, id: string): Promise<CertificateRow> {
  return certificateInScopeOr404(db, scope, id, 'id');
}

export async function certificateViews(
  db: Db,
  rows: CertificateRow[],
  base = '',
): Promise<CertificateView[]> {
  if (rows.length === 0) return [];
  const ents = await db
    .select({ id: entities.id, name: entities.name, type: entities.type })
    .from(entities)
    .where(
      and(
        eq(entities.districtCode, rows[0]!.districtCode),
        inArray(entities.id, [...new Set(rows.map((r) => r.entityId))]),
      ),
    );
  const byId = new Map(ents.map((e) => [e.id, e]));
  const names = await divisionNames(
    db,
    rows.map((r) => r.townCode),
  );
  const lotIds = [...new Set(rows.flatMap((r) => (r.lotId ? [r.lotId] : [])))];
  const lots = lotIds.length
    ? await db
        .select({ id: productionLots.id, lotNo: productionLots.lotNo })
        .from(productionLots)
        .where(
          and(eq(productionLots.districtCode, rows[0]!.districtCode), inArray(productionLots.id, lotIds)),
        )
    : [];
  const lotNos = new Map(lots.map((l) => [l.id, l.lotNo]));
  return rows.map((r) => toView(r, byId.get(r.entityId), names, base, lotNos));
}

function toView(
  r: CertificateRow,
  e: { name: string; type: string } | undefined,
  names: Map<string, string>,
  base: string,
  lotNos: Map<string, string>,
): CertificateView {
  return {
    id: r.id,
    certNo: r.certNo,
    traceCode: r.traceCode,
    traceUrl: traceUrl(base, r.traceCode),
    digitalLink: r.gtin && isValidGtin(r.gtin) ? digitalLink(r.gtin, r.traceId) : null,
    style: r.style as CertificateView['style'],
    source: r.source as CertificateView['source'],
    entityId: r.entityId,
    entityName: e?.name ?? '',
    entityType: e?.type ?? '',
    townCode: r.townCode,
    townName: townName(names, r.townCode),
    villageCode: r.villageCode,
    lotId: r.lotId,
    lotNo: r.lotId ? (lotNos.get(r.lotId) ?? null) : null,
    productCode: r.productCode,
    productName: r.productName,
    quantity: r.quantity,
    unit: r.unit,
    origin: r.origin,
    promiser: r.promiser,
    contact: r.contact,
    issueDate: r.issueDate,
    bases: r.bases as CertificateView['bases'],
    legacyBasis: r.legacyBasis,
    labelCount: r.labelCount,
    printCount: r.printCount,
    onBehalf: r.onBehalf,
    status: r.status as CertificateView['status'],
    revokedAt: r.revokedAt?.toISOString() ?? null,
    revokeReason: r.revokeReason,
    retainUntil: r.retainUntil,
    synthetic: r.synthetic,
    createdAt: r.createdAt.toISOString(),
  };
}

export async function certificateDetail(
  db: Db,
  r: CertificateRow,
  base: string,
): Promise<CertificateDetailView> {
  const d = r.districtCode;
  const [[view], tests, sources, usedBy, scans] = await Promise.all([
    certificateViews(db, [r], base),
    db
      .select()
      .from(certificateTests)
      .where(and(eq(certificateTests.districtCode, d), eq(certificateTests.certificateId, r.id)))
      .orderBy(certificateTests.seq),
    db
      .select()
      .from(receivedCertificates)
      .where(
        and(eq(receivedCertificates.districtCode, d), eq(receivedCertificates.usedInCertificateId, r.id)),
      ),
    db
      .select({ id: certificates.id, certNo: certificates.certNo, entityName: certificates.promiser })
      .from(receivedCertificates)
      .innerJoin(
        certificates,
        and(
          eq(certificates.districtCode, receivedCertificates.districtCode),
          eq(certificates.id, receivedCertificates.usedInCertificateId),
        ),
      )
      .where(
        and(eq(receivedCertificates.districtCode, d), eq(receivedCertificates.sourceCertificateId, r.id)),
      ),
    scanSummary(db, d, r.id, copyWindowStart()),
  ]);
  return {
    ...view!,
    commitments: COMMITMENTS[r.style as 'producer' | 'buyer'],
    tests: tests.map((t) => ({
      kind: t.kind as 'rapid' | 'sample' | 'report',
      refId: t.refId,
      refNo: t.refNo,
      // Names, as the public scan shows them: a reader outside the testing roles has no catalogue.
      items: testItemNames(t.kind, t.items),
      result: t.result,
      testedOn: t.testedOn,
      lab: t.lab,
    })),
    sources: sources.map((s) => ({
      id: s.id,
      certNo: s.certNo,
      supplier: s.supplier,
      certificateId: s.sourceCertificateId,
    })),
    usedBy,
    scans: {
      total: scans.total,
      places: scans.places,
      last: scans.last,
      copyWarning: copyWarning(scans, r.labelCount),
      basis: copyBasis(scans),
    },
  };
}

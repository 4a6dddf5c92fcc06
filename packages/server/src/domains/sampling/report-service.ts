import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { LINK_LABELS, type Link } from '@nongan/shared/sampling/tests';
import { and, desc, eq, inArray, max } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { conflict, notFound } from '../../platform/http-error.ts';
import { formatSerial, reserveSerials } from '../../platform/serials.ts';
import type { Scope } from '../accounts/scope.ts';
import { users } from '../accounts/table.ts';
import { type Actor, writeAudit } from '../audit/audit.ts';
import { entityNames } from '../entities/repository.ts';
import { townName } from '../regions/names.ts';
import { divisionNames } from '../regions/repository.ts';
import { productLabel } from '../standards/catalog.ts';
import { markReported } from './lab-flow.ts';
import { getSample } from './lab-service.ts';
import { buildReportSnapshot, publicSnapshot, type ReportSnapshot } from './report.ts';
import { renderReportPdf } from './report-pdf.ts';
import { labReports } from './report-table.ts';
import { sampleResults } from './sample-repository.ts';
import { labResults, samples } from './sample-table.ts';
import { cstDay } from './stats-rows.ts';

type SampleRow = typeof samples.$inferSelect;
type ReportRow = typeof labReports.$inferSelect;

/** A report may be issued once the results are in and checked ('judged' until the lab's states land). */
export const REPORTABLE = new Set(['verified', 'reported']);

export interface ReportSigners {
  verifier?: string | undefined;
  approver?: string | undefined;
}

const publicUrl = (token: string) => `/api/public/reports/${token}.pdf`;

export function reportView(r: ReportRow) {
  return {
    id: r.id,
    sampleId: r.sampleId,
    reportNo: r.reportNo,
    version: r.version,
    status: r.status as 'issued' | 'superseded',
    supersedes: r.supersedes,
    correctionReason: r.correctionReason,
    sha256: r.sha256,
    issuedAt: r.issuedAt.toISOString(),
    publicUrl: publicUrl(r.publicToken),
  };
}

/** The tester(s) of the results, by display name: the default verifier until the lab's states record one. */
async function testerNames(tx: Db, s: SampleRow): Promise<string | null> {
  const rows = await tx
    .selectDistinct({ name: users.displayName })
    .from(labResults)
    .innerJoin(users, eq(users.id, labResults.testedBy))
    .where(and(eq(labResults.districtCode, s.districtCode), eq(labResults.sampleId, s.id)));
  return rows.length ? rows.map((r) => r.name).join('、') : null;
}

/**
 * Issues a report version of a sample, inside the caller's transaction (so the lab's 'reported'
 * transition can issue it atomically): snapshot, both PDFs, a district serial number, audit.
 */
export async function issueReport(
  tx: Db,
  actor: Actor,
  s: SampleRow,
  signers: ReportSigners = {},
  correction?: { of: ReportRow; reason: string },
): Promise<ReportRow> {
  if (!REPORTABLE.has(s.status)) throw conflict(`样品 ${s.sampleNo} 尚未完成检测审核，不能出具报告`);
  const now = new Date();
  const [entity, town, results, tester] = await Promise.all([
    entityNames(tx, [s.entityId]),
    divisionNames(tx, [s.townCode]),
    sampleResults(tx, s),
    testerNames(tx, s),
  ]);
  const year = Number(cstDay(now).slice(0, 4));
  const reportNo = formatSerial(
    'BG',
    s.districtCode,
    year,
    await reserveSerials(tx, s.districtCode, 'report', year),
  );
  const [last] = await tx
    .select({ v: max(labReports.version) })
    .from(labReports)
    .where(and(eq(labReports.districtCode, s.districtCode), eq(labReports.sampleId, s.id)));
  const version = (last?.v ?? 0) + 1;
  const issuer = actor.user?.displayName ?? '系统';
  const snapshot = buildReportSnapshot(
    {
      sampleNo: s.sampleNo,
      productName: productLabel(s.productCode),
      entityName: s.entityId ? (entity.get(s.entityId) ?? null) : null,
      sampledParty: s.sampledParty,
      townName: townName(town, s.townCode),
      linkLabel: LINK_LABELS[s.link as Link] ?? s.link,
      sampler: s.sampler,
      sampledAt: s.sampledAt,
      quantity: s.quantity,
      quantityUnit: s.quantityUnit,
      sealNo: s.sealNo,
      lotRef: s.lotRef,
      verdict: s.verdict,
    },
    results,
    {
      verifier: {
        name: signers.verifier ?? (await userName(tx, s.verifiedBy)) ?? tester ?? issuer,
        at: s.verifiedAt ?? s.judgedAt ?? now,
      },
      approver: { name: signers.approver ?? issuer, at: now },
    },
    {
      reportNo,
      version,
      issuedAt: now,
      correction: correction
        ? {
            reason: correction.reason,
            supersedesNo: correction.of.reportNo,
            supersedesVersion: correction.of.version,
          }
        : null,
    },
  );
  const [pdf, publicPdf] = await Promise.all([
    renderReportPdf(snapshot),
    renderReportPdf(publicSnapshot(snapshot), { publicCopy: true }),
  ]);
  if (correction) {
    const done = await tx
      .update(labReports)
      .set({ status: 'superseded' })
      .where(
        and(
          eq(labReports.districtCode, s.districtCode),
          eq(labReports.id, correction.of.id),
          eq(labReports.status, 'issued'),
        ),
      )
      .returning({ id: labReports.id });
    if (!done.length) throw conflict(`报告 ${correction.of.reportNo} 已被更正`);
  }
  const row = {
    districtCode: s.districtCode,
    id: randomUUID(),
    sampleId: s.id,
    reportNo,
    version,
    supersedes: correction?.of.id ?? null,
    correctionReason: correction?.reason ?? null,
    status: 'issued',
    snapshot,
    pdf,
    publicPdf,
    sha256: createHash('sha256').update(pdf).digest('hex'),
    publicToken: randomBytes(18).toString('base64url'),
    issuedBy: actor.user?.id ?? null,
    issuedAt: now,
  };
  const [inserted] = await tx.insert(labReports).values(row).returning();
  // Issuing the first report moves the sample verified → reported (the lab's last step).
  if (s.status === 'verified') await markReported(tx, s, actor);
  const { pdf: _p, publicPdf: _q, ...audited } = row;
  await writeAudit(tx, actor, {
    action: correction ? 'correct' : 'issue',
    subjectType: 'lab_report',
    subjectId: row.id,
    regionCode: s.townCode,
    before: correction
      ? { id: correction.of.id, reportNo: correction.of.reportNo, status: 'issued' }
      : undefined,
    after: audited,
  });
  return inserted!;
}

async function userName(db: Db, id: string | null): Promise<string | null> {
  if (!id) return null;
  const [u] = await db.select({ name: users.displayName }).from(users).where(eq(users.id, id));
  return u?.name ?? null;
}

async function issuedOf(db: Db, s: SampleRow) {
  const [r] = await db
    .select()
    .from(labReports)
    .where(
      and(
        eq(labReports.districtCode, s.districtCode),
        eq(labReports.sampleId, s.id),
        eq(labReports.status, 'issued'),
      ),
    );
  return r;
}

/** The first report of a sample (a later one is a correction). */
export async function issueSampleReport(
  db: Db,
  actor: Actor,
  scope: Scope,
  sampleId: string,
  signers: ReportSigners,
) {
  const s = await getSample(db, scope, sampleId);
  return db.transaction(async (tx) => {
    const current = await issuedOf(tx, s);
    if (current) throw conflict(`样品 ${s.sampleNo} 已出具报告 ${current.reportNo}，如需修改请更正`);
    return issueReport(tx, actor, s, signers);
  });
}

export async function listSampleReports(db: Db, scope: Scope, sampleId: string) {
  const s = await getSample(db, scope, sampleId);
  return db
    .select()
    .from(labReports)
    .where(and(eq(labReports.districtCode, s.districtCode), eq(labReports.sampleId, s.id)))
    .orderBy(desc(labReports.version));
}

/** A report in scope: found in the user's district, then its sample must be in scope (404 otherwise). */
export async function getReport(
  db: Db,
  scope: Scope,
  id: string,
): Promise<{ report: ReportRow; sample: SampleRow }> {
  const [report] = await db
    .select()
    .from(labReports)
    .where(and(eq(labReports.districtCode, scope.districtCode), eq(labReports.id, id)));
  if (!report) throw notFound('报告不存在，或不在您的管辖范围内');
  const sample = await getSample(db, scope, report.sampleId).catch(() => {
    throw notFound('报告不存在，或不在您的管辖范围内');
  });
  return { report, sample };
}

/** A correction: a new version with a new number and the reason; the old one is kept, superseded. */
export async function correctReport(
  db: Db,
  actor: Actor,
  scope: Scope,
  id: string,
  input: { reason: string } & ReportSigners,
) {
  const { report, sample } = await getReport(db, scope, id);
  if (report.status !== 'issued') throw conflict(`报告 ${report.reportNo} 已被更正，请更正其现行版本`);
  return db.transaction((tx) => issueReport(tx, actor, sample, input, { of: report, reason: input.reason }));
}

/** The public copy of an issued report, by its unguessable token (no login). */
export async function publicReportPdf(
  db: Db,
  token: string,
): Promise<{ reportNo: string; pdf: Buffer } | null> {
  const [r] = await db
    .select({ reportNo: labReports.reportNo, pdf: labReports.publicPdf })
    .from(labReports)
    .where(and(eq(labReports.publicToken, token), eq(labReports.status, 'issued')));
  return r ?? null;
}

/** The current reports of some samples of one district and entity, by sample id (for the scan page). */
export async function currentReports(
  db: Db,
  districtCode: string,
  sampleIds: string[],
  entityId: string | null,
) {
  const out = new Map<string, { reportNo: string; url: string }>();
  if (!sampleIds.length || !entityId) return out;
  const rows = await db
    .select({ sampleId: labReports.sampleId, reportNo: labReports.reportNo, token: labReports.publicToken })
    .from(labReports)
    .innerJoin(
      samples,
      and(eq(samples.districtCode, labReports.districtCode), eq(samples.id, labReports.sampleId)),
    )
    .where(
      and(
        eq(labReports.districtCode, districtCode),
        inArray(labReports.sampleId, sampleIds),
        eq(labReports.status, 'issued'),
        // Only the producer's own samples: a certificate cannot publish another's report.
        eq(samples.entityId, entityId),
      ),
    );
  for (const r of rows) out.set(r.sampleId, { reportNo: r.reportNo, url: publicUrl(r.token) });
  return out;
}

export type { ReportSnapshot };

import type { mismatchQuery, supervisionQuery } from '@nongan/shared/certificates/schemas';
import { MISSING_NAME } from '@nongan/shared/common/missing';
import { and, eq, gte, inArray, lte, or, type SQL, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../../db/client.ts';
import type { Scope } from '../accounts/scope.ts';
import { scopeWhere } from '../entities/repository.ts';
import { entities } from '../entities/table.ts';
import { townName } from '../regions/names.ts';
import { divisionNames } from '../regions/repository.ts';
import { labResults, samples } from '../sampling/sample-table.ts';
import { analyteName } from '../standards/catalog.ts';
import { addDays, chinaDate } from '../trace/rules.ts';
import { certificateScope } from './repository.ts';
import { findMismatches } from './rules.ts';
import { certificates } from './table.ts';

/** Entities that must issue: enterprises and cooperatives by law, plus those the district lists. */
export const MUST_ISSUE_TYPES = ['enterprise', 'cooperative'];
const mustIssue = or(inArray(entities.type, MUST_ISSUE_TYPES), eq(entities.certificateTrial, true)) as SQL;

/** kg-equivalent of a quantity, for weight units; pieces and head are not summed. */
const KG = sql`case ${certificates.unit} when 'kg' then ${certificates.quantity} when 't' then ${certificates.quantity} * 1000 when 'jin' then ${certificates.quantity} * 0.5 else 0 end`;

const entityScope = scopeWhere;

const rate = (issuing: number, must: number) => (must ? Math.round((issuing / must) * 10000) / 100 : null);

/** Issued and revoked per town or entity, and the rate of use among entities that must issue. */
export async function supervision(db: Db, scope: Scope, q: z.infer<typeof supervisionQuery>) {
  const byTown = q.by === 'town';
  const certKey = byTown ? certificates.townCode : certificates.entityId;
  const entKey = byTown ? entities.townCode : entities.id;
  const inRange = and(
    certificateScope(scope),
    gte(certificates.issueDate, q.from),
    lte(certificates.issueDate, q.to),
    q.townCode ? eq(certificates.townCode, q.townCode) : undefined,
  );
  const entWhere = and(
    entityScope(scope),
    eq(entities.active, true),
    mustIssue,
    q.townCode ? eq(entities.townCode, q.townCode) : undefined,
  );
  const [issued, must, issuing] = await Promise.all([
    db
      .select({
        key: sql<string>`${certKey}::text`,
        issued: sql<number>`count(*)::int`,
        revoked: sql<number>`count(*) filter (where ${certificates.status} = 'revoked')::int`,
        quantity: sql<number>`coalesce(sum(${KG}), 0)::float8`,
      })
      .from(certificates)
      .where(inRange)
      .groupBy(certKey),
    db
      .select({ key: sql<string>`${entKey}::text`, n: sql<number>`count(*)::int` })
      .from(entities)
      .where(entWhere)
      .groupBy(entKey),
    db
      .select({ key: sql<string>`${entKey}::text`, n: sql<number>`count(distinct ${entities.id})::int` })
      .from(entities)
      .innerJoin(
        certificates,
        and(eq(certificates.districtCode, entities.districtCode), eq(certificates.entityId, entities.id)),
      )
      .where(and(entWhere, inRange))
      .groupBy(entKey),
  ]);
  const keys = new Set([...issued.map((r) => r.key), ...must.map((r) => r.key)]);
  const names = byTown
    ? await divisionNames(db, [...keys])
    : new Map(
        keys.size
          ? (
              await db
                .select({ id: entities.id, name: entities.name })
                .from(entities)
                .where(and(eq(entities.districtCode, scope.districtCode), inArray(entities.id, [...keys])))
            ).map((e) => [e.id, e.name])
          : [],
      );
  const get = <T extends { key: string }>(list: T[], k: string) => list.find((r) => r.key === k);
  const rows = [...keys]
    .map((key) => {
      const i = get(issued, key);
      const m = get(must, key)?.n ?? 0;
      const u = get(issuing, key)?.n ?? 0;
      return {
        key,
        name: names.get(key) ?? (byTown ? MISSING_NAME.town : MISSING_NAME.entity),
        issued: i?.issued ?? 0,
        revoked: i?.revoked ?? 0,
        quantity: Math.round((i?.quantity ?? 0) * 100) / 100,
        mustIssue: m,
        issuing: u,
        useRate: rate(u, m),
      };
    })
    .sort((a, b) => (byTown ? a.key.localeCompare(b.key) : b.issued - a.issued))
    .slice(0, byTown ? undefined : 1000);
  const totalMust = must.reduce((s, r) => s + r.n, 0);
  const totalIssuing = issuing.reduce((s, r) => s + r.n, 0);
  return {
    rows,
    total: {
      issued: issued.reduce((s, r) => s + r.issued, 0),
      revoked: issued.reduce((s, r) => s + r.revoked, 0),
      mustIssue: totalMust,
      issuing: totalIssuing,
      useRate: rate(totalIssuing, totalMust),
    },
  };
}

/**
 * 严防承诺与抽检结果不符: certificates in the range whose promise a failing sample of the same
 * entity and product contradicts, within `windowDays` either way. The pairing is the pure rule
 * `findMismatches`; SQL only narrows both sides to the entity/product pairs that failed.
 */
export async function mismatches(db: Db, scope: Scope, q: z.infer<typeof mismatchQuery>) {
  const failed = await db
    .select({
      id: samples.id,
      sampleNo: samples.sampleNo,
      entityId: samples.entityId,
      productCode: samples.productCode,
      sampledAt: samples.sampledAt,
    })
    .from(samples)
    .where(
      and(
        eq(samples.districtCode, scope.districtCode),
        eq(samples.verdict, 'fail'),
        sql`${samples.entityId} is not null`,
        gte(samples.sampledAt, new Date(`${addDays(q.from, -q.windowDays)}T00:00:00+08:00`)),
        lte(samples.sampledAt, new Date(`${addDays(q.to, q.windowDays + 1)}T00:00:00+08:00`)),
      ),
    );
  if (failed.length === 0) return { items: [] };
  const entityIds = [...new Set(failed.map((f) => f.entityId as string))];
  // The columns the matching needs first (from certificates_entity_idx alone), whole rows only for
  // the certificates paired with a failure.
  const candidates = await db
    .select({
      id: certificates.id,
      entityId: certificates.entityId,
      productCode: certificates.productCode,
      issueDate: certificates.issueDate,
    })
    .from(certificates)
    .where(
      and(
        certificateScope(scope),
        inArray(certificates.entityId, entityIds),
        gte(certificates.issueDate, q.from),
        lte(certificates.issueDate, q.to),
        q.townCode ? eq(certificates.townCode, q.townCode) : undefined,
      ),
    );
  const pairs = findMismatches(
    candidates,
    failed.map((f) => ({ ...f, sampledOn: chinaDate(f.sampledAt) })),
    q.windowDays,
  );
  if (pairs.length === 0) return { items: [] };
  const certs = await db
    .select()
    .from(certificates)
    .where(
      and(
        eq(certificates.districtCode, scope.districtCode),
        inArray(certificates.id, [...new Set(pairs.map((p) => p.certificateId))]),
      ),
    );
  const analytes = await db
    .select({ sampleId: labResults.sampleId, a: labResults.analyteCode })
    .from(labResults)
    .where(
      and(
        eq(labResults.districtCode, scope.districtCode),
        inArray(labResults.sampleId, [...new Set(pairs.map((p) => p.sampleId))]),
        eq(labResults.verdict, 'fail'),
      ),
    );
  const ents = await db
    .select({ id: entities.id, name: entities.name })
    .from(entities)
    .where(and(eq(entities.districtCode, scope.districtCode), inArray(entities.id, entityIds)));
  const towns = await divisionNames(
    db,
    certs.map((c) => c.townCode),
  );
  const certById = new Map(certs.map((c) => [c.id, c]));
  const sampleById = new Map(failed.map((f) => [f.id, f]));
  const entName = new Map(ents.map((e) => [e.id, e.name]));
  return {
    items: pairs.map((p) => {
      const c = certById.get(p.certificateId)!;
      const s = sampleById.get(p.sampleId)!;
      return {
        certificateId: c.id,
        certNo: c.certNo,
        entityId: c.entityId,
        entityName: entName.get(c.entityId) ?? c.promiser,
        townName: townName(towns, c.townCode),
        productName: c.productName,
        issueDate: c.issueDate,
        bases: c.bases as ('quality_control' | 'self_test' | 'entrusted_test')[],
        sampleId: s.id,
        sampleNo: s.sampleNo,
        sampledOn: chinaDate(s.sampledAt),
        daysApart: p.daysApart,
        failedAnalytes: analytes.filter((a) => a.sampleId === s.id).map((a) => analyteName(a.a)),
      };
    }),
  };
}

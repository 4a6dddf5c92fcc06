import { addDays, brandStatus, daysBetween } from '@nongan/shared/brands/rules';
import {
  BRAND_KIND_LABELS,
  BRAND_KINDS,
  BRAND_STATUS_LABELS,
  type BrandCertView,
  type BrandKind,
  type BrandStatus,
  DEFAULT_REMIND_DAYS,
  PLAN_TARGETS,
  REVIEW_KIND_LABELS,
  REVIEW_RESULT_LABELS,
  type ReviewKind,
  type ReviewResult,
} from '@nongan/shared/brands/schemas';
import { MISSING_NAME } from '@nongan/shared/common/missing';
import {
  and,
  asc,
  count,
  desc,
  eq,
  gt,
  gte,
  inArray,
  isNotNull,
  isNull,
  lt,
  lte,
  type SQL,
  sql,
} from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { fieldError, notFound } from '../../platform/http-error.ts';
import type { Scope } from '../accounts/scope.ts';
import { placeScope } from '../accounts/scope-sql.ts';
import { type Actor, writeAudit } from '../audit/audit.ts';
import { entityNames, userNames } from '../campaigns/names.ts';
import { townName } from '../regions/names.ts';
import { divisionNames } from '../regions/repository.ts';
import { productLabel, productName } from '../standards/catalog.ts';
import { brandCertifications, brandLicences, brandReviews, brandSettings, regionalBrands } from './table.ts';

export type CertRow = typeof brandCertifications.$inferSelect;

// --- settings ---

export type Targets = Record<string, { all: number; mingte?: number; cq_famous?: number }>;

export async function getBrandSettings(db: Db, districtCode: string) {
  const [r] = await db.select().from(brandSettings).where(eq(brandSettings.districtCode, districtCode));
  return r
    ? { remindDays: r.remindDays, targets: r.targets as Targets, defaults: false }
    : { remindDays: DEFAULT_REMIND_DAYS, targets: PLAN_TARGETS as Targets, defaults: true };
}

export async function saveBrandSettings(
  db: Db,
  actor: Actor,
  districtCode: string,
  body: { remindDays: number; targets: Targets },
) {
  const { defaults: _, ...before } = await getBrandSettings(db, districtCode);
  await db.transaction(async (tx) => {
    const set = { ...body, updatedBy: actor.user?.id ?? null, updatedAt: new Date() };
    await tx
      .insert(brandSettings)
      .values({ districtCode, ...set })
      .onConflictDoUpdate({ target: brandSettings.districtCode, set });
    await writeAudit(tx, actor, {
      action: 'update',
      subjectType: 'brand_settings',
      subjectId: districtCode,
      regionCode: districtCode,
      before,
      after: body,
    });
  });
}

// --- certifications ---

/** The certifications a user may see: the district, its town, or (a producer) its own entity's. */
export const certScope = (scope: Scope): SQL =>
  placeScope(scope, {
    districtCode: brandCertifications.districtCode,
    townCode: brandCertifications.townCode,
    entityId: brandCertifications.entityId,
  });

/** The status rule (rules.ts) as SQL, for filters: the same boundaries. */
export function statusWhere(status: BrandStatus, today: string, remindDays: number): SQL {
  const c = brandCertifications;
  const edge = addDays(today, remindDays);
  switch (status) {
    case 'revoked':
      return isNotNull(c.revokedAt);
    case 'expired':
      return and(isNull(c.revokedAt), lt(c.validUntil, today)) as SQL;
    case 'expiring':
      return and(isNull(c.revokedAt), gte(c.validUntil, today), lte(c.validUntil, edge)) as SQL;
    case 'valid':
      return and(isNull(c.revokedAt), gt(c.validUntil, edge)) as SQL;
  }
}

export async function getCert(db: Db, scope: Scope, id: string): Promise<CertRow> {
  const [c] = await db
    .select()
    .from(brandCertifications)
    .where(and(certScope(scope), eq(brandCertifications.id, id)));
  if (!c) throw notFound('认证不存在或不在本人辖区');
  return c;
}

/** Product codes of the catalogue, each checked; 400 naming the item otherwise. */
export function checkProducts(codes: string[], field = 'productCodes') {
  codes.forEach((c, i) => {
    if (!productName(c)) throw fieldError(`${field}.${i}`, '不是产品目录中的产品');
  });
  return [...new Set(codes)];
}

export const productsOf = (codes: string[]) => codes.map((code) => ({ code, name: productLabel(code) }));

const AREA_UNITS: Record<string, string> = { mu: '亩', hectare: '公顷' };
const OUTPUT_UNITS: Record<string, string> = { kg: '千克', tonne: '吨' };

export async function certViews(
  db: Db,
  rows: CertRow[],
  today: string,
  remindDays: number,
): Promise<BrandCertView[]> {
  const [names, towns] = await Promise.all([
    entityNames(
      db,
      rows.map((r) => r.entityId),
    ),
    divisionNames(
      db,
      rows.map((r) => r.townCode),
    ),
  ]);
  return rows.map((r) => {
    const status = brandStatus({ validUntil: r.validUntil, revoked: !!r.revokedAt }, today, remindDays);
    return {
      id: r.id,
      kind: r.kind as BrandKind,
      kindLabel: BRAND_KIND_LABELS[r.kind as BrandKind] ?? '其他认证',
      certNo: r.certNo,
      entityId: r.entityId,
      entityName: names.get(r.entityId) ?? MISSING_NAME.entity,
      townCode: r.townCode,
      townName: townName(towns, r.townCode),
      products: productsOf(r.productCodes),
      area: r.area === null ? null : Number(r.area),
      areaUnitLabel: AREA_UNITS[r.areaUnit] ?? '亩',
      output: r.output === null ? null : Number(r.output),
      outputUnitLabel: OUTPUT_UNITS[r.outputUnit] ?? '吨',
      issuedOn: r.issuedOn,
      validUntil: r.validUntil,
      status,
      statusLabel: BRAND_STATUS_LABELS[status],
      daysLeft: daysBetween(today, r.validUntil),
      revokeReason: r.revokeReason,
      note: r.note,
    };
  });
}

export async function reviewsOf(db: Db, c: CertRow) {
  const rows = await db
    .select()
    .from(brandReviews)
    .where(and(eq(brandReviews.districtCode, c.districtCode), eq(brandReviews.certificationId, c.id)))
    .orderBy(desc(brandReviews.on), desc(brandReviews.createdAt));
  const who = await userNames(
    db,
    rows.map((r) => r.createdBy),
  );
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind as ReviewKind,
    kindLabel: REVIEW_KIND_LABELS[r.kind as ReviewKind],
    on: r.on,
    inspector: r.inspector,
    result: r.result as ReviewResult,
    resultLabel: REVIEW_RESULT_LABELS[r.result as ReviewResult],
    place: r.place,
    findings: r.findings,
    createdByName: r.createdBy ? (who.get(r.createdBy) ?? null) : null,
  }));
}

/** New certifications issued in `year` (revoked ones left out) against the district's target. */
export async function progress(db: Db, scope: Scope, year: number) {
  const settings = await getBrandSettings(db, scope.districtCode);
  const rows = await db
    .select({ kind: brandCertifications.kind, n: count() })
    .from(brandCertifications)
    .where(
      and(
        certScope(scope),
        isNull(brandCertifications.revokedAt),
        gte(brandCertifications.issuedOn, `${year}-01-01`),
        lte(brandCertifications.issuedOn, `${year}-12-31`),
      ),
    )
    .groupBy(brandCertifications.kind);
  const by = new Map(rows.map((r) => [r.kind, Number(r.n)]));
  // A town's or producer's view shows its own count; the target is the district's.
  const t = scope.kind === 'district' ? settings.targets[String(year)] : undefined;
  return {
    year,
    target: t?.all ?? null,
    done: [...by.values()].reduce((a, b) => a + b, 0),
    byKind: BRAND_KINDS.map((k) => ({
      kind: k,
      label: BRAND_KIND_LABELS[k],
      done: by.get(k) ?? 0,
      target: (k === 'mingte' || k === 'cq_famous' ? t?.[k] : undefined) ?? null,
    })),
    source:
      t && PLAN_TARGETS['2021'] && t.all === PLAN_TARGETS['2021'].all
        ? `${settings.defaults ? '' : '本区设置，'}与《2021年农产品质量安全工作要点》二(六)一致：力争新增申报20个以上绿色食品、有机农产品和农产品地理标志等农业品牌；新培育1个全国名特优新农产品，评选重庆名牌农产品3个以上`
        : t
          ? '年度目标为本区设置'
          : '本年度尚未设置目标（在“设置”中填写）',
  };
}

// --- regional brands ---

export async function regionalBrandViews(db: Db, districtCode: string, today: string, scope: Scope) {
  const brands = await db
    .select()
    .from(regionalBrands)
    .where(eq(regionalBrands.districtCode, districtCode))
    .orderBy(asc(regionalBrands.name));
  const lic = await db
    .select()
    .from(brandLicences)
    .where(
      and(
        placeScope(scope, {
          districtCode: brandLicences.districtCode,
          townCode: brandLicences.townCode,
          entityId: brandLicences.entityId,
        }),
        brands.length
          ? inArray(
              brandLicences.brandId,
              brands.map((b) => b.id),
            )
          : sql`false`,
      ),
    )
    .orderBy(desc(brandLicences.licensedOn));
  const [names, towns] = await Promise.all([
    entityNames(
      db,
      lic.map((l) => l.entityId),
    ),
    divisionNames(
      db,
      lic.map((l) => l.townCode),
    ),
  ]);
  const byName = new Map(brands.map((b) => [b.id, b.name]));
  return brands.map((b) => ({
    id: b.id,
    name: b.name,
    owner: b.owner,
    note: b.note,
    licences: lic
      .filter((l) => l.brandId === b.id)
      .map((l) => ({
        id: l.id,
        brandId: l.brandId,
        brandName: byName.get(l.brandId) ?? '',
        entityId: l.entityId,
        entityName: names.get(l.entityId) ?? MISSING_NAME.entity,
        townName: townName(towns, l.townCode),
        licensedOn: l.licensedOn,
        validUntil: l.validUntil,
        products: productsOf(l.productCodes),
        active: l.licensedOn <= today && (!l.validUntil || l.validUntil >= today),
      })),
  }));
}

import { randomUUID } from 'node:crypto';
import type { Role } from '@nongan/shared/accounts/schemas';
import {
  BRAND_KIND_LABELS,
  brandCertBody,
  brandCertDetail,
  brandCertListQuery,
  brandCertPatch,
  brandCertView,
  brandSettingsBody,
  brandSettingsView,
  DECISION_LABELS,
  DECISION_PURPOSE_LABELS,
  decisionBody,
  decisionView,
  licenceBody,
  progressView,
  regionalBrandBody,
  regionalBrandView,
  reviewBody,
} from '@nongan/shared/brands/schemas';
import { chinaToday, plausibleDate } from '@nongan/shared/common/dates';
import { MISSING_NAME } from '@nongan/shared/common/missing';
import { errorBody, pageOf } from '@nongan/shared/common/paging';
import { eligibilityView, fourLinksRule, PURPOSES } from '@nongan/shared/dossier/four-links';
import { and, asc, count, desc, eq, ilike, or, type SQL, sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { conflict, fieldError, notFound } from '../../platform/http-error.ts';
import { newWorkbook } from '../../platform/xlsx-write.ts';
import { actorOf, requireRole } from '../accounts/guard.ts';
import { type AuthUser, scopeOf } from '../accounts/scope.ts';
import { placeScope } from '../accounts/scope-sql.ts';
import { entityInScopeOr404 } from '../accounts/write-scope.ts';
import { writeAudit } from '../audit/audit.ts';
import { entityNames } from '../campaigns/names.ts';
import { eligibility, getFourLinksRule, requireEligible, saveFourLinksRule } from '../dossier/four-links.ts';
import { attachment, XLSX_TYPE } from '../entities/export.ts';
import { entities } from '../entities/table.ts';
import { townName } from '../regions/names.ts';
import { divisionNames } from '../regions/repository.ts';
import {
  type CertRow,
  certScope,
  certViews,
  checkProducts,
  getBrandSettings,
  getCert,
  progress,
  regionalBrandViews,
  reviewsOf,
  saveBrandSettings,
  statusWhere,
} from './service.ts';
import {
  brandCertifications,
  brandLicences,
  brandReviews,
  regionalBrands,
  supportDecisions,
} from './table.ts';

/** The district office registers and edits certifications, brands, licences and decisions. */
export const BRAND_EDITORS: readonly Role[] = ['district_admin', 'district_staff'];
/** Town supervisors also record reviews and label checks, for their town's entities. */
export const BRAND_REVIEWERS: readonly Role[] = [...BRAND_EDITORS, 'town_supervisor'];
/** Producers read their own certifications. */
export const BRAND_READERS: readonly Role[] = [...BRAND_REVIEWERS, 'producer'];

const errors = {
  400: errorBody,
  401: errorBody,
  403: errorBody,
  404: errorBody,
  409: errorBody,
  422: errorBody,
};
const tags = ['brands'];
const idParams = z.object({ id: z.uuid() });
const today = () => chinaToday();

const routes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.database;

  const where = async (me: AuthUser, q: Omit<z.infer<typeof brandCertListQuery>, 'page' | 'pageSize'>) => {
    const { remindDays } = await getBrandSettings(db, me.districtCode);
    const c = brandCertifications;
    const matchingEntities = q.q
      ? sql`${c.entityId} in (select ${entities.id} from ${entities} where ${entities.districtCode} = ${me.districtCode} and ${entities.name} ilike ${`%${q.q}%`})`
      : undefined;
    return {
      remindDays,
      where: and(
        certScope(scopeOf(me)),
        q.kind ? eq(c.kind, q.kind) : undefined,
        q.status ? statusWhere(q.status, today(), remindDays) : undefined,
        q.townCode ? eq(c.townCode, q.townCode) : undefined,
        q.entityId ? eq(c.entityId, q.entityId) : undefined,
        q.year ? sql`extract(year from ${c.issuedOn}) = ${q.year}` : undefined,
        q.q ? or(ilike(c.certNo, `%${q.q}%`), matchingEntities) : undefined,
      ) as SQL,
    };
  };
  const order = [desc(brandCertifications.issuedOn), asc(brandCertifications.certNo)];

  app.get(
    '/brands/certifications',
    {
      schema: { tags, querystring: brandCertListQuery, response: { 200: pageOf(brandCertView), ...errors } },
    },
    async (request) => {
      const me = requireRole(request, BRAND_READERS);
      const q = request.query;
      const w = await where(me, q);
      const [{ total } = { total: 0 }] = await db
        .select({ total: count() })
        .from(brandCertifications)
        .where(w.where);
      const rows = await db
        .select()
        .from(brandCertifications)
        .where(w.where)
        .orderBy(...order)
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize);
      return {
        items: await certViews(db, rows, today(), w.remindDays),
        total,
        page: q.page,
        pageSize: q.pageSize,
      };
    },
  );

  app.get(
    '/brands/certifications/export',
    {
      schema: {
        tags,
        querystring: brandCertListQuery.omit({ page: true, pageSize: true }),
        produces: [XLSX_TYPE],
      },
    },
    async (request, reply) => {
      const me = requireRole(request, BRAND_READERS);
      const w = await where(me, request.query);
      const rows = await certViews(
        db,
        await db
          .select()
          .from(brandCertifications)
          .where(w.where)
          .orderBy(...order)
          .limit(10_000),
        today(),
        w.remindDays,
      );
      const wb = newWorkbook();
      const ws = wb.addWorksheet('品牌认证台账');
      ws.columns = [
        { header: '认证类别', width: 16 },
        { header: '证书编号', width: 22 },
        { header: '获证主体', width: 28 },
        { header: '镇街', width: 10 },
        { header: '产品', width: 24 },
        { header: '面积', width: 12 },
        { header: '产量', width: 12 },
        { header: '发证日期', width: 12 },
        { header: '有效期至', width: 12 },
        { header: '状态', width: 10 },
      ];
      for (const c of rows)
        ws.addRow([
          c.kindLabel,
          c.certNo,
          c.entityName,
          c.townName,
          c.products.map((p) => p.name).join('、'),
          c.area === null ? '' : `${c.area} ${c.areaUnitLabel}`,
          c.output === null ? '' : `${c.output} ${c.outputUnitLabel}`,
          c.issuedOn,
          c.validUntil,
          c.statusLabel,
        ]);
      const d = today();
      return reply
        .type(XLSX_TYPE)
        .header('content-disposition', attachment(`品牌认证台账_${d}.xlsx`, `brands-${d}.xlsx`))
        .send(Buffer.from(await wb.xlsx.writeBuffer()));
    },
  );

  const detail = async (me: AuthUser, c: CertRow) => {
    const { remindDays } = await getBrandSettings(db, c.districtCode);
    const [[view], reviews, e] = await Promise.all([
      certViews(db, [c], today(), remindDays),
      reviewsOf(db, c),
      db
        .select()
        .from(entities)
        .where(and(eq(entities.districtCode, c.districtCode), eq(entities.id, c.entityId))),
    ]);
    const brands = await regionalBrandViews(db, c.districtCode, today(), scopeOf(me));
    return {
      ...view!,
      reviews,
      licences: brands.flatMap((b) => b.licences.filter((l) => l.entityId === c.entityId)),
      eligibility: await eligibility(db, e[0]!, 'brand'),
      canEdit: BRAND_EDITORS.includes(me.role),
      canReview: BRAND_REVIEWERS.includes(me.role),
    };
  };

  app.get(
    '/brands/certifications/:id',
    { schema: { tags, params: idParams, response: { 200: brandCertDetail, ...errors } } },
    async (request) => {
      const me = requireRole(request, BRAND_READERS);
      return detail(me, await getCert(db, scopeOf(me), request.params.id));
    },
  );

  const uniqueNo = async (districtCode: string, kind: string, certNo: string, except?: string) => {
    const [dup] = await db
      .select({ id: brandCertifications.id })
      .from(brandCertifications)
      .where(
        and(
          eq(brandCertifications.districtCode, districtCode),
          eq(brandCertifications.kind, kind),
          eq(brandCertifications.certNo, certNo),
        ),
      );
    if (dup && dup.id !== except)
      throw conflict(`${BRAND_KIND_LABELS[kind as 'green']}证书编号 ${certNo} 已登记`, [
        { field: 'certNo', reason: '同类认证的证书编号已登记' },
      ]);
  };

  app.post(
    '/brands/certifications',
    { schema: { tags, body: brandCertBody, response: { 201: brandCertDetail, ...errors } } },
    async (request, reply) => {
      const me = requireRole(request, BRAND_EDITORS);
      const b = request.body;
      const e = await entityInScopeOr404(db, me, b.entityId);
      const issuedProblem = plausibleDate(b.issuedOn);
      if (issuedProblem) throw fieldError('issuedOn', issuedProblem);
      const productCodes = checkProducts(b.productCodes);
      await uniqueNo(e.districtCode, b.kind, b.certNo);
      const check = await requireEligible(db, e, 'brand', b.acknowledge);
      const id = randomUUID();
      await db.transaction(async (tx) => {
        await tx.insert(brandCertifications).values({
          districtCode: e.districtCode,
          id,
          kind: b.kind,
          certNo: b.certNo,
          entityId: e.id,
          townCode: e.townCode,
          productCodes,
          area: b.area ?? null,
          areaUnit: b.areaUnit ?? 'mu',
          output: b.output ?? null,
          outputUnit: b.outputUnit ?? 'tonne',
          issuedOn: b.issuedOn,
          validUntil: b.validUntil,
          note: b.note ?? null,
          createdBy: me.id,
        });
        await writeAudit(tx, actorOf(request), {
          action: 'create',
          subjectType: 'brand_certification',
          subjectId: id,
          regionCode: e.townCode,
          after: {
            kind: b.kind,
            certNo: b.certNo,
            entityId: e.id,
            productCodes,
            issuedOn: b.issuedOn,
            validUntil: b.validUntil,
            fourLinks: check.verdict,
            ...(check.warnings.length ? { acknowledgedWarnings: check.warnings } : {}),
          },
        });
      });
      return reply.code(201).send(await detail(me, await getCert(db, scopeOf(me), id)));
    },
  );

  app.patch(
    '/brands/certifications/:id',
    {
      schema: { tags, params: idParams, body: brandCertPatch, response: { 200: brandCertDetail, ...errors } },
    },
    async (request) => {
      const me = requireRole(request, BRAND_EDITORS);
      const c = await getCert(db, scopeOf(me), request.params.id);
      const b = request.body;
      if (c.revokedAt) throw conflict('认证已撤销，不能再修改', [{ field: 'id', reason: '已撤销' }]);
      if (b.validUntil && b.validUntil <= c.issuedOn) throw fieldError('validUntil', '有效期应晚于发证日期');
      if (b.certNo && b.certNo !== c.certNo) await uniqueNo(c.districtCode, c.kind, b.certNo, c.id);
      const set = {
        ...(b.certNo ? { certNo: b.certNo } : {}),
        ...(b.productCodes ? { productCodes: checkProducts(b.productCodes) } : {}),
        ...(b.area !== undefined ? { area: b.area } : {}),
        ...(b.output !== undefined ? { output: b.output } : {}),
        ...(b.validUntil ? { validUntil: b.validUntil } : {}),
        ...(b.note !== undefined ? { note: b.note } : {}),
        ...(b.revokeReason ? { revokedAt: new Date(), revokeReason: b.revokeReason } : {}),
      };
      await db.transaction(async (tx) => {
        await tx
          .update(brandCertifications)
          .set({ ...set, updatedAt: new Date() })
          .where(and(eq(brandCertifications.districtCode, c.districtCode), eq(brandCertifications.id, c.id)));
        await writeAudit(tx, actorOf(request), {
          action: b.revokeReason ? 'revoke' : 'update',
          subjectType: 'brand_certification',
          subjectId: c.id,
          regionCode: c.townCode,
          before: Object.fromEntries(Object.keys(set).map((k) => [k, c[k as keyof CertRow]])),
          after: set,
        });
      });
      return detail(me, await getCert(db, scopeOf(me), c.id));
    },
  );

  app.post(
    '/brands/certifications/:id/reviews',
    { schema: { tags, params: idParams, body: reviewBody, response: { 201: brandCertDetail, ...errors } } },
    async (request, reply) => {
      const me = requireRole(request, BRAND_REVIEWERS);
      const c = await getCert(db, scopeOf(me), request.params.id);
      const b = request.body;
      const p = plausibleDate(b.on);
      if (p) throw fieldError('on', p);
      if (b.on < c.issuedOn) throw fieldError('on', `不能早于发证日期（${c.issuedOn}）`);
      if (b.result === 'misuse' && b.kind !== 'label')
        throw fieldError('result', '“违规使用标志”只用于标志使用检查');
      const id = randomUUID();
      await db.transaction(async (tx) => {
        await tx.insert(brandReviews).values({
          districtCode: c.districtCode,
          id,
          certificationId: c.id,
          kind: b.kind,
          on: b.on,
          inspector: b.inspector,
          result: b.result,
          place: b.place ?? null,
          findings: b.findings ?? null,
          createdBy: me.id,
        });
        await writeAudit(tx, actorOf(request), {
          action: 'review',
          subjectType: 'brand_certification',
          subjectId: c.id,
          regionCode: c.townCode,
          after: { reviewId: id, ...b },
        });
      });
      return reply.code(201).send(await detail(me, c));
    },
  );

  app.get(
    '/brands/reminders',
    {
      schema: {
        tags,
        querystring: z.strictObject({ days: z.coerce.number().int().min(1).max(730).optional() }),
        response: { 200: z.object({ days: z.number().int(), items: z.array(brandCertView) }), ...errors },
      },
    },
    async (request) => {
      const me = requireRole(request, BRAND_READERS);
      const { remindDays } = await getBrandSettings(db, me.districtCode);
      const days = request.query.days ?? remindDays;
      const rows = await db
        .select()
        .from(brandCertifications)
        .where(and(certScope(scopeOf(me)), statusWhere('expiring', today(), days)))
        .orderBy(asc(brandCertifications.validUntil))
        .limit(500);
      return { days, items: await certViews(db, rows, today(), days) };
    },
  );

  app.get(
    '/brands/progress',
    {
      schema: {
        tags,
        querystring: z.strictObject({ year: z.coerce.number().int().min(2000).max(2100).optional() }),
        response: { 200: progressView, ...errors },
      },
    },
    async (request) => {
      const me = requireRole(request, BRAND_READERS);
      return progress(db, scopeOf(me), request.query.year ?? Number(today().slice(0, 4)));
    },
  );

  app.get(
    '/brands/settings',
    { schema: { tags, response: { 200: brandSettingsView, ...errors } } },
    async (request) => getBrandSettings(db, requireRole(request, BRAND_REVIEWERS).districtCode),
  );
  app.put(
    '/brands/settings',
    { schema: { tags, body: brandSettingsBody, response: { 200: brandSettingsView, ...errors } } },
    async (request) => {
      const me = requireRole(request, BRAND_EDITORS);
      await saveBrandSettings(db, actorOf(request), me.districtCode, request.body);
      return getBrandSettings(db, me.districtCode);
    },
  );

  // --- four links (四挂钩) ---
  const ruleView = fourLinksRule.extend({ defaults: z.boolean() });
  app.get(
    '/four-links/settings',
    { schema: { tags, response: { 200: ruleView, ...errors } } },
    async (request) => getFourLinksRule(db, requireRole(request, BRAND_REVIEWERS).districtCode),
  );
  app.put(
    '/four-links/settings',
    { schema: { tags, body: fourLinksRule, response: { 200: ruleView, ...errors } } },
    async (request) => {
      const me = requireRole(request, BRAND_EDITORS);
      await saveFourLinksRule(db, actorOf(request), me.districtCode, request.body);
      return getFourLinksRule(db, me.districtCode);
    },
  );
  app.get(
    '/entities/:id/eligibility',
    {
      schema: {
        tags,
        params: idParams,
        querystring: z.strictObject({ purpose: z.enum(PURPOSES).default('brand') }),
        response: { 200: eligibilityView, ...errors },
      },
    },
    async (request) => {
      const me = requireRole(request, BRAND_REVIEWERS);
      const e = await entityInScopeOr404(db, me, request.params.id, 'id');
      return eligibility(db, e, request.query.purpose);
    },
  );

  // --- regional public brands ---
  app.get(
    '/brands/regional',
    { schema: { tags, response: { 200: z.array(regionalBrandView), ...errors } } },
    async (request) => {
      const me = requireRole(request, BRAND_READERS);
      return regionalBrandViews(db, me.districtCode, today(), scopeOf(me));
    },
  );
  app.post(
    '/brands/regional',
    { schema: { tags, body: regionalBrandBody, response: { 201: regionalBrandView, ...errors } } },
    async (request, reply) => {
      const me = requireRole(request, BRAND_EDITORS);
      const b = request.body;
      const id = randomUUID();
      await db.transaction(async (tx) => {
        const added = await tx
          .insert(regionalBrands)
          .values({
            districtCode: me.districtCode,
            id,
            name: b.name,
            owner: b.owner ?? null,
            note: b.note ?? null,
          })
          .onConflictDoNothing()
          .returning({ id: regionalBrands.id });
        if (!added.length)
          throw conflict(`区域公用品牌“${b.name}”已登记`, [{ field: 'name', reason: '已登记' }]);
        await writeAudit(tx, actorOf(request), {
          action: 'create',
          subjectType: 'regional_brand',
          subjectId: id,
          regionCode: me.districtCode,
          after: b,
        });
      });
      const all = await regionalBrandViews(db, me.districtCode, today(), scopeOf(me));
      return reply.code(201).send(all.find((x) => x.id === id)!);
    },
  );
  app.post(
    '/brands/regional/:id/licences',
    {
      schema: { tags, params: idParams, body: licenceBody, response: { 201: regionalBrandView, ...errors } },
    },
    async (request, reply) => {
      const me = requireRole(request, BRAND_EDITORS);
      const [brand] = await db
        .select()
        .from(regionalBrands)
        .where(
          and(eq(regionalBrands.districtCode, me.districtCode), eq(regionalBrands.id, request.params.id)),
        );
      if (!brand) throw notFound('区域公用品牌不存在');
      const b = request.body;
      const e = await entityInScopeOr404(db, me, b.entityId);
      const p = plausibleDate(b.licensedOn);
      if (p) throw fieldError('licensedOn', p);
      const productCodes = checkProducts(b.productCodes ?? []);
      const check = await requireEligible(db, e, 'brand', b.acknowledge);
      const id = randomUUID();
      await db.transaction(async (tx) => {
        const added = await tx
          .insert(brandLicences)
          .values({
            districtCode: me.districtCode,
            id,
            brandId: brand.id,
            entityId: e.id,
            townCode: e.townCode,
            productCodes,
            licensedOn: b.licensedOn,
            validUntil: b.validUntil ?? null,
            createdBy: me.id,
          })
          .onConflictDoNothing()
          .returning({ id: brandLicences.id });
        if (!added.length) throw conflict('该主体当日已获授权', [{ field: 'entityId', reason: '已授权' }]);
        await writeAudit(tx, actorOf(request), {
          action: 'license',
          subjectType: 'regional_brand',
          subjectId: brand.id,
          regionCode: e.townCode,
          after: {
            licenceId: id,
            entityId: e.id,
            licensedOn: b.licensedOn,
            validUntil: b.validUntil ?? null,
            fourLinks: check.verdict,
            ...(check.warnings.length ? { acknowledgedWarnings: check.warnings } : {}),
          },
        });
      });
      const all = await regionalBrandViews(db, me.districtCode, today(), scopeOf(me));
      return reply.code(201).send(all.find((x) => x.id === brand.id)!);
    },
  );

  // --- support decisions (扶持/评优/示范) ---
  const decisionViews = async (rows: (typeof supportDecisions.$inferSelect)[]) => {
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
    return rows.map((r) => ({
      id: r.id,
      purpose: r.purpose as 'funding',
      purposeLabel: DECISION_PURPOSE_LABELS[r.purpose as 'funding'],
      entityId: r.entityId,
      entityName: names.get(r.entityId) ?? MISSING_NAME.entity,
      townName: townName(towns, r.townCode),
      year: r.year,
      title: r.title,
      decision: r.decision as 'approved',
      decisionLabel: DECISION_LABELS[r.decision as 'approved'],
      warnings: r.warnings as string[],
      createdAt: r.createdAt.toISOString(),
    }));
  };
  const decisionScope = (me: AuthUser) =>
    placeScope(scopeOf(me), {
      districtCode: supportDecisions.districtCode,
      townCode: supportDecisions.townCode,
      entityId: supportDecisions.entityId,
    });
  app.get(
    '/brands/decisions',
    {
      schema: {
        tags,
        querystring: z.strictObject({ year: z.coerce.number().int().min(2000).max(2100).optional() }),
        response: { 200: z.array(decisionView), ...errors },
      },
    },
    async (request) => {
      const me = requireRole(request, BRAND_REVIEWERS);
      const rows = await db
        .select()
        .from(supportDecisions)
        .where(
          and(
            decisionScope(me),
            request.query.year ? eq(supportDecisions.year, request.query.year) : undefined,
          ),
        )
        .orderBy(desc(supportDecisions.createdAt))
        .limit(500);
      return decisionViews(rows);
    },
  );
  app.post(
    '/brands/decisions',
    { schema: { tags, body: decisionBody, response: { 201: decisionView, ...errors } } },
    async (request, reply) => {
      const me = requireRole(request, BRAND_EDITORS);
      const b = request.body;
      const e = await entityInScopeOr404(db, me, b.entityId);
      // A refusal needs no check: only approving weighs the entity's record.
      const check =
        b.decision === 'approved'
          ? await requireEligible(db, e, b.purpose, b.acknowledge)
          : { verdict: 'ok' as const, warnings: [] as string[] };
      const id = randomUUID();
      const row = {
        districtCode: e.districtCode,
        id,
        purpose: b.purpose,
        entityId: e.id,
        townCode: e.townCode,
        year: b.year,
        title: b.title,
        decision: b.decision,
        warnings: check.warnings,
        createdBy: me.id,
      };
      const [saved] = await db.transaction(async (tx) => {
        const r = await tx.insert(supportDecisions).values(row).returning();
        await writeAudit(tx, actorOf(request), {
          action: 'create',
          subjectType: 'support_decision',
          subjectId: id,
          regionCode: e.townCode,
          after: { ...b, fourLinks: check.verdict, acknowledgedWarnings: check.warnings },
        });
        return r;
      });
      return reply.code(201).send((await decisionViews([saved!]))[0]!);
    },
  );
};

export default routes;

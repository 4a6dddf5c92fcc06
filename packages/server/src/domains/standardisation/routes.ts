import { chinaToday } from '@nongan/shared/common/dates';
import { errorBody, pageOf } from '@nongan/shared/common/paging';
import {
  BASE_STATUS_LABELS,
  BASE_TYPE_LABELS,
  baseCreateBody,
  baseDetailView,
  baseListQuery,
  baseStatusBody,
  baseView,
  evaluationBody,
  handoutBody,
  handoutQuery,
  handoutResult,
  handoutView,
  mineView,
  procedureCreateBody,
  procedureDetailView,
  procedureListQuery,
  procedureView,
  reachQuery,
  reachView,
  targetsBody,
  targetsQuery,
  targetsView,
  VERSION_STATUS_LABELS,
  versionBody,
} from '@nongan/shared/standardisation/schemas';
import { and, count, desc, eq, exists, ilike, inArray, or, sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../platform/http-error.ts';
import { uploadedFile } from '../../platform/upload.ts';
import { newWorkbook } from '../../platform/xlsx-write.ts';
import { actorOf, requireRole } from '../accounts/guard.ts';
import { scopeOf } from '../accounts/scope.ts';
import { writeAudit } from '../audit/audit.ts';
import { attachment, XLSX_TYPE } from '../entities/export.ts';
import { entities } from '../entities/table.ts';
import { townName } from '../regions/names.ts';
import { divisionNames } from '../regions/repository.ts';
import { checkProcedureFile, extensionOf } from './file-type.ts';
import { reachView as buildReach, targetsView as buildTargets } from './reach.ts';
import {
  attachFile,
  baseDetail,
  baseOr404,
  baseScope,
  baseViews,
  changeVersion,
  createProcedure,
  designateBase,
  editDraft,
  evaluateBase,
  handOut,
  handoutScope,
  procedureDetail,
  procedureOr404,
  procedureViews,
  STD_OFFICE,
  STD_READERS,
  STD_RECORDERS,
  setBaseStatus,
  startVersion,
  versionOr404,
  versionViewOf,
} from './service.ts';
import { stdBases, stdHandouts, stdProcedures, stdProcedureVersions, stdTargets } from './table.ts';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const tags = ['standardisation'];
const idParams = z.object({ id: z.uuid() });
const P = '/standardisation';

const routes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.database;

  // --- procedures ---

  const procWhere = (
    districtCode: string,
    q: Omit<z.infer<typeof procedureListQuery>, 'page' | 'pageSize'>,
  ) => {
    const v = stdProcedureVersions;
    const versionMatch = (extra: ReturnType<typeof and>) =>
      exists(
        db
          .select({ one: sql`1` })
          .from(v)
          .where(
            and(eq(v.districtCode, stdProcedures.districtCode), eq(v.procedureId, stdProcedures.id), extra),
          ),
      );
    return and(
      eq(stdProcedures.districtCode, districtCode),
      q.q ? or(ilike(stdProcedures.number, `%${q.q}%`), versionMatch(ilike(v.title, `%${q.q}%`))) : undefined,
      q.status ? versionMatch(eq(v.status, q.status)) : undefined,
      q.product ? versionMatch(sql`${q.product} = any(${v.products})`) : undefined,
    );
  };

  app.get(
    `${P}/procedures`,
    {
      schema: { tags, querystring: procedureListQuery, response: { 200: pageOf(procedureView), ...errors } },
    },
    async (request) => {
      const scope = scopeOf(requireRole(request, STD_READERS));
      const q = request.query;
      const w = procWhere(scope.districtCode, q);
      const [{ total } = { total: 0 }] = await db.select({ total: count() }).from(stdProcedures).where(w);
      const rows = await db
        .select()
        .from(stdProcedures)
        .where(w)
        .orderBy(desc(stdProcedures.updatedAt), stdProcedures.id)
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize);
      return { items: await procedureViews(db, scope, rows), total, page: q.page, pageSize: q.pageSize };
    },
  );

  app.get(
    `${P}/procedures/export`,
    {
      schema: {
        tags,
        querystring: procedureListQuery.omit({ page: true, pageSize: true }),
        produces: [XLSX_TYPE],
      },
    },
    async (request, reply) => {
      const scope = scopeOf(requireRole(request, STD_READERS));
      const rows = await procedureViews(
        db,
        scope,
        await db
          .select()
          .from(stdProcedures)
          .where(procWhere(scope.districtCode, request.query))
          .orderBy(desc(stdProcedures.updatedAt))
          .limit(5000),
      );
      const wb = newWorkbook();
      const ws = wb.addWorksheet('生产技术规程');
      ws.columns = [
        { header: '编号', width: 18 },
        { header: '名称', width: 36 },
        { header: '适用产品', width: 30 },
        { header: '最新版本', width: 10 },
        { header: '最新版本状态', width: 14 },
        { header: '现行版本', width: 10 },
        { header: '发布日期', width: 12 },
        { header: '已发放（户）', width: 12 },
      ];
      for (const p of rows)
        ws.addRow([
          p.number,
          p.title,
          p.products.map((x) => x.name).join('、'),
          `第${p.latestVersion}版`,
          VERSION_STATUS_LABELS[p.latestStatus],
          p.currentVersion ? `第${p.currentVersion}版` : '无',
          p.publishedOn ?? '',
          p.handedOut,
        ]);
      const today = chinaToday();
      return reply
        .type(XLSX_TYPE)
        .header('content-disposition', attachment(`生产技术规程_${today}.xlsx`, `procedures-${today}.xlsx`))
        .send(Buffer.from(await wb.xlsx.writeBuffer()));
    },
  );

  app.post(
    `${P}/procedures`,
    { schema: { tags, body: procedureCreateBody, response: { 201: procedureDetailView, ...errors } } },
    async (request, reply) => {
      const me = requireRole(request, STD_OFFICE);
      const id = await createProcedure(db, actorOf(request), me, request.body);
      return reply.code(201).send(await procedureDetail(db, scopeOf(me), id));
    },
  );

  app.get(
    `${P}/procedures/:id`,
    { schema: { tags, params: idParams, response: { 200: procedureDetailView, ...errors } } },
    async (request) => procedureDetail(db, scopeOf(requireRole(request, STD_READERS)), request.params.id),
  );

  app.post(
    `${P}/procedures/:id/versions`,
    {
      schema: {
        tags,
        params: idParams,
        body: versionBody.nullable().optional(),
        response: { 201: procedureDetailView, ...errors },
      },
    },
    async (request, reply) => {
      const me = requireRole(request, STD_OFFICE);
      const scope = scopeOf(me);
      await startVersion(db, actorOf(request), me, scope, request.params.id, request.body ?? null);
      return reply.code(201).send(await procedureDetail(db, scope, request.params.id));
    },
  );

  app.patch(
    `${P}/versions/:id`,
    {
      schema: {
        tags,
        params: idParams,
        body: versionBody,
        response: { 200: procedureDetailView, ...errors },
      },
    },
    async (request) => {
      const scope = scopeOf(requireRole(request, STD_OFFICE));
      const v = await versionOr404(db, scope, request.params.id);
      await editDraft(db, actorOf(request), v, request.body);
      return procedureDetail(db, scope, v.procedureId);
    },
  );

  for (const action of ['publish', 'withdraw'] as const)
    app.post(
      `${P}/versions/:id/${action}`,
      { schema: { tags, params: idParams, response: { 200: procedureDetailView, ...errors } } },
      async (request) => {
        const scope = scopeOf(requireRole(request, STD_OFFICE));
        const v = await versionOr404(db, scope, request.params.id);
        await changeVersion(db, actorOf(request), scope, v.id, action);
        return procedureDetail(db, scope, v.procedureId);
      },
    );

  app.post(
    `${P}/versions/:id/file`,
    {
      schema: {
        tags,
        params: idParams,
        consumes: ['multipart/form-data'],
        response: { 200: procedureDetailView, ...errors, 413: errorBody },
      },
    },
    async (request) => {
      const scope = scopeOf(requireRole(request, STD_OFFICE));
      // Scope first: another district's version is a 404 before its upload is read.
      const v = await versionOr404(db, scope, request.params.id);
      const file = checkProcedureFile(await uploadedFile(request));
      await attachFile(db, actorOf(request), v, file);
      return procedureDetail(db, scope, v.procedureId);
    },
  );

  /** The file of a version: staff of the district, or a producer it was handed to. */
  app.get(`${P}/versions/:id/file`, { schema: { tags, params: idParams } }, async (request, reply) => {
    const me = requireRole(request, [...STD_READERS, 'producer']);
    const scope = scopeOf(me);
    const v = await versionOr404(db, scope, request.params.id);
    if (scope.kind === 'entity') {
      const [h] = await db
        .select({ id: stdHandouts.id })
        .from(stdHandouts)
        .where(and(handoutScope(scope), eq(stdHandouts.versionId, v.id)));
      if (!h) throw notFound('规程版本不存在或未发放给本主体');
    }
    if (!v.fileBytes) throw notFound('该版本没有上传文件');
    return reply
      .type(v.fileType!)
      .header(
        'content-disposition',
        attachment(v.fileName!, `procedure.${extensionOf(v.fileType!)}`).replace(/^attachment/, 'inline'),
      )
      .header('x-content-sha256', v.fileSha256!)
      .header('cache-control', 'private, max-age=300')
      .send(v.fileBytes);
  });

  // --- hand-outs and reach ---

  app.post(
    `${P}/procedures/:id/handouts`,
    { schema: { tags, params: idParams, body: handoutBody, response: { 200: handoutResult, ...errors } } },
    async (request) => {
      const me = requireRole(request, STD_RECORDERS);
      return handOut(db, actorOf(request), me, scopeOf(me), request.params.id, request.body);
    },
  );

  app.get(
    `${P}/procedures/:id/handouts`,
    {
      schema: {
        tags,
        params: idParams,
        querystring: handoutQuery,
        response: { 200: pageOf(handoutView), ...errors },
      },
    },
    async (request) => {
      const scope = scopeOf(requireRole(request, STD_READERS));
      const p = await procedureOr404(db, scope, request.params.id);
      const q = request.query;
      const w = and(
        handoutScope(scope),
        eq(stdHandouts.procedureId, p.id),
        q.townCode ? eq(stdHandouts.townCode, q.townCode) : undefined,
        q.q
          ? inArray(
              stdHandouts.entityId,
              db
                .select({ id: entities.id })
                .from(entities)
                .where(and(eq(entities.districtCode, scope.districtCode), ilike(entities.name, `%${q.q}%`))),
            )
          : undefined,
      );
      const [{ total } = { total: 0 }] = await db.select({ total: count() }).from(stdHandouts).where(w);
      const rows = await db
        .select({
          h: stdHandouts,
          version: stdProcedureVersions.version,
          entityName: entities.name,
        })
        .from(stdHandouts)
        .innerJoin(
          stdProcedureVersions,
          and(
            eq(stdProcedureVersions.districtCode, stdHandouts.districtCode),
            eq(stdProcedureVersions.id, stdHandouts.versionId),
          ),
        )
        .innerJoin(
          entities,
          and(eq(entities.districtCode, stdHandouts.districtCode), eq(entities.id, stdHandouts.entityId)),
        )
        .where(w)
        .orderBy(desc(stdHandouts.handedOn), desc(stdHandouts.createdAt))
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize);
      const towns = await divisionNames(
        db,
        rows.map((r) => r.h.townCode),
      );
      return {
        items: rows.map((r) => ({
          id: r.h.id,
          version: r.version,
          entityId: r.h.entityId,
          entityName: r.entityName,
          townName: townName(towns, r.h.townCode),
          handedOn: r.h.handedOn,
          handedByName: r.h.handedByName,
          note: r.h.note,
        })),
        total,
        page: q.page,
        pageSize: q.pageSize,
      };
    },
  );

  app.get(
    `${P}/reach`,
    { schema: { tags, querystring: reachQuery, response: { 200: reachView, ...errors } } },
    async (request) => buildReach(db, scopeOf(requireRole(request, STD_READERS)), request.query.procedureId),
  );

  app.get(
    `${P}/reach/export`,
    { schema: { tags, querystring: reachQuery, produces: [XLSX_TYPE] } },
    async (request, reply) => {
      const scope = scopeOf(requireRole(request, STD_READERS));
      const r = await buildReach(db, scope, request.query.procedureId);
      const title = request.query.procedureId
        ? (await procedureViews(db, scope, [await procedureOr404(db, scope, request.query.procedureId)]))[0]!
        : null;
      const wb = newWorkbook();
      const ws = wb.addWorksheet('标准化入户率');
      ws.addRow([title ? `${title.number} ${title.title}（现行版本）` : '全部现行规程']);
      ws.addRow(['镇街', '应发放（户）', '已发放（户）', '入户率']);
      const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
      for (const t of [...r.towns, r.district]) ws.addRow([t.townName, t.eligible, t.reached, pct(t.rate)]);
      ws.columns = [{ width: 16 }, { width: 14 }, { width: 14 }, { width: 10 }];
      const today = chinaToday();
      return reply
        .type(XLSX_TYPE)
        .header('content-disposition', attachment(`标准化入户率_${today}.xlsx`, `reach-${today}.xlsx`))
        .send(Buffer.from(await wb.xlsx.writeBuffer()));
    },
  );

  // --- demonstration bases ---

  const baseWhere = (
    me: Parameters<typeof scopeOf>[0],
    q: Omit<z.infer<typeof baseListQuery>, 'page' | 'pageSize'>,
  ) =>
    and(
      baseScope(scopeOf(me)),
      q.type ? eq(stdBases.type, q.type) : undefined,
      q.status ? eq(stdBases.status, q.status) : undefined,
      q.townCode ? eq(stdBases.townCode, q.townCode) : undefined,
      q.year ? eq(stdBases.designatedYear, q.year) : undefined,
      q.q
        ? or(
            ilike(stdBases.name, `%${q.q}%`),
            inArray(
              stdBases.entityId,
              db
                .select({ id: entities.id })
                .from(entities)
                .where(and(eq(entities.districtCode, me.districtCode), ilike(entities.name, `%${q.q}%`))),
            ),
          )
        : undefined,
    );

  app.get(
    `${P}/bases`,
    { schema: { tags, querystring: baseListQuery, response: { 200: pageOf(baseView), ...errors } } },
    async (request) => {
      const me = requireRole(request, STD_READERS);
      const q = request.query;
      const w = baseWhere(me, q);
      const [{ total } = { total: 0 }] = await db.select({ total: count() }).from(stdBases).where(w);
      const rows = await db
        .select()
        .from(stdBases)
        .where(w)
        .orderBy(desc(stdBases.designatedYear), desc(stdBases.createdAt))
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize);
      return { items: await baseViews(db, rows), total, page: q.page, pageSize: q.pageSize };
    },
  );

  app.get(
    `${P}/bases/export`,
    {
      schema: {
        tags,
        querystring: baseListQuery.omit({ page: true, pageSize: true }),
        produces: [XLSX_TYPE],
      },
    },
    async (request, reply) => {
      const me = requireRole(request, STD_READERS);
      const rows = await baseViews(
        db,
        await db
          .select()
          .from(stdBases)
          .where(baseWhere(me, request.query))
          .orderBy(desc(stdBases.designatedYear))
          .limit(5000),
      );
      const wb = newWorkbook();
      const ws = wb.addWorksheet('示范基地');
      ws.columns = [
        { header: '基地名称', width: 30 },
        { header: '类型', width: 22 },
        { header: '主体', width: 28 },
        { header: '镇街', width: 10 },
        { header: '产品', width: 24 },
        { header: '面积（亩）', width: 10 },
        { header: '认定年度', width: 10 },
        { header: '状态', width: 10 },
        { header: '最近评价', width: 12 },
      ];
      for (const b of rows)
        ws.addRow([
          b.name,
          BASE_TYPE_LABELS[b.type],
          b.entityName,
          b.townName,
          b.products.map((p) => p.name).join('、'),
          b.area ?? '',
          b.designatedYear,
          BASE_STATUS_LABELS[b.status],
          b.lastEvaluatedOn ?? '',
        ]);
      const today = chinaToday();
      return reply
        .type(XLSX_TYPE)
        .header('content-disposition', attachment(`示范基地_${today}.xlsx`, `bases-${today}.xlsx`))
        .send(Buffer.from(await wb.xlsx.writeBuffer()));
    },
  );

  app.post(
    `${P}/bases`,
    { schema: { tags, body: baseCreateBody, response: { 201: baseDetailView, ...errors } } },
    async (request, reply) => {
      const me = requireRole(request, STD_OFFICE);
      const id = await designateBase(db, actorOf(request), me, request.body);
      return reply.code(201).send(await baseDetail(db, await baseOr404(db, scopeOf(me), id)));
    },
  );

  app.get(
    `${P}/bases/:id`,
    { schema: { tags, params: idParams, response: { 200: baseDetailView, ...errors } } },
    async (request) =>
      baseDetail(
        db,
        await baseOr404(db, scopeOf(requireRole(request, [...STD_READERS, 'producer'])), request.params.id),
      ),
  );

  app.post(
    `${P}/bases/:id/status`,
    {
      schema: { tags, params: idParams, body: baseStatusBody, response: { 200: baseDetailView, ...errors } },
    },
    async (request) => {
      const scope = scopeOf(requireRole(request, STD_OFFICE));
      const b = await baseOr404(db, scope, request.params.id);
      await setBaseStatus(db, actorOf(request), b, request.body.status, request.body.reason);
      return baseDetail(db, await baseOr404(db, scope, b.id));
    },
  );

  app.post(
    `${P}/bases/:id/evaluations`,
    {
      schema: { tags, params: idParams, body: evaluationBody, response: { 201: baseDetailView, ...errors } },
    },
    async (request, reply) => {
      const me = requireRole(request, STD_RECORDERS);
      const scope = scopeOf(me);
      const b = await baseOr404(db, scope, request.params.id);
      await evaluateBase(db, actorOf(request), me, b, request.body);
      return reply.code(201).send(await baseDetail(db, await baseOr404(db, scope, b.id)));
    },
  );

  // --- targets ---

  app.get(
    `${P}/targets`,
    { schema: { tags, querystring: targetsQuery, response: { 200: targetsView, ...errors } } },
    async (request) => buildTargets(db, scopeOf(requireRole(request, STD_READERS)), request.query.year),
  );

  app.put(
    `${P}/targets`,
    { schema: { tags, body: targetsBody, response: { 200: targetsView, ...errors } } },
    async (request) => {
      const me = requireRole(request, STD_OFFICE);
      const { year } = request.body;
      const b = request.body;
      await db.transaction(async (tx) => {
        const values = { procedures: b.procedures, bases: b.bases, reachRate: b.reachRate, source: b.source };
        await tx
          .insert(stdTargets)
          .values({ districtCode: me.districtCode, year, ...values, updatedBy: me.id })
          .onConflictDoUpdate({
            target: [stdTargets.districtCode, stdTargets.year],
            set: { ...values, updatedBy: me.id, updatedAt: new Date() },
          });
        await writeAudit(tx, actorOf(request), {
          action: 'set_targets',
          subjectType: 'std_targets',
          subjectId: String(year),
          regionCode: me.districtCode,
          after: { year, ...values },
        });
      });
      return buildTargets(db, scopeOf(me), year);
    },
  );

  // --- a producer's own ---

  app.get(`${P}/mine`, { schema: { tags, response: { 200: mineView, ...errors } } }, async (request) => {
    const me = requireRole(request, ['producer']);
    const scope = scopeOf(me);
    const got = await db
      .select({ v: stdProcedureVersions, handedOn: stdHandouts.handedOn, number: stdProcedures.number })
      .from(stdHandouts)
      .innerJoin(
        stdProcedureVersions,
        and(
          eq(stdProcedureVersions.districtCode, stdHandouts.districtCode),
          eq(stdProcedureVersions.id, stdHandouts.versionId),
        ),
      )
      .innerJoin(
        stdProcedures,
        and(
          eq(stdProcedures.districtCode, stdHandouts.districtCode),
          eq(stdProcedures.id, stdHandouts.procedureId),
        ),
      )
      .where(handoutScope(scope))
      .orderBy(desc(stdHandouts.handedOn));
    const bases = await db
      .select()
      .from(stdBases)
      .where(baseScope(scope))
      .orderBy(desc(stdBases.designatedYear));
    const own = [];
    for (const b of bases) own.push(await baseDetail(db, b));
    return {
      procedures: got.map(({ v, handedOn, number }) => {
        const { handedOut: _, ...view } = versionViewOf(v, 0);
        return { ...view, number, handedOn, current: v.status === 'published' };
      }),
      bases: own,
    };
  });
};

export default routes;

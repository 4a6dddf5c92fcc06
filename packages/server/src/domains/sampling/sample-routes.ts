import type { Role } from '@nongan/shared/accounts/schemas';
import { chinaToday } from '@nongan/shared/common/dates';
import { errorBody, okBody, pageOf } from '@nongan/shared/common/paging';
import {
  drawBody,
  invalidateBody,
  labResultsBody,
  labSettingsBody,
  labSettingsView,
  progressView,
  receiveBody,
  rejectBody,
  returnBody,
  sampleBody,
  sampleDetailView,
  sampleQuery,
  sampleQueueView,
  sampleView,
  statsQuery,
  statsView,
  taskView,
} from '@nongan/shared/sampling/tests';
import { and, desc, eq, type SQL } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { fieldError, notFound } from '../../platform/http-error.ts';
import { uploadedFile } from '../../platform/upload.ts';
import { actorOf, requireRole, requireUser } from '../accounts/guard.ts';
import { type Scope, scopeOf } from '../accounts/scope.ts';
import { divisionInScopeOr404 } from '../accounts/write-scope.ts';
import { writeAudit } from '../audit/audit.ts';
import { attachment, XLSX_TYPE } from '../entities/export.ts';
import { reference } from '../standards/reference.ts';
import { drawSamplingList } from './draw-service.ts';
import {
  getLabSettings,
  invalidateResult,
  labTimeline,
  receiveSample,
  rejectSample,
  returnResults,
  saveLabSettings,
  verifyResults,
} from './lab-flow.ts';
import { createSample, getSample, recordLabResults } from './lab-service.ts';
import { isFinal } from './lab-states.ts';
import { MAX_PHOTO_BYTES, photoType } from './photo.ts';
import { getPlan } from './plan-repository.ts';
import { planProgress } from './progress-service.ts';
import { sampleQueue, sampleResults, sampleViews, searchSamples } from './sample-repository.ts';
import { samplePhotos, samples, samplingTasks } from './sample-table.ts';
import { statsFileName, statsReport, statsWorkbook } from './stats-service.ts';

const SAMPLERS: readonly Role[] = ['district_admin', 'district_staff', 'testing_centre', 'town_supervisor'];
const LAB: readonly Role[] = ['district_admin', 'district_staff', 'testing_centre'];
/** Who sets the testing centre's rules (verifiers, self-verification, overdue days, 复检 window). */
const SETTINGS: readonly Role[] = ['district_admin', 'testing_centre'];
const READERS: readonly Role[] = [...SAMPLERS, 'village_coordinator'];
/** Producers read their own entity's samples (scoped to it), e.g. to cite one on a certificate. */
const RECORD_READERS: readonly Role[] = [...READERS, 'producer'];
const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const tags = ['sampling'];
const idParams = z.object({ id: z.uuid() });

function townFilter(scope: Scope, col: { townCode: unknown }) {
  return scope.kind === 'town' ? eq(col.townCode as never, scope.townCode) : undefined;
}

const routes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.database;

  /** A sample with its timeline; results before verification only for the lab. */
  async function detail(s: typeof samples.$inferSelect, lab: boolean) {
    const [view] = await sampleViews(db, [s]);
    const replacedBy = await db
      .select({ id: samples.id, sampleNo: samples.sampleNo, status: samples.status })
      .from(samples)
      .where(and(eq(samples.districtCode, s.districtCode), eq(samples.retestOf, s.id)));
    return {
      ...view!,
      ...(lab ? {} : { enteredVerdict: isFinal(s.status) ? s.enteredVerdict : null }),
      results: lab || isFinal(s.status) ? await sampleResults(db, s) : [],
      timeline: await labTimeline(db, s),
      replacedBy,
    };
  }

  app.get(
    '/samples',
    { schema: { tags, querystring: sampleQuery, response: { 200: pageOf(sampleView), ...errors } } },
    async (request) => searchSamples(db, scopeOf(requireRole(request, RECORD_READERS)), request.query),
  );

  app.get(
    '/samples/queue',
    { schema: { tags, response: { 200: sampleQueueView, ...errors } } },
    async (request) => ({ states: await sampleQueue(db, scopeOf(requireRole(request, READERS))) }),
  );

  app.get(
    '/samples/:id',
    { schema: { tags, params: idParams, response: { 200: sampleDetailView, ...errors } } },
    async (request) => {
      const me = requireRole(request, RECORD_READERS);
      return detail(await getSample(db, scopeOf(me), request.params.id), LAB.includes(me.role));
    },
  );

  app.post(
    '/samples',
    { schema: { tags, body: sampleBody, response: { 201: sampleDetailView, ...errors } } },
    async (request, reply) => {
      const scope = scopeOf(requireRole(request, SAMPLERS));
      const id = await createSample(db, actorOf(request), scope, request.body);
      const s = await getSample(db, scope, id);
      return reply.code(201).send(await detail(s, true));
    },
  );

  app.post(
    '/samples/:id/results',
    {
      schema: {
        tags,
        params: idParams,
        body: labResultsBody,
        response: { 200: sampleDetailView, ...errors },
      },
    },
    async (request) => {
      const scope = scopeOf(requireRole(request, LAB));
      await recordLabResults(db, actorOf(request), scope, request.params.id, request.body);
      return detail(await getSample(db, scope, request.params.id), true);
    },
  );

  /** The lab's steps, each a POST that moves the sample and answers with its detail. */
  const step = <B extends z.ZodType>(
    path: string,
    body: B,
    run: (scope: Scope, id: string, body: z.infer<B>, request: FastifyRequest) => Promise<unknown>,
  ) =>
    app.post(
      `/samples/:id/${path}`,
      { schema: { tags, params: idParams, body, response: { 200: sampleDetailView, ...errors } } },
      async (request) => {
        const params = request.params as { id: string };
        const scope = scopeOf(requireRole(request, LAB));
        await run(scope, params.id, request.body as z.infer<B>, request);
        return detail(await getSample(db, scope, params.id), true);
      },
    );
  step('receive', receiveBody, (sc, id, b, r) => receiveSample(db, actorOf(r), sc, id, b));
  step('reject', rejectBody, (sc, id, b, r) => rejectSample(db, actorOf(r), sc, id, b));
  step('verify', z.strictObject({}), (sc, id, _b, r) => verifyResults(db, actorOf(r), sc, id));
  step('return', returnBody, (sc, id, b, r) => returnResults(db, actorOf(r), sc, id, b.reason));

  app.post(
    '/samples/:id/invalidate',
    {
      schema: {
        tags,
        params: idParams,
        body: invalidateBody,
        response: { 201: sampleDetailView, ...errors },
      },
    },
    async (request, reply) => {
      const scope = scopeOf(requireRole(request, LAB));
      const id = await invalidateResult(db, actorOf(request), scope, request.params.id, request.body);
      return reply.code(201).send(await detail(await getSample(db, scope, id), true));
    },
  );

  app.get(
    '/lab/settings',
    { schema: { tags, response: { 200: labSettingsView, ...errors } } },
    async (request) => getLabSettings(db, requireRole(request, LAB).districtCode),
  );

  app.put(
    '/lab/settings',
    { schema: { tags, body: labSettingsBody, response: { 200: labSettingsView, ...errors } } },
    async (request) => {
      const me = requireRole(request, SETTINGS);
      await saveLabSettings(db, actorOf(request), me.districtCode, request.body);
      return getLabSettings(db, me.districtCode);
    },
  );

  app.put(
    '/samples/:id/photo',
    {
      schema: {
        tags,
        params: idParams,
        consumes: ['multipart/form-data'],
        response: { 200: okBody, ...errors, 413: errorBody },
      },
    },
    async (request) => {
      const scope = scopeOf(requireRole(request, SAMPLERS));
      const s = await getSample(db, scope, request.params.id);
      const { buffer } = await uploadedFile(request);
      if (buffer.length > MAX_PHOTO_BYTES) throw fieldError('file', '照片不能超过 5 MB');
      const contentType = photoType(buffer);
      if (!contentType) throw fieldError('file', '照片应为 JPEG、PNG 或 WebP 图片');
      await db.transaction(async (tx) => {
        await tx
          .insert(samplePhotos)
          .values({ districtCode: s.districtCode, sampleId: s.id, contentType, bytes: buffer })
          .onConflictDoUpdate({
            target: [samplePhotos.districtCode, samplePhotos.sampleId],
            set: { contentType, bytes: buffer, uploadedAt: new Date() },
          });
        await tx
          .update(samples)
          .set({ photo: contentType })
          .where(and(eq(samples.districtCode, s.districtCode), eq(samples.id, s.id)));
        await writeAudit(tx, actorOf(request), {
          action: 'photo',
          subjectType: 'sample',
          subjectId: s.id,
          regionCode: s.townCode,
          after: { contentType, bytes: buffer.length },
        });
      });
      return { ok: true as const };
    },
  );

  app.get('/samples/:id/photo', { schema: { tags, params: idParams } }, async (request, reply) => {
    const s = await getSample(db, scopeOf(requireRole(request, READERS)), request.params.id);
    const [p] = await db
      .select()
      .from(samplePhotos)
      .where(and(eq(samplePhotos.districtCode, s.districtCode), eq(samplePhotos.sampleId, s.id)));
    if (!p) throw notFound('该样品没有照片');
    return reply.type(p.contentType).header('cache-control', 'private, max-age=300').send(p.bytes);
  });

  app.get(
    '/plans/:id/progress',
    { schema: { tags, params: idParams, response: { 200: progressView, ...errors } } },
    async (request) => {
      const me = requireRole(request, READERS);
      const plan = await getPlan(db, me.districtCode, request.params.id);
      if (!plan) throw notFound('计划不存在，或不在您的管辖范围内');
      return planProgress(db, scopeOf(me), plan);
    },
  );

  app.get(
    '/sampling/stats',
    { schema: { tags, querystring: statsQuery, response: { 200: statsView, ...errors } } },
    async (request) => statsReport(db, scopeOf(requireRole(request, READERS)), request.query),
  );

  app.get(
    '/sampling/stats/export',
    { schema: { tags, querystring: statsQuery, produces: [XLSX_TYPE] } },
    async (request, reply) => {
      const report = await statsReport(db, scopeOf(requireRole(request, READERS)), request.query);
      const q = request.query;
      return reply
        .type(XLSX_TYPE)
        .header('content-disposition', attachment(statsFileName(q), `stats-${q.year}.xlsx`))
        .send(await statsWorkbook(report));
    },
  );

  app.get(
    '/sampling/tasks',
    { schema: { tags, response: { 200: z.array(taskView), ...errors } } },
    async (request) => {
      const scope = scopeOf(requireRole(request, READERS));
      const rows = await db
        .select()
        .from(samplingTasks)
        .where(
          and(eq(samplingTasks.districtCode, scope.districtCode), townFilter(scope, samplingTasks)) as SQL,
        )
        .orderBy(desc(samplingTasks.createdAt))
        .limit(500);
      const today = chinaToday();
      const overdue = (t: (typeof rows)[number]) => t.status !== 'done' && !!t.dueDate && t.dueDate < today;
      // 逾期 first (stable: newest first within each group).
      return rows
        .map((t) => ({
          ...t,
          overdue: overdue(t),
          draw: t.draw ?? null,
          createdAt: t.createdAt.toISOString(),
        }))
        .sort((a, b) => Number(b.overdue) - Number(a.overdue));
    },
  );

  app.post(
    '/sampling/draw',
    {
      schema: {
        tags,
        body: drawBody,
        response: {
          201: z.object({
            taskId: z.string(),
            seed: z.number().int(),
            candidates: z.number().int(),
            entities: z.array(
              z.object({ id: z.string(), name: z.string(), type: z.string(), townCode: z.string() }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const me = requireRole(request, SAMPLERS);
      if (request.body.townCode) divisionInScopeOr404(me, request.body.townCode);
      return reply.code(201).send(await drawSamplingList(db, actorOf(request), scopeOf(me), request.body));
    },
  );

  app.get(
    '/sampling/catalog',
    {
      schema: {
        tags,
        response: {
          200: z.object({
            version: z.string(),
            products: z.array(
              z.object({ code: z.string(), name: z.string(), parent: z.string().nullable() }),
            ),
            analytes: z.array(
              z.object({ code: z.string(), name: z.string(), kind: z.string(), banned: z.boolean() }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      // Reference data: any signed-in user (producers pick products on certificates and lots).
      requireUser(request);
      return {
        version: reference.version,
        products: [...reference.products.values()].map((p) => ({
          code: p.code,
          name: p.name,
          parent: p.parent,
        })),
        analytes: [...reference.analytes.values()].map((a) => ({
          code: a.code,
          name: a.name,
          kind: a.kind,
          banned: a.prohibitedOn.length > 0,
        })),
      };
    },
  );
};

export default routes;

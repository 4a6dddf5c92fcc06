import { errorBody, pageOf } from '@nongan/shared/common/paging';
import {
  EVENT_KIND_LABELS,
  eventBody,
  eventListQuery,
  eventSummary as eventSummaryView,
  eventView,
  PUBLICITY_READERS,
} from '@nongan/shared/publicity/schemas';
import { and, count, desc, eq, ilike, or, sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HttpError } from '../../platform/http-error.ts';
import { uploadedFile } from '../../platform/upload.ts';
import { newWorkbook } from '../../platform/xlsx-write.ts';
import { actorOf, requireRole } from '../accounts/guard.ts';
import { type AuthUser, scopeOf } from '../accounts/scope.ts';
import { attachment, XLSX_TYPE } from '../entities/export.ts';
import { chinaDate } from '../trace/rules.ts';
import {
  addEventPhoto,
  canEdit,
  eventScope,
  eventSummary,
  eventViews,
  getEvent,
  getEventPhoto,
  saveEvent,
} from './event-service.ts';
import { publicityEvents } from './table.ts';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const tags = ['publicity'];
const idParams = z.object({ id: z.uuid() });
const photoParams = z.object({ id: z.uuid(), photoId: z.uuid() });
type Filters = Omit<z.infer<typeof eventListQuery>, 'page' | 'pageSize'>;

/** Publicity events: the office records any (or district-wide ones), a town supervisor its town's. */
const routes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.database;
  const e = publicityEvents;
  const where = (me: AuthUser, q: Filters) =>
    and(
      eventScope(scopeOf(me)),
      q.kind ? eq(e.kind, q.kind) : undefined,
      q.townCode === 'district'
        ? sql`${e.townCode} is null`
        : q.townCode
          ? eq(e.townCode, q.townCode)
          : undefined,
      q.year ? sql`extract(year from ${e.startOn}) = ${q.year}` : undefined,
      q.q
        ? or(ilike(e.title, `%${q.q}%`), ilike(e.place, `%${q.q}%`), ilike(e.organiser, `%${q.q}%`))
        : undefined,
    );

  app.get(
    '/publicity/events',
    { schema: { tags, querystring: eventListQuery, response: { 200: pageOf(eventView), ...errors } } },
    async (request) => {
      const me = requireRole(request, PUBLICITY_READERS);
      const q = request.query;
      const w = where(me, q);
      const [{ total } = { total: 0 }] = await db.select({ total: count() }).from(e).where(w);
      const rows = await db
        .select()
        .from(e)
        .where(w)
        .orderBy(desc(e.startOn), desc(e.createdAt))
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize);
      return { items: await eventViews(db, scopeOf(me), rows), total, page: q.page, pageSize: q.pageSize };
    },
  );

  app.get(
    '/publicity/events/export',
    {
      schema: {
        tags,
        querystring: eventListQuery.omit({ page: true, pageSize: true }),
        produces: [XLSX_TYPE],
      },
    },
    async (request, reply) => {
      const me = requireRole(request, PUBLICITY_READERS);
      const rows = await eventViews(
        db,
        scopeOf(me),
        await db.select().from(e).where(where(me, request.query)).orderBy(desc(e.startOn)).limit(10_000),
      );
      const wb = newWorkbook();
      const ws = wb.addWorksheet('宣传活动台账');
      ws.columns = [
        { header: '活动类型', width: 22 },
        { header: '活动名称', width: 30 },
        { header: '开始日期', width: 12 },
        { header: '结束日期', width: 12 },
        { header: '镇街', width: 10 },
        { header: '地点', width: 24 },
        { header: '组织单位', width: 20 },
        { header: '发放物资', width: 40 },
        { header: '受众人数', width: 10 },
        { header: '咨询人次', width: 10 },
        { header: '照片数', width: 8 },
      ];
      for (const r of rows)
        ws.addRow([
          EVENT_KIND_LABELS[r.kind],
          r.title,
          r.startOn,
          r.endOn,
          r.townName,
          r.place,
          r.organiser,
          r.materials.map((m) => `${m.item}×${m.quantity}`).join('；'),
          r.peopleReached,
          r.consultations,
          r.photos.length,
        ]);
      const today = chinaDate(new Date());
      return reply
        .type(XLSX_TYPE)
        .header(
          'content-disposition',
          attachment(`宣传活动台账_${today}.xlsx`, `publicity-events-${today}.xlsx`),
        )
        .send(Buffer.from(await wb.xlsx.writeBuffer()));
    },
  );

  app.get(
    '/publicity/events/summary',
    {
      schema: {
        tags,
        querystring: z.strictObject({ year: z.coerce.number().int().min(2000).max(2100) }),
        response: { 200: eventSummaryView, ...errors },
      },
    },
    async (request) => eventSummary(db, scopeOf(requireRole(request, PUBLICITY_READERS)), request.query.year),
  );

  app.get(
    '/publicity/events/:id',
    { schema: { tags, params: idParams, response: { 200: eventView, ...errors } } },
    async (request) => {
      const scope = scopeOf(requireRole(request, PUBLICITY_READERS));
      return (await eventViews(db, scope, [await getEvent(db, scope, request.params.id)]))[0]!;
    },
  );

  app.post(
    '/publicity/events',
    { schema: { tags, body: eventBody, response: { 201: eventView, ...errors } } },
    async (request, reply) => {
      const scope = scopeOf(requireRole(request, PUBLICITY_READERS));
      const row = await saveEvent(db, actorOf(request), scope, request.body);
      return reply.code(201).send((await eventViews(db, scope, [row]))[0]!);
    },
  );

  app.put(
    '/publicity/events/:id',
    { schema: { tags, params: idParams, body: eventBody, response: { 200: eventView, ...errors } } },
    async (request) => {
      const scope = scopeOf(requireRole(request, PUBLICITY_READERS));
      const before = await getEvent(db, scope, request.params.id);
      // A town reads district-wide events but does not change them: absent, like another town's.
      if (!canEdit(scope, before)) throw outOfScopeEvent();
      const row = await saveEvent(db, actorOf(request), scope, request.body, before);
      return (await eventViews(db, scope, [row]))[0]!;
    },
  );

  app.post(
    '/publicity/events/:id/photos',
    {
      schema: {
        tags,
        params: idParams,
        consumes: ['multipart/form-data'],
        response: {
          200: z.object({ id: z.string(), created: z.boolean() }),
          201: z.object({ id: z.string(), created: z.boolean() }),
          ...errors,
          413: errorBody,
        },
      },
    },
    async (request, reply) => {
      const scope = scopeOf(requireRole(request, PUBLICITY_READERS));
      const ev = await getEvent(db, scope, request.params.id);
      if (!canEdit(scope, ev)) throw outOfScopeEvent();
      const { buffer } = await uploadedFile(request);
      const r = await addEventPhoto(db, actorOf(request), ev, buffer);
      return reply.code(r.created ? 201 : 200).send(r);
    },
  );

  app.get(
    '/publicity/events/:id/photos/:photoId',
    { schema: { tags, params: photoParams } },
    async (request, reply) => {
      const scope = scopeOf(requireRole(request, PUBLICITY_READERS));
      const p = await getEventPhoto(db, await getEvent(db, scope, request.params.id), request.params.photoId);
      return reply
        .type(p.contentType)
        .header('cache-control', 'private, max-age=300')
        .header('x-content-type-options', 'nosniff')
        .send(p.bytes);
    },
  );
};

const outOfScopeEvent = () => new HttpError(404, '宣传活动不存在或不在本人辖区');

export default routes;

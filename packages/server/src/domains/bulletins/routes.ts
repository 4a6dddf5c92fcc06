import {
  BULLETIN_READERS,
  BULLETIN_WRITERS,
  bulletinDetailView,
  bulletinListQuery,
  bulletinView,
  createBulletinBody,
  patchBulletinBody,
  versionBody,
} from '@nongan/shared/bulletins/schemas';
import { errorBody, pageOf } from '@nongan/shared/common/paging';
import { and, count, desc, eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, requireRole } from '../accounts/guard.ts';
import { attachment, XLSX_TYPE } from '../entities/export.ts';
import { renderBulletinDocx } from './docx.ts';
import {
  bulletinDetail,
  bulletinScope,
  createBulletin,
  editBulletin,
  getBulletin,
  issueBulletin,
  recomputeBulletin,
  bulletinView as viewOf,
} from './service.ts';
import { bulletins } from './table.ts';
import { renderBulletinXlsx } from './workbook.ts';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const tags = ['bulletins'];
const idParams = z.object({ id: z.uuid() });
const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const fileName = (title: string, ext: string) => `${title.replace(/[\\/:*?"<>|]/g, '_')}.${ext}`;

/** 季度通报: the district office drafts, edits and issues; towns read the issued ones. Under /api. */
const routes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.database;

  app.get(
    '/bulletins',
    { schema: { tags, querystring: bulletinListQuery, response: { 200: pageOf(bulletinView), ...errors } } },
    async (request) => {
      const me = requireRole(request, BULLETIN_READERS);
      const q = request.query;
      const w = and(
        bulletinScope(me),
        q.year ? eq(bulletins.year, q.year) : undefined,
        q.state ? eq(bulletins.state, q.state) : undefined,
      );
      const [{ total } = { total: 0 }] = await db.select({ total: count() }).from(bulletins).where(w);
      const rows = await db
        .select()
        .from(bulletins)
        .where(w)
        .orderBy(desc(bulletins.year), desc(bulletins.quarter))
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize);
      return { items: rows.map(viewOf), total, page: q.page, pageSize: q.pageSize };
    },
  );

  app.post(
    '/bulletins',
    { schema: { tags, body: createBulletinBody, response: { 201: bulletinDetailView, ...errors } } },
    async (request, reply) => {
      const me = requireRole(request, BULLETIN_WRITERS);
      const b = await createBulletin(db, actorOf(request), me, request.body);
      return reply.code(201).send(await bulletinDetail(db, b));
    },
  );

  app.get(
    '/bulletins/:id',
    { schema: { tags, params: idParams, response: { 200: bulletinDetailView, ...errors } } },
    async (request) =>
      bulletinDetail(db, await getBulletin(db, requireRole(request, BULLETIN_READERS), request.params.id)),
  );

  app.patch(
    '/bulletins/:id',
    {
      schema: {
        tags,
        params: idParams,
        body: patchBulletinBody,
        response: { 200: bulletinDetailView, ...errors },
      },
    },
    async (request) => {
      const me = requireRole(request, BULLETIN_WRITERS);
      return bulletinDetail(
        db,
        await editBulletin(db, actorOf(request), me, request.params.id, request.body),
      );
    },
  );

  app.post(
    '/bulletins/:id/recompute',
    {
      schema: { tags, params: idParams, body: versionBody, response: { 200: bulletinDetailView, ...errors } },
    },
    async (request) => {
      const me = requireRole(request, BULLETIN_WRITERS);
      const b = await recomputeBulletin(db, actorOf(request), me, request.params.id, request.body.version);
      return bulletinDetail(db, b);
    },
  );

  app.post(
    '/bulletins/:id/issue',
    {
      schema: { tags, params: idParams, body: versionBody, response: { 200: bulletinDetailView, ...errors } },
    },
    async (request) => {
      const me = requireRole(request, BULLETIN_WRITERS);
      const b = await issueBulletin(db, actorOf(request), me, request.params.id, request.body.version);
      return bulletinDetail(db, b);
    },
  );

  app.get(
    '/bulletins/:id/docx',
    { schema: { tags, params: idParams, produces: [DOCX_TYPE] } },
    async (request, reply) => {
      const me = requireRole(request, BULLETIN_READERS);
      const b = await bulletinDetail(db, await getBulletin(db, me, request.params.id));
      return reply
        .type(DOCX_TYPE)
        .header(
          'content-disposition',
          attachment(fileName(b.title, 'docx'), `bulletin-${b.year}-q${b.quarter}.docx`),
        )
        .header('cache-control', 'private, no-store')
        .send(await renderBulletinDocx(b));
    },
  );

  app.get(
    '/bulletins/:id/xlsx',
    { schema: { tags, params: idParams, produces: [XLSX_TYPE] } },
    async (request, reply) => {
      const me = requireRole(request, BULLETIN_READERS);
      const b = await bulletinDetail(db, await getBulletin(db, me, request.params.id));
      return reply
        .type(XLSX_TYPE)
        .header(
          'content-disposition',
          attachment(fileName(b.title, 'xlsx'), `bulletin-${b.year}-q${b.quarter}.xlsx`),
        )
        .header('cache-control', 'private, no-store')
        .send(await renderBulletinXlsx(b));
    },
  );
};

export default routes;

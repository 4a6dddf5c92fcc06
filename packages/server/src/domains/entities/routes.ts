import { auditView } from '@nongan/shared/audit/schemas';
import { errorBody } from '@nongan/shared/common/paging';
import {
  entityCreateBody,
  entityDeactivateBody,
  entityPage,
  entityQuery,
  entityUpdateBody,
  entityView,
} from '@nongan/shared/entities/schemas';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, requireRole, requireUser } from '../accounts/guard.ts';
import { DIRECTORY_EDITORS, scopeOf } from '../accounts/scope.ts';
import { subjectHistory } from '../audit/repository.ts';
import { searchEntities, toViews } from './repository.ts';
import { createEntity, setEntityActive, updateEntity, visibleEntity } from './service.ts';
import { entityStats, entityStatsView } from './stats.ts';
import { accessOf, maskRecord } from './visibility.ts';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const idParams = z.object({ id: z.uuid('应为主体编号（UUID）') });
const tags = ['entities'];

const routes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.database;
  // Each answer is cut to the fields the caller's role reads (visibility.ts).
  const viewOf = async (request: FastifyRequest, id: string) => {
    const me = requireUser(request);
    return (await toViews(db, [await visibleEntity(db, scopeOf(me), id)], accessOf(me)))[0]!;
  };

  app.get(
    '/entities',
    { schema: { tags, querystring: entityQuery, response: { 200: entityPage, ...errors } } },
    async (request) => {
      const me = requireUser(request);
      const page = await searchEntities(db, scopeOf(me), request.query, accessOf(me));
      return { ...page, page: request.query.page, pageSize: request.query.pageSize };
    },
  );

  app.get(
    '/entities/stats',
    { schema: { tags, response: { 200: entityStatsView, ...errors } } },
    async (request) => entityStats(db, scopeOf(requireUser(request))),
  );

  app.get(
    '/entities/:id',
    { schema: { tags, params: idParams, response: { 200: entityView, ...errors } } },
    async (request) => viewOf(request, request.params.id),
  );

  app.get(
    '/entities/:id/history',
    { schema: { tags, params: idParams, response: { 200: z.array(auditView), ...errors } } },
    async (request) => {
      const me = requireUser(request);
      const entity = await visibleEntity(db, scopeOf(me), request.params.id);
      // An imported entity's creation is its batch's audit row: who and when, and the file alone
      // (the batch's counts are the district's business, not this entity's).
      const [batch, own] = await Promise.all([
        entity.importBatchId ? subjectHistory(db, 'import', entity.importBatchId) : [],
        subjectHistory(db, 'entity', entity.id),
      ]);
      const created = batch.map((h) => ({
        ...h,
        after: { fileName: (h.after as { fileName?: unknown } | null)?.fileName ?? null },
      }));
      // The history shows the same fields as the record: masked or left out by role.
      const access = accessOf(me);
      return [...created, ...own].map((h) => ({
        ...h,
        before: maskRecord(h.before, access),
        after: maskRecord(h.after, access),
      }));
    },
  );

  app.post(
    '/entities',
    { schema: { tags, body: entityCreateBody, response: { 201: entityView, ...errors } } },
    async (request, reply) => {
      const scope = scopeOf(requireRole(request, DIRECTORY_EDITORS));
      const id = await createEntity(db, actorOf(request), scope, request.body);
      return reply.code(201).send(await viewOf(request, id));
    },
  );

  app.patch(
    '/entities/:id',
    { schema: { tags, params: idParams, body: entityUpdateBody, response: { 200: entityView, ...errors } } },
    async (request) => {
      const scope = scopeOf(requireRole(request, DIRECTORY_EDITORS));
      await updateEntity(db, actorOf(request), scope, request.params.id, request.body);
      return viewOf(request, request.params.id);
    },
  );

  app.post(
    '/entities/:id/deactivate',
    {
      schema: {
        tags,
        params: idParams,
        body: entityDeactivateBody,
        response: { 200: entityView, ...errors },
      },
    },
    async (request) => {
      const scope = scopeOf(requireRole(request, DIRECTORY_EDITORS));
      const { reason, version } = request.body;
      await setEntityActive(db, actorOf(request), scope, request.params.id, false, version, reason);
      return viewOf(request, request.params.id);
    },
  );

  app.post(
    '/entities/:id/reactivate',
    {
      schema: {
        tags,
        params: idParams,
        body: z.strictObject({ version: z.number().int().min(1) }),
        response: { 200: entityView, ...errors },
      },
    },
    async (request) => {
      const scope = scopeOf(requireRole(request, DIRECTORY_EDITORS));
      await setEntityActive(db, actorOf(request), scope, request.params.id, true, request.body.version, null);
      return viewOf(request, request.params.id);
    },
  );
};

export default routes;

import type { Role } from '@nongan/shared/accounts/schemas';
import { errorBody } from '@nongan/shared/common/paging';
import {
  activateView,
  limitDiffView,
  limitImportErrorBody,
  limitSetImportQuery,
  limitSetView,
  verdictChangeView,
} from '@nongan/shared/standards/limit-sets';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { uploadedFile } from '../../platform/upload.ts';
import { actorOf, requireRole } from '../accounts/guard.ts';
import {
  activateSet,
  diffSet,
  getSetView,
  importLimitSet,
  LimitImportError,
  listSets,
  setChanges,
  withdrawSet,
} from './limit-set-service.ts';

/** Who maintains a district's limits tables: its testing centre and the district office. */
export const LIMIT_EDITORS: readonly Role[] = ['testing_centre', 'district_admin', 'district_staff'];
const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const tags = ['standards'];
const idParams = z.object({ id: z.uuid() });

const routes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.database;
  // Everything is scoped to the actor's district: another district's set is not found.
  const districtOf = (request: Parameters<typeof requireRole>[0]) =>
    requireRole(request, LIMIT_EDITORS).districtCode;

  app.get(
    '/standards/limit-sets',
    { schema: { tags, response: { 200: z.array(limitSetView), ...errors } } },
    async (request) => listSets(db, districtOf(request)),
  );

  app.post(
    '/standards/limit-sets/import',
    {
      schema: {
        tags,
        consumes: ['multipart/form-data'],
        querystring: limitSetImportQuery,
        response: { 201: limitSetView, ...errors, 400: limitImportErrorBody, 413: errorBody },
      },
    },
    async (request, reply) => {
      const district = districtOf(request);
      const file = await uploadedFile(request);
      try {
        const set = await importLimitSet(db, actorOf(request), district, file, request.query);
        return reply.code(201).send(set);
      } catch (err) {
        if (!(err instanceof LimitImportError)) throw err;
        return reply.code(400).send({
          statusCode: 400,
          error: 'Bad Request',
          message: err.message,
          issues: err.issues ?? [],
          errors: err.errors,
        });
      }
    },
  );

  app.get(
    '/standards/limit-sets/:id',
    { schema: { tags, params: idParams, response: { 200: limitSetView, ...errors } } },
    async (request) => getSetView(db, districtOf(request), request.params.id),
  );

  app.get(
    '/standards/limit-sets/:id/diff',
    { schema: { tags, params: idParams, response: { 200: limitDiffView, ...errors } } },
    async (request) => diffSet(db, districtOf(request), request.params.id),
  );

  app.post(
    '/standards/limit-sets/:id/activate',
    { schema: { tags, params: idParams, response: { 200: activateView, ...errors } } },
    async (request) => activateSet(db, actorOf(request), districtOf(request), request.params.id),
  );

  app.post(
    '/standards/limit-sets/:id/withdraw',
    { schema: { tags, params: idParams, response: { 200: limitSetView, ...errors } } },
    async (request) => withdrawSet(db, actorOf(request), districtOf(request), request.params.id),
  );

  app.get(
    '/standards/limit-sets/:id/changes',
    { schema: { tags, params: idParams, response: { 200: z.array(verdictChangeView), ...errors } } },
    async (request) => setChanges(db, districtOf(request), request.params.id),
  );
};

export default routes;

import { errorBody } from '@nongan/shared/common/paging';
import { entityFileView, FILE_READERS } from '@nongan/shared/dossier/schemas';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireRole } from '../accounts/guard.ts';
import { scopeOf } from '../accounts/scope.ts';
import { visibleEntity } from '../entities/service.ts';
import { registerDossierConsumers } from './consumers.ts';
import { entityFile } from './service.ts';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody };

/** 一户一档: the whole supervision record of one entity, for whoever may see the entity. */
const routes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.database;
  registerDossierConsumers(app.outbox);
  app.get(
    '/entities/:id/file',
    {
      schema: {
        tags: ['entities'],
        params: z.object({ id: z.uuid('应为主体编号（UUID）') }),
        response: { 200: entityFileView, ...errors },
      },
    },
    async (request) => {
      const entity = await visibleEntity(db, scopeOf(requireRole(request, FILE_READERS)), request.params.id);
      return entityFile(db, entity);
    },
  );
};

export default routes;

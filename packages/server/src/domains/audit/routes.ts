import { auditQuery, auditView } from '@nongan/shared/audit/schemas';
import { errorBody, pageOf } from '@nongan/shared/common/paging';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireRole } from '../accounts/guard.ts';
import { AUDIT_READERS, scopeOf } from '../accounts/scope.ts';
import { searchAudit } from './repository.ts';

const routes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/audit',
    {
      schema: {
        tags: ['audit'],
        querystring: auditQuery,
        response: { 200: pageOf(auditView), 400: errorBody, 401: errorBody, 403: errorBody },
      },
    },
    async (request) =>
      searchAudit(app.database.db, scopeOf(requireRole(request, AUDIT_READERS)), request.query),
  );
};

export default routes;

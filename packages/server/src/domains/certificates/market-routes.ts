import {
  marketCheckBody,
  marketCheckQuery,
  marketCheckView,
  marketSummaryQuery,
  marketSummaryView,
} from '@nongan/shared/certificates/schemas';
import { errorBody, pageOf } from '@nongan/shared/common/paging';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf, requireRole } from '../accounts/guard.ts';
import { scopeOf } from '../accounts/scope.ts';
import {
  MARKET_CHECKERS,
  MARKET_SUPERVISORS,
  marketSummary,
  recordMarketCheck,
  searchMarketChecks,
} from './market-service.ts';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody };
const tags = ['market'];

/** 入市查验: record a check, list the checks in scope, count them by result and town. */
const routes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.database;

  app.post(
    '/market-checks',
    {
      schema: {
        tags,
        description:
          '入市查验：扫描或输入追溯码（或扫码得到的链接），返回合格证是否有效及其内容；无合格证时填写产品等信息。带 clientId 时同一 clientId 再次提交返回首次记录（200），不重复创建。',
        body: marketCheckBody,
        response: { 201: marketCheckView, 200: marketCheckView, ...errors, 409: errorBody },
      },
    },
    async (request, reply) => {
      const user = requireRole(request, MARKET_CHECKERS);
      const { view, replayed } = await recordMarketCheck(
        db,
        app.keyRing,
        { ...actorOf(request), user },
        scopeOf(user),
        request.body,
      );
      return reply.code(replayed ? 200 : 201).send(view);
    },
  );

  app.get(
    '/market-checks',
    {
      schema: { tags, querystring: marketCheckQuery, response: { 200: pageOf(marketCheckView), ...errors } },
    },
    async (request) => searchMarketChecks(db, scopeOf(requireRole(request, MARKET_CHECKERS)), request.query),
  );

  app.get(
    '/market-checks/summary',
    { schema: { tags, querystring: marketSummaryQuery, response: { 200: marketSummaryView, ...errors } } },
    async (request) => marketSummary(db, scopeOf(requireRole(request, MARKET_SUPERVISORS)), request.query),
  );
};

export default routes;

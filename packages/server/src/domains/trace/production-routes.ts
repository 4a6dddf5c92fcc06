import { errorBody, pageOf } from '@nongan/shared/common/paging';
import {
  checkQuery,
  harvestBody,
  inputRefView,
  inputSearchQuery,
  inputUsesBody,
  lotCheckView,
  lotCreateBody,
  lotDetailQuery,
  lotDetailView,
  lotProductView,
  lotQuery,
  lotView,
  PRODUCTION_READERS,
  PRODUCTION_WRITERS,
  purchaseBody,
  purchaseQuery,
  purchaseView,
  storeQuery,
  storeView,
  usesRecordedView,
} from '@nongan/shared/trace/production';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { fieldError } from '../../platform/http-error.ts';
import { actorOf, requireRole } from '../accounts/guard.ts';
import { scopeOf } from '../accounts/scope.ts';
import { findProduct, productProblem } from '../standards/catalog.ts';
import { findInput } from '../standards/inputs.ts';
import {
  findLot,
  getPurchase,
  lotUses,
  purchaseViews,
  searchLots,
  searchPurchases,
  searchStores,
} from './production-repository.ts';
import {
  addUses,
  checkLot,
  createLot,
  createPurchase,
  flagsFor,
  lotDetail,
  lotProducts,
  recordHarvest,
  searchInputs,
} from './production-service.ts';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const tags = ['production'];
const idParams = z.object({ id: z.uuid('应为生产批次编号（UUID）') });

/** A product filter as its code; an unknown product is a 400 on the field. */
function productCodeOf(product: string | undefined): string | undefined {
  if (!product) return undefined;
  const p = findProduct(product);
  if (!p) throw fieldError('product', productProblem(product));
  return p.code;
}

const routes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.database;

  app.get(
    '/production/lots',
    { schema: { tags, querystring: lotQuery, response: { 200: pageOf(lotView), ...errors } } },
    async (request) => {
      const scope = scopeOf(requireRole(request, PRODUCTION_READERS));
      return searchLots(db, scope, { ...request.query, productCode: productCodeOf(request.query.product) });
    },
  );

  app.get(
    '/production/lots/:id',
    {
      schema: {
        tags,
        params: idParams,
        querystring: lotDetailQuery,
        response: { 200: lotDetailView, ...errors },
      },
    },
    async (request) => {
      const lot = await findLot(db, scopeOf(requireRole(request, PRODUCTION_READERS)), request.params.id);
      return lotDetail(db, lot, request.query);
    },
  );

  app.post(
    '/production/lots',
    { schema: { tags, body: lotCreateBody, response: { 201: lotDetailView, ...errors } } },
    async (request, reply) => {
      const scope = scopeOf(requireRole(request, PRODUCTION_WRITERS));
      const id = await createLot(db, actorOf(request), scope, request.body);
      return reply.code(201).send(await lotDetail(db, await findLot(db, scope, id)));
    },
  );

  app.post(
    '/production/lots/:id/uses',
    {
      schema: {
        tags,
        params: idParams,
        body: inputUsesBody,
        response: { 201: usesRecordedView, ...errors },
      },
    },
    async (request, reply) => {
      const scope = scopeOf(requireRole(request, PRODUCTION_WRITERS));
      const lot = await findLot(db, scope, request.params.id);
      const added = await addUses(db, actorOf(request), lot, request.body);
      const detail = await lotDetail(db, await findLot(db, scope, lot.id));
      return reply.code(201).send({ ...detail, added, flags: flagsFor(detail, added) });
    },
  );

  app.post(
    '/production/lots/:id/harvest',
    { schema: { tags, params: idParams, body: harvestBody, response: { 200: lotDetailView, ...errors } } },
    async (request) => {
      const scope = scopeOf(requireRole(request, PRODUCTION_WRITERS));
      const lot = await findLot(db, scope, request.params.id);
      await recordHarvest(db, actorOf(request), lot, request.body);
      return lotDetail(db, await findLot(db, scope, lot.id));
    },
  );

  app.get(
    '/production/check',
    { schema: { tags, querystring: checkQuery, response: { 200: lotCheckView, ...errors } } },
    async (request) => {
      const scope = scopeOf(requireRole(request, PRODUCTION_READERS));
      const lot = await findLot(db, scope, request.query.lotId, 'lotId');
      return checkLot(lot, await lotUses(db, lot), { date: request.query.date });
    },
  );

  app.get(
    '/production/purchases',
    { schema: { tags, querystring: purchaseQuery, response: { 200: pageOf(purchaseView), ...errors } } },
    async (request) => {
      const scope = scopeOf(requireRole(request, PRODUCTION_READERS));
      const q = request.query;
      return searchPurchases(db, scope, { ...q, inputCode: q.q ? findInput(q.q)?.code : undefined });
    },
  );

  app.post(
    '/production/purchases',
    { schema: { tags, body: purchaseBody, response: { 201: purchaseView, ...errors } } },
    async (request, reply) => {
      const scope = scopeOf(requireRole(request, PRODUCTION_WRITERS));
      const id = await createPurchase(db, actorOf(request), scope, request.body);
      const [view] = await purchaseViews(db, [await getPurchase(db, scope.districtCode, id)]);
      return reply.code(201).send(view!);
    },
  );

  app.get(
    '/production/stores',
    { schema: { tags, querystring: storeQuery, response: { 200: z.array(storeView), ...errors } } },
    async (request) => {
      const me = requireRole(request, PRODUCTION_READERS);
      return searchStores(db, me.districtCode, request.query);
    },
  );

  app.get(
    '/production/products',
    { schema: { tags, response: { 200: z.array(lotProductView), ...errors } } },
    async (request) => {
      requireRole(request, PRODUCTION_READERS);
      return lotProducts();
    },
  );

  app.get(
    '/production/inputs',
    { schema: { tags, querystring: inputSearchQuery, response: { 200: z.array(inputRefView), ...errors } } },
    async (request) => {
      requireRole(request, PRODUCTION_READERS);
      return searchInputs(request.query);
    },
  );
};

export default routes;

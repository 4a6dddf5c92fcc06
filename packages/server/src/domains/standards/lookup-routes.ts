import { errorBody } from '@nongan/shared/common/paging';
import {
  analyteOptions,
  lookupQuery,
  lookupView,
  pickerQuery,
  productOptions,
} from '@nongan/shared/standards/lookup';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireUser } from '../accounts/guard.ts';
import { lookup, searchAnalytes, searchProducts } from './lookup.ts';

const errors = { 400: errorBody, 401: errorBody };
const tags = ['standards'];

// 查限量: public reference data, readable by any logged-in role.
const routes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/standards/lookup',
    { schema: { tags, querystring: lookupQuery, response: { 200: lookupView, ...errors } } },
    async (request) => {
      requireUser(request);
      return lookup(request.query);
    },
  );
  app.get(
    '/standards/products',
    { schema: { tags, querystring: pickerQuery, response: { 200: productOptions, ...errors } } },
    async (request) => {
      requireUser(request);
      return searchProducts(request.query.q, request.query.limit);
    },
  );
  app.get(
    '/standards/analytes',
    { schema: { tags, querystring: pickerQuery, response: { 200: analyteOptions, ...errors } } },
    async (request) => {
      requireUser(request);
      return searchAnalytes(request.query.q, request.query.limit);
    },
  );
};

export default routes;

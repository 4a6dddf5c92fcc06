import type { Role } from '@nongan/shared/accounts/schemas';
import { errorBody, pageOf } from '@nongan/shared/common/paging';
import {
  LINKS,
  RAPID_METHODS,
  rapidBulkBody,
  rapidTestBody,
  rapidTestDetail,
  rapidTestView,
  resultQuery,
} from '@nongan/shared/sampling/tests';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { readUploadChunks, uploadedFile } from '../../platform/upload.ts';
import { actorOf, requireRole } from '../accounts/guard.ts';
import { scopeOf } from '../accounts/scope.ts';
import { cellText } from '../entities/xlsx-columns.ts';
import { asColumns, mapRapidRows } from './rapid-import.ts';
import { getRapidTest, getRapidTestDetail, searchRapidTests } from './rapid-repository.ts';
import {
  batchError,
  importRapidFile,
  type RapidBatchResult,
  type RowIssue,
  recordRapidTests,
} from './rapid-service.ts';

export const RAPID_RECORDERS: readonly Role[] = [
  'district_admin',
  'district_staff',
  'testing_centre',
  'town_supervisor',
];
// Producers read their own entity's tests (scoped to it).
const RAPID_READERS: readonly Role[] = [...RAPID_RECORDERS, 'village_coordinator', 'producer'];
/** One import is one transaction; larger files are split by the user. */
export const MAX_RAPID_IMPORT = 200_000;
const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const tags = ['sampling'];

/** Errors sent back by a batch route; `failed` counts every failed row. */
export const MAX_RESPONSE_ERRORS = 1000;

// Counts, not ids: an import of 100,000 rows answers with a few hundred bytes.
const batchView = z.object({
  batchId: z.string().nullable(),
  total: z.number().int(),
  created: z.number().int(),
  /** Rows sent before with the same clientId: not created again. */
  replayed: z.number().int(),
  positive: z.number().int(),
  failed: z.number().int(),
  committed: z.boolean(),
  errors: z.array(z.object({ row: z.number().int(), field: z.string(), reason: z.string() })),
  /** True when `errors` was cut to MAX_RESPONSE_ERRORS. */
  errorsTruncated: z.boolean(),
});

/** The answer of a batch route: counts and the first errors. */
function batchAnswer(
  result: RapidBatchResult,
  errors: RowIssue[] = result.errors,
): z.infer<typeof batchView> {
  const { ids: _ids, replayedIds, ...rest } = result;
  return {
    ...rest,
    replayed: replayedIds.length,
    errors: errors.slice(0, MAX_RESPONSE_ERRORS),
    errorsTruncated: errors.length > MAX_RESPONSE_ERRORS,
  };
}

const routes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.database;

  app.get(
    '/rapid-tests',
    { schema: { tags, querystring: resultQuery, response: { 200: pageOf(rapidTestView), ...errors } } },
    async (request) => {
      const scope = scopeOf(requireRole(request, RAPID_READERS));
      return searchRapidTests(db, scope, request.query);
    },
  );

  app.get(
    '/rapid-tests/:id',
    { schema: { tags, params: z.object({ id: z.uuid() }), response: { 200: rapidTestDetail, ...errors } } },
    async (request) =>
      getRapidTestDetail(db, scopeOf(requireRole(request, RAPID_READERS)), request.params.id),
  );

  app.post(
    '/rapid-tests',
    {
      schema: {
        tags,
        description:
          '录入一条快检。带 clientId（设备生成的 UUID）时，同一 clientId 再次提交返回首次创建的记录（200），不重复创建。',
        body: rapidTestBody,
        response: { 201: rapidTestView, 200: rapidTestView, ...errors },
      },
    },
    async (request, reply) => {
      const scope = scopeOf(requireRole(request, RAPID_RECORDERS));
      const result = await recordRapidTests(db, actorOf(request), scope, [request.body], 'strict');
      const replayed = result.replayedIds[0];
      if (replayed) return reply.code(200).send(await getRapidTest(db, scope, replayed));
      if (!result.committed) {
        const dup = result.errors.find((e) => e.field === 'testNo' || e.field === 'clientId');
        if (dup)
          return reply.code(409).send({
            statusCode: 409,
            error: 'Conflict',
            message: dup.reason,
            issues: [{ field: dup.field, reason: dup.reason }],
          });
        return reply.code(400).send({
          statusCode: 400,
          error: 'Bad Request',
          message: result.errors.map((e) => `${e.field}: ${e.reason}`).join('；'),
          issues: result.errors.map(({ field, reason }) => ({ field, reason })),
        });
      }
      return reply.code(201).send(await getRapidTest(db, scope, result.ids[0] as string));
    },
  );

  app.post(
    '/rapid-tests/import',
    {
      schema: {
        tags,
        consumes: ['multipart/form-data'],
        querystring: z.strictObject({
          mode: z.enum(['strict', 'lenient']).default('strict'),
          holderCode: z.string().regex(/^\d{6}(\d{3})?$/),
          townCode: z.string().regex(/^\d{9}$/),
          link: z.enum(LINKS),
          method: z.enum(RAPID_METHODS).default('enzyme_inhibition'),
          tester: z.string().trim().max(40).optional(),
        }),
        response: { 200: batchView, ...errors, 413: errorBody },
      },
    },
    async (request) => {
      const scope = scopeOf(requireRole(request, RAPID_RECORDERS));
      const file = await uploadedFile(request);
      const actor = actorOf(request);
      // Each chunk of rows is mapped, checked and written while the worker still reads the rest;
      // nothing is committed until the whole file is read and checked (see importRapidFile).
      const result = await importRapidFile(
        app.database,
        actor,
        scope,
        request.query.mode,
        { fileName: file.name },
        (add) =>
          readUploadChunks(
            file.buffer,
            { formats: ['xlsx', 'csv'], maxRows: MAX_RAPID_IMPORT },
            async (header, rows) => {
              const m = await mapRapidRows(header.map(cellText), rows, request.query);
              await add(m.inputs, m.rowNumbers, m.errors);
            },
          ),
      );
      return batchAnswer(result, asColumns(result.errors.slice(0, MAX_RESPONSE_ERRORS + 1)));
    },
  );

  app.post(
    '/rapid-tests/bulk',
    { schema: { tags, body: rapidBulkBody, response: { 200: batchView, ...errors } } },
    async (request) => {
      const scope = scopeOf(requireRole(request, RAPID_RECORDERS));
      const result = await recordRapidTests(
        db,
        actorOf(request),
        scope,
        request.body.rows,
        request.body.mode,
        { batch: { source: 'bulk' } },
      );
      if (
        result.created === 0 &&
        result.errors.length &&
        request.body.mode === 'lenient' &&
        result.errors.length === result.total
      ) {
        throw batchError(result);
      }
      return batchAnswer(result);
    },
  );
};

export default routes;

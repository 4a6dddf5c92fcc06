import { PassThrough } from 'node:stream';
import { errorBody } from '@nongan/shared/common/paging';
import { entityQuery } from '@nongan/shared/entities/schemas';
import { DIRECTORY_EXPORTERS } from '@nongan/shared/entities/visibility';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../platform/http-error.ts';
import { uploadedFile } from '../../platform/upload.ts';
import { actorOf, requireRole, requireUser } from '../accounts/guard.ts';
import { DIRECTORY_EDITORS, scopeOf } from '../accounts/scope.ts';
import {
  attachment,
  batchErrorReport,
  entityTemplate,
  exportFallbackName,
  exportFileName,
  MAX_EXPORT_ROWS,
  planEntityExport,
  writeEntityExport,
  XLSX_TYPE,
} from './export.ts';
import { importEntitiesFromBuffer, visibleBatch } from './import.ts';
import { accessOf } from './visibility.ts';

const errors = {
  400: errorBody,
  401: errorBody,
  403: errorBody,
  404: errorBody,
  409: errorBody,
  413: errorBody,
};
const tags = ['entities'];

export const importResultView = z.object({
  batchId: z.string(),
  total: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  failed: z.number().int(),
  committed: z.boolean(),
  errors: z.array(z.object({ row: z.number().int(), column: z.string().nullable(), reason: z.string() })),
  errorsTruncated: z.boolean(),
});

const routes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.database;

  app.get('/entities/import/template', { schema: { tags } }, async (request, reply) => {
    const me = requireUser(request);
    const buf = await entityTemplate(db, me.districtCode);
    return reply
      .header('content-type', XLSX_TYPE)
      .header('content-disposition', attachment('生产经营主体导入模板.xlsx', 'entity-import-template.xlsx'))
      .send(buf);
  });

  app.post(
    '/entities/import',
    {
      schema: {
        tags,
        consumes: ['multipart/form-data'],
        querystring: z.strictObject({ mode: z.enum(['lenient', 'strict']).default('lenient') }),
        response: { 200: importResultView, ...errors },
      },
    },
    async (request) => {
      const me = requireRole(request, DIRECTORY_EDITORS);
      const file = await uploadedFile(request);
      return importEntitiesFromBuffer(db, actorOf(request), scopeOf(me), file.buffer, {
        mode: request.query.mode,
        fileName: file.name,
        upkeep: (what, work) => app.upkeep.run(what, work),
        aside: app.database.aside,
      });
    },
  );

  app.get(
    '/imports/:batchId/errors',
    { schema: { tags, params: z.object({ batchId: z.uuid('应为导入批次编号（UUID）') }) } },
    async (request, reply) => {
      const me = requireUser(request);
      const districtWide = DIRECTORY_EDITORS.includes(me.role) && scopeOf(me).kind === 'district';
      const batch = await visibleBatch(db, me.districtCode, request.params.batchId);
      if (batch.userId !== me.id && !districtWide) throw notFound('导入批次不存在，或不在您的管辖范围内');
      return reply
        .header('content-type', XLSX_TYPE)
        .header(
          'content-disposition',
          attachment('导入错误报告.xlsx', `import-errors-${batch.id.slice(0, 8)}.xlsx`),
        )
        .send(await batchErrorReport(batch));
    },
  );

  app.get('/entities/export', { schema: { tags, querystring: entityQuery } }, async (request, reply) => {
    // Only roles that need a bulk copy may export, and each gets its own columns (visibility.ts).
    const me = requireRole(request, DIRECTORY_EXPORTERS);
    const { page: _p, pageSize: _s, ...filter } = request.query;
    const plan = await planEntityExport(db, scopeOf(me), filter, MAX_EXPORT_ROWS, accessOf(me));
    const out = new PassThrough();
    writeEntityExport(db, plan, out).catch((err: Error) => {
      request.log.error({ err }, 'export failed');
      out.destroy(err);
    });
    return reply
      .header('content-type', XLSX_TYPE)
      .header('content-disposition', attachment(exportFileName(), exportFallbackName()))
      .send(out);
  });
};

export default routes;

import type { Role } from '@nongan/shared/accounts/schemas';
import { errorBody } from '@nongan/shared/common/paging';
import { correctReportBody, issueReportBody, labReportView } from '@nongan/shared/sampling/reports';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HttpError, notFound } from '../../platform/http-error.ts';
import { actorOf, requireRole } from '../accounts/guard.ts';
import { scopeOf } from '../accounts/scope.ts';
import {
  correctReport,
  getReport,
  issueSampleReport,
  listSampleReports,
  publicReportPdf,
  reportView,
} from './report-service.ts';

// As for samples: the lab issues and corrects; whoever reads a sample reads its reports.
const LAB: readonly Role[] = ['district_admin', 'district_staff', 'testing_centre'];
const READERS: readonly Role[] = [...LAB, 'town_supervisor', 'village_coordinator', 'producer'];
const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const tags = ['sampling'];
const idParams = z.object({ id: z.uuid() });
const PDF = 'application/pdf';

const inline = (reportNo: string) => `inline; filename="${reportNo}.pdf"`;

/** Test reports (检验报告): issue, versions, download, correct. Under /api. */
const routes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.database;

  app.post(
    '/samples/:id/report',
    {
      schema: { tags, params: idParams, body: issueReportBody, response: { 201: labReportView, ...errors } },
    },
    async (request, reply) => {
      const scope = scopeOf(requireRole(request, LAB));
      const r = await issueSampleReport(db, actorOf(request), scope, request.params.id, request.body);
      return reply.code(201).send(reportView(r));
    },
  );

  app.get(
    '/samples/:id/reports',
    { schema: { tags, params: idParams, response: { 200: z.array(labReportView), ...errors } } },
    async (request) =>
      (await listSampleReports(db, scopeOf(requireRole(request, READERS)), request.params.id)).map(
        reportView,
      ),
  );

  app.get(
    '/reports/:id.pdf',
    { schema: { tags, params: idParams, produces: [PDF] } },
    async (request, reply) => {
      const { report } = await getReport(db, scopeOf(requireRole(request, READERS)), request.params.id);
      return reply
        .type(PDF)
        .header('content-disposition', inline(report.reportNo))
        .header('cache-control', 'private, no-store')
        .send(report.pdf);
    },
  );

  app.post(
    '/reports/:id/correct',
    {
      schema: {
        tags,
        params: idParams,
        body: correctReportBody,
        response: { 201: labReportView, ...errors },
      },
    },
    async (request, reply) => {
      const scope = scopeOf(requireRole(request, LAB));
      const r = await correctReport(db, actorOf(request), scope, request.params.id, request.body);
      return reply.code(201).send(reportView(r));
    },
  );
};

export default routes;

const tokenParams = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/) });

/** The public copy of a current report (no login), linked from the scan page; rate limited per IP. */
export const publicReportRoutes: FastifyPluginAsyncZod<{ rateLimit: number }> = async (app, opts) => {
  const { db } = app.database;
  app.get(
    '/api/public/reports/:token.pdf',
    {
      config: {
        rateLimit: {
          max: opts.rateLimit,
          timeWindow: '1 minute',
          errorResponseBuilder: () => new HttpError(429, '查询过于频繁，请稍后再试'),
        },
      },
      schema: {
        tags: ['public'],
        description: '检验报告公开版（无需登录）：已略去抽样人员等个人信息；仅现行版本。',
        params: tokenParams,
        produces: [PDF],
      },
    },
    async (request, reply) => {
      const r = await publicReportPdf(db, request.params.token);
      if (!r) throw notFound('报告不存在或已被更正');
      return reply.type(PDF).header('content-disposition', inline(r.reportNo)).send(r.pdf);
    },
  );
};

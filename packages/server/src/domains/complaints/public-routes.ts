import { errorBody } from '@nongan/shared/common/paging';
import { parseReference } from '@nongan/shared/complaints/reference';
import {
  COMPLAINT_STATUS_LABELS,
  complaintPublicStatus,
  complaintReceipt,
  complaintSubmitBody,
  publicTownsView,
} from '@nongan/shared/complaints/schemas';
import { and, asc, eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HttpError, notFound } from '../../platform/http-error.ts';
import { divisions } from '../regions/table.ts';
import { chinaDate } from '../trace/rules.ts';
import { submitComplaint } from './service.ts';
import { complaints } from './table.ts';

const tags = ['public'];
const TOO_MANY = '提交或查询过于频繁，请稍后再试';
const UNKNOWN = '未找到该受理编号，请核对后重试';

/**
 * The public complaint form and status lookup (no login). Both are rate limited per IP; the
 * status page answers the status of the one complaint whose full reference (with its random
 * part) is given, and nothing else, so references cannot be enumerated or read for content.
 */
const routes: FastifyPluginAsyncZod<{ submitLimit: number; lookupLimit: number }> = async (app, opts) => {
  const { db } = app.database;
  const limit = (max: number, timeWindow: string) => ({
    rateLimit: { max, timeWindow, errorResponseBuilder: () => new HttpError(429, TOO_MANY) },
  });

  app.get(
    '/api/public/complaint-towns',
    {
      config: limit(opts.lookupLimit, '1 minute'),
      schema: {
        tags,
        description: '举报表单可选的镇街（无需登录）',
        response: { 200: publicTownsView, 429: errorBody },
      },
    },
    async () => {
      const rows = await db
        .select({ code: divisions.code, name: divisions.name, districtCode: divisions.districtCode })
        .from(divisions)
        .where(and(eq(divisions.level, 'town'), eq(divisions.active, true)))
        .orderBy(asc(divisions.code));
      const districts = await db
        .select({ code: divisions.code, name: divisions.name })
        .from(divisions)
        .where(eq(divisions.level, 'district'));
      const name = new Map(districts.map((d) => [d.code, d.name]));
      return rows.map((r) => ({ code: r.code, name: r.name, districtName: name.get(r.districtCode) ?? '' }));
    },
  );

  app.post(
    '/api/public/complaints',
    {
      config: limit(opts.submitLimit, '10 minutes'),
      schema: {
        tags,
        description: '公众举报（无需登录，可匿名）：返回受理编号，凭编号查询办理状态。',
        body: complaintSubmitBody,
        response: { 201: complaintReceipt, 400: errorBody, 429: errorBody },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return reply.code(201).send(await submitComplaint(db, request.body, request.ip ?? null));
    },
  );

  app.get(
    '/api/public/complaints/:reference',
    {
      config: limit(opts.lookupLimit, '1 minute'),
      schema: {
        tags,
        description: '凭受理编号查询举报办理状态（仅状态，不含内容）。',
        params: z.object({ reference: z.string().max(60) }),
        response: { 200: complaintPublicStatus, 404: errorBody, 429: errorBody },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const parsed = parseReference(request.params.reference);
      if (!parsed) throw notFound(UNKNOWN);
      const [c] = await db
        .select({
          reference: complaints.reference,
          status: complaints.status,
          updatedAt: complaints.updatedAt,
        })
        .from(complaints)
        .where(eq(complaints.reference, parsed.reference))
        .limit(1);
      if (!c) throw notFound(UNKNOWN);
      const status = c.status as keyof typeof COMPLAINT_STATUS_LABELS;
      return {
        reference: c.reference,
        status,
        statusLabel: COMPLAINT_STATUS_LABELS[status],
        updatedOn: chinaDate(c.updatedAt),
      };
    },
  );
};

export default routes;

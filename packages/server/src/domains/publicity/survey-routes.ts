import { errorBody, pageOf } from '@nongan/shared/common/paging';
import {
  PUBLICITY_MANAGERS,
  PUBLICITY_READERS,
  type Question,
  RATING_LABELS,
  surveyBody,
  surveyListQuery,
  surveyResults as surveyResultsView,
  surveyView,
} from '@nongan/shared/publicity/schemas';
import { and, count, desc, eq, ilike } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { newWorkbook } from '../../platform/xlsx-write.ts';
import { actorOf, requireRole } from '../accounts/guard.ts';
import { attachment, XLSX_TYPE } from '../entities/export.ts';
import { divisionNames } from '../regions/repository.ts';
import { chinaDate } from '../trace/rules.ts';
import {
  createSurvey,
  getSurvey,
  responsesOf,
  setSurveyStatus,
  surveyResults,
  surveyViews,
  updateSurvey,
} from './survey-service.ts';
import { surveys } from './table.ts';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const tags = ['publicity'];
const idParams = z.object({ id: z.uuid() });

/** Surveys are district-wide: the office designs them; town supervisors read them and their results. */
const routes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.database;

  app.get(
    '/surveys',
    { schema: { tags, querystring: surveyListQuery, response: { 200: pageOf(surveyView), ...errors } } },
    async (request) => {
      const me = requireRole(request, PUBLICITY_READERS);
      const q = request.query;
      const w = and(
        eq(surveys.districtCode, me.districtCode),
        q.status ? eq(surveys.status, q.status) : undefined,
        q.q ? ilike(surveys.title, `%${q.q}%`) : undefined,
      );
      const [{ total } = { total: 0 }] = await db.select({ total: count() }).from(surveys).where(w);
      const rows = await db
        .select()
        .from(surveys)
        .where(w)
        .orderBy(desc(surveys.opensOn), desc(surveys.createdAt))
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize);
      return { items: await surveyViews(db, rows), total, page: q.page, pageSize: q.pageSize };
    },
  );

  app.post(
    '/surveys',
    { schema: { tags, body: surveyBody, response: { 201: surveyView, ...errors } } },
    async (request, reply) => {
      const me = requireRole(request, PUBLICITY_MANAGERS);
      const s = await createSurvey(db, actorOf(request), me.districtCode, request.body);
      return reply.code(201).send((await surveyViews(db, [s]))[0]!);
    },
  );

  app.get(
    '/surveys/:id',
    { schema: { tags, params: idParams, response: { 200: surveyView, ...errors } } },
    async (request) => {
      const me = requireRole(request, PUBLICITY_READERS);
      return (await surveyViews(db, [await getSurvey(db, me.districtCode, request.params.id)]))[0]!;
    },
  );

  app.put(
    '/surveys/:id',
    { schema: { tags, params: idParams, body: surveyBody, response: { 200: surveyView, ...errors } } },
    async (request) => {
      const me = requireRole(request, PUBLICITY_MANAGERS);
      const s = await getSurvey(db, me.districtCode, request.params.id);
      return (await surveyViews(db, [await updateSurvey(db, actorOf(request), s, request.body)]))[0]!;
    },
  );

  for (const [action, to] of [
    ['publish', 'published'],
    ['close', 'closed'],
  ] as const)
    app.post(
      `/surveys/:id/${action}`,
      { schema: { tags, params: idParams, response: { 200: surveyView, ...errors } } },
      async (request) => {
        const me = requireRole(request, PUBLICITY_MANAGERS);
        const s = await getSurvey(db, me.districtCode, request.params.id);
        return (await surveyViews(db, [await setSurveyStatus(db, actorOf(request), s, to)]))[0]!;
      },
    );

  app.get(
    '/surveys/:id/results',
    { schema: { tags, params: idParams, response: { 200: surveyResultsView, ...errors } } },
    async (request) => {
      const me = requireRole(request, PUBLICITY_READERS);
      return surveyResults(db, await getSurvey(db, me.districtCode, request.params.id));
    },
  );

  // Anonymised: a row number, the date, the town given and the answers; no device, phone or time of day.
  app.get(
    '/surveys/:id/answers.xlsx',
    { schema: { tags, params: idParams, produces: [XLSX_TYPE] } },
    async (request, reply) => {
      const me = requireRole(request, PUBLICITY_MANAGERS);
      const s = await getSurvey(db, me.districtCode, request.params.id);
      const qs = s.questions as Question[];
      // Oldest first, so the row number says nothing beyond order.
      const rows = (await responsesOf(db, s)).reverse();
      const towns = await divisionNames(
        db,
        rows.flatMap((r) => (r.townCode ? [r.townCode] : [])),
      );
      const wb = newWorkbook();
      const ws = wb.addWorksheet('答卷（匿名）');
      ws.columns = [
        { header: '序号', width: 8 },
        { header: '日期', width: 12 },
        { header: '镇街', width: 10 },
        ...qs.map((q, i) => ({ header: `${i + 1}. ${q.text}`, width: q.kind === 'text' ? 40 : 16 })),
      ];
      rows.forEach((r, n) => {
        ws.addRow([
          n + 1,
          chinaDate(r.createdAt),
          r.townCode ? (towns.get(r.townCode) ?? '') : '',
          ...qs.map((q, i) => {
            const a = r.answers[i];
            if (a === null || a === undefined) return '';
            if (q.kind === 'choice') return q.options[a as number] ?? '';
            if (q.kind === 'rating') return `${a}（${RATING_LABELS[(a as number) - 1]}）`;
            return a;
          }),
        ]);
      });
      const today = chinaDate(new Date());
      return reply
        .type(XLSX_TYPE)
        .header(
          'content-disposition',
          attachment(`满意度调查答卷_${today}.xlsx`, `survey-answers-${today}.xlsx`),
        )
        .send(Buffer.from(await wb.xlsx.writeBuffer()));
    },
  );
};

export default routes;

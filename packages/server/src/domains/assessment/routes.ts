import {
  ASSESSMENT_EDITORS,
  ASSESSMENT_READERS,
  drillQuery,
  drillView,
  HONOUR_LABELS,
  honoursView,
  manualListQuery,
  manualScoreBody,
  manualScoreView,
  PERIOD_LABELS,
  publishBody,
  resultsQuery,
  resultsView,
  schemeBody,
  schemeQuery,
  schemeView,
  yearPeriodQuery,
} from '@nongan/shared/assessment/schemas';
import { fileView } from '@nongan/shared/cases/schemas';
import { errorBody } from '@nongan/shared/common/paging';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { checkDocument } from '../../platform/files.ts';
import { fieldError, notFound } from '../../platform/http-error.ts';
import { uploadedFile } from '../../platform/upload.ts';
import { newWorkbook } from '../../platform/xlsx-write.ts';
import { actorOf, requireRole } from '../accounts/guard.ts';
import { fileOf, saveFile } from '../cases/files-repository.ts';
import { sendFile } from '../cases/routes.ts';
import { attachment, XLSX_TYPE } from '../entities/export.ts';
import { drillMetric, EXPLAIN } from './drill.ts';
import { getManual, listManual, manualViews, saveManual, townOf } from './manual.ts';
import { honourRuleText, latestPublished, liveResults, publish, scoped } from './results.ts';
import { schemeView as loadScheme, saveScheme } from './schemes.ts';
import { assessTowns } from './service.ts';
import { windowOf } from './window.ts';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const tags = ['assessment'];
const idParams = z.object({ id: z.uuid() });

const routes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.database;

  app.get(
    '/assessment/results',
    { schema: { tags, querystring: resultsQuery, response: { 200: resultsView, ...errors } } },
    async (request) => {
      const me = requireRole(request, ASSESSMENT_READERS);
      const { year, period, published } = request.query;
      if (published === 'true') {
        const p = await latestPublished(db, me.districtCode, year, period);
        if (!p) throw notFound('该期考核结果尚未发布');
        return scoped(p, me);
      }
      return scoped(await liveResults(db, me.districtCode, year, period), me);
    },
  );

  app.post(
    '/assessment/results/publish',
    { schema: { tags, body: publishBody, response: { 201: resultsView, ...errors } } },
    async (request, reply) => {
      const me = requireRole(request, ASSESSMENT_EDITORS);
      const view = await publish(
        db,
        actorOf(request),
        me.districtCode,
        request.body.year,
        request.body.period,
      );
      return reply.code(201).send(view);
    },
  );

  app.get(
    '/assessment/results/export',
    { schema: { tags, querystring: yearPeriodQuery, produces: [XLSX_TYPE] } },
    async (request, reply) => {
      const me = requireRole(request, ASSESSMENT_READERS);
      const { year, period } = request.query;
      const v = scoped(await liveResults(db, me.districtCode, year, period), me);
      const wb = newWorkbook();
      const ws = wb.addWorksheet('考核排名');
      ws.columns = [
        { header: '名次', width: 6 },
        { header: '镇街', width: 12 },
        { header: '总分', width: 8 },
        ...v.indicators.map((i) => ({ header: `${i.name}（${i.points}分）`, width: 16 })),
        { header: '通报', width: 10 },
      ];
      for (const r of v.rows)
        ws.addRow([
          r.rank,
          r.townName,
          r.total,
          ...r.scores.map((s) => s.score),
          r.honour ? HONOUR_LABELS[r.honour] : '',
        ]);
      ws.addRow([]);
      ws.addRow([
        `${year}年${PERIOD_LABELS[period]}，数据截至${v.asOf}；方案${v.schemeVersion ? `第${v.schemeVersion}版` : '（平台初始方案）'}`,
      ]);
      const name = `${year}年${PERIOD_LABELS[period]}镇街考核排名.xlsx`;
      return reply
        .type(XLSX_TYPE)
        .header('content-disposition', attachment(name, `assessment-${year}-${period}.xlsx`))
        .send(Buffer.from(await wb.xlsx.writeBuffer()));
    },
  );

  app.get(
    '/assessment/honours',
    { schema: { tags, querystring: yearPeriodQuery, response: { 200: honoursView, ...errors } } },
    async (request) => {
      const me = requireRole(request, ASSESSMENT_READERS);
      const { year, period } = request.query;
      const v = scoped(await liveResults(db, me.districtCode, year, period), me);
      const pick = (h: 'commend' | 'criticise') =>
        v.rows
          .filter((r) => r.honour === h)
          .map((r) => ({ townName: r.townName, total: r.total, rank: r.rank }));
      return {
        year,
        period,
        rule: honourRuleText(v.honours),
        commended: pick('commend'),
        criticised: pick('criticise'),
      };
    },
  );

  app.get(
    '/assessment/drill',
    { schema: { tags, querystring: drillQuery, response: { 200: drillView, ...errors } } },
    async (request) => {
      const me = requireRole(request, ASSESSMENT_READERS);
      const q = request.query;
      const town = await townOf(db, me, q.town, 'town');
      const a = await assessTowns(db, { districtCode: me.districtCode, year: q.year, period: q.period });
      const ind = a.scheme.indicators.find((i) => i.key === q.indicator);
      if (!ind) throw fieldError('indicator', '不是本年度考核方案中的指标');
      const score = a.rows.find((r) => r.townCode === town.code)?.scores.find((s) => s.key === ind.key);
      if (!score) throw notFound('镇街不在考核范围内');
      const base = {
        townName: town.name,
        indicatorName: ind.name,
        score,
        page: q.page,
        pageSize: q.pageSize,
      };
      if (ind.rule.kind === 'manual') {
        const list = (await listManual(db, me, { year: q.year, period: q.period, town: town.code })).filter(
          (m) => m.indicatorKey === ind.key,
        );
        return {
          ...base,
          explain: `人工评分：${ind.rule.guidance || '由区农安办依据佐证材料评定'}`,
          total: list.length,
          items: list.map((m) => ({
            key: m.id,
            label: `评定${m.points}分`,
            detail: `${m.evidence}${m.files.length ? `（附件：${m.files.map((f) => f.fileName).join('、')}）` : ''}`,
            date: m.updatedAt.slice(0, 10),
            ok: true,
            status: m.enteredByName ? `${m.enteredByName}评定` : '已评定',
            type: 'manual' as const,
            id: m.id,
          })),
        };
      }
      const page = await drillMetric(
        db,
        me.districtCode,
        town.code,
        ind.rule.metric,
        windowOf(q.year, q.period, a.asOf),
        q,
      );
      return { ...base, explain: EXPLAIN[ind.rule.metric], ...page };
    },
  );

  app.get(
    '/assessment/schemes',
    { schema: { tags, querystring: schemeQuery, response: { 200: schemeView, ...errors } } },
    async (request) => {
      const me = requireRole(request, ASSESSMENT_READERS);
      return loadScheme(db, me.districtCode, request.query.year, request.query.version);
    },
  );

  app.post(
    '/assessment/schemes',
    { schema: { tags, body: schemeBody, response: { 201: schemeView, ...errors } } },
    async (request, reply) => {
      const me = requireRole(request, ASSESSMENT_EDITORS);
      const version = await saveScheme(db, actorOf(request), me.districtCode, request.body);
      return reply.code(201).send(await loadScheme(db, me.districtCode, request.body.year, version));
    },
  );

  app.get(
    '/assessment/manual-scores',
    {
      schema: { tags, querystring: manualListQuery, response: { 200: z.array(manualScoreView), ...errors } },
    },
    async (request) => {
      const me = requireRole(request, ASSESSMENT_READERS);
      if (request.query.town) await townOf(db, me, request.query.town, 'town');
      return listManual(db, me, request.query);
    },
  );

  app.put(
    '/assessment/manual-scores',
    { schema: { tags, body: manualScoreBody, response: { 200: manualScoreView, ...errors } } },
    async (request) => {
      const me = requireRole(request, ASSESSMENT_EDITORS);
      const row = await saveManual(db, { ...actorOf(request), user: me }, request.body);
      const [view] = await manualViews(db, me, [row]);
      return view!;
    },
  );

  app.post(
    '/assessment/manual-scores/:id/files',
    {
      schema: {
        tags,
        params: idParams,
        consumes: ['multipart/form-data'],
        response: { 201: fileView, ...errors, 413: errorBody },
      },
    },
    async (request, reply) => {
      const me = requireRole(request, ASSESSMENT_EDITORS);
      // Scope first: another district's score is a 404 before its upload is read.
      const m = await getManual(db, me, request.params.id);
      const file = checkDocument(await uploadedFile(request));
      const view = await db.transaction((tx) =>
        saveFile(
          tx,
          actorOf(request),
          { type: 'assessment', id: m.id, districtCode: m.districtCode, regionCode: m.townCode },
          file,
        ),
      );
      return reply.code(201).send(view);
    },
  );

  app.get(
    '/assessment/manual-scores/:id/files/:fileId',
    { schema: { tags, params: z.object({ id: z.uuid(), fileId: z.uuid() }) } },
    async (request, reply) => {
      const me = requireRole(request, ASSESSMENT_READERS);
      const m = await getManual(db, me, request.params.id);
      return sendFile(reply, await fileOf(db, m.districtCode, 'assessment', m.id, request.params.fileId));
    },
  );
};

export default routes;

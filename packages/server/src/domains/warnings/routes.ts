import { errorBody, pageOf } from '@nongan/shared/common/paging';
import {
  resolveBody,
  WARNING_KIND_LABELS,
  WARNING_LEVEL_LABELS,
  WARNING_READERS,
  WARNING_SETTINGS_EDITORS,
  WARNING_STATE_LABELS,
  warningDetailView,
  warningListQuery,
  warningSettings,
  warningSettingsView,
  warningSummary,
  warningView,
} from '@nongan/shared/warnings/schemas';
import { and, count, desc, eq, inArray, sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { conflict } from '../../platform/http-error.ts';
import { newWorkbook } from '../../platform/xlsx-write.ts';
import { actorOf, requireRole, requireUser } from '../accounts/guard.ts';
import { type AuthUser, scopeOf } from '../accounts/scope.ts';
import { writeAudit } from '../audit/audit.ts';
import { attachment, XLSX_TYPE } from '../entities/export.ts';
import { chinaDate } from '../trace/rules.ts';
import { registerWarningConsumers } from './consumers.ts';
import { evaluateDistrict } from './evaluate.ts';
import { getWarning, warningDetail, warningScope, warningViews } from './service.ts';
import { getWarningSettings, saveWarningSettings, WARNING_SETTINGS_NOTE } from './settings.ts';
import { warnings } from './table.ts';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const tags = ['warnings'];
const idParams = z.object({ id: z.uuid() });
const ACTIVE = ['open', 'acknowledged'];

const routes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.database;
  registerWarningConsumers(app.outbox);

  const where = (me: AuthUser, q: Omit<z.infer<typeof warningListQuery>, 'page' | 'pageSize'>) =>
    and(
      warningScope(scopeOf(me)),
      q.state === 'active'
        ? inArray(warnings.state, ACTIVE)
        : q.state
          ? eq(warnings.state, q.state)
          : undefined,
      q.level ? eq(warnings.level, q.level) : undefined,
      q.kind ? eq(warnings.kind, q.kind) : undefined,
      q.townCode ? eq(warnings.townCode, q.townCode) : undefined,
    );
  // Open before acknowledged before resolved; serious first; latest first.
  const order = [
    sql`case ${warnings.state} when 'open' then 0 when 'acknowledged' then 1 else 2 end`,
    sql`case ${warnings.level} when 'serious' then 0 when 'attention' then 1 else 2 end`,
    desc(warnings.lastSeen),
    warnings.id,
  ];

  app.get(
    '/warnings',
    { schema: { tags, querystring: warningListQuery, response: { 200: pageOf(warningView), ...errors } } },
    async (request) => {
      const me = requireRole(request, WARNING_READERS);
      const q = request.query;
      const w = where(me, q);
      const [{ total } = { total: 0 }] = await db.select({ total: count() }).from(warnings).where(w);
      const rows = await db
        .select()
        .from(warnings)
        .where(w)
        .orderBy(...order)
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize);
      return { items: await warningViews(db, rows), total, page: q.page, pageSize: q.pageSize };
    },
  );

  app.get(
    '/warnings/export',
    {
      schema: {
        tags,
        querystring: warningListQuery.omit({ page: true, pageSize: true }),
        produces: [XLSX_TYPE],
      },
    },
    async (request, reply) => {
      const me = requireRole(request, WARNING_READERS);
      const rows = await warningViews(
        db,
        await db
          .select()
          .from(warnings)
          .where(where(me, request.query))
          .orderBy(...order)
          .limit(10_000),
      );
      const wb = newWorkbook();
      const ws = wb.addWorksheet('预警台账');
      ws.columns = [
        { header: '级别', width: 8 },
        { header: '状态', width: 10 },
        { header: '类型', width: 18 },
        { header: '对象', width: 28 },
        { header: '镇街', width: 10 },
        { header: '说明', width: 60 },
        { header: '责任', width: 18 },
        { header: '首次发现', width: 18 },
        { header: '最近发现', width: 18 },
        { header: '处理', width: 40 },
      ];
      // China time, as the page shows it.
      const time = (v: string | null) =>
        v ? new Date(Date.parse(v) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ') : '';
      for (const w of rows)
        ws.addRow([
          WARNING_LEVEL_LABELS[w.level],
          WARNING_STATE_LABELS[w.state],
          WARNING_KIND_LABELS[w.kind],
          w.subject,
          w.townName ?? '全区',
          w.summary,
          w.ownerLabel,
          time(w.firstSeen),
          time(w.lastSeen),
          w.resolvedAt
            ? `${w.resolvedByName ?? ''} ${time(w.resolvedAt)} 解除：${w.resolveReason ?? ''}`
            : w.acknowledgedAt
              ? `${w.acknowledgedByName ?? ''} ${time(w.acknowledgedAt)} 知悉`
              : '',
        ]);
      const today = chinaDate(new Date());
      return reply
        .type(XLSX_TYPE)
        .header('content-disposition', attachment(`预警台账_${today}.xlsx`, `warnings-${today}.xlsx`))
        .send(Buffer.from(await wb.xlsx.writeBuffer()));
    },
  );

  // For the badge after login: every signed-in user may ask; those who handle no warnings get zeros.
  app.get(
    '/warnings/mine/summary',
    { schema: { tags, response: { 200: warningSummary, ...errors } } },
    async (request) => {
      const me = requireUser(request);
      if (!(WARNING_READERS as readonly string[]).includes(me.role))
        return { open: 0, acknowledged: 0, serious: 0 };
      const [r] = await db
        .select({
          open: sql<number>`count(*) filter (where ${warnings.state} = 'open')`.mapWith(Number),
          acknowledged: sql<number>`count(*) filter (where ${warnings.state} = 'acknowledged')`.mapWith(
            Number,
          ),
          serious: sql<number>`count(*) filter (where ${warnings.level} = 'serious')`.mapWith(Number),
        })
        .from(warnings)
        .where(and(warningScope(scopeOf(me)), inArray(warnings.state, ACTIVE)));
      return { open: r?.open ?? 0, acknowledged: r?.acknowledged ?? 0, serious: r?.serious ?? 0 };
    },
  );

  app.get(
    '/warnings/settings',
    { schema: { tags, response: { 200: warningSettingsView, ...errors } } },
    async (request) => {
      const me = requireRole(request, WARNING_READERS);
      return { ...(await getWarningSettings(db, me.districtCode)), note: WARNING_SETTINGS_NOTE };
    },
  );

  app.put(
    '/warnings/settings',
    { schema: { tags, body: warningSettings, response: { 200: warningSettingsView, ...errors } } },
    async (request) => {
      const me = requireRole(request, WARNING_SETTINGS_EDITORS);
      await saveWarningSettings(db, actorOf(request), me.districtCode, request.body);
      // New thresholds apply at once: raise and resolve under them now.
      await db.transaction((tx) => evaluateDistrict(tx, me.districtCode));
      return { ...(await getWarningSettings(db, me.districtCode)), note: WARNING_SETTINGS_NOTE };
    },
  );

  app.get(
    '/warnings/:id',
    { schema: { tags, params: idParams, response: { 200: warningDetailView, ...errors } } },
    async (request) =>
      warningDetail(
        db,
        await getWarning(db, scopeOf(requireRole(request, WARNING_READERS)), request.params.id),
      ),
  );

  app.post(
    '/warnings/:id/acknowledge',
    { schema: { tags, params: idParams, response: { 200: warningDetailView, ...errors } } },
    async (request) => {
      const me = requireRole(request, WARNING_READERS);
      const scope = scopeOf(me);
      await db.transaction(async (tx) => {
        const w = await getWarning(tx, scope, request.params.id, true);
        if (w.state !== 'open')
          throw conflict(w.state === 'resolved' ? '预警已解除' : '预警已知悉', [
            { field: 'state', reason: '只能知悉待处理的预警' },
          ]);
        await tx
          .update(warnings)
          .set({ state: 'acknowledged', acknowledgedBy: me.id, acknowledgedAt: new Date() })
          .where(and(eq(warnings.districtCode, w.districtCode), eq(warnings.id, w.id)));
        await writeAudit(tx, actorOf(request), {
          action: 'acknowledge',
          subjectType: 'warning',
          subjectId: w.id,
          regionCode: w.townCode ?? w.districtCode,
          before: { state: w.state },
          after: { state: 'acknowledged' },
        });
      });
      return warningDetail(db, await getWarning(db, scope, request.params.id));
    },
  );

  app.post(
    '/warnings/:id/resolve',
    {
      schema: { tags, params: idParams, body: resolveBody, response: { 200: warningDetailView, ...errors } },
    },
    async (request) => {
      const me = requireRole(request, WARNING_READERS);
      const scope = scopeOf(me);
      await db.transaction(async (tx) => {
        const w = await getWarning(tx, scope, request.params.id, true);
        if (w.state === 'resolved') throw conflict('预警已解除', [{ field: 'state', reason: '已解除' }]);
        await tx
          .update(warnings)
          .set({
            state: 'resolved',
            resolvedBy: me.id,
            resolvedAt: new Date(),
            resolveReason: request.body.reason,
          })
          .where(and(eq(warnings.districtCode, w.districtCode), eq(warnings.id, w.id)));
        await writeAudit(tx, actorOf(request), {
          action: 'resolve',
          subjectType: 'warning',
          subjectId: w.id,
          regionCode: w.townCode ?? w.districtCode,
          before: { state: w.state },
          after: { state: 'resolved', reason: request.body.reason },
        });
      });
      return warningDetail(db, await getWarning(db, scope, request.params.id));
    },
  );
};

export default routes;

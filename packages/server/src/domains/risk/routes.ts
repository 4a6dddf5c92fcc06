import { randomUUID } from 'node:crypto';
import type { Role } from '@nongan/shared/accounts/schemas';
import { errorBody, pageOf } from '@nongan/shared/common/paging';
import {
  INCIDENT_LINK_LABELS,
  incidentCloseBody,
  incidentCreateBody,
  incidentDetailView,
  incidentLinkBody,
  incidentListQuery,
  incidentStepBody,
  incidentView,
  opinionCreateBody,
  opinionListQuery,
  opinionUpdateBody,
  opinionView,
  riskPlanBody,
  riskPlanUpdateBody,
  riskPlanView,
  SENTIMENT_LABELS,
  VERIFICATION_LABELS,
} from '@nongan/shared/risk/schemas';
import { and, count, desc, eq, ilike, isNull, max, or, type SQL, sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { conflict, fieldError, forbidden, notFound } from '../../platform/http-error.ts';
import { formatSerial, reserveSerials } from '../../platform/serials.ts';
import { newWorkbook } from '../../platform/xlsx-write.ts';
import { actorOf, requireRole } from '../accounts/guard.ts';
import { type AuthUser, type Scope, scopeOf } from '../accounts/scope.ts';
import { divisionInScopeOr404, entityInScopeOr404, lotInScopeOr404 } from '../accounts/write-scope.ts';
import { writeAudit } from '../audit/audit.ts';
import { attachment, XLSX_TYPE } from '../entities/export.ts';
import { chinaDate } from '../trace/rules.ts';
import { incidentChangeProblem, stepTimeProblem } from './rules.ts';
import {
  getIncident,
  incidentDetail,
  incidentEditable,
  incidentViews,
  type OpinionRow,
  opinionViews,
  riskPlanView as toPlanView,
} from './service.ts';
import { incidentLinks, incidentSteps, incidents, opinions, riskPlans } from './table.ts';

/** The district office keeps the risk plan and public-opinion log; towns report incidents too. */
export const RISK_EDITORS: readonly Role[] = ['district_admin', 'district_staff'];
export const INCIDENT_REPORTERS: readonly Role[] = [...RISK_EDITORS, 'town_supervisor'];
export const RISK_READERS: readonly Role[] = [...INCIDENT_REPORTERS, 'testing_centre', 'village_coordinator'];

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const tags = ['risk'];
const idParams = z.object({ id: z.uuid() });

function incidentWhere(scope: Scope): SQL {
  const d = eq(incidents.districtCode, scope.districtCode);
  if (scope.kind === 'district') return d;
  const town =
    scope.kind === 'town' ? scope.townCode : scope.kind === 'village' ? scope.villageCode.slice(0, 9) : '';
  return and(d, or(isNull(incidents.townCode), eq(incidents.townCode, town))) as SQL;
}

/** Overdue first, then open by deadline, then answered (latest deadline first). */
const opinionOrder = (today: string) => [
  sql`case when ${opinions.respondedAt} is null and ${opinions.respondBy} < ${today} then 0 when ${opinions.respondedAt} is null then 1 else 2 end`,
  sql`case when ${opinions.respondedAt} is null then ${opinions.respondBy} end asc`,
  desc(opinions.respondBy),
  desc(opinions.foundAt),
];

const routes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.database;

  // ---- yearly risk-monitoring plan ----
  const getPlan = async (me: AuthUser, id: string) => {
    const [p] = await db
      .select()
      .from(riskPlans)
      .where(and(eq(riskPlans.districtCode, me.districtCode), eq(riskPlans.id, id)));
    if (!p) throw notFound('风险监测计划不存在，或不在您的管辖范围内');
    return p;
  };

  app.get(
    '/risk/plans',
    { schema: { tags, response: { 200: z.array(riskPlanView), ...errors } } },
    async (request) => {
      const me = requireRole(request, RISK_READERS);
      const rows = await db
        .select()
        .from(riskPlans)
        .where(eq(riskPlans.districtCode, me.districtCode))
        .orderBy(desc(riskPlans.year));
      return Promise.all(rows.map((p) => toPlanView(db, p)));
    },
  );

  app.get(
    '/risk/plans/:id',
    { schema: { tags, params: idParams, response: { 200: riskPlanView, ...errors } } },
    async (request) => toPlanView(db, await getPlan(requireRole(request, RISK_READERS), request.params.id)),
  );

  app.post(
    '/risk/plans',
    { schema: { tags, body: riskPlanBody, response: { 201: riskPlanView, ...errors } } },
    async (request, reply) => {
      const me = requireRole(request, RISK_EDITORS);
      const b = request.body;
      const id = randomUUID();
      await db.transaction(async (tx) => {
        // The unique index (district, year) holds "one per year" against a concurrent create.
        const added = await tx
          .insert(riskPlans)
          .values({ ...b, id, districtCode: me.districtCode, updatedBy: me.id })
          .onConflictDoNothing()
          .returning({ id: riskPlans.id });
        if (added.length === 0)
          throw conflict(`${b.year}年的风险监测计划已存在`, [{ field: 'year', reason: '已存在' }]);
        await writeAudit(tx, actorOf(request), {
          action: 'create',
          subjectType: 'risk_plan',
          subjectId: id,
          regionCode: me.districtCode,
          after: b,
        });
      });
      return reply.code(201).send(await toPlanView(db, await getPlan(me, id)));
    },
  );

  app.patch(
    '/risk/plans/:id',
    {
      schema: {
        tags,
        params: idParams,
        body: riskPlanUpdateBody,
        response: { 200: riskPlanView, ...errors },
      },
    },
    async (request) => {
      const me = requireRole(request, RISK_EDITORS);
      const p = await getPlan(me, request.params.id);
      const { version, ...fields } = request.body;
      await db.transaction(async (tx) => {
        const done = await tx
          .update(riskPlans)
          .set({ ...fields, version: p.version + 1, updatedBy: me.id, updatedAt: new Date() })
          .where(
            and(
              eq(riskPlans.districtCode, p.districtCode),
              eq(riskPlans.id, p.id),
              eq(riskPlans.version, version),
            ),
          )
          .returning({ id: riskPlans.id });
        if (done.length === 0) throw conflict('该计划已被他人修改，请刷新后重试');
        await writeAudit(tx, actorOf(request), {
          action: 'update',
          subjectType: 'risk_plan',
          subjectId: p.id,
          regionCode: p.districtCode,
          before: Object.fromEntries(Object.keys(fields).map((k) => [k, p[k as keyof typeof p]])),
          after: fields,
        });
      });
      return toPlanView(db, await getPlan(me, p.id));
    },
  );

  // ---- incidents ----
  const editable = async (me: AuthUser, id: string) => {
    const scope = scopeOf(me);
    const i = await getIncident(db, scope, id);
    if (!incidentEditable(scope, i)) throw forbidden('区级事件由区农产品质量安全办处置');
    const problem = incidentChangeProblem(i.status as 'responding');
    if (problem) throw conflict(problem, [{ field: 'status', reason: problem }]);
    return i;
  };

  app.get(
    '/incidents',
    { schema: { tags, querystring: incidentListQuery, response: { 200: pageOf(incidentView), ...errors } } },
    async (request) => {
      const me = requireRole(request, RISK_READERS);
      const q = request.query;
      const where = and(
        incidentWhere(scopeOf(me)),
        q.level ? eq(incidents.level, q.level) : undefined,
        q.status ? eq(incidents.status, q.status) : undefined,
        q.q ? or(ilike(incidents.title, `%${q.q}%`), ilike(incidents.incidentNo, `%${q.q}%`)) : undefined,
      );
      const [{ total } = { total: 0 }] = await db.select({ total: count() }).from(incidents).where(where);
      const rows = await db
        .select()
        .from(incidents)
        .where(where)
        // Open incidents first, the most serious level first (I sorts before IV), newest first.
        .orderBy(sql`${incidents.status} = 'closed'`, incidents.level, desc(incidents.occurredAt))
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize);
      return { items: await incidentViews(db, rows), total, page: q.page, pageSize: q.pageSize };
    },
  );

  app.get(
    '/incidents/:id',
    { schema: { tags, params: idParams, response: { 200: incidentDetailView, ...errors } } },
    async (request) =>
      incidentDetail(
        db,
        await getIncident(db, scopeOf(requireRole(request, RISK_READERS)), request.params.id),
      ),
  );

  app.post(
    '/incidents',
    { schema: { tags, body: incidentCreateBody, response: { 201: incidentDetailView, ...errors } } },
    async (request, reply) => {
      const me = requireRole(request, INCIDENT_REPORTERS);
      const b = request.body;
      if (b.townCode) divisionInScopeOr404(me, b.townCode);
      else if (scopeOf(me).kind !== 'district') throw fieldError('townCode', '请选择本人辖区的镇街');
      const id = randomUUID();
      const year = Number(chinaDate(new Date(b.occurredAt)).slice(0, 4));
      await db.transaction(async (tx) => {
        const n = await reserveSerials(tx, me.districtCode, 'incident', year);
        await tx.insert(incidents).values({
          districtCode: me.districtCode,
          id,
          incidentNo: formatSerial('SJ', me.districtCode, year, n),
          title: b.title,
          level: b.level,
          occurredAt: new Date(b.occurredAt),
          townCode: b.townCode,
          summary: b.summary,
          reportedBy: me.id,
        });
        await writeAudit(tx, actorOf(request), {
          action: 'report',
          subjectType: 'incident',
          subjectId: id,
          regionCode: b.townCode ?? me.districtCode,
          after: b,
        });
      });
      return reply.code(201).send(await incidentDetail(db, await getIncident(db, scopeOf(me), id)));
    },
  );

  app.post(
    '/incidents/:id/steps',
    {
      schema: {
        tags,
        params: idParams,
        body: incidentStepBody,
        response: { 201: incidentDetailView, ...errors },
      },
    },
    async (request, reply) => {
      const me = requireRole(request, INCIDENT_REPORTERS);
      const i = await editable(me, request.params.id);
      const b = request.body;
      const early = stepTimeProblem(b.at, i.occurredAt);
      if (early) throw fieldError('at', early);
      await db.transaction(async (tx) => {
        // The next number under the primary key: a concurrent step collides and is retried by the user.
        const [{ last } = { last: 0 }] = await tx
          .select({ last: max(incidentSteps.seq) })
          .from(incidentSteps)
          .where(and(eq(incidentSteps.districtCode, i.districtCode), eq(incidentSteps.incidentId, i.id)));
        const seq = (last ?? 0) + 1;
        const added = await tx
          .insert(incidentSteps)
          .values({
            districtCode: i.districtCode,
            incidentId: i.id,
            seq,
            at: new Date(b.at),
            actor: b.actor,
            action: b.action,
            recordedBy: me.id,
          })
          .onConflictDoNothing()
          .returning({ seq: incidentSteps.seq });
        if (added.length === 0) throw conflict('他人刚刚记录了一步，请刷新后重试');
        await writeAudit(tx, actorOf(request), {
          action: 'add_step',
          subjectType: 'incident',
          subjectId: i.id,
          regionCode: i.townCode ?? i.districtCode,
          after: { seq, ...b },
        });
      });
      return reply.code(201).send(await incidentDetail(db, i));
    },
  );

  app.post(
    '/incidents/:id/links',
    {
      schema: {
        tags,
        params: idParams,
        body: incidentLinkBody,
        response: { 201: incidentDetailView, ...errors },
      },
    },
    async (request, reply) => {
      const me = requireRole(request, INCIDENT_REPORTERS);
      const i = await editable(me, request.params.id);
      const b = request.body;
      const label =
        b.kind === 'entity'
          ? (await entityInScopeOr404(db, me, b.refId, 'refId')).name
          : (await lotInScopeOr404(db, me, b.refId, 'refId')).lotNo;
      await db.transaction(async (tx) => {
        const added = await tx
          .insert(incidentLinks)
          .values({
            districtCode: i.districtCode,
            incidentId: i.id,
            kind: b.kind,
            refId: b.refId,
            createdBy: me.id,
          })
          .onConflictDoNothing()
          .returning({ id: incidentLinks.refId });
        if (added.length === 0)
          throw conflict(`该${INCIDENT_LINK_LABELS[b.kind]}已关联`, [{ field: 'refId', reason: '已关联' }]);
        await writeAudit(tx, actorOf(request), {
          action: 'link',
          subjectType: 'incident',
          subjectId: i.id,
          regionCode: i.townCode ?? i.districtCode,
          after: { ...b, label },
        });
      });
      return reply.code(201).send(await incidentDetail(db, i));
    },
  );

  app.post(
    '/incidents/:id/close',
    {
      schema: {
        tags,
        params: idParams,
        body: incidentCloseBody,
        response: { 200: incidentDetailView, ...errors },
      },
    },
    async (request) => {
      const me = requireRole(request, INCIDENT_REPORTERS);
      const i = await editable(me, request.params.id);
      await db.transaction(async (tx) => {
        const done = await tx
          .update(incidents)
          .set({ status: 'closed', conclusion: request.body.conclusion, closedAt: new Date() })
          .where(
            and(
              eq(incidents.districtCode, i.districtCode),
              eq(incidents.id, i.id),
              eq(incidents.status, 'responding'),
            ),
          )
          .returning({ id: incidents.id });
        if (done.length === 0) throw conflict('事件已结案');
        await writeAudit(tx, actorOf(request), {
          action: 'close',
          subjectType: 'incident',
          subjectId: i.id,
          regionCode: i.townCode ?? i.districtCode,
          after: request.body,
        });
      });
      return incidentDetail(db, await getIncident(db, scopeOf(me), i.id));
    },
  );

  // ---- public opinion (舆情) ----
  const opinionWhere = (me: AuthUser, q: z.infer<typeof opinionListQuery>) =>
    and(
      eq(opinions.districtCode, me.districtCode),
      q.sentiment ? eq(opinions.sentiment, q.sentiment) : undefined,
      q.open === 'true'
        ? isNull(opinions.respondedAt)
        : q.open === 'false'
          ? sql`${opinions.respondedAt} is not null`
          : undefined,
      q.q ? or(ilike(opinions.title, `%${q.q}%`), ilike(opinions.source, `%${q.q}%`)) : undefined,
    );
  const listOpinions = (where: SQL | undefined, today: string) =>
    db
      .select()
      .from(opinions)
      .where(where)
      .orderBy(...opinionOrder(today));

  app.get(
    '/opinions',
    { schema: { tags, querystring: opinionListQuery, response: { 200: pageOf(opinionView), ...errors } } },
    async (request) => {
      const me = requireRole(request, RISK_READERS);
      const q = request.query;
      const today = chinaDate(new Date());
      const where = opinionWhere(me, q);
      const [{ total } = { total: 0 }] = await db.select({ total: count() }).from(opinions).where(where);
      const rows = await listOpinions(where, today)
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize);
      return { items: await opinionViews(db, rows, today), total, page: q.page, pageSize: q.pageSize };
    },
  );

  app.get(
    '/opinions/export',
    {
      schema: {
        tags,
        querystring: opinionListQuery.omit({ page: true, pageSize: true }),
        produces: [XLSX_TYPE],
      },
    },
    async (request, reply) => {
      const me = requireRole(request, RISK_READERS);
      const today = chinaDate(new Date());
      const rows = await opinionViews(
        db,
        await listOpinions(opinionWhere(me, { ...request.query, page: 1, pageSize: 1 }), today).limit(10_000),
        today,
      );
      const wb = newWorkbook();
      const ws = wb.addWorksheet('舆情台账');
      ws.columns = [
        { header: '发现时间', width: 18 },
        { header: '来源', width: 14 },
        { header: '标题', width: 36 },
        { header: '倾向', width: 8 },
        { header: '核实', width: 10 },
        { header: '回应期限', width: 12 },
        { header: '回应时间', width: 18 },
        { header: '逾期', width: 6 },
        { header: '回应内容', width: 40 },
        { header: '链接', width: 30 },
      ];
      // China time, as the office reads it.
      const time = (v: string | null) =>
        v ? new Date(Date.parse(v) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ') : '';
      for (const o of rows)
        ws.addRow([
          time(o.foundAt),
          o.source,
          o.title,
          SENTIMENT_LABELS[o.sentiment],
          VERIFICATION_LABELS[o.verification],
          o.respondBy,
          time(o.respondedAt),
          o.overdue ? '是' : '',
          o.response ?? '',
          o.url ?? '',
        ]);
      return reply
        .type(XLSX_TYPE)
        .header('content-disposition', attachment(`舆情台账_${today}.xlsx`, `opinions-${today}.xlsx`))
        .send(Buffer.from(await wb.xlsx.writeBuffer()));
    },
  );

  const getOpinion = async (db: Db, me: AuthUser, id: string): Promise<OpinionRow> => {
    const [o] = await db
      .select()
      .from(opinions)
      .where(and(eq(opinions.districtCode, me.districtCode), eq(opinions.id, id)));
    if (!o) throw notFound('舆情记录不存在，或不在您的管辖范围内');
    return o;
  };

  app.post(
    '/opinions',
    { schema: { tags, body: opinionCreateBody, response: { 201: opinionView, ...errors } } },
    async (request, reply) => {
      const me = requireRole(request, RISK_EDITORS);
      const b = request.body;
      if (b.respondBy < chinaDate(new Date(b.foundAt)))
        throw fieldError('respondBy', '回应期限不能早于发现日期');
      const id = randomUUID();
      await db.transaction(async (tx) => {
        await tx.insert(opinions).values({
          ...b,
          id,
          districtCode: me.districtCode,
          foundAt: new Date(b.foundAt),
          recordedBy: me.id,
        });
        await writeAudit(tx, actorOf(request), {
          action: 'create',
          subjectType: 'opinion',
          subjectId: id,
          regionCode: me.districtCode,
          after: b,
        });
      });
      const [v] = await opinionViews(db, [await getOpinion(db, me, id)], chinaDate(new Date()));
      return reply.code(201).send(v!);
    },
  );

  app.patch(
    '/opinions/:id',
    {
      schema: { tags, params: idParams, body: opinionUpdateBody, response: { 200: opinionView, ...errors } },
    },
    async (request) => {
      const me = requireRole(request, RISK_EDITORS);
      const o = await getOpinion(db, me, request.params.id);
      const { version, ...fields } = request.body;
      if (fields.respondBy && fields.respondBy < chinaDate(o.foundAt))
        throw fieldError('respondBy', '回应期限不能早于发现日期');
      // The first response dates the answer; later edits of the text keep that date.
      const respondedAt = fields.response && !o.respondedAt ? new Date() : undefined;
      await db.transaction(async (tx) => {
        const done = await tx
          .update(opinions)
          .set({
            ...fields,
            ...(respondedAt ? { respondedAt } : {}),
            version: o.version + 1,
            updatedAt: new Date(),
          })
          .where(
            and(
              eq(opinions.districtCode, o.districtCode),
              eq(opinions.id, o.id),
              eq(opinions.version, version),
            ),
          )
          .returning({ id: opinions.id });
        if (done.length === 0) throw conflict('该舆情记录已被他人修改，请刷新后重试');
        await writeAudit(tx, actorOf(request), {
          action: 'update',
          subjectType: 'opinion',
          subjectId: o.id,
          regionCode: o.districtCode,
          before: Object.fromEntries(Object.keys(fields).map((k) => [k, o[k as keyof OpinionRow]])),
          after: fields,
        });
      });
      const [v] = await opinionViews(db, [await getOpinion(db, me, o.id)], chinaDate(new Date()));
      return v!;
    },
  );
};

export default routes;

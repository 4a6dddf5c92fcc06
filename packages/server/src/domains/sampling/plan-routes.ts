import type { Role } from '@nongan/shared/accounts/schemas';
import { errorBody } from '@nongan/shared/common/paging';
import {
  planCopyBody,
  planCreateBody,
  planUpdateBody,
  planView,
  type QuotaInput,
} from '@nongan/shared/sampling/plans';
import { and, eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { conflict, forbidden, HttpError, notFound } from '../../platform/http-error.ts';
import { actorOf, requireRole, requireUser } from '../accounts/guard.ts';
import type { AuthUser } from '../accounts/scope.ts';
import { writeAudit } from '../audit/audit.ts';
import { listDivisions } from '../regions/repository.ts';
import {
  getPlan,
  getPlanByYear,
  insertPlan,
  listPlans,
  planQuotaRows,
  replaceQuotas,
  planView as toPlanView,
} from './plan-repository.ts';
import { monitoringPlans } from './plan-table.ts';
import { quotaIssues } from './plans.ts';

const PLAN_EDITORS: readonly Role[] = ['district_admin', 'district_staff'];
const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const tags = ['sampling'];
const idParams = z.object({ id: z.uuid() });

async function checkQuotas(db: Db, me: AuthUser, quotas: QuotaInput[]) {
  const towns = await listDivisions(db, {
    districtCode: me.districtCode,
    level: 'town',
    includeInactive: true,
  });
  const issues = quotaIssues(quotas, me.districtCode, new Set(towns.map((t) => t.code)));
  if (issues.length)
    throw new HttpError(400, issues.map((i) => `${i.field}: ${i.reason}`).join('；'), issues);
}

const routes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.database;
  const visiblePlan = async (me: AuthUser, id: string) => {
    if (me.role === 'producer') throw forbidden();
    const p = await getPlan(db, me.districtCode, id);
    if (!p) throw notFound('计划不存在，或不在您的管辖范围内');
    return p;
  };

  app.get(
    '/plans',
    { schema: { tags, response: { 200: z.array(planView), ...errors } } },
    async (request) => {
      const me = requireUser(request);
      if (me.role === 'producer') throw forbidden();
      return Promise.all((await listPlans(db, me.districtCode)).map((p) => toPlanView(db, p)));
    },
  );

  app.get(
    '/plans/:id',
    { schema: { tags, params: idParams, response: { 200: planView, ...errors } } },
    async (request) => toPlanView(db, await visiblePlan(requireUser(request), request.params.id)),
  );

  app.post(
    '/plans',
    { schema: { tags, body: planCreateBody, response: { 201: planView, ...errors } } },
    async (request, reply) => {
      const me = requireRole(request, PLAN_EDITORS);
      const b = request.body;
      await checkQuotas(db, me, b.quotas);
      if (await getPlanByYear(db, me.districtCode, b.year))
        throw conflict(`${b.year}年的计划已存在`, [{ field: 'year', reason: '已存在' }]);
      const id = await db.transaction(async (tx) => {
        const id = await insertPlan(
          tx,
          { districtCode: me.districtCode, year: b.year, name: b.name, targetPassRate: b.targetPassRate },
          b.quotas,
        );
        await writeAudit(tx, actorOf(request), {
          action: 'create',
          subjectType: 'plan',
          subjectId: id,
          regionCode: me.districtCode,
          after: b,
        });
        return id;
      });
      return reply.code(201).send(await toPlanView(db, (await getPlan(db, me.districtCode, id))!));
    },
  );

  app.patch(
    '/plans/:id',
    { schema: { tags, params: idParams, body: planUpdateBody, response: { 200: planView, ...errors } } },
    async (request) => {
      const me = requireRole(request, PLAN_EDITORS);
      const p = await visiblePlan(me, request.params.id);
      const { version, quotas, ...fields } = request.body;
      if (version !== p.version) throw conflict('该计划已被他人修改，请刷新后重试');
      if (quotas) await checkQuotas(db, me, quotas);
      const before = await toPlanView(db, p);
      await db.transaction(async (tx) => {
        const done = await tx
          .update(monitoringPlans)
          .set({ ...fields, version: p.version + 1, updatedAt: new Date() })
          .where(
            and(
              eq(monitoringPlans.districtCode, p.districtCode),
              eq(monitoringPlans.id, p.id),
              eq(monitoringPlans.version, version),
            ),
          )
          .returning({ id: monitoringPlans.id });
        if (done.length === 0) throw conflict('该计划已被他人修改，请刷新后重试');
        if (quotas) await replaceQuotas(tx, p.districtCode, p.id, quotas);
        await writeAudit(tx, actorOf(request), {
          action: 'update',
          subjectType: 'plan',
          subjectId: p.id,
          regionCode: p.districtCode,
          before: {
            name: before.name,
            targetPassRate: before.targetPassRate,
            status: before.status,
            totals: before.totals,
          },
          after: { ...fields, ...(quotas ? { quotas } : {}) },
        });
      });
      return toPlanView(db, (await getPlan(db, p.districtCode, p.id))!);
    },
  );

  app.post(
    '/plans/:id/copy',
    { schema: { tags, params: idParams, body: planCopyBody, response: { 201: planView, ...errors } } },
    async (request, reply) => {
      const me = requireRole(request, PLAN_EDITORS);
      const from = await visiblePlan(me, request.params.id);
      const { year } = request.body;
      if (await getPlanByYear(db, me.districtCode, year))
        throw conflict(`${year}年的计划已存在`, [{ field: 'year', reason: '已存在' }]);
      const quotas = (await planQuotaRows(db, from.districtCode, from.id)).map((q) => ({
        taskKind: q.taskKind as QuotaInput['taskKind'],
        holderCode: q.holderCode,
        quota: q.quota,
      }));
      const name = request.body.name ?? from.name.replace(String(from.year), String(year));
      const id = await db.transaction(async (tx) => {
        const id = await insertPlan(
          tx,
          { districtCode: me.districtCode, year, name, targetPassRate: Number(from.targetPassRate) },
          quotas,
        );
        await writeAudit(tx, actorOf(request), {
          action: 'copy',
          subjectType: 'plan',
          subjectId: id,
          regionCode: me.districtCode,
          after: { fromPlan: from.id, fromYear: from.year, year, quotas: quotas.length },
        });
        return id;
      });
      return reply.code(201).send(await toPlanView(db, (await getPlan(db, me.districtCode, id))!));
    },
  );
};

export default routes;

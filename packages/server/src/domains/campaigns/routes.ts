import { randomUUID } from 'node:crypto';
import type { Role } from '@nongan/shared/accounts/schemas';
import {
  CAMPAIGN_STATUS_LABELS,
  campaignCreateBody,
  campaignDetailView,
  campaignListQuery,
  campaignSampleBody,
  campaignUpdateBody,
  campaignView,
  ITEM_STATUS_LABELS,
  itemCreateBody,
  itemStatusBody,
  varietiesView,
} from '@nongan/shared/campaigns/schemas';
import { genericLinkBody } from '@nongan/shared/common/links';
import { errorBody, pageOf } from '@nongan/shared/common/paging';
import { and, eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { conflict, fieldError, notFound } from '../../platform/http-error.ts';
import { newWorkbook } from '../../platform/xlsx-write.ts';
import { actorOf, requireRole } from '../accounts/guard.ts';
import { type AuthUser, scopeOf } from '../accounts/scope.ts';
import { entityInScopeOr404, sampleInScopeOr404 } from '../accounts/write-scope.ts';
import { writeAudit } from '../audit/audit.ts';
import { resolveLinkedRecord } from '../cases/linked-records.ts';
import { attachment, XLSX_TYPE } from '../entities/export.ts';
import { chinaDate } from '../trace/rules.ts';
import { campaignStatusProblem, itemChangeProblem } from './rules.ts';
import {
  type CampaignRow,
  campaignDetail,
  campaignItemsOf,
  getCampaign,
  itemScope,
  listCampaigns,
} from './service.ts';
import { campaignItems, campaignLinks, campaignSamples, campaigns } from './table.ts';
import { priorityVarieties, VARIETIES_NOTE } from './varieties.ts';

/** The district office runs campaigns; towns keep their lines of the list. */
export const CAMPAIGN_EDITORS: readonly Role[] = ['district_admin', 'district_staff'];
export const ITEM_EDITORS: readonly Role[] = [...CAMPAIGN_EDITORS, 'town_supervisor'];
export const CAMPAIGN_READERS: readonly Role[] = [...ITEM_EDITORS, 'testing_centre', 'village_coordinator'];

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const tags = ['campaigns'];
const idParams = z.object({ id: z.uuid() });
const itemParams = z.object({ id: z.uuid(), itemId: z.uuid() });

const routes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.database;
  const detail = async (me: AuthUser, c: CampaignRow) => campaignDetail(db, me, c);
  const fresh = (me: AuthUser, id: string) => getCampaign(db, me, id);
  const open = (c: CampaignRow) => {
    if (c.status === 'closed')
      throw conflict('专项整治已结束，不能再修改', [{ field: 'status', reason: '已结束' }]);
  };

  app.get(
    '/campaigns',
    { schema: { tags, querystring: campaignListQuery, response: { 200: pageOf(campaignView), ...errors } } },
    async (request) => listCampaigns(db, requireRole(request, CAMPAIGN_READERS), request.query),
  );

  app.get(
    '/campaigns/varieties',
    { schema: { tags, response: { 200: varietiesView, ...errors } } },
    async (request) => {
      requireRole(request, CAMPAIGN_READERS);
      return { items: priorityVarieties(), note: VARIETIES_NOTE };
    },
  );

  app.get(
    '/campaigns/:id',
    { schema: { tags, params: idParams, response: { 200: campaignDetailView, ...errors } } },
    async (request) => {
      const me = requireRole(request, CAMPAIGN_READERS);
      return detail(me, await fresh(me, request.params.id));
    },
  );

  app.get(
    '/campaigns/:id/items.xlsx',
    { schema: { tags, params: idParams, produces: [XLSX_TYPE] } },
    async (request, reply) => {
      const me = requireRole(request, CAMPAIGN_READERS);
      const c = await fresh(me, request.params.id);
      const items = await campaignItemsOf(db, me, c);
      const wb = newWorkbook();
      const ws = wb.addWorksheet('整治清单');
      ws.columns = [
        { header: '镇街', width: 12 },
        { header: '主体', width: 30 },
        { header: '问题', width: 40 },
        { header: '整改期限', width: 12 },
        { header: '状态', width: 10 },
        { header: '完成日期', width: 12 },
        { header: '逾期', width: 6 },
        { header: '备注', width: 30 },
        { header: '最后更新人', width: 12 },
      ];
      for (const i of items)
        ws.addRow([
          i.townName,
          i.entityName,
          i.issue,
          i.dueOn,
          ITEM_STATUS_LABELS[i.status],
          i.rectifiedOn ?? '',
          i.overdue ? '是' : '',
          i.note ?? '',
          i.updatedByName ?? '',
        ]);
      ws.addRow([]);
      ws.addRow([`${c.title}（${c.variety}，${CAMPAIGN_STATUS_LABELS[c.status as 'active']}）`]);
      return reply
        .type(XLSX_TYPE)
        .header(
          'content-disposition',
          attachment(`整治清单_${c.variety}_${c.year}.xlsx`, `campaign-${c.year}.xlsx`),
        )
        .send(Buffer.from(await wb.xlsx.writeBuffer()));
    },
  );

  app.post(
    '/campaigns',
    { schema: { tags, body: campaignCreateBody, response: { 201: campaignDetailView, ...errors } } },
    async (request, reply) => {
      const me = requireRole(request, CAMPAIGN_EDITORS);
      const b = request.body;
      if (b.endOn < b.startOn) throw fieldError('endOn', `不能早于开始日期（${b.startOn}）`);
      const id = randomUUID();
      await db.transaction(async (tx) => {
        await tx.insert(campaigns).values({ ...b, id, districtCode: me.districtCode, createdBy: me.id });
        await writeAudit(tx, actorOf(request), {
          action: 'create',
          subjectType: 'campaign',
          subjectId: id,
          regionCode: me.districtCode,
          after: b,
        });
      });
      return reply.code(201).send(await detail(me, await fresh(me, id)));
    },
  );

  app.patch(
    '/campaigns/:id',
    {
      schema: {
        tags,
        params: idParams,
        body: campaignUpdateBody,
        response: { 200: campaignDetailView, ...errors },
      },
    },
    async (request) => {
      const me = requireRole(request, CAMPAIGN_EDITORS);
      const c = await fresh(me, request.params.id);
      const { version, ...fields } = request.body;
      if (fields.status) {
        const problem = campaignStatusProblem(c.status as 'active', fields.status);
        if (problem) throw conflict(problem, [{ field: 'status', reason: problem }]);
      } else open(c);
      if (fields.endOn && fields.endOn < c.startOn)
        throw fieldError('endOn', `不能早于开始日期（${c.startOn}）`);
      await db.transaction(async (tx) => {
        const done = await tx
          .update(campaigns)
          .set({ ...fields, version: c.version + 1, updatedAt: new Date() })
          .where(
            and(
              eq(campaigns.districtCode, c.districtCode),
              eq(campaigns.id, c.id),
              eq(campaigns.version, version),
            ),
          )
          .returning({ id: campaigns.id });
        if (done.length === 0) throw conflict('该专项整治已被他人修改，请刷新后重试');
        await writeAudit(tx, actorOf(request), {
          action: 'update',
          subjectType: 'campaign',
          subjectId: c.id,
          regionCode: c.districtCode,
          before: Object.fromEntries(Object.keys(fields).map((k) => [k, c[k as keyof CampaignRow]])),
          after: fields,
        });
      });
      return detail(me, await fresh(me, c.id));
    },
  );

  app.post(
    '/campaigns/:id/items',
    {
      schema: {
        tags,
        params: idParams,
        body: itemCreateBody,
        response: { 201: campaignDetailView, ...errors },
      },
    },
    async (request, reply) => {
      const me = requireRole(request, ITEM_EDITORS);
      const c = await fresh(me, request.params.id);
      open(c);
      const b = request.body;
      const entity = await entityInScopeOr404(db, me, b.entityId);
      if (b.dueOn < c.startOn) throw fieldError('dueOn', `不能早于整治开始日期（${c.startOn}）`);
      const id = randomUUID();
      await db.transaction(async (tx) => {
        await tx.insert(campaignItems).values({
          districtCode: c.districtCode,
          id,
          campaignId: c.id,
          entityId: entity.id,
          townCode: entity.townCode,
          issue: b.issue,
          dueOn: b.dueOn,
          updatedBy: me.id,
        });
        await writeAudit(tx, actorOf(request), {
          action: 'add_item',
          subjectType: 'campaign',
          subjectId: c.id,
          regionCode: entity.townCode,
          after: { itemId: id, entityId: entity.id, entityName: entity.name, issue: b.issue, dueOn: b.dueOn },
        });
      });
      return reply.code(201).send(await detail(me, c));
    },
  );

  app.post(
    '/campaigns/:id/items/:itemId/status',
    {
      schema: {
        tags,
        params: itemParams,
        body: itemStatusBody,
        response: { 200: campaignDetailView, ...errors },
      },
    },
    async (request) => {
      const me = requireRole(request, ITEM_EDITORS);
      const c = await fresh(me, request.params.id);
      const [item] = await db
        .select()
        .from(campaignItems)
        .where(
          and(
            itemScope(scopeOf(me)),
            eq(campaignItems.campaignId, c.id),
            eq(campaignItems.id, request.params.itemId),
          ),
        );
      if (!item) throw notFound('清单项不存在或不在本人辖区');
      const b = request.body;
      const today = chinaDate(new Date());
      const problem = itemChangeProblem(
        { status: c.status as 'active', startOn: c.startOn },
        { status: item.status as 'open' },
        b.status,
        b.on,
        today,
      );
      if (problem) throw fieldError(problem.field, problem.reason);
      await db.transaction(async (tx) => {
        // The row lock of the update holds the state: a second change of the same item waits and re-checks.
        const done = await tx
          .update(campaignItems)
          .set({
            status: b.status,
            rectifiedOn: b.status === 'rectified' ? (b.on ?? today) : null,
            note: b.note ?? item.note,
            updatedBy: me.id,
            updatedAt: new Date(),
          })
          .where(
            and(
              eq(campaignItems.districtCode, item.districtCode),
              eq(campaignItems.id, item.id),
              eq(campaignItems.status, item.status),
            ),
          )
          .returning({ id: campaignItems.id });
        if (done.length === 0) throw conflict('该清单项已被他人修改，请刷新后重试');
        await writeAudit(tx, actorOf(request), {
          action: b.status === 'rectified' ? 'rectify_item' : 'reopen_item',
          subjectType: 'campaign',
          subjectId: c.id,
          regionCode: item.townCode,
          before: { itemId: item.id, status: item.status, rectifiedOn: item.rectifiedOn },
          after: { itemId: item.id, status: b.status, rectifiedOn: b.on ?? null, note: b.note ?? null },
        });
      });
      return detail(me, c);
    },
  );

  app.post(
    '/campaigns/:id/samples',
    {
      schema: {
        tags,
        params: idParams,
        body: campaignSampleBody,
        response: { 201: campaignDetailView, ...errors },
      },
    },
    async (request, reply) => {
      const me = requireRole(request, ITEM_EDITORS);
      const c = await fresh(me, request.params.id);
      open(c);
      const s = await sampleInScopeOr404(db, me, request.body.sampleId);
      await db.transaction(async (tx) => {
        const added = await tx
          .insert(campaignSamples)
          .values({ districtCode: c.districtCode, campaignId: c.id, sampleId: s.id })
          .onConflictDoNothing()
          .returning({ id: campaignSamples.sampleId });
        if (added.length === 0) throw conflict('该样品已关联', [{ field: 'sampleId', reason: '已关联' }]);
        await writeAudit(tx, actorOf(request), {
          action: 'link_sample',
          subjectType: 'campaign',
          subjectId: c.id,
          regionCode: s.townCode,
          after: { sampleId: s.id, sampleNo: s.sampleNo },
        });
      });
      return reply.code(201).send(await detail(me, c));
    },
  );

  // An inspection or case of the campaign: it must exist in the editor's area, and its label comes
  // from the record (cases/linked-records.ts).
  app.post(
    '/campaigns/:id/links',
    {
      schema: {
        tags,
        params: idParams,
        body: genericLinkBody,
        response: { 201: campaignDetailView, ...errors },
      },
    },
    async (request, reply) => {
      const me = requireRole(request, CAMPAIGN_EDITORS);
      const c = await fresh(me, request.params.id);
      open(c);
      const b = {
        kind: request.body.kind,
        ...(await resolveLinkedRecord(db, scopeOf(me), request.body.kind, request.body.refId)),
      };
      await db.transaction(async (tx) => {
        const added = await tx
          .insert(campaignLinks)
          .values({ districtCode: c.districtCode, campaignId: c.id, ...b, createdBy: me.id })
          .onConflictDoNothing()
          .returning({ id: campaignLinks.refId });
        if (added.length === 0) throw conflict('该记录已关联', [{ field: 'refId', reason: '已关联' }]);
        await writeAudit(tx, actorOf(request), {
          action: 'link',
          subjectType: 'campaign',
          subjectId: c.id,
          regionCode: c.districtCode,
          after: b,
        });
      });
      return reply.code(201).send(await detail(me, c));
    },
  );
};

export default routes;

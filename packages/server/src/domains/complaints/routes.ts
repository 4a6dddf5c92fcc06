import type { Role } from '@nongan/shared/accounts/schemas';
import { genericLinkBody } from '@nongan/shared/common/links';
import { errorBody, pageOf } from '@nongan/shared/common/paging';
import {
  COMPLAINT_STATUS_LABELS,
  COMPLAINT_TOPIC_LABELS,
  complaintActionBody,
  complaintDetailView,
  complaintListQuery,
  complaintView,
} from '@nongan/shared/complaints/schemas';
import { and, count, desc, eq, ilike, or, sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { conflict } from '../../platform/http-error.ts';
import { newWorkbook } from '../../platform/xlsx-write.ts';
import { actorOf, requireRole } from '../accounts/guard.ts';
import { type AuthUser, scopeOf } from '../accounts/scope.ts';
import { writeAudit } from '../audit/audit.ts';
import { resolveLinkedRecord } from '../cases/linked-records.ts';
import { attachment, XLSX_TYPE } from '../entities/export.ts';
import { chinaDate } from '../trace/rules.ts';
import { canLink, nextStatus } from './rules.ts';
import {
  complaintDetail,
  complaintScope,
  complaintViews,
  getComplaint,
  type HistoryEntry,
} from './service.ts';
import { complaintLinks, complaints } from './table.ts';

/** Who handles complaints: the district office, and a town's supervisors for their town. */
export const COMPLAINT_HANDLERS: readonly Role[] = ['district_admin', 'district_staff', 'town_supervisor'];

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const tags = ['complaints'];
const idParams = z.object({ id: z.uuid() });

const routes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.database;

  const where = (me: AuthUser, q: Omit<z.infer<typeof complaintListQuery>, 'page' | 'pageSize'>) =>
    and(
      complaintScope(scopeOf(me)),
      q.status ? eq(complaints.status, q.status) : undefined,
      q.townCode ? eq(complaints.townCode, q.townCode) : undefined,
      q.q
        ? or(
            ilike(complaints.reference, `%${q.q}%`),
            ilike(complaints.place, `%${q.q}%`),
            ilike(complaints.content, `%${q.q}%`),
          )
        : undefined,
    );
  // Waiting ones first (submitted, then in hand), newest first.
  const order = [
    sql`case ${complaints.status} when 'submitted' then 0 when 'closed' then 2 else 1 end`,
    desc(complaints.createdAt),
  ];

  app.get(
    '/complaints',
    {
      schema: { tags, querystring: complaintListQuery, response: { 200: pageOf(complaintView), ...errors } },
    },
    async (request) => {
      const me = requireRole(request, COMPLAINT_HANDLERS);
      const q = request.query;
      const w = where(me, q);
      const [{ total } = { total: 0 }] = await db.select({ total: count() }).from(complaints).where(w);
      const rows = await db
        .select()
        .from(complaints)
        .where(w)
        .orderBy(...order)
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize);
      return { items: await complaintViews(db, rows), total, page: q.page, pageSize: q.pageSize };
    },
  );

  app.get(
    '/complaints/export',
    {
      schema: {
        tags,
        querystring: complaintListQuery.omit({ page: true, pageSize: true }),
        produces: [XLSX_TYPE],
      },
    },
    async (request, reply) => {
      const me = requireRole(request, COMPLAINT_HANDLERS);
      const rows = await complaintViews(
        db,
        await db
          .select()
          .from(complaints)
          .where(where(me, request.query))
          .orderBy(...order)
          .limit(10_000),
      );
      const wb = newWorkbook();
      const ws = wb.addWorksheet('举报台账');
      ws.columns = [
        { header: '受理编号', width: 26 },
        { header: '提交日期', width: 12 },
        { header: '镇街', width: 10 },
        { header: '地点', width: 24 },
        { header: '问题类型', width: 18 },
        { header: '产品', width: 10 },
        { header: '内容', width: 50 },
        { header: '举报人', width: 10 },
        { header: '联系电话', width: 14 },
        { header: '状态', width: 14 },
      ];
      for (const c of rows)
        ws.addRow([
          c.reference,
          chinaDate(new Date(c.createdAt)),
          c.townName,
          c.place,
          COMPLAINT_TOPIC_LABELS[c.topic],
          c.product ?? '',
          c.content,
          c.anonymous ? '匿名' : (c.contactName ?? ''),
          c.contactPhone ?? '',
          COMPLAINT_STATUS_LABELS[c.status],
        ]);
      const today = chinaDate(new Date());
      return reply
        .type(XLSX_TYPE)
        .header('content-disposition', attachment(`举报台账_${today}.xlsx`, `complaints-${today}.xlsx`))
        .send(Buffer.from(await wb.xlsx.writeBuffer()));
    },
  );

  app.get(
    '/complaints/:id',
    { schema: { tags, params: idParams, response: { 200: complaintDetailView, ...errors } } },
    async (request) =>
      complaintDetail(
        db,
        await getComplaint(db, scopeOf(requireRole(request, COMPLAINT_HANDLERS)), request.params.id),
      ),
  );

  app.post(
    '/complaints/:id/actions',
    {
      schema: {
        tags,
        params: idParams,
        body: complaintActionBody,
        response: { 200: complaintDetailView, ...errors },
      },
    },
    async (request) => {
      const me = requireRole(request, COMPLAINT_HANDLERS);
      const c = await getComplaint(db, scopeOf(me), request.params.id);
      const b = request.body;
      const to = nextStatus(c.status as 'submitted', b.action);
      if (!to)
        throw conflict(`当前状态为“${COMPLAINT_STATUS_LABELS[c.status as 'submitted']}”，不能执行此操作`, [
          { field: 'action', reason: '与当前状态不符' },
        ]);
      const entry: HistoryEntry = {
        action: b.action,
        at: new Date().toISOString(),
        userId: me.id,
        byName: me.displayName,
        note: b.note ?? null,
      };
      await db.transaction(async (tx) => {
        // Conditional on the status read: of two handlers acting at once, the second gets a 409.
        const done = await tx
          .update(complaints)
          .set({
            status: to,
            history: sql`${complaints.history} || ${JSON.stringify([entry])}::jsonb`,
            ...(b.action === 'reply' ? { reply: b.reply } : {}),
            updatedAt: new Date(),
          })
          .where(
            and(
              eq(complaints.districtCode, c.districtCode),
              eq(complaints.id, c.id),
              eq(complaints.status, c.status),
            ),
          )
          .returning({ id: complaints.id });
        if (done.length === 0) throw conflict('该举报已被他人处理，请刷新后重试');
        await writeAudit(tx, actorOf(request), {
          action: b.action,
          subjectType: 'complaint',
          subjectId: c.id,
          regionCode: c.townCode,
          before: { status: c.status },
          after: { status: to, note: b.note ?? null, ...(b.reply ? { reply: b.reply } : {}) },
        });
      });
      return complaintDetail(db, await getComplaint(db, scopeOf(me), c.id));
    },
  );

  // An inspection or case taken up from the complaint: it must exist in the handler's area, and
  // its label comes from the record (cases/linked-records.ts).
  app.post(
    '/complaints/:id/links',
    {
      schema: {
        tags,
        params: idParams,
        body: genericLinkBody,
        response: { 201: complaintDetailView, ...errors },
      },
    },
    async (request, reply) => {
      const me = requireRole(request, COMPLAINT_HANDLERS);
      const c = await getComplaint(db, scopeOf(me), request.params.id);
      if (!canLink(c.status as 'submitted'))
        throw conflict(c.status === 'closed' ? '举报已办结' : '请先受理举报', [
          { field: 'kind', reason: '当前状态不能关联' },
        ]);
      const b = {
        kind: request.body.kind,
        ...(await resolveLinkedRecord(db, scopeOf(me), request.body.kind, request.body.refId)),
      };
      await db.transaction(async (tx) => {
        const added = await tx
          .insert(complaintLinks)
          .values({ districtCode: c.districtCode, complaintId: c.id, ...b, createdBy: me.id })
          .onConflictDoNothing()
          .returning({ id: complaintLinks.refId });
        if (added.length === 0) throw conflict('该记录已关联', [{ field: 'refId', reason: '已关联' }]);
        await writeAudit(tx, actorOf(request), {
          action: 'link',
          subjectType: 'complaint',
          subjectId: c.id,
          regionCode: c.townCode,
          after: b,
        });
      });
      return reply.code(201).send(await complaintDetail(db, c));
    },
  );
};

export default routes;

import { randomUUID } from 'node:crypto';
import { fileView } from '@nongan/shared/cases/schemas';
import { errorBody, pageOf } from '@nongan/shared/common/paging';
import {
  attendanceBody,
  checkinCodeView,
  checkinReceipt,
  coverageQuery,
  coverageView,
  TRAINING_CATEGORY_LABELS,
  TRAINING_STATUS_LABELS,
  trainingDetailView,
  trainingListQuery,
  trainingSessionBody,
  trainingSessionView,
  trainingStatusBody,
  userCheckinBody,
} from '@nongan/shared/training/schemas';
import { and, count, desc, eq, gte, ilike, lte, or } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { checkDocument } from '../../platform/files.ts';
import { conflict, HttpError } from '../../platform/http-error.ts';
import { uploadedFile } from '../../platform/upload.ts';
import { newWorkbook } from '../../platform/xlsx-write.ts';
import { actorOf, requireRole, requireUser } from '../accounts/guard.ts';
import { type AuthUser, codeInScope, scopeOf } from '../accounts/scope.ts';
import { users } from '../accounts/table.ts';
import { divisionInScopeOr404, entityInScopeOr404, outOfScope } from '../accounts/write-scope.ts';
import { writeAudit } from '../audit/audit.ts';
import { fileOf, filesOf, saveFile } from '../cases/files-repository.ts';
import { sendFile } from '../cases/routes.ts';
import { attachment, XLSX_TYPE } from '../entities/export.ts';
import { entities } from '../entities/table.ts';
import { chinaDate } from '../trace/rules.ts';
import { trainingCoverage } from './coverage.ts';
import { checkinCode, maskPhone, phoneKey, verifyCheckinCode } from './rules.ts';
import {
  addAttendance,
  attendanceViews,
  checkinKeys,
  editableSession,
  getSession,
  type SessionRow,
  sessionReadScope,
  sessionViews,
  TRAINING_ORGANISERS,
} from './service.ts';
import { trainingSessions } from './table.ts';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const tags = ['training'];
const idParams = z.object({ id: z.uuid() });
export const checkinPath = (id: string, code: string) =>
  `/training-checkin/${id}?code=${encodeURIComponent(code)}`;

/** Refuses a code that is not this session's today, naming the field. */
export function codeRefusal(verdict: 'invalid' | 'expired'): HttpError {
  const reason = verdict === 'expired' ? '签到码已过期（仅在培训当天有效）' : '签到码无效';
  return new HttpError(400, reason, [{ field: 'code', reason }]);
}

const routes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.database;
  const keys = () => checkinKeys(app.keyRing);

  const where = (me: AuthUser, q: Omit<z.infer<typeof trainingListQuery>, 'page' | 'pageSize'>) =>
    and(
      sessionReadScope(me),
      q.category ? eq(trainingSessions.category, q.category) : undefined,
      q.status ? eq(trainingSessions.status, q.status) : undefined,
      q.townCode ? eq(trainingSessions.townCode, q.townCode) : undefined,
      q.year ? gte(trainingSessions.heldOn, `${q.year}-01-01`) : undefined,
      q.year ? lte(trainingSessions.heldOn, `${q.year}-12-31`) : undefined,
      q.q
        ? or(
            ilike(trainingSessions.title, `%${q.q}%`),
            ilike(trainingSessions.place, `%${q.q}%`),
            ilike(trainingSessions.teacher, `%${q.q}%`),
          )
        : undefined,
    );
  const order = [desc(trainingSessions.heldOn), desc(trainingSessions.createdAt)];

  app.get(
    '/training/sessions',
    {
      schema: {
        tags,
        querystring: trainingListQuery,
        response: { 200: pageOf(trainingSessionView), ...errors },
      },
    },
    async (request) => {
      const me = requireUser(request);
      const q = request.query;
      const w = where(me, q);
      const [{ total } = { total: 0 }] = await db.select({ total: count() }).from(trainingSessions).where(w);
      const rows = await db
        .select()
        .from(trainingSessions)
        .where(w)
        .orderBy(...order)
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize);
      return { items: await sessionViews(db, me, rows), total, page: q.page, pageSize: q.pageSize };
    },
  );

  app.get(
    '/training/sessions/export',
    {
      schema: {
        tags,
        querystring: trainingListQuery.omit({ page: true, pageSize: true }),
        produces: [XLSX_TYPE],
      },
    },
    async (request, reply) => {
      const me = requireRole(request, TRAINING_ORGANISERS);
      const rows = await sessionViews(
        db,
        me,
        await db
          .select()
          .from(trainingSessions)
          .where(where(me, request.query))
          .orderBy(...order)
          .limit(10_000),
      );
      const wb = newWorkbook();
      const ws = wb.addWorksheet('培训台账');
      ws.columns = [
        { header: '日期', width: 12 },
        { header: '培训名称', width: 30 },
        { header: '类别', width: 24 },
        { header: '组织', width: 10 },
        { header: '地点', width: 24 },
        { header: '授课', width: 14 },
        { header: '教材', width: 24 },
        { header: '计划人数', width: 10 },
        { header: '实到人数', width: 10 },
        { header: '状态', width: 10 },
      ];
      for (const s of rows)
        ws.addRow([
          s.heldOn,
          s.title,
          TRAINING_CATEGORY_LABELS[s.category],
          s.townName,
          s.place,
          s.teacher,
          s.materialTitle ?? '',
          s.capacity,
          s.attendees,
          TRAINING_STATUS_LABELS[s.status],
        ]);
      const today = chinaDate(new Date());
      return reply
        .type(XLSX_TYPE)
        .header('content-disposition', attachment(`培训台账_${today}.xlsx`, `training-${today}.xlsx`))
        .send(Buffer.from(await wb.xlsx.writeBuffer()));
    },
  );

  app.post(
    '/training/sessions',
    { schema: { tags, body: trainingSessionBody, response: { 201: trainingSessionView, ...errors } } },
    async (request, reply) => {
      const me = requireRole(request, TRAINING_ORGANISERS);
      const b = request.body;
      // A town organises for its own town only; district-wide sessions are the district office's.
      if (b.townCode) divisionInScopeOr404(me, b.townCode);
      else if (scopeOf(me).kind !== 'district') throw outOfScope('townCode', '区域');
      const id = randomUUID();
      const [row] = await db.transaction(async (tx) => {
        const rows = await tx
          .insert(trainingSessions)
          .values({ districtCode: me.districtCode, id, ...b, createdBy: me.id })
          .returning();
        await writeAudit(tx, actorOf(request), {
          action: 'create',
          subjectType: 'training_session',
          subjectId: id,
          regionCode: b.townCode ?? me.districtCode,
          after: b,
        });
        return rows;
      });
      const [view] = await sessionViews(db, me, [row as SessionRow]);
      return reply.code(201).send(view as z.infer<typeof trainingSessionView>);
    },
  );

  app.get(
    '/training/sessions/:id',
    { schema: { tags, params: idParams, response: { 200: trainingDetailView, ...errors } } },
    async (request) => {
      const me = requireUser(request);
      const s = await getSession(db, me, request.params.id);
      const [view] = await sessionViews(db, me, [s]);
      return {
        ...(view as z.infer<typeof trainingSessionView>),
        attendance: await attendanceViews(db, me, s),
        materials: (await filesOf(db, s.districtCode, 'training', [s.id])).get(s.id) ?? [],
      };
    },
  );

  app.patch(
    '/training/sessions/:id/status',
    {
      schema: {
        tags,
        params: idParams,
        body: trainingStatusBody,
        response: { 200: trainingSessionView, ...errors },
      },
    },
    async (request) => {
      const me = requireRole(request, TRAINING_ORGANISERS);
      const s = await editableSession(db, me, request.params.id);
      const to = request.body.status;
      const [row] = await db.transaction(async (tx) => {
        const rows = await tx
          .update(trainingSessions)
          .set({ status: to, updatedAt: new Date() })
          .where(and(eq(trainingSessions.districtCode, s.districtCode), eq(trainingSessions.id, s.id)))
          .returning();
        await writeAudit(tx, actorOf(request), {
          action: 'status',
          subjectType: 'training_session',
          subjectId: s.id,
          regionCode: s.townCode ?? s.districtCode,
          before: { status: s.status },
          after: { status: to },
        });
        return rows;
      });
      const [view] = await sessionViews(db, me, [row as SessionRow]);
      return view as z.infer<typeof trainingSessionView>;
    },
  );

  app.post(
    '/training/sessions/:id/attendance',
    {
      schema: {
        tags,
        params: idParams,
        body: attendanceBody,
        response: { 201: trainingDetailView, ...errors },
      },
    },
    async (request, reply) => {
      const me = requireRole(request, TRAINING_ORGANISERS);
      const s = await editableSession(db, me, request.params.id);
      const b = request.body;
      const scope = scopeOf(me);
      let person: Parameters<typeof addAttendance>[2];
      if (b.userId) {
        const [u] = await db
          .select()
          .from(users)
          .where(and(eq(users.id, b.userId), eq(users.districtCode, me.districtCode)));
        let town = u?.scopeCode && u.scopeCode.length >= 9 ? u.scopeCode.slice(0, 9) : null;
        let entityId: string | null = null;
        if (u?.role === 'producer' && u.entityId) {
          const e = await entityInScopeOr404(db, me, u.entityId, 'userId');
          town = e.townCode;
          entityId = e.id;
        } else if (!u || (scope.kind !== 'district' && !(town && codeInScope(scope, town))))
          throw outOfScope('userId', '用户');
        person = {
          personKey: `u:${u.id}`,
          personName: u.displayName,
          userId: u.id,
          entityId,
          townCode: town,
          method: 'staff',
        };
      } else if (b.entityId) {
        const e = await entityInScopeOr404(db, me, b.entityId);
        person = {
          personKey: `e:${e.id}`,
          personName: b.personName ?? e.legalRep,
          entityId: e.id,
          townCode: e.townCode,
          phoneMasked: b.phone ? maskPhone(b.phone) : null,
          method: 'staff',
        };
      } else {
        person = {
          personKey: phoneKey(keys(), b.phone as string),
          personName: b.personName as string,
          townCode: s.townCode,
          phoneMasked: maskPhone(b.phone as string),
          method: 'staff',
        };
      }
      const added = await db.transaction(async (tx) => {
        const id = await addAttendance(tx, s, { ...person, createdBy: me.id });
        if (!id) return null;
        await writeAudit(tx, actorOf(request), {
          action: 'attend',
          subjectType: 'training_session',
          subjectId: s.id,
          regionCode: s.townCode ?? s.districtCode,
          after: {
            personName: person.personName,
            userId: person.userId ?? null,
            entityId: person.entityId ?? null,
          },
        });
        return id;
      });
      if (!added)
        throw conflict(`${person.personName} 已签到，不能重复登记`, [{ field: 'userId', reason: '已签到' }]);
      const [view] = await sessionViews(db, me, [s]);
      return reply.code(201).send({
        ...(view as z.infer<typeof trainingSessionView>),
        attendance: await attendanceViews(db, me, s),
        materials: (await filesOf(db, s.districtCode, 'training', [s.id])).get(s.id) ?? [],
      });
    },
  );

  app.post(
    '/training/sessions/:id/materials',
    {
      schema: {
        tags,
        params: idParams,
        consumes: ['multipart/form-data'],
        response: { 201: fileView, ...errors, 413: errorBody },
      },
    },
    async (request, reply) => {
      const me = requireRole(request, TRAINING_ORGANISERS);
      // Scope first: another town's session is a 404 before its upload is read.
      const s = await editableSession(db, me, request.params.id);
      const file = checkDocument(await uploadedFile(request));
      const view = await db.transaction((tx) =>
        saveFile(
          tx,
          actorOf(request),
          {
            type: 'training',
            id: s.id,
            districtCode: s.districtCode,
            regionCode: s.townCode ?? s.districtCode,
          },
          file,
        ),
      );
      return reply.code(201).send(view);
    },
  );

  app.get(
    '/training/sessions/:id/materials/:fileId',
    { schema: { tags, params: z.object({ id: z.uuid(), fileId: z.uuid() }) } },
    async (request, reply) => {
      const s = await getSession(db, requireUser(request), request.params.id);
      return sendFile(reply, await fileOf(db, s.districtCode, 'training', s.id, request.params.fileId));
    },
  );

  app.get(
    '/training/sessions/:id/checkin-code',
    { schema: { tags, params: idParams, response: { 200: checkinCodeView, ...errors } } },
    async (request, reply) => {
      const me = requireRole(request, TRAINING_ORGANISERS);
      const s = await editableSession(db, me, request.params.id);
      const code = checkinCode(keys(), s.id, s.heldOn);
      reply.header('cache-control', 'no-store');
      return { code, validOn: s.heldOn, path: checkinPath(s.id, code) };
    },
  );

  app.post(
    '/training/sessions/:id/checkin',
    {
      schema: { tags, params: idParams, body: userCheckinBody, response: { 200: checkinReceipt, ...errors } },
    },
    async (request) => {
      const me = requireUser(request);
      // Any account of the session's district may check in with the code; other districts' cannot see it.
      const [s] = await db
        .select()
        .from(trainingSessions)
        .where(
          and(eq(trainingSessions.districtCode, me.districtCode), eq(trainingSessions.id, request.params.id)),
        );
      if (!s) throw outOfScope('id', '培训');
      const verdict = verifyCheckinCode(keys(), request.body.code, s, chinaDate(new Date()));
      if (verdict !== 'ok') throw codeRefusal(verdict);
      let entityId: string | null = null;
      let entityName: string | null = null;
      let town = me.scopeCode && me.scopeCode.length >= 9 ? me.scopeCode.slice(0, 9) : null;
      if (me.role === 'producer' && me.entityId) {
        const [e] = await db
          .select()
          .from(entities)
          .where(and(eq(entities.districtCode, me.districtCode), eq(entities.id, me.entityId)));
        if (e) {
          entityId = e.id;
          entityName = e.name;
          town = e.townCode;
        }
      }
      const added = await db.transaction(async (tx) => {
        const id = await addAttendance(tx, s, {
          personKey: `u:${me.id}`,
          personName: me.displayName,
          userId: me.id,
          entityId,
          townCode: town,
          method: 'scan_user',
          createdBy: me.id,
        });
        if (id)
          await writeAudit(tx, actorOf(request), {
            action: 'checkin',
            subjectType: 'training_session',
            subjectId: s.id,
            regionCode: s.townCode ?? s.districtCode,
            after: { personName: me.displayName, entityId },
          });
        return id;
      });
      return { personName: me.displayName, sessionTitle: s.title, entityName, already: !added };
    },
  );

  app.get(
    '/training/coverage',
    { schema: { tags, querystring: coverageQuery, response: { 200: coverageView, ...errors } } },
    async (request) => {
      const me = requireRole(request, TRAINING_ORGANISERS);
      const year = request.query.year ?? Number(chinaDate(new Date()).slice(0, 4));
      return trainingCoverage(db, scopeOf(me), year);
    },
  );
};

export default routes;

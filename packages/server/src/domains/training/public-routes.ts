import { errorBody } from '@nongan/shared/common/paging';
import {
  checkinReceipt,
  publicCheckinBody,
  publicSessionView,
  TRAINING_CATEGORY_LABELS,
  type TrainingCategory,
} from '@nongan/shared/training/schemas';
import { and, eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HttpError, notFound } from '../../platform/http-error.ts';
import { actorOf } from '../accounts/guard.ts';
import { writeAudit } from '../audit/audit.ts';
import { entities } from '../entities/table.ts';
import { chinaDate } from '../trace/rules.ts';
import { codeRefusal } from './routes.ts';
import { maskPhone, phoneKey, verifyCheckinCode } from './rules.ts';
import { addAttendance, checkinKeys } from './service.ts';
import { trainingSessions } from './table.ts';

const tags = ['public'];
const TOO_MANY = '签到过于频繁，请稍后再试';
const params = z.object({ id: z.uuid() });

/**
 * Check-in by scanning the session's QR code without an account. The signed code (valid on the
 * session day) is the credential: without it the session reads as absent. Rate limited per IP.
 */
const routes: FastifyPluginAsyncZod<{ limit: number }> = async (app, opts) => {
  const { db } = app.database;
  const config = {
    rateLimit: {
      max: opts.limit,
      timeWindow: '1 minute',
      errorResponseBuilder: () => new HttpError(429, TOO_MANY),
    },
  };
  const sessionFor = async (id: string, code: string) => {
    const [s] = await db.select().from(trainingSessions).where(eq(trainingSessions.id, id)).limit(1);
    if (!s) throw notFound('签到码无效');
    const verdict = verifyCheckinCode(checkinKeys(app.keyRing), code, s, chinaDate(new Date()));
    if (verdict === 'invalid') throw notFound('签到码无效');
    if (verdict === 'expired') throw codeRefusal(verdict);
    return s;
  };

  app.get(
    '/api/public/training/:id',
    {
      config,
      schema: {
        tags,
        description: '扫码签到页：凭签到码读取培训名称、日期、地点（无需登录）',
        params,
        querystring: z.object({ code: z.string().min(8).max(120) }),
        response: { 200: publicSessionView, 400: errorBody, 404: errorBody, 429: errorBody },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const s = await sessionFor(request.params.id, request.query.code);
      return {
        title: s.title,
        heldOn: s.heldOn,
        place: s.place,
        teacher: s.teacher,
        categoryLabel: TRAINING_CATEGORY_LABELS[s.category as TrainingCategory],
      };
    },
  );

  app.post(
    '/api/public/training/:id/checkin',
    {
      config,
      schema: {
        tags,
        description: '扫码签到（无账号）：姓名、手机号（仅存掩码与摘要）、所在主体的统一社会信用代码。',
        params,
        body: publicCheckinBody,
        response: { 200: checkinReceipt, 400: errorBody, 404: errorBody, 429: errorBody },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const b = request.body;
      const s = await sessionFor(request.params.id, b.code);
      // The credit code links the attendee to a directory entity of the session's district only.
      const [e] = b.creditCode
        ? await db
            .select()
            .from(entities)
            .where(and(eq(entities.districtCode, s.districtCode), eq(entities.creditCode, b.creditCode)))
            .limit(1)
        : [];
      if (b.creditCode && !e)
        throw new HttpError(400, '未在主体名录中找到该统一社会信用代码', [
          { field: 'creditCode', reason: '名录中无此代码，可留空' },
        ]);
      const added = await db.transaction(async (tx) => {
        const id = await addAttendance(tx, s, {
          personKey: phoneKey(checkinKeys(app.keyRing), b.phone),
          personName: b.personName,
          entityId: e?.id ?? null,
          townCode: e?.townCode ?? s.townCode,
          phoneMasked: maskPhone(b.phone),
          method: 'scan_public',
        });
        if (id)
          await writeAudit(tx, actorOf(request), {
            action: 'checkin',
            subjectType: 'training_session',
            subjectId: s.id,
            regionCode: s.townCode ?? s.districtCode,
            after: { personName: b.personName, entityId: e?.id ?? null },
          });
        return id;
      });
      return {
        personName: b.personName,
        sessionTitle: s.title,
        entityName: e?.name ?? null,
        already: !added,
      };
    },
  );
};

export default routes;

import { errorBody } from '@nongan/shared/common/paging';
import { publicSurveyView, responseBody } from '@nongan/shared/publicity/schemas';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HttpError } from '../../platform/http-error.ts';
import { DEVICE_COOKIE, deviceIdOf, newDeviceToken, respondentKey } from './respondent.ts';
import { alreadyAnswered, publicSurvey, submitResponse, surveyBySlug } from './survey-service.ts';

const tags = ['public'];
const TOO_MANY = '提交过于频繁，请稍后再试';
const slugParams = z.object({ slug: z.string().regex(/^[a-z0-9]{4,16}$/, '链接不正确') });

/**
 * The public satisfaction form (no login), rate limited per IP like the complaint form. A device
 * gets a signed random token in an HttpOnly cookie on its first visit; one answer per survey per
 * device token and per phone number (if given), held by unique indexes.
 */
const routes: FastifyPluginAsyncZod<{
  submitLimit: number;
  lookupLimit: number;
  secureCookie: boolean;
}> = async (app, opts) => {
  const { db } = app.database;
  const limit = (max: number, timeWindow: string) => ({
    rateLimit: { max, timeWindow, errorResponseBuilder: () => new HttpError(429, TOO_MANY) },
  });
  /** The device id of a genuine cookie, or a new one set on the reply. */
  const device = async (cookie: string | undefined, reply: FastifyReply) => {
    const key = await respondentKey(db);
    const id = deviceIdOf(key, cookie);
    if (id) return { id, fresh: false };
    const token = newDeviceToken(key);
    reply.setCookie(DEVICE_COOKIE, token, {
      path: '/api/public/surveys',
      httpOnly: true,
      sameSite: 'lax',
      secure: opts.secureCookie,
      maxAge: 366 * 86400,
    });
    return { id: deviceIdOf(key, token)!, fresh: true };
  };

  app.get(
    '/api/public/surveys/:slug',
    {
      config: limit(opts.lookupLimit, '1 minute'),
      schema: {
        tags,
        description: '满意度调查表单（无需登录）',
        params: slugParams,
        response: { 200: publicSurveyView, 400: errorBody, 404: errorBody, 429: errorBody },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const s = await surveyBySlug(db, request.params.slug);
      const d = await device(request.cookies[DEVICE_COOKIE], reply);
      return publicSurvey(db, s, !d.fresh && (await alreadyAnswered(db, s, d.id)));
    },
  );

  app.post(
    '/api/public/surveys/:slug/responses',
    {
      config: limit(opts.submitLimit, '10 minutes'),
      schema: {
        tags,
        description: '提交满意度调查答卷（无需登录）：每台设备、每个手机号限答一次；手机号只保存其密钥哈希。',
        params: slugParams,
        body: responseBody,
        response: {
          201: z.object({ id: z.string(), createdAt: z.string() }),
          400: errorBody,
          404: errorBody,
          409: errorBody,
          429: errorBody,
        },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const s = await surveyBySlug(db, request.params.slug);
      const d = await device(request.cookies[DEVICE_COOKIE], reply);
      return reply.code(201).send(await submitResponse(db, s, request.body, d.id, request.ip ?? null));
    },
  );
};

export default routes;

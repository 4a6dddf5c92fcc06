import { publicTraceUnknown, publicTraceView, VALIDITY_LABELS } from '@nongan/shared/certificates/schemas';
import { errorBody } from '@nongan/shared/common/paging';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HttpError } from '../../platform/http-error.ts';
import { scanState } from './scan-cache.ts';
import { messagePage, PAGE_HEADERS, tracePage, unknownPage } from './scan-page.ts';
import { codeRegistered, type ScanContext, scanCode } from './scan-service.ts';
import { fullSignature } from './trace-code.ts';

/**
 * The public scan (no login): the page a QR code opens, /t/<code>, and the same as JSON at
 * /api/public/trace/<code>. Both are rate limited per IP and record each scan of a genuine or
 * revoked certificate; a forged, altered or unregistered code records nothing.
 */
// A wildcard, not `:code`: a legacy code (115 characters) is longer than Fastify's limit on a
// named parameter (maxParamLength, 100), which would answer 414 before reaching the route.
const params = z.object({ '*': z.string() });
// Not strict: WeChat appends its own parameters (from=singlemessage…) to shared links.
// A repeated or odd value is ignored (no place), never a failed scan.
const coordinate = z.union([z.string(), z.array(z.string())]).optional();
const query = z.object({ lat: coordinate, lng: coordinate });
const tags = ['public'];

const UNKNOWN_MESSAGE = '追溯码无法识别：未在平台登记，或已被伪造、篡改';
const TOO_MANY = '查询过于频繁，请稍后再试';

const routes: FastifyPluginAsyncZod<{ rateLimit: number }> = async (app, opts) => {
  const { db } = app.database;
  // Scan records are written in batches (scan-cache.ts): all of them before the app closes.
  app.addHook('onClose', () => scanState(db).log.close());
  const rateLimit = {
    max: opts.rateLimit,
    timeWindow: '1 minute',
    errorResponseBuilder: () => new HttpError(429, TOO_MANY),
  };
  const context = (request: FastifyRequest, q: z.infer<typeof query>): ScanContext => ({
    ip: request.ip,
    userAgent: request.headers['user-agent'],
    lat: q.lat,
    lng: q.lng,
  });
  // HEAD (a link checker, a scanner app asking whether a code is real) gets the status alone from
  // one index probe: no page reads, no body, no scan record. GET routes below do not expose HEAD.
  const head = async (code: string, reply: FastifyReply) => {
    const found = await codeRegistered(db, app.keyRing, code);
    return reply.code(found ? 200 : 404).send();
  };

  app.head(
    '/api/public/trace/*',
    { config: { rateLimit }, schema: { hide: true, params, querystring: query } },
    async (request, reply) => {
      reply.header('cache-control', 'no-store').header('content-type', 'application/json; charset=utf-8');
      return head(request.params['*'], reply);
    },
  );
  app.get(
    '/api/public/trace/*',
    {
      exposeHeadRoute: false,
      config: { rateLimit },
      // The schema documents the answer (OpenAPI); the view is built field by field to its type
      // (scan-service.ts publicView), so the hot public route skips re-checking it on every scan.
      // scan.int.test.ts parses answers with the schema.
      serializerCompiler: () => (data) => JSON.stringify(data),
      schema: {
        tags,
        description:
          '公开扫码查询（无需登录）：合格证真伪、内容、检测与主体监管赋色。每次查询都会记录（粗略位置）。',
        params,
        querystring: query,
        response: { 200: publicTraceView, 404: publicTraceUnknown, 429: errorBody },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const { check, view } = await scanCode(
        db,
        app.keyRing,
        request.params['*'],
        context(request, request.query),
      );
      if (!view || !check.ok)
        return reply.code(404).send({
          statusCode: 404,
          error: 'Not Found',
          message: UNKNOWN_MESSAGE,
          validity: 'unknown' as const,
          validityLabel: VALIDITY_LABELS.unknown,
        });
      // Verifying made the signature; the check (cached per code) keeps it, so nothing is signed here.
      const sig = fullSignature(app.keyRing, check);
      return { ...view, signature: sig && { algorithm: 'Ed25519' as const, ...sig } };
    },
  );

  // The page gets its own error handler, so a limit or a failure reads as a page, not JSON.
  const pagePlugin: FastifyPluginAsyncZod = async (page) => {
    page.setErrorHandler((err: FastifyError, request, reply) => {
      const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
      if (status === 500) request.log.error({ err }, 'scan page failed');
      reply.code(status).headers(PAGE_HEADERS);
      if (status === 429) return reply.send(messagePage('查询过于频繁', TOO_MANY));
      if (status < 500) return reply.send(messagePage('链接无效', '请重新扫描合格证上的二维码。'));
      return reply.send(messagePage('暂时无法查询', '服务暂时不可用，请稍后再试。'));
    });

    // A compact code's QR holds an upper-case URL (/T/…, QR alphanumeric mode); both are one page.
    for (const prefix of ['/t/*', '/T/*']) {
      page.head(
        prefix,
        { config: { rateLimit }, schema: { hide: true, params, querystring: query } },
        async (request, reply) => {
          reply.headers(PAGE_HEADERS);
          return head(request.params['*'], reply);
        },
      );
      page.get(
        prefix,
        { exposeHeadRoute: false, config: { rateLimit }, schema: { hide: true, params, querystring: query } },
        async (request, reply) => {
          reply.headers(PAGE_HEADERS);
          const { view } = await scanCode(
            db,
            app.keyRing,
            request.params['*'],
            context(request, request.query),
          );
          if (!view) return reply.code(404).send(unknownPage());
          return reply.send(tracePage(view));
        },
      );
    }
  };
  await app.register(pagePlugin);
};

export default routes;

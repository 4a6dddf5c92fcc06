import '@nongan/shared/common/zod-locale';
import { existsSync } from 'node:fs';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { registerAuditLabels } from './audit-labels.ts';
import type { Database } from './db/client.ts';
import { assertPasswordChanged } from './domains/accounts/password-gate.ts';
import accountRoutes from './domains/accounts/routes.ts';
import type { AuthUser } from './domains/accounts/scope.ts';
import { SESSION_COOKIE, userForToken } from './domains/accounts/sessions.ts';
import assessmentRoutes from './domains/assessment/routes.ts';
import auditRoutes from './domains/audit/routes.ts';
import brandRoutes from './domains/brands/routes.ts';
import bulletinRoutes from './domains/bulletins/routes.ts';
import campaignRoutes from './domains/campaigns/routes.ts';
import caseRoutes from './domains/cases/routes.ts';
import { type KeyRing, memoryKeyRing } from './domains/certificates/keys.ts';
import marketRoutes from './domains/certificates/market-routes.ts';
import certificateRoutes from './domains/certificates/routes.ts';
import scanRoutes from './domains/certificates/scan-routes.ts';
import complaintPublicRoutes from './domains/complaints/public-routes.ts';
import complaintRoutes from './domains/complaints/routes.ts';
import dossierRoutes from './domains/dossier/routes.ts';
import entityRoutes from './domains/entities/routes.ts';
import entityTransferRoutes from './domains/entities/transfer-routes.ts';
import inspectionRoutes from './domains/inspections/routes.ts';
import publicityEventRoutes from './domains/publicity/event-routes.ts';
import surveyPublicRoutes from './domains/publicity/public-routes.ts';
import surveyRoutes from './domains/publicity/survey-routes.ts';
import regionRoutes from './domains/regions/routes.ts';
import riskRoutes from './domains/risk/routes.ts';
import planRoutes from './domains/sampling/plan-routes.ts';
import rapidRoutes from './domains/sampling/rapid-routes.ts';
import reportRoutes, { publicReportRoutes } from './domains/sampling/report-routes.ts';
import sampleRoutes from './domains/sampling/sample-routes.ts';
import standardisationRoutes from './domains/standardisation/routes.ts';
import standardsLookupRoutes from './domains/standards/lookup-routes.ts';
import standardsRoutes from './domains/standards/routes.ts';
import productionRoutes from './domains/trace/production-routes.ts';
import trainingPublicRoutes from './domains/training/public-routes.ts';
import trainingRoutes from './domains/training/routes.ts';
import warningRoutes from './domains/warnings/routes.ts';
import { frameworkErrors, installErrorHandler } from './platform/error-handler.ts';
import { OutboxRunner } from './platform/outbox.ts';
import { installSameOriginGuard } from './platform/same-origin.ts';
import { installSecurityHeaders } from './platform/security-headers.ts';
import { installTextGuard } from './platform/text-guard.ts';
import type { TrustProxy } from './platform/trust-proxy.ts';
import { Upkeep } from './platform/upkeep.ts';
import { holdUploadPool } from './platform/upload.ts';

declare module 'fastify' {
  interface FastifyInstance {
    database: Database;
    keyRing: KeyRing;
    /** Base of public URLs (trace codes); null = taken from the request. */
    publicUrl: string | null;
    /** Domain-event consumers and periodic jobs (platform/outbox.ts). */
    outbox: OutboxRunner;
    /** Runs every pending consumer (and the periodic jobs) now, until nothing is left: for tests. */
    drainEvents(opts?: { jobs?: boolean }): Promise<number>;
    /** Upkeep run after the answer (platform/upkeep.ts); drained on close. */
    upkeep: Upkeep;
  }
  interface FastifyRequest {
    user: AuthUser | null;
  }
}

export interface AppOptions {
  database: Database;
  /** Whether the data is the synthetic demo district (shown as a banner in the UI). */
  demo?: boolean;
  /** Built web app to serve at /; absent in API-only tests. */
  webDist?: string;
  logger?: boolean | object;
  secureCookie?: boolean;
  /** Requests per minute per IP on the login route. */
  loginRateLimit?: number;
  /** Keys that sign trace codes; a throw-away ring when absent (tests). */
  keyRing?: KeyRing;
  /** Public base URL printed in QR codes (NONGAN_PUBLIC_URL); else the request's own. */
  publicUrl?: string | null;
  /** Public scan requests per minute per IP. */
  scanRateLimit?: number;
  /** Public complaints per IP per 10 minutes, and public status lookups per IP per minute. */
  complaintRateLimit?: { submit: number; lookup: number };
  /** Public survey answers per IP per 10 minutes, and form loads per IP per minute. */
  surveyRateLimit?: { submit: number; lookup: number };
  /** Public training check-ins (and their page reads) per IP per minute. */
  checkinRateLimit?: number;
  /** Proxies whose X-Forwarded-* headers are believed (NONGAN_TRUST_PROXY); default none. */
  trustProxy?: TrustProxy;
  /** Keep one upload worker started (the served app), so an import does not wait for one to start. */
  warmUploadWorker?: boolean;
  /** How often the outbox runner looks for missed events and due jobs; default 30 s. */
  outboxIntervalMs?: number;
}

/**
 * Hashed build assets never change under their name: cached for a year. Everything else (index.html,
 * the service worker, the manifest) is revalidated on each load so a new release shows at once.
 */
export function cacheControlFor(path: string): string {
  return /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache';
}

export const BODY_LIMIT = 1024 * 1024;
export const UPLOAD_LIMIT = 20 * 1024 * 1024;

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: BODY_LIMIT,
    // request.ip, request.host and request.protocol come from X-Forwarded-* only via these proxies.
    trustProxy: opts.trustProxy ?? false,
    frameworkErrors,
  });
  registerAuditLabels();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('database', opts.database);
  app.decorate('keyRing', opts.keyRing ?? memoryKeyRing());
  app.decorate('publicUrl', opts.publicUrl ?? null);
  app.decorateRequest('user', null);
  const serveWeb = !!opts.webDist && existsSync(opts.webDist);
  installErrorHandler(app, { spaFallback: serveWeb });
  // Domain events are consumed in-process after commit: on start-up, on a timer, and before the
  // response of a write that emitted one (so a client reading next sees the consequence).
  const outbox = new OutboxRunner(opts.database.db);
  app.decorate('outbox', outbox);
  app.decorate('drainEvents', (o?: { jobs?: boolean }) => outbox.drain(o));
  app.addHook('onReady', async () => outbox.start(opts.outboxIntervalMs ?? 30_000));
  app.addHook('onClose', () => outbox.stop());
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.method !== 'GET' && reply.statusCode < 400 && outbox.dirty) await outbox.kick();
    return payload;
  });
  const upkeep = new Upkeep((what, err) => app.log.error({ err }, `${what}失败`));
  app.decorate('upkeep', upkeep);
  app.addHook('onClose', () => upkeep.drain());
  // Uploads are parsed in worker threads; the last app to close stops them.
  app.addHook('onClose', holdUploadPool(opts.warmUploadWorker));

  // --- HTTP trust boundary (platform/): headers, cross-site writes, hostile text. ---
  await installSecurityHeaders(app, { https: opts.secureCookie ?? false });
  installSameOriginGuard(app, opts.publicUrl ?? null);
  installTextGuard(app);
  // --- end of trust boundary ---

  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifyMultipart, { limits: { fileSize: UPLOAD_LIMIT, files: 1, fields: 10 } });
  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Nong’an API', description: '农产品质量安全监管平台 API', version: '0.1.0' },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  app.addHook('onRequest', async (request) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) request.user = await userForToken(opts.database.db, token);
    assertPasswordChanged(request);
  });

  await app.register(
    async (api) => {
      await api.register(accountRoutes, {
        demo: opts.demo ?? false,
        secureCookie: opts.secureCookie ?? false,
        loginRateLimit: opts.loginRateLimit ?? 10,
      });
      await api.register(regionRoutes);
      await api.register(entityRoutes);
      await api.register(entityTransferRoutes);
      await api.register(dossierRoutes);
      await api.register(auditRoutes);
      await api.register(planRoutes);
      await api.register(rapidRoutes);
      await api.register(sampleRoutes);
      await api.register(reportRoutes);
      await api.register(standardsRoutes);
      await api.register(certificateRoutes);
      await api.register(marketRoutes);
      await api.register(productionRoutes);
      await api.register(standardsLookupRoutes);
      await api.register(inspectionRoutes);
      await api.register(campaignRoutes);
      await api.register(riskRoutes);
      await api.register(complaintRoutes);
      await api.register(brandRoutes);
      await api.register(standardisationRoutes);
      await api.register(trainingRoutes);
      await api.register(caseRoutes);
      await api.register(publicityEventRoutes);
      await api.register(surveyRoutes);
      await api.register(warningRoutes);
      await api.register(assessmentRoutes);
      await api.register(bulletinRoutes);
    },
    { prefix: '/api' },
  );

  // The public scan page (/t/<code>) and its JSON (/api/public/trace/<code>): no login.
  await app.register(scanRoutes, { rateLimit: opts.scanRateLimit ?? 120 });
  await app.register(publicReportRoutes, { rateLimit: opts.scanRateLimit ?? 120 });
  // The public complaint form's API (/api/public/complaints…): no login, rate limited per IP.
  await app.register(complaintPublicRoutes, {
    submitLimit: opts.complaintRateLimit?.submit ?? 5,
    lookupLimit: opts.complaintRateLimit?.lookup ?? 30,
  });
  // The public satisfaction form's API (/api/public/surveys…): no login, rate limited per IP.
  await app.register(surveyPublicRoutes, {
    submitLimit: opts.surveyRateLimit?.submit ?? 10,
    lookupLimit: opts.surveyRateLimit?.lookup ?? 60,
    secureCookie: opts.secureCookie ?? false,
  });
  // Check-in by the session's QR code without an account (/api/public/training…), rate limited per IP.
  await app.register(trainingPublicRoutes, { limit: opts.checkinRateLimit ?? 30 });

  if (serveWeb)
    await app.register(fastifyStatic, {
      root: opts.webDist as string,
      wildcard: false,
      // The build leaves .br/.gz beside each asset (packages/web/scripts/precompress.mjs).
      preCompressed: true,
      setHeaders: (reply, path) => reply.header('cache-control', cacheControlFor(path)),
    });
  return app;
}

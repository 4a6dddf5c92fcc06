import type { Role } from '@nongan/shared/accounts/schemas';
import {
  batchIssueBody,
  buyerIssueBody,
  certificateDetailView,
  certificateIssueBody,
  certificateQuery,
  certificateView,
  issueCheckView,
  issueResultView,
  legacyImportView,
  mismatchQuery,
  mismatchView,
  printBody,
  receiveBody,
  receivedQuery,
  receivedView,
  revokeBody,
  shipBody,
  supervisionQuery,
  supervisionView,
  traceEventView,
} from '@nongan/shared/certificates/schemas';
import { errorBody, pageOf } from '@nongan/shared/common/paging';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { uploadedFile } from '../../platform/upload.ts';
import { actorOf, requireRole } from '../accounts/guard.ts';
import { scopeOf } from '../accounts/scope.ts';
import { attachment, XLSX_TYPE } from '../entities/export.ts';
import { issueBuyerCertificate, receiveCertificate, receivedViews, searchReceived } from './buyer-service.ts';
import { epcisDocument, eventView, listEvents, recordShipment } from './events-service.ts';
import { issueCertificates, prepareIssue } from './issue-service.ts';
import { recordPrint, revokeCertificate } from './lifecycle-service.ts';
import { certificateDetail, getCertificate, searchCertificates } from './repository.ts';
import { mismatches, supervision } from './supervision.ts';
import { exportCertificates, importLegacy, legacyTemplate } from './transfer.ts';

export const ISSUERS: readonly Role[] = ['producer', 'town_supervisor', 'district_admin', 'district_staff'];
const READERS: readonly Role[] = [...ISSUERS, 'village_coordinator'];
const SUPERVISORS: readonly Role[] = ['district_admin', 'district_staff', 'town_supervisor'];
const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const tags = ['certificates'];
const idParams = z.object({ id: z.uuid() });

const routes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.database;
  const ring = app.keyRing;
  /** Base of QR payloads: the configured public URL, else this request's origin. */
  const base = (r: FastifyRequest) => app.publicUrl ?? `${r.protocol}://${r.host}`;
  const issuer = (r: FastifyRequest) => {
    const user = requireRole(r, ISSUERS);
    return { user, scope: scopeOf(user), actor: { ...actorOf(r), user } };
  };
  const detail = async (r: FastifyRequest, id: string) =>
    certificateDetail(db, await getCertificate(db, scopeOf(requireRole(r, READERS)), id), base(r));

  app.get(
    '/certificates',
    {
      schema: { tags, querystring: certificateQuery, response: { 200: pageOf(certificateView), ...errors } },
    },
    async (request) =>
      searchCertificates(db, scopeOf(requireRole(request, READERS)), request.query, base(request)),
  );

  app.get(
    '/certificates/export.xlsx',
    { schema: { tags, querystring: certificateQuery.omit({ page: true, pageSize: true }) } },
    async (request, reply) => {
      const buf = await exportCertificates(db, scopeOf(requireRole(request, READERS)), request.query);
      const day = new Date().toISOString().slice(0, 10).replaceAll('-', '');
      return reply
        .type(XLSX_TYPE)
        .header('content-disposition', attachment(`承诺达标合格证-${day}.xlsx`, `certificates-${day}.xlsx`))
        .send(buf);
    },
  );

  app.get('/certificates/legacy/template.xlsx', { schema: { tags } }, async (request, reply) => {
    requireRole(request, ISSUERS);
    return reply
      .type(XLSX_TYPE)
      .header(
        'content-disposition',
        attachment('旧版合格证导入模板.xlsx', 'legacy-certificates-template.xlsx'),
      )
      .send(await legacyTemplate());
  });

  app.post(
    '/certificates/legacy/import',
    {
      schema: {
        tags,
        consumes: ['multipart/form-data'],
        querystring: z.strictObject({ mode: z.enum(['strict', 'lenient']).default('strict') }),
        response: { 200: legacyImportView, ...errors, 413: errorBody },
      },
    },
    async (request) => {
      const { scope, actor } = issuer(request);
      const { buffer } = await uploadedFile(request);
      return importLegacy(db, ring, actor, scope, buffer, request.query.mode);
    },
  );

  app.post(
    '/certificates/check',
    { schema: { tags, body: certificateIssueBody, response: { 200: issueCheckView, ...errors } } },
    async (request) => {
      const { user, scope } = issuer(request);
      const { problems, warnings } = await prepareIssue(db, user, scope, request.body);
      return { problems, warnings };
    },
  );

  app.post(
    '/certificates',
    { schema: { tags, body: certificateIssueBody, response: { 201: certificateDetailView, ...errors } } },
    async (request, reply) => {
      const { scope, actor } = issuer(request);
      const [made] = await issueCertificates(db, ring, actor, scope, [request.body]);
      return reply.code(201).send(await detail(request, made!.id));
    },
  );

  app.post(
    '/certificates/batch',
    { schema: { tags, body: batchIssueBody, response: { 201: issueResultView, ...errors } } },
    async (request, reply) => {
      const { scope, actor } = issuer(request);
      const made = await issueCertificates(
        db,
        ring,
        actor,
        scope,
        request.body.certificates,
        (i) => `certificates.${i}.`,
      );
      const items = [];
      for (const m of made) items.push(await detail(request, m.id));
      return reply.code(201).send({ items });
    },
  );

  app.get(
    '/certificates/received',
    { schema: { tags, querystring: receivedQuery, response: { 200: pageOf(receivedView), ...errors } } },
    async (request) => searchReceived(db, scopeOf(requireRole(request, READERS)), request.query),
  );

  app.post(
    '/certificates/received',
    { schema: { tags, body: receiveBody, response: { 201: receivedView, ...errors } } },
    async (request, reply) => {
      const { scope, actor } = issuer(request);
      const row = await receiveCertificate(db, ring, actor, scope, request.body);
      return reply.code(201).send((await receivedViews(db, [row]))[0]!);
    },
  );

  app.post(
    '/certificates/buyer',
    { schema: { tags, body: buyerIssueBody, response: { 201: certificateDetailView, ...errors } } },
    async (request, reply) => {
      const { scope, actor } = issuer(request);
      const made = await issueBuyerCertificate(db, ring, actor, scope, request.body);
      return reply.code(201).send(await detail(request, made.id));
    },
  );

  app.get(
    '/certificates/supervision',
    { schema: { tags, querystring: supervisionQuery, response: { 200: supervisionView, ...errors } } },
    async (request) => supervision(db, scopeOf(requireRole(request, SUPERVISORS)), request.query),
  );

  app.get(
    '/certificates/mismatches',
    {
      schema: {
        tags,
        querystring: mismatchQuery,
        response: { 200: z.object({ items: z.array(mismatchView) }), ...errors },
      },
    },
    async (request) => mismatches(db, scopeOf(requireRole(request, SUPERVISORS)), request.query),
  );

  app.get(
    '/certificates/:id',
    { schema: { tags, params: idParams, response: { 200: certificateDetailView, ...errors } } },
    async (request) => detail(request, request.params.id),
  );

  app.post(
    '/certificates/:id/revoke',
    {
      schema: {
        tags,
        params: idParams,
        body: revokeBody,
        response: { 200: certificateDetailView, ...errors },
      },
    },
    async (request) => {
      const { scope, actor } = issuer(request);
      await revokeCertificate(db, actor, scope, request.params.id, request.body.reason);
      return detail(request, request.params.id);
    },
  );

  app.post(
    '/certificates/:id/print',
    {
      schema: {
        tags,
        params: idParams,
        body: printBody,
        response: { 200: certificateDetailView, ...errors },
      },
    },
    async (request) => {
      const { scope, actor } = issuer(request);
      await recordPrint(db, actor, scope, request.params.id, request.body);
      return detail(request, request.params.id);
    },
  );

  app.get(
    '/certificates/:id/events',
    {
      schema: {
        tags,
        params: idParams,
        response: { 200: z.object({ items: z.array(traceEventView) }), ...errors },
      },
    },
    async (request) => {
      const c = await getCertificate(db, scopeOf(requireRole(request, READERS)), request.params.id);
      return { items: (await listEvents(db, c)).map(eventView) };
    },
  );

  app.post(
    '/certificates/:id/events',
    { schema: { tags, params: idParams, body: shipBody, response: { 201: traceEventView, ...errors } } },
    async (request, reply) => {
      const { scope, actor } = issuer(request);
      return reply
        .code(201)
        .send(eventView(await recordShipment(db, actor, scope, request.params.id, request.body)));
    },
  );

  app.get(
    '/certificates/:id/epcis',
    {
      schema: { tags, params: idParams, description: 'The lot history as a GS1 EPCIS 2.0 JSON-LD document.' },
    },
    async (request, reply) => {
      const c = await getCertificate(db, scopeOf(requireRole(request, READERS)), request.params.id);
      const doc = await epcisDocument(db, c, base(request));
      return reply
        .type('application/ld+json; charset=utf-8')
        .header('content-disposition', attachment(`EPCIS-${c.certNo}.jsonld`, `epcis-${c.certNo}.jsonld`))
        .send(JSON.stringify(doc));
    },
  );
};

export default routes;

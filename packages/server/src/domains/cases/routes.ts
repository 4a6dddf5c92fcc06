import type { Role } from '@nongan/shared/accounts/schemas';
import {
  CASE_READERS,
  CASE_SETTINGS_EDITORS,
  CASE_WRITERS,
  caseCreateBody,
  caseDetailView,
  caseQuery,
  caseSettingsBody,
  caseSettingsView,
  caseView,
  disposeBody,
  fileView,
  findingsBody,
  transferBody,
  transitionBody,
} from '@nongan/shared/cases/schemas';
import { errorBody, pageOf } from '@nongan/shared/common/paging';
import { holdQuery, holdView } from '@nongan/shared/sampling/tests';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { checkDocument } from '../../platform/files.ts';
import { uploadedFile } from '../../platform/upload.ts';
import { actorOf, requireRole } from '../accounts/guard.ts';
import { scopeOf } from '../accounts/scope.ts';
import { attachment, XLSX_TYPE } from '../entities/export.ts';
import { casesWorkbook } from './export.ts';
import { fileOf } from './files-repository.ts';
import { addHoldEvidence, disposeHold, holdInScopeOr404, listHolds } from './holds.ts';
import { caseDetail, caseInScopeOr404, searchCases } from './repository.ts';
import { addCaseDocument, openCase, recordTransfer, saveFindings, transitionCase } from './service.ts';
import { getCaseSettings, SETTINGS_NOTE, saveCaseSettings } from './settings.ts';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const tags = ['cases'];
const idParams = z.object({ id: z.uuid('应为编号（UUID）') });
const fileParams = idParams.extend({ fileId: z.uuid('应为文件编号（UUID）') });
/** The hold list keeps its readers from sampling (the testing centre and village coordinators see it too). */
const HOLD_READERS: readonly Role[] = [...CASE_READERS, 'testing_centre', 'village_coordinator'];

const routes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.database;

  app.get(
    '/cases',
    { schema: { tags, querystring: caseQuery, response: { 200: pageOf(caseView), ...errors } } },
    async (request) => searchCases(db, scopeOf(requireRole(request, CASE_READERS)), request.query),
  );

  app.get(
    '/cases/export',
    { schema: { tags, querystring: caseQuery, produces: [XLSX_TYPE] } },
    async (request, reply) => {
      const { page: _p, pageSize: _s, ...filter } = request.query;
      const body = await casesWorkbook(db, scopeOf(requireRole(request, CASE_READERS)), filter);
      const day = new Date().toISOString().slice(0, 10).replaceAll('-', '');
      return reply
        .type(XLSX_TYPE)
        .header('content-disposition', attachment(`案件_${day}.xlsx`, `cases-${day}.xlsx`))
        .send(body);
    },
  );

  app.get(
    '/cases/settings',
    { schema: { tags, response: { 200: caseSettingsView, ...errors } } },
    async (request) => {
      const me = requireRole(request, CASE_READERS);
      return { ...(await getCaseSettings(db, me.districtCode)), note: SETTINGS_NOTE };
    },
  );

  app.put(
    '/cases/settings',
    { schema: { tags, body: caseSettingsBody, response: { 200: caseSettingsView, ...errors } } },
    async (request) => {
      const me = requireRole(request, CASE_SETTINGS_EDITORS);
      await saveCaseSettings(db, actorOf(request), me.districtCode, request.body);
      return { ...(await getCaseSettings(db, me.districtCode)), note: SETTINGS_NOTE };
    },
  );

  app.get(
    '/cases/:id',
    { schema: { tags, params: idParams, response: { 200: caseDetailView, ...errors } } },
    async (request) => {
      const scope = scopeOf(requireRole(request, CASE_READERS));
      return caseDetail(db, await caseInScopeOr404(db, scope, request.params.id));
    },
  );

  app.post(
    '/cases',
    { schema: { tags, body: caseCreateBody, response: { 201: caseDetailView, ...errors } } },
    async (request, reply) => {
      const scope = scopeOf(requireRole(request, CASE_WRITERS));
      const { id } = await db.transaction((tx) => openCase(tx, actorOf(request), request.body));
      return reply.code(201).send(await caseDetail(db, await caseInScopeOr404(db, scope, id)));
    },
  );

  app.post(
    '/cases/:id/transition',
    {
      schema: { tags, params: idParams, body: transitionBody, response: { 200: caseDetailView, ...errors } },
    },
    async (request) => {
      const scope = scopeOf(requireRole(request, CASE_WRITERS));
      await transitionCase(db, actorOf(request), scope, request.params.id, request.body);
      return caseDetail(db, await caseInScopeOr404(db, scope, request.params.id));
    },
  );

  app.patch(
    '/cases/:id/findings',
    { schema: { tags, params: idParams, body: findingsBody, response: { 200: caseDetailView, ...errors } } },
    async (request) => {
      const scope = scopeOf(requireRole(request, CASE_WRITERS));
      await saveFindings(db, actorOf(request), scope, request.params.id, request.body);
      return caseDetail(db, await caseInScopeOr404(db, scope, request.params.id));
    },
  );

  app.post(
    '/cases/:id/transfer',
    { schema: { tags, params: idParams, body: transferBody, response: { 200: caseDetailView, ...errors } } },
    async (request) => {
      const scope = scopeOf(requireRole(request, CASE_WRITERS));
      await recordTransfer(db, actorOf(request), scope, request.params.id, request.body);
      return caseDetail(db, await caseInScopeOr404(db, scope, request.params.id));
    },
  );

  app.post(
    '/cases/:id/documents',
    {
      schema: {
        tags,
        params: idParams,
        consumes: ['multipart/form-data'],
        response: { 201: fileView, ...errors, 413: errorBody },
      },
    },
    async (request, reply) => {
      const scope = scopeOf(requireRole(request, CASE_WRITERS));
      // Scope first: an out-of-area case is a 404 before its upload is even read.
      await caseInScopeOr404(db, scope, request.params.id);
      const file = checkDocument(await uploadedFile(request));
      return reply
        .code(201)
        .send(await addCaseDocument(db, actorOf(request), scope, request.params.id, file));
    },
  );

  app.get(
    '/cases/:id/documents/:fileId',
    { schema: { tags, params: fileParams } },
    async (request, reply) => {
      const c = await caseInScopeOr404(db, scopeOf(requireRole(request, CASE_READERS)), request.params.id);
      const f = await fileOf(db, c.districtCode, 'case', c.id, request.params.fileId);
      return sendFile(reply, f);
    },
  );

  // --- held lots (lot_holds): list, disposition, evidence ---

  app.get(
    '/sampling/holds',
    {
      schema: { tags: ['sampling'], querystring: holdQuery, response: { 200: z.array(holdView), ...errors } },
    },
    async (request) => listHolds(db, scopeOf(requireRole(request, HOLD_READERS)), request.query),
  );

  app.post(
    '/sampling/holds/:id/dispose',
    {
      schema: {
        tags: ['sampling'],
        params: idParams,
        body: disposeBody,
        response: { 200: holdView, ...errors },
      },
    },
    async (request) => {
      const scope = scopeOf(requireRole(request, CASE_WRITERS));
      await disposeHold(db, actorOf(request), scope, request.params.id, request.body);
      const [view] = (await listHolds(db, scope, { status: 'all' })).filter(
        (h) => h.id === request.params.id,
      );
      return view as z.infer<typeof holdView>;
    },
  );

  app.post(
    '/sampling/holds/:id/files',
    {
      schema: {
        tags: ['sampling'],
        params: idParams,
        consumes: ['multipart/form-data'],
        response: { 201: fileView, ...errors, 413: errorBody },
      },
    },
    async (request, reply) => {
      const scope = scopeOf(requireRole(request, CASE_WRITERS));
      await holdInScopeOr404(db, scope, request.params.id);
      const file = checkDocument(await uploadedFile(request));
      return reply
        .code(201)
        .send(await addHoldEvidence(db, actorOf(request), scope, request.params.id, file));
    },
  );

  app.get(
    '/sampling/holds/:id/files/:fileId',
    { schema: { tags: ['sampling'], params: fileParams } },
    async (request, reply) => {
      const h = await holdInScopeOr404(db, scopeOf(requireRole(request, HOLD_READERS)), request.params.id);
      const f = await fileOf(db, h.districtCode, 'hold', h.id, request.params.fileId);
      return sendFile(reply, f);
    },
  );
};

export function sendFile(
  reply: import('fastify').FastifyReply,
  f: { fileName: string; contentType: string; bytes: Buffer; sha256: string },
) {
  const ext = f.contentType === 'application/pdf' ? 'pdf' : f.contentType === 'image/png' ? 'png' : 'jpg';
  return reply
    .type(f.contentType)
    .header('content-disposition', attachment(f.fileName, `document.${ext}`).replace(/^attachment/, 'inline'))
    .header('x-content-sha256', f.sha256)
    .header('cache-control', 'private, max-age=300')
    .send(f.bytes);
}

export default routes;

import { errorBody, pageOf } from '@nongan/shared/common/paging';
import {
  CHECKLIST_EDITORS,
  checklistBody,
  checklistQuery,
  checklistView,
  coverageQuery,
  coverageView,
  dutyQuery,
  dutyView,
  escalateBody,
  GRID_EDITORS,
  gridPeopleView,
  gridQuery,
  gridStaffBody,
  gridView,
  INSPECTORS,
  inspectionBody,
  inspectionDetail,
  inspectionQuery,
  inspectionView,
  lookupQuery,
  lookupView,
  photoCreated,
  photoParams,
  photoQuery,
  rectQuery,
  rectView,
  revisitBody,
  settingsBody,
  settingsView,
} from '@nongan/shared/inspections/schemas';
import { and, count, eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { uploadedFile } from '../../platform/upload.ts';
import { actorOf, requireRole } from '../accounts/guard.ts';
import { type AuthUser, scopeOf } from '../accounts/scope.ts';
import { divisionInScopeOr404 } from '../accounts/write-scope.ts';
import { townName } from '../regions/names.ts';
import { divisionNames } from '../regions/repository.ts';
import {
  currentChecklist,
  entityTypeName,
  getChecklist,
  listChecklists,
  saveChecklist,
} from './checklist.ts';
import { registerInspectionConsumers } from './consumers.ts';
import { coverage, listDuties } from './duty-service.ts';
import { gridPeople, listGrids, setGridStaff } from './grid-service.ts';
import {
  addPhoto,
  createInspection,
  inspectionDetail as detailOf,
  findInspection,
  getPhoto,
  searchInspections,
} from './inspection-service.ts';
import { lookupEntity } from './lookup.ts';
import {
  findRectification,
  rectViews,
  searchRectifications,
  stepRectification,
} from './rectification-service.ts';
import { getSettings, saveSettings } from './settings.ts';
import { inspectionDuties } from './table.ts';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const tags = ['inspections'];
const idParams = z.object({ id: z.uuid('应为记录编号（UUID）') });
const gridParams = z.object({ code: z.string().regex(/^\d{14,15}$/, '网格代码为 14-15 位数字') });

const routes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.database;
  registerInspectionConsumers(app.outbox);
  const inspector = (request: Parameters<typeof requireRole>[0]) => requireRole(request, INSPECTORS);
  const actor = (request: Parameters<typeof actorOf>[0], me: AuthUser) => ({ ...actorOf(request), user: me });

  // --- grids ---
  app.get(
    '/inspections/grids',
    { schema: { tags, querystring: gridQuery, response: { 200: z.array(gridView), ...errors } } },
    async (request) => {
      const scope = scopeOf(inspector(request));
      if (request.query.townCode) divisionInScopeOr404(scope, request.query.townCode, 'townCode');
      return listGrids(db, scope, request.query.townCode);
    },
  );
  app.get(
    '/inspections/grid-people',
    {
      schema: {
        tags,
        querystring: z.object({ townCode: z.string().regex(/^\d{9}$/, '镇街代码应为 9 位') }),
        response: { 200: z.array(gridPeopleView), ...errors },
      },
    },
    async (request) => gridPeople(db, scopeOf(requireRole(request, GRID_EDITORS)), request.query.townCode),
  );
  app.put(
    '/inspections/grids/:code',
    { schema: { tags, params: gridParams, body: gridStaffBody, response: { 200: gridView, ...errors } } },
    async (request) => {
      const me = requireRole(request, GRID_EDITORS);
      const scope = scopeOf(me);
      await setGridStaff(db, actorOf(request), scope, request.params.code, request.body);
      const list = await listGrids(db, scope, request.params.code.slice(0, 9));
      return list.find((g) => g.gridCode === request.params.code)!;
    },
  );

  // --- duties and coverage ---
  app.get(
    '/inspections/duties',
    { schema: { tags, querystring: dutyQuery, response: { 200: pageOf(dutyView), ...errors } } },
    async (request) => {
      const me = inspector(request);
      return listDuties(db, scopeOf(me), me.id, request.query);
    },
  );
  app.get(
    '/inspections/coverage',
    { schema: { tags, querystring: coverageQuery, response: { 200: coverageView, ...errors } } },
    async (request) => {
      const scope = scopeOf(inspector(request));
      if (request.query.townCode) divisionInScopeOr404(scope, request.query.townCode, 'townCode');
      return coverage(db, scope, request.query);
    },
  );

  // --- checklists ---
  const checklistOut = async (districtCode: string, entityType?: string) => {
    const rows = await listChecklists(db, districtCode, entityType);
    const latest = new Map<string, number>();
    for (const r of rows) latest.set(r.entityType, Math.max(latest.get(r.entityType) ?? 0, r.version));
    return rows.map((r) => ({
      id: r.id,
      entityType: r.entityType,
      entityTypeName: entityTypeName(r.entityType),
      version: r.version,
      items: r.items as z.infer<typeof checklistView>['items'],
      source: r.source,
      createdByName: r.createdByName,
      createdAt: r.createdAt.toISOString(),
      current: latest.get(r.entityType) === r.version,
    }));
  };
  app.get(
    '/inspections/checklists',
    { schema: { tags, querystring: checklistQuery, response: { 200: z.array(checklistView), ...errors } } },
    async (request) => checklistOut(inspector(request).districtCode, request.query.entityType),
  );
  app.post(
    '/inspections/checklists',
    { schema: { tags, body: checklistBody, response: { 201: checklistView, ...errors } } },
    async (request, reply) => {
      const me = requireRole(request, CHECKLIST_EDITORS);
      const id = await saveChecklist(db, actorOf(request), me.districtCode, request.body);
      const view = (await checklistOut(me.districtCode)).find((c) => c.id === id)!;
      return reply.code(201).send(view);
    },
  );

  // --- lookup by trace code / entity code ---
  app.get(
    '/inspections/lookup',
    {
      schema: {
        tags,
        querystring: lookupQuery,
        response: { 200: lookupView.extend({ checklist: checklistView }), ...errors },
      },
    },
    async (request) => {
      const me = inspector(request);
      const { entity: e, matchedBy } = await lookupEntity(db, app.keyRing, me, request.query.code);
      const names = await divisionNames(db, [e.townCode, e.villageCode ?? '', e.gridCode ?? '']);
      const [{ n } = { n: 0 }] = await db
        .select({ n: count() })
        .from(inspectionDuties)
        .where(
          and(
            eq(inspectionDuties.districtCode, e.districtCode),
            eq(inspectionDuties.entityId, e.id),
            eq(inspectionDuties.status, 'open'),
          ),
        );
      const cl = await currentChecklist(db, me.districtCode, e.type);
      const [view] = (await checklistOut(me.districtCode, e.type)).filter((c) => c.id === cl.id);
      return {
        entityId: e.id,
        entityName: e.name,
        entityType: e.type,
        townName: townName(names, e.townCode),
        villageName: e.villageCode ? (names.get(e.villageCode) ?? null) : null,
        gridName: e.gridCode ? (names.get(e.gridCode) ?? null) : null,
        matchedBy,
        openDuties: Number(n),
        checklist: view!,
      };
    },
  );

  // --- inspections ---
  app.post(
    '/inspections',
    {
      schema: {
        tags,
        body: inspectionBody,
        response: { 200: inspectionDetail, 201: inspectionDetail, ...errors },
      },
    },
    async (request, reply) => {
      const me = inspector(request);
      const { id, created } = await createInspection(db, actor(request, me), request.body);
      const row = await findInspection(db, scopeOf(me), id);
      return reply.code(created ? 201 : 200).send(await detailOf(db, row));
    },
  );
  app.get(
    '/inspections',
    { schema: { tags, querystring: inspectionQuery, response: { 200: pageOf(inspectionView), ...errors } } },
    async (request) => searchInspections(db, scopeOf(inspector(request)), request.query),
  );
  app.get(
    '/inspections/:id',
    { schema: { tags, params: idParams, response: { 200: inspectionDetail, ...errors } } },
    async (request) => detailOf(db, await findInspection(db, scopeOf(inspector(request)), request.params.id)),
  );
  app.get(
    '/inspections/:id/checklist',
    { schema: { tags, params: idParams, response: { 200: checklistView, ...errors } } },
    async (request) => {
      const me = inspector(request);
      const r = await findInspection(db, scopeOf(me), request.params.id);
      const cl = await getChecklist(db, me.districtCode, r.checklistId);
      return (await checklistOut(me.districtCode)).find((c) => c.id === cl?.id)!;
    },
  );
  app.post(
    '/inspections/:id/photos',
    {
      schema: {
        tags,
        params: idParams,
        querystring: photoQuery,
        consumes: ['multipart/form-data'],
        response: { 200: photoCreated, 201: photoCreated, ...errors, 413: errorBody },
      },
    },
    async (request, reply) => {
      const me = inspector(request);
      const r = await findInspection(db, scopeOf(me), request.params.id);
      const { buffer } = await uploadedFile(request);
      const { id, created } = await addPhoto(db, actorOf(request), r, buffer, request.query.itemKey ?? null);
      const p = await getPhoto(db, r, id);
      return reply.code(created ? 201 : 200).send({
        id: p.id,
        itemKey: p.itemKey,
        contentType: p.contentType,
        size: p.size,
        sha256: p.sha256,
        uploadedAt: p.uploadedAt.toISOString(),
        created,
      });
    },
  );
  app.get(
    '/inspections/:id/photos/:photoId',
    { schema: { tags, params: photoParams } },
    async (request, reply) => {
      const r = await findInspection(db, scopeOf(inspector(request)), request.params.id);
      const p = await getPhoto(db, r, request.params.photoId);
      return reply
        .type(p.contentType)
        .header('cache-control', 'private, max-age=300')
        .header('x-content-type-options', 'nosniff')
        .send(p.bytes);
    },
  );

  // --- rectifications ---
  app.get(
    '/rectifications',
    { schema: { tags, querystring: rectQuery, response: { 200: pageOf(rectView), ...errors } } },
    async (request) => searchRectifications(db, scopeOf(inspector(request)), request.query),
  );
  app.get(
    '/rectifications/:id',
    { schema: { tags, params: idParams, response: { 200: rectView, ...errors } } },
    async (request) => {
      const r = await findRectification(db, scopeOf(inspector(request)), request.params.id);
      return (await rectViews(db, [r]))[0]!;
    },
  );
  app.post(
    '/rectifications/:id/revisit',
    { schema: { tags, params: idParams, body: revisitBody, response: { 200: rectView, ...errors } } },
    async (request) => {
      const me = inspector(request);
      const scope = scopeOf(me);
      const r = await findRectification(db, scope, request.params.id);
      await stepRectification(db, actor(request, me), r, { kind: 'revisit', ...request.body });
      return (await rectViews(db, [await findRectification(db, scope, r.id)]))[0]!;
    },
  );
  app.post(
    '/rectifications/:id/escalate',
    { schema: { tags, params: idParams, body: escalateBody, response: { 200: rectView, ...errors } } },
    async (request) => {
      const me = inspector(request);
      const scope = scopeOf(me);
      const r = await findRectification(db, scope, request.params.id);
      await stepRectification(db, actor(request, me), r, { kind: 'escalate', ...request.body });
      return (await rectViews(db, [await findRectification(db, scope, r.id)]))[0]!;
    },
  );

  // --- settings ---
  app.get(
    '/inspections/settings',
    { schema: { tags, response: { 200: settingsView, ...errors } } },
    async (request) => getSettings(db, inspector(request).districtCode),
  );
  app.put(
    '/inspections/settings',
    { schema: { tags, body: settingsBody, response: { 200: settingsView, ...errors } } },
    async (request) => {
      const me = requireRole(request, CHECKLIST_EDITORS);
      await saveSettings(db, actorOf(request), me.districtCode, request.body);
      return getSettings(db, me.districtCode);
    },
  );
};

export default routes;

import { errorBody } from '@nongan/shared/common/paging';
import {
  DIVISION_LEVELS,
  divisionCreateBody,
  divisionUpdateBody,
  divisionView,
} from '@nongan/shared/regions/schemas';
import { eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { conflict, fieldError, forbidden, notFound } from '../../platform/http-error.ts';
import { actorOf, requireRole, requireUser } from '../accounts/guard.ts';
import { codeInScope, DIVISION_EDITORS, scopeOf } from '../accounts/scope.ts';
import { writeAudit } from '../audit/audit.ts';
import { divisionImportRoutes } from './import.ts';
import { getDivision, listDivisions, toDivisionView } from './repository.ts';
import { divisions } from './table.ts';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };

const routes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.database;

  app.get(
    '/divisions',
    {
      schema: {
        tags: ['regions'],
        querystring: z.strictObject({
          parentCode: z
            .string()
            .regex(/^\d{6,12}$/)
            .optional(),
          level: z.enum(DIVISION_LEVELS).optional(),
          includeInactive: z.enum(['true', 'false']).optional(),
        }),
        response: { 200: z.array(divisionView), ...errors },
      },
    },
    async (request) => {
      const me = requireUser(request);
      const rows = await listDivisions(db, {
        districtCode: me.districtCode,
        parentCode: request.query.parentCode,
        level: request.query.level,
        includeInactive: request.query.includeInactive === 'true',
      });
      return rows.map(toDivisionView);
    },
  );

  app.post(
    '/divisions',
    { schema: { tags: ['regions'], body: divisionCreateBody, response: { 201: divisionView, ...errors } } },
    async (request, reply) => {
      const me = requireRole(request, DIVISION_EDITORS);
      const body = request.body;
      const parent = await getDivision(db, body.parentCode);
      if (!parent || !codeInScope(scopeOf(me), parent.code))
        throw fieldError('parentCode', '上级区域不存在或不在本辖区');
      const level = parent.level === 'town' ? 'village' : parent.level === 'village' ? 'grid' : null;
      if (!level) throw fieldError('parentCode', '村的上级须为镇街，网格的上级须为村');
      if (
        !body.code.startsWith(parent.code) ||
        body.code.length !== (level === 'village' ? 12 : body.code.length)
      ) {
        throw fieldError('code', `代码须以上级代码 ${parent.code} 开头`);
      }
      if (level === 'grid' && body.code.length < 14) throw fieldError('code', '网格代码为村代码加2-3位序号');
      if (await getDivision(db, body.code))
        throw conflict('代码已存在', [{ field: 'code', reason: '已存在' }]);
      const row = {
        code: body.code,
        name: body.name,
        level: level as 'village' | 'grid',
        parentCode: parent.code,
        districtCode: parent.districtCode,
        source: `added by ${me.username}`,
      };
      await db.transaction(async (tx) => {
        await tx.insert(divisions).values(row);
        await writeAudit(tx, actorOf(request), {
          action: 'create',
          subjectType: 'division',
          subjectId: row.code,
          regionCode: row.code.slice(0, 9),
          after: row,
        });
      });
      return reply.code(201).send(toDivisionView((await getDivision(db, row.code))!));
    },
  );

  app.patch(
    '/divisions/:code',
    {
      schema: {
        tags: ['regions'],
        params: z.object({ code: z.string().regex(/^\d{6,15}$/) }),
        body: divisionUpdateBody,
        response: { 200: divisionView, ...errors },
      },
    },
    async (request) => {
      const me = requireRole(request, DIVISION_EDITORS);
      const d = await getDivision(db, request.params.code);
      if (!d || !codeInScope(scopeOf(me), d.code)) throw notFound('区域不存在，或不在您的管辖范围内');
      if (d.level === 'district' || d.level === 'town')
        throw forbidden('区县和镇街来自国家统计用区划代码，不能在此修改');
      const after = { name: request.body.name ?? d.name, active: request.body.active ?? d.active };
      await db.transaction(async (tx) => {
        await tx.update(divisions).set(after).where(eq(divisions.code, d.code));
        await writeAudit(tx, actorOf(request), {
          action: 'update',
          subjectType: 'division',
          subjectId: d.code,
          regionCode: d.code.slice(0, 9),
          before: { name: d.name, active: d.active },
          after,
        });
      });
      return toDivisionView((await getDivision(db, d.code))!);
    },
  );

  await app.register(divisionImportRoutes);
};

export default routes;

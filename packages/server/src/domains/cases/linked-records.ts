import { chinaToday } from '@nongan/shared/common/dates';
import type { LinkKind } from '@nongan/shared/common/links';
import { and, eq, or } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { HttpError } from '../../platform/http-error.ts';
import type { Scope } from '../accounts/scope.ts';
import { placeScope } from '../accounts/scope-sql.ts';
import { entities } from '../entities/table.ts';
import { inspections } from '../inspections/table.ts';
import { cases } from './table.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * An inspection or case named by a campaign, complaint or incident link: it must exist in the
 * caller's scope (a case also by its number), and the link's label is taken from the record, so a
 * link can neither point outside the caller's area nor describe a record as something else.
 */
export async function resolveLinkedRecord(
  db: Db,
  scope: Scope,
  kind: LinkKind,
  ref: string,
): Promise<{ refId: string; label: string }> {
  const missing = () =>
    new HttpError(
      404,
      kind === 'case' ? '没有这个案件，或不在您的管辖范围内' : '没有这个巡查记录，或不在您的管辖范围内',
      [
        {
          field: 'refId',
          reason: kind === 'case' ? '案件不存在或不在管辖范围内' : '巡查记录不存在或不在管辖范围内',
        },
      ],
    );
  if (kind === 'case') {
    const [c] = await db
      .select({ id: cases.id, caseNo: cases.caseNo, title: cases.title })
      .from(cases)
      .where(
        and(
          placeScope(scope, {
            districtCode: cases.districtCode,
            townCode: cases.townCode,
            entityId: cases.entityId,
          }),
          UUID.test(ref) ? or(eq(cases.id, ref), eq(cases.caseNo, ref)) : eq(cases.caseNo, ref),
        ),
      )
      .limit(1);
    if (!c) throw missing();
    return { refId: c.id, label: `${c.caseNo} ${c.title}` };
  }
  if (!UUID.test(ref)) throw missing();
  const [i] = await db
    .select({
      id: inspections.id,
      at: inspections.inspectedAt,
      who: inspections.inspectorName,
      name: entities.name,
    })
    .from(inspections)
    .innerJoin(
      entities,
      and(eq(entities.districtCode, inspections.districtCode), eq(entities.id, inspections.entityId)),
    )
    .where(
      and(
        placeScope(scope, {
          districtCode: inspections.districtCode,
          townCode: inspections.townCode,
          villageCode: inspections.villageCode,
          entityId: inspections.entityId,
        }),
        eq(inspections.id, ref),
      ),
    )
    .limit(1);
  if (!i) throw missing();
  return { refId: i.id, label: `${chinaToday(i.at)} ${i.name}（${i.who}）` };
}

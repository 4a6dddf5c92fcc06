import type { CaseDetailView, CaseQuery, CaseView } from '@nongan/shared/cases/schemas';
import { isOverdue, missingItems, nextStates, OPEN_STATES } from '@nongan/shared/cases/states';
import { chinaToday } from '@nongan/shared/common/dates';
import { and, asc, desc, eq, ilike, inArray, lt, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import type { Scope } from '../accounts/scope.ts';
import { placeScope } from '../accounts/scope-sql.ts';
import { outOfScope } from '../accounts/write-scope.ts';
import { entities } from '../entities/table.ts';
import { divisionNames } from '../regions/repository.ts';
import { lotHolds } from '../sampling/sample-table.ts';
import { productName } from '../standards/catalog.ts';
import { filesOf } from './files-repository.ts';
import { caseHolds, caseSteps, cases } from './table.ts';

export type CaseRow = typeof cases.$inferSelect;

const place = { districtCode: cases.districtCode, townCode: cases.townCode, entityId: cases.entityId };
const openStates = [...OPEN_STATES];

/** The case if the actor's scope covers it (locked for update inside a transaction when asked); 404 otherwise. */
export async function caseInScopeOr404(db: Db, scope: Scope, id: string, lock = false): Promise<CaseRow> {
  const q = db
    .select()
    .from(cases)
    .where(and(placeScope(scope, place), eq(cases.id, id)));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw outOfScope('id', '案件');
  return row;
}

const overdueSql = (today: string) => and(inArray(cases.state, openStates), lt(cases.dueOn, today)) as SQL;

function searchWhere(scope: Scope, q: Omit<CaseQuery, 'page' | 'pageSize'>, today: string): SQL {
  const parts: (SQL | undefined)[] = [placeScope(scope, place)];
  if (q.q) {
    const like = `%${q.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    parts.push(
      or(
        ilike(cases.caseNo, like),
        ilike(cases.title, like),
        ilike(cases.partyName, like),
        ilike(entities.name, like),
      ),
    );
  }
  if (q.state === 'open') parts.push(inArray(cases.state, openStates));
  else if (q.state) parts.push(eq(cases.state, q.state));
  if (q.townCode) parts.push(eq(cases.townCode, q.townCode));
  if (q.entityId) parts.push(eq(cases.entityId, q.entityId));
  if (q.sourceId) parts.push(eq(cases.sourceId, q.sourceId));
  if (q.overdue === 'true') parts.push(overdueSql(today));
  if (q.overdue === 'false') parts.push(sql`not (${overdueSql(today)})`);
  return and(...parts) as SQL;
}

const entityJoin = and(eq(entities.districtCode, cases.districtCode), eq(entities.id, cases.entityId));

/** Overdue first, then the other open cases by deadline, then the finished ones, newest first. */
export async function selectCases(
  db: Db,
  scope: Scope,
  q: Omit<CaseQuery, 'page' | 'pageSize'>,
  limit: number,
  offset = 0,
  today = chinaToday(),
) {
  const where = searchWhere(scope, q, today);
  const rows = await db
    .select({ c: cases, entityName: entities.name })
    .from(cases)
    .leftJoin(entities, entityJoin)
    .where(where)
    .orderBy(
      desc(sql`coalesce(${overdueSql(today)}, false)`),
      desc(inArray(cases.state, openStates)),
      asc(cases.dueOn),
      desc(cases.createdAt),
    )
    .limit(limit)
    .offset(offset);
  const [count] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(cases)
    .leftJoin(entities, entityJoin)
    .where(where);
  const names = await divisionNames(
    db,
    rows.map((r) => r.c.townCode),
  );
  return {
    total: Number(count?.n ?? 0),
    items: rows.map((r) => toCaseView(r.c, r.entityName, names, today)),
  };
}

export async function searchCases(db: Db, scope: Scope, q: CaseQuery) {
  const { page, pageSize, ...filter } = q;
  const { total, items } = await selectCases(db, scope, filter, pageSize, (page - 1) * pageSize);
  return { items, total, page, pageSize };
}

export function toCaseView(
  c: CaseRow,
  entityName: string | null,
  towns: Map<string, string>,
  today: string,
): CaseView {
  return {
    id: c.id,
    caseNo: c.caseNo,
    title: c.title,
    townCode: c.townCode,
    townName: towns.get(c.townCode) ?? null,
    entityId: c.entityId,
    entityName,
    partyName: c.partyName,
    sourceType: c.sourceType,
    sourceId: c.sourceId,
    sourceLabel: c.sourceLabel,
    state: c.state,
    stateAt: c.stateAt.toISOString(),
    dueOn: c.dueOn,
    overdue: isOverdue(c.state, c.dueOn, today),
    transferred: !!c.transferredOn,
    createdAt: c.createdAt.toISOString(),
  };
}

export async function caseDetail(db: Db, c: CaseRow): Promise<CaseDetailView> {
  const today = chinaToday();
  const [entity] = c.entityId
    ? await db
        .select({ name: entities.name })
        .from(entities)
        .where(and(eq(entities.districtCode, c.districtCode), eq(entities.id, c.entityId)))
    : [];
  const towns = await divisionNames(db, [c.townCode]);
  const holds = await db
    .select({
      id: lotHolds.id,
      productCode: lotHolds.productCode,
      lotRef: lotHolds.lotRef,
      reason: lotHolds.reason,
      status: lotHolds.status,
    })
    .from(caseHolds)
    .innerJoin(
      lotHolds,
      and(eq(lotHolds.districtCode, caseHolds.districtCode), eq(lotHolds.id, caseHolds.holdId)),
    )
    .where(and(eq(caseHolds.districtCode, c.districtCode), eq(caseHolds.caseId, c.id)));
  const steps = await db
    .select()
    .from(caseSteps)
    .where(and(eq(caseSteps.districtCode, c.districtCode), eq(caseSteps.caseId, c.id)))
    .orderBy(asc(caseSteps.at));
  const documents = (await filesOf(db, c.districtCode, 'case', [c.id])).get(c.id) ?? [];
  return {
    ...toCaseView(c, entity?.name ?? null, towns, today),
    summary: c.summary,
    decision: c.decision,
    withdrawReason: c.withdrawReason,
    cause: c.cause,
    responsible: c.responsible,
    rectification: c.rectification,
    education: c.education,
    lessons: c.lessons,
    transfer: c.transferredOn
      ? {
          transferredOn: c.transferredOn,
          agency: c.transferAgency,
          receiptNo: c.transferReceiptNo ?? '',
          note: c.transferNote,
        }
      : null,
    closedAt: c.closedAt?.toISOString() ?? null,
    holds: holds.map(({ productCode, ...h }) => ({ ...h, productName: productName(productCode) })),
    steps: steps.map((s) => ({
      id: s.id,
      action: s.action,
      fromState: s.fromState,
      toState: s.toState,
      userName: s.userName,
      note: s.note,
      at: s.at.toISOString(),
    })),
    documents,
    nextStates: nextStates(c.state),
    missingItems: missingItems(c),
  };
}

import { sql } from 'drizzle-orm';
import type { Consumer, Job, OutboxEvent, OutboxRunner } from '../../platform/outbox.ts';
import { divisions } from '../regions/table.ts';
import { evaluateDistrict } from './evaluate.ts';

/** The scope keys an event can change: only these are re-evaluated (and raised or resolved). */
export function affectedScopes(e: Pick<OutboxEvent, 'type' | 'payload'>): string[] {
  const p = e.payload as { entityId?: string | null; townCode?: string | null; productCode?: string | null };
  const town = p.townCode ? [p.townCode] : [];
  const entity = p.entityId ? [p.entityId] : [];
  switch (e.type) {
    case 'sampling.failed':
    case 'sampling.verified':
    case 'rapid.positive':
      return [
        ...town.map((t) => `pass_rate:town:${t}`),
        ...(p.productCode ? [`pass_rate:product:${p.productCode}`] : []),
        // A sample's analytes are not all in the payload: their keys are cheap to re-check.
        ...(e.type === 'rapid.positive' ? [] : ['pass_rate:analyte:']),
        ...entity.flatMap((id) => [`repeat_failure:entity:${id}`, `promise_mismatch:entity:${id}`]),
        'quota_pace:',
        ...town.map((t) => `overdue_hold:town:${t}`),
      ];
    case 'inspection.recorded':
    case 'rectification.closed':
    case 'inspection.escalated':
      return town.flatMap((t) => [`overdue_rectification:town:${t}`, `overdue_duty:town:${t}`]);
    case 'case.opened':
    case 'case.transitioned':
      return town.flatMap((t) => [`overdue_case:town:${t}`, `overdue_hold:town:${t}`]);
    default:
      return [];
  }
}

export const WARNING_EVENTS = [
  'sampling.failed',
  'sampling.verified',
  'rapid.positive',
  'inspection.recorded',
  'inspection.escalated',
  'rectification.closed',
  'case.opened',
  'case.transitioned',
];

/** A changed record re-evaluates the warnings of its scope at once. */
export const warningConsumer: Consumer = {
  name: 'warnings.evaluate',
  types: WARNING_EVENTS,
  async handle(tx, e) {
    const scopes = affectedScopes(e);
    if (scopes.length) await evaluateDistrict(tx, e.districtCode, scopes);
  },
  // One evaluation of the union of the batch's scopes: the rules read the district's current
  // facts, so this raises and resolves exactly what the events one by one would have.
  async handleBatch(tx, districtCode, events) {
    const scopes = [...new Set(events.flatMap(affectedScopes))];
    if (scopes.length) await evaluateDistrict(tx, districtCode, scopes);
  },
};

/** Time moves rules on with no event (a deadline passes, the year's pace): every hour, all rules. */
export const warningSweepJob: Job = {
  name: 'warnings.sweep',
  everyMs: 3_600_000,
  run: async (db) => {
    const res = (await db.execute(sql`select distinct district_code as d from ${divisions}`)) as unknown as {
      rows: { d: string }[];
    };
    for (const { d } of res.rows) await db.transaction((tx) => evaluateDistrict(tx, d));
  },
};

export function registerWarningConsumers(outbox: OutboxRunner) {
  outbox.register(warningConsumer);
  outbox.addJob(warningSweepJob);
}

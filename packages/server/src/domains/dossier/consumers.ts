import { sql } from 'drizzle-orm';
import type { Consumer, Job, OutboxRunner } from '../../platform/outbox.ts';
import { entities } from '../entities/table.ts';
import { refreshRisk } from './risk-store.ts';

/** Events that change a fact of the risk rule (risk.ts); each names its entity in payload.entityId. */
export const RISK_EVENTS = [
  'sampling.verified',
  'sampling.failed',
  'sampling.ban_lead',
  'rapid.positive',
  'inspection.recorded',
  'inspection.escalated',
  'rectification.closed',
  'case.opened',
  'case.transitioned',
];

/** The entity's stored risk level follows its record as soon as the record changes. */
export const riskConsumer: Consumer = {
  name: 'dossier.risk',
  types: RISK_EVENTS,
  async handle(tx, e) {
    const id = (e.payload as { entityId?: string | null }).entityId;
    if (id) await refreshRisk(tx, e.districtCode, [id]);
  },
  async handleBatch(tx, districtCode, events) {
    const ids = new Set<string>();
    for (const e of events) {
      const id = (e.payload as { entityId?: string | null }).entityId;
      if (id) ids.add(id);
    }
    if (ids.size) await refreshRisk(tx, districtCode, [...ids]);
  },
};

/** The window moves even when nothing happens (a failure ages out, a year passes unchecked): daily. */
export const riskSweepJob: Job = {
  name: 'dossier.risk-sweep',
  everyMs: 24 * 3_600_000,
  run: async (db) => {
    const res = (await db.execute(sql`select distinct district_code as d from ${entities}`)) as unknown as {
      rows: { d: string }[];
    };
    for (const { d } of res.rows) await refreshRisk(db, d);
  },
};

export function registerDossierConsumers(outbox: OutboxRunner) {
  outbox.register(riskConsumer);
  outbox.addJob(riskSweepJob);
}

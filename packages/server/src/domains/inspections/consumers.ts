import type { Consumer, Job, OutboxRunner } from '../../platform/outbox.ts';
import { addRevisitDuty, ensureEntityDuty, generateAllDuties } from './duty-service.ts';
import { getSettings } from './settings.ts';

/** A failed sample (sampling.failed, lab-consequences.ts) gives its entity a revisit duty; idempotent by sample. */
export const sampleRevisitConsumer: Consumer = {
  name: 'inspections.sample-revisit',
  types: ['sampling.failed'],
  async handle(tx, e) {
    const p = e.payload as {
      retestOf?: string | null;
      entityId?: string | null;
      sampleNo?: string;
      analyteNames?: string[];
      productName?: string | null;
    };
    if (!p.entityId || !e.subjectId) return;
    const { revisitDays } = await getSettings(tx, e.districtCode);
    await addRevisitDuty(tx, {
      districtCode: e.districtCode,
      entityId: p.entityId,
      // A retest that fails again answers the same problem: one duty, keyed by the first sample.
      sampleId: p.retestOf ?? e.subjectId,
      days: revisitDays,
      reason: `样品 ${p.sampleNo ?? ''} ${p.productName ?? ''}抽检不合格（${(p.analyteNames ?? []).join('、')}），回访检查`,
    });
  },
};

/** An entity created or reactivated mid-quarter gets the quarter's duty at once. */
export const entityDutyConsumer: Consumer = {
  name: 'inspections.entity-duty',
  types: ['entity.created', 'entity.reactivated'],
  async handle(tx, e) {
    if (e.subjectId) await ensureEntityDuty(tx, e.districtCode, e.subjectId);
  },
};

/** The quarter's duties for every active entity: at start-up and daily (idempotent). */
export const quarterDutiesJob: Job = {
  name: 'inspections.quarter-duties',
  everyMs: 24 * 3_600_000,
  run: async (db) => {
    await generateAllDuties(db);
  },
};

export function registerInspectionConsumers(outbox: OutboxRunner) {
  outbox.register(sampleRevisitConsumer);
  outbox.register(entityDutyConsumer);
  outbox.addJob(quarterDutiesJob);
}

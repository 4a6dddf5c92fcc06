import type { Db } from '../../db/client.ts';
import { bulkInsert } from '../../platform/bulk-insert.ts';
import { noteEmitted } from '../../platform/outbox.ts';
import { domainEvents } from './sample-table.ts';

/** Records a domain event in the caller's transaction (outbox): other domains read and mark it. */
export async function emitEvent(
  tx: Db,
  districtCode: string,
  type: string,
  subjectId: string,
  payload: object,
) {
  await tx.insert(domainEvents).values({ districtCode, type, subjectId, payload });
  noteEmitted();
}

export async function emitEvents(
  tx: Db,
  events: { districtCode: string; type: string; subjectId: string; payload: object }[],
) {
  await bulkInsert(tx, domainEvents, events);
  if (events.length) noteEmitted();
}

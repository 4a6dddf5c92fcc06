/** A 舆情 item not yet answered after its response deadline (China dates, YYYY-MM-DD). */
export const opinionOverdue = (o: { respondedAt: unknown; respondBy: string }, today: string) =>
  o.respondedAt == null && o.respondBy < today;

/** Overdue first, then open by nearest deadline, then answered by latest deadline. */
export function compareOpinions(
  a: { respondedAt: unknown; respondBy: string },
  b: { respondedAt: unknown; respondBy: string },
  today: string,
): number {
  const rank = (o: typeof a) => (opinionOverdue(o, today) ? 0 : o.respondedAt == null ? 1 : 2);
  const r = rank(a) - rank(b);
  if (r !== 0) return r;
  const byDate = a.respondBy.localeCompare(b.respondBy);
  return rank(a) === 2 ? -byDate : byDate;
}

/** Why a step or link may not be added to an incident, or null. */
export function incidentChangeProblem(status: 'responding' | 'closed'): string | null {
  return status === 'closed' ? '事件已结案，不能再修改' : null;
}

/** A response step may not predate the incident itself. */
export function stepTimeProblem(at: string, occurredAt: Date): string | null {
  return Date.parse(at) < occurredAt.getTime() ? '不能早于事件发生时间' : null;
}

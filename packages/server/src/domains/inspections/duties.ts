/**
 * Quarterly full coverage (每季度全覆盖, plan 二(九)): every active entity gets one inspection
 * duty per quarter. Pure: the service gathers the entities and the duties already there.
 */

/** Quarters are China calendar quarters, YYYY-Qn. */
export function quarterOf(day: string): string {
  const [y, m] = day.split('-').map(Number) as [number, number];
  return `${y}-Q${Math.floor((m - 1) / 3) + 1}`;
}

/** First and last day (YYYY-MM-DD) of a quarter. */
export function quarterBounds(quarter: string): { start: string; end: string } {
  const y = Number(quarter.slice(0, 4));
  const q = Number(quarter.slice(6));
  const startMonth = (q - 1) * 3 + 1;
  const endMonth = startMonth + 2;
  const lastDay = new Date(Date.UTC(y, endMonth, 0)).getUTCDate();
  const pad = (n: number) => String(n).padStart(2, '0');
  return { start: `${y}-${pad(startMonth)}-01`, end: `${y}-${pad(endMonth)}-${pad(lastDay)}` };
}

export interface DutyEntity {
  id: string;
  districtCode: string;
  townCode: string;
  villageCode: string | null;
  gridCode: string | null;
  active: boolean;
}

export interface NewDuty {
  districtCode: string;
  entityId: string;
  townCode: string;
  villageCode: string | null;
  gridCode: string | null;
  kind: 'quarterly';
  quarter: string;
  dueDate: string;
}

/**
 * The quarter's missing duties: one for each active entity that has none yet (`covered` holds the
 * entity ids with a duty this quarter). An entity listed twice still gets one duty; inactive
 * entities get none. Due on the quarter's last day, whenever in the quarter it joined.
 */
export function quarterDuties(quarter: string, list: DutyEntity[], covered: ReadonlySet<string>): NewDuty[] {
  const { end } = quarterBounds(quarter);
  const seen = new Set(covered);
  const out: NewDuty[] = [];
  for (const e of list) {
    if (!e.active || seen.has(e.id)) continue;
    seen.add(e.id);
    out.push({
      districtCode: e.districtCode,
      entityId: e.id,
      townCode: e.townCode,
      villageCode: e.villageCode,
      gridCode: e.gridCode,
      kind: 'quarterly',
      quarter,
      dueDate: end,
    });
  }
  return out;
}

/** A duty's shown status: open past its due date is 逾期. */
export function dutyStatus(status: string, dueDate: string, today: string): 'open' | 'done' | 'overdue' {
  if (status === 'done') return 'done';
  return dueDate < today ? 'overdue' : 'open';
}

/** Coverage in percent, one decimal; nothing due counts as full coverage. */
export const coverageRate = (done: number, due: number) =>
  due === 0 ? 100 : Math.round((done / due) * 1000) / 10;

/** Adds days to a YYYY-MM-DD date. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

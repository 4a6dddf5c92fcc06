/** Pure rules of the outbox: what a server answer means for a queued submission, and when to retry. */

export type Outcome =
  /** Stored: remove it from the device. */
  | 'done'
  /** Refused for a reason that will not change by sending again: keep it, show the message. */
  | 'failed'
  /** The session is gone: keep it until the user signs in again. */
  | 'login'
  /** Server or network trouble: try again later. */
  | 'retry';

/** `status` is the HTTP status, or null when no answer came (offline, connection reset, timeout). */
export function outcomeOf(status: number | null): Outcome {
  if (status === null) return 'retry';
  if (status >= 200 && status < 300) return 'done';
  if (status === 401) return 'login';
  // Timeout, too many requests: the same request can succeed later.
  if (status === 408 || status === 425 || status === 429) return 'retry';
  if (status >= 400 && status < 500) return 'failed';
  return 'retry';
}

const FIRST_DELAY_MS = 5_000;
const MAX_DELAY_MS = 10 * 60_000;

/** Delay before attempt `attempts + 1`: 5 s doubling to at most 10 min, with ±20 % jitter. */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** A v4 UUID, also where crypto.randomUUID is missing (a page served over plain HTTP). */
export function newClientId(
  getRandomValues: (a: Uint8Array) => Uint8Array = (a) => crypto.getRandomValues(a),
) {
  const b = getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] as number) & 0x0f) | 0x40;
  b[8] = ((b[8] as number) & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export const KIND_LABELS: Record<string, string> = {
  'rapid-test': '快检',
  'market-check': '入市查验',
  inspection: '巡查',
};
export const kindLabel = (k: string) => KIND_LABELS[k] ?? '记录';

import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  INPUT_DEALER_MIN_SESSIONS,
  TRAINING_CATEGORIES,
  type TrainingCategory,
} from '@nongan/shared/training/schemas';

/** HMAC keys by id; the active one signs, the others still verify what they signed. */
export interface CheckinKeys {
  activeId: string;
  keys: Map<string, Buffer>;
}

const tagOf = (key: Buffer, sessionId: string, day: string) =>
  createHmac('sha256', key).update(`training-checkin|${sessionId}|${day}`).digest('base64url').slice(0, 22);

/**
 * The check-in code shown as a QR at the session: <key id>.<tag>, where the tag is an HMAC of the
 * session and its day, so it cannot be made without the server key and works on that day only.
 */
export function checkinCode(keys: CheckinKeys, sessionId: string, heldOn: string): string {
  const key = keys.keys.get(keys.activeId);
  if (!key) throw new Error('no active check-in key');
  return `${keys.activeId}.${tagOf(key, sessionId, heldOn)}`;
}

export type CheckinVerdict = 'ok' | 'invalid' | 'expired';

/** Whether a code is the session's, and today (China date) is its day. */
export function verifyCheckinCode(
  keys: CheckinKeys,
  code: string,
  session: { id: string; heldOn: string; status: string },
  today: string,
): CheckinVerdict {
  const [id, tag] = code.split('.');
  const key = id ? keys.keys.get(id) : undefined;
  if (!key || !tag) return 'invalid';
  const want = Buffer.from(tagOf(key, session.id, session.heldOn));
  const got = Buffer.from(tag);
  if (want.length !== got.length || !timingSafeEqual(want, got)) return 'invalid';
  if (session.status === 'cancelled' || today !== session.heldOn) return 'expired';
  return 'ok';
}

/** 13812341234 → 138****1234: enough to tell two people apart on the list, not to call them. */
export const maskPhone = (phone: string) => `${phone.slice(0, 3)}****${phone.slice(-4)}`;

/** The person key of a public attendee: an HMAC of the phone, so the number itself is not kept. */
export const phoneKey = (keys: CheckinKeys, phone: string) =>
  `p:${createHmac('sha256', keys.keys.get(keys.activeId) as Buffer)
    .update(`training-phone|${phone}`)
    .digest('base64url')
    .slice(0, 32)}`;

/** One member of a target population: a user or an entity, with its town (null: district level). */
export interface Member {
  key: string;
  category: TrainingCategory;
  townCode: string | null;
}

export interface CoverageCell {
  category: TrainingCategory;
  townCode: string | null;
  target: number | null;
  trained: number;
}

/**
 * Coverage per category and town: how many of the population attended at least one session in the
 * year. Categories with no population list (brand holders until the brands directory exists) count
 * distinct attendees of their sessions with no target.
 */
export function coverage(
  members: Member[],
  attended: Set<string>,
  untracked: { category: TrainingCategory; townCode: string | null; key: string }[],
): CoverageCell[] {
  const cells = new Map<string, CoverageCell>();
  const cell = (category: TrainingCategory, townCode: string | null, target: boolean) => {
    const k = `${category}|${townCode ?? ''}`;
    let c = cells.get(k);
    if (!c) {
      c = { category, townCode, target: target ? 0 : null, trained: 0 };
      cells.set(k, c);
    }
    return c;
  };
  for (const m of members) {
    const c = cell(m.category, m.townCode, true);
    c.target = (c.target ?? 0) + 1;
    if (attended.has(m.key)) c.trained += 1;
  }
  const seen = new Set<string>();
  for (const u of untracked) {
    const k = `${u.category}|${u.townCode ?? ''}|${u.key}`;
    if (seen.has(k)) continue;
    seen.add(k);
    cell(u.category, u.townCode, false).trained += 1;
  }
  const order = (c: TrainingCategory) => TRAINING_CATEGORIES.indexOf(c);
  return [...cells.values()].sort(
    (a, b) => order(a.category) - order(b.category) || (a.townCode ?? '').localeCompare(b.townCode ?? ''),
  );
}

/** Input stores trained fewer times this year than the plan asks (每年培训2次以上), fewest first. */
export function underTrainedStores<T extends { id: string; name: string }>(
  stores: T[],
  sessionsByEntity: Map<string, number>,
  min = INPUT_DEALER_MIN_SESSIONS,
): (T & { sessions: number })[] {
  return stores
    .map((s) => ({ ...s, sessions: sessionsByEntity.get(s.id) ?? 0 }))
    .filter((s) => s.sessions < min)
    .sort((a, b) => a.sessions - b.sessions || a.name.localeCompare(b.name, 'zh'));
}

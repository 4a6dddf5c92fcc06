import { ApiError, type FieldIssue } from '../common/api.ts';
import { type OutboxFile, type OutboxItem, offlineDb } from './db.ts';
import { backoffMs, outcomeOf } from './rules.ts';

/**
 * The outbox: submissions made without a network wait in IndexedDB (photos as Blobs, on the
 * device only) and are sent when the network returns — on `online`, at app start, when the page
 * becomes visible again, on a backoff timer and by hand. Each carries its clientId, so a send
 * repeated after a lost answer creates nothing twice on the server. A 2xx removes it; a 4xx keeps
 * it as failed with the server's message; nothing is dropped without the user deleting it.
 */

export interface Submission {
  kind: string;
  /** API path, e.g. '/rapid-tests'; a leading '/api' is accepted too. */
  url: string;
  method?: 'POST' | 'PUT' | 'PATCH';
  /** The JSON body; `clientId` is added to it. With files, sent as the multipart field `payload`. */
  body: Record<string, unknown>;
  /** A UUID from newClientId(), kept for every send of this submission. */
  clientId: string;
  files?: OutboxFile[];
  /** Upload the files after the record, one by one, here ('{id}' = the record's id); see OutboxItem. */
  attachTo?: string;
  /** What the user recognises it by in the list, e.g. '快检 菠菜 · 3号摊位'. */
  label?: string;
}

export type Sent<T> = { sent: true; data: T; status: number };
export type Queued = { sent: false; item: OutboxItem };

/** Fired on `outboxEvents` after a queued item reached the server: detail { item, data }. */
export const SYNCED = 'synced';
export const outboxEvents = new EventTarget();

const SEND_TIMEOUT_MS = 30_000;
let currentUser: string | null = null;
let running: Promise<void> | null = null;
let timer: ReturnType<typeof setTimeout> | undefined;

const apiUrl = (url: string) => (url.startsWith('/api/') ? url : `/api${url}`);

/** One HTTP send; null status when no answer came. */
async function send(
  sub: Pick<Submission, 'url' | 'method' | 'body' | 'clientId' | 'files' | 'attachTo'>,
): Promise<{ status: number | null; data: unknown }> {
  const main = await sendMain(sub);
  if (!sub.attachTo || !sub.files?.length || main.status === null || main.status >= 300) return main;
  // The record exists (or was found again by its clientId); its files follow. A file the server
  // already has is stored once (by checksum), so a retry after a lost answer repeats nothing.
  const id = (main.data as { id?: string } | null)?.id ?? '';
  for (const f of sub.files) {
    const form = new FormData();
    form.append('file', f.blob, f.name);
    const url = `${apiUrl(sub.attachTo.replace('{id}', encodeURIComponent(id)))}?itemKey=${encodeURIComponent(f.field)}`;
    const r = await request(url, 'POST', {}, form);
    if (r.status === null || r.status >= 300) return r;
  }
  return main;
}

async function sendMain(
  sub: Pick<Submission, 'url' | 'method' | 'body' | 'clientId' | 'files' | 'attachTo'>,
): Promise<{ status: number | null; data: unknown }> {
  const body = { ...sub.body, clientId: sub.clientId };
  let payload: BodyInit;
  const headers: Record<string, string> = {};
  if (sub.files?.length && !sub.attachTo) {
    const form = new FormData();
    form.append('payload', JSON.stringify(body));
    for (const f of sub.files) form.append(f.field, f.blob, f.name);
    payload = form;
  } else {
    payload = JSON.stringify(body);
    headers['content-type'] = 'application/json';
  }
  return request(apiUrl(sub.url), sub.method ?? 'POST', headers, payload);
}

async function request(
  url: string,
  method: string,
  headers: Record<string, string>,
  payload: BodyInit,
): Promise<{ status: number | null; data: unknown }> {
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      credentials: 'same-origin',
      headers,
      body: payload,
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
    });
  } catch {
    return { status: null, data: null };
  }
  let data: unknown = null;
  try {
    data = await res.json();
  } catch {
    // no JSON (a proxy's error page)
  }
  return { status: res.status, data };
}

const messageOf = (status: number, data: unknown) =>
  (data as { message?: string } | null)?.message ?? `请求失败（${status}）`;
const issuesOf = (data: unknown) => (data as { issues?: FieldIssue[] } | null)?.issues ?? [];

/** Keeps a submission on the device; it is sent by the next sync. */
export async function queueSubmission(sub: Submission): Promise<OutboxItem> {
  if (!currentUser) throw new Error('outbox not started: no signed-in user');
  const item: OutboxItem = {
    clientId: sub.clientId,
    kind: sub.kind,
    label: sub.label ?? sub.kind,
    url: sub.url,
    method: sub.method ?? 'POST',
    body: sub.body,
    ...(sub.files?.length ? { files: sub.files } : {}),
    ...(sub.attachTo ? { attachTo: sub.attachTo } : {}),
    userId: currentUser,
    createdAt: Date.now(),
    state: 'waiting',
    attempts: 0,
    nextAt: Date.now(),
  };
  // The same clientId queued twice (a double tap) stays one item.
  const existing = await offlineDb.outbox.where('clientId').equals(sub.clientId).first();
  if (existing) return existing;
  item.id = await offlineDb.outbox.add(item);
  // Ask the browser not to evict the queue under storage pressure (best effort).
  void navigator.storage?.persist?.().catch(() => undefined);
  return item;
}

/**
 * Sends now when there is a network; queues on no network, no answer, a 5xx or an expired
 * session. A 4xx refusal (bad input, out of scope) is thrown as ApiError for the form to show.
 * `queuedBody` replaces the body when queued (e.g. to add the time the record was made).
 */
export async function submitOrQueue<T>(
  sub: Submission & { queuedBody?: Record<string, unknown> },
): Promise<Sent<T> | Queued> {
  const { queuedBody, ...rest } = sub;
  const queue = async () => ({
    sent: false as const,
    item: await queueSubmission({ ...rest, body: queuedBody ?? rest.body }),
  });
  if (typeof navigator !== 'undefined' && navigator.onLine === false) return queue();
  const { status, data } = await send(rest);
  const outcome = outcomeOf(status);
  if (outcome === 'done') return { sent: true, data: data as T, status: status as number };
  if (outcome === 'failed')
    throw new ApiError(status as number, messageOf(status as number, data), issuesOf(data), data);
  return queue();
}

async function sendItem(item: OutboxItem): Promise<'continue' | 'stop'> {
  const id = item.id as number;
  await offlineDb.outbox.update(id, { state: 'sending' });
  const { status, data } = await send(item);
  const outcome = outcomeOf(status);
  if (outcome === 'done') {
    await offlineDb.outbox.delete(id);
    outboxEvents.dispatchEvent(new CustomEvent(SYNCED, { detail: { item, data } }));
    return 'continue';
  }
  if (outcome === 'failed') {
    await offlineDb.outbox.update(id, {
      state: 'failed',
      status: status as number,
      error: messageOf(status as number, data),
      issues: issuesOf(data),
    });
    return 'continue';
  }
  if (outcome === 'login') {
    await offlineDb.outbox.update(id, {
      state: 'waiting',
      status: 401,
      error: '登录已失效，请重新登录后同步',
    });
    return 'stop';
  }
  const attempts = item.attempts + 1;
  await offlineDb.outbox.update(id, {
    state: 'waiting',
    attempts,
    nextAt: Date.now() + backoffMs(attempts),
    ...(status === null
      ? { error: '网络不可用，稍后自动重试' }
      : { status, error: `服务器暂时不可用（${status}），稍后自动重试` }),
  });
  // No answer at all: the next items would fail the same way.
  return status === null ? 'stop' : 'continue';
}

async function syncOnce(force: boolean) {
  const user = currentUser;
  if (!user) return;
  const now = Date.now();
  const due = (await offlineDb.outbox.where('userId').equals(user).sortBy('createdAt')).filter(
    (i) => i.state === 'waiting' && (force || i.nextAt <= now),
  );
  for (const item of due) {
    if (currentUser !== user) return;
    if ((await sendItem(item)) === 'stop') break;
  }
}

/** Sends what is due (everything waiting when `force`), one sync at a time across tabs. */
export function syncOutbox(opts: { force?: boolean } = {}): Promise<void> {
  if (running) return running;
  const work = () => syncOnce(!!opts.force);
  const p: Promise<void> = (navigator.locks ? navigator.locks.request('nongan-outbox', work) : work())
    .then(() => undefined)
    .catch((e) => console.warn('outbox sync', e))
    .finally(() => {
      running = null;
      void schedule();
    });
  running = p;
  return p;
}

/** A timer for the earliest backoff, so waiting items go out without a page event. */
async function schedule() {
  clearTimeout(timer);
  if (!currentUser) return;
  const waiting = (await offlineDb.outbox.where('userId').equals(currentUser).toArray()).filter(
    (i) => i.state === 'waiting' && i.status !== 401,
  );
  if (waiting.length === 0) return;
  const next = Math.min(...waiting.map((i) => i.nextAt));
  timer = setTimeout(() => void syncOutbox(), Math.max(1_000, next - Date.now()));
}

/** Sends a failed item once more (after the cause was fixed elsewhere). */
export async function retryItem(id: number) {
  await offlineDb.outbox.update(id, { state: 'waiting', nextAt: Date.now(), error: undefined });
  await syncOutbox({ force: true });
}

export const deleteItem = (id: number) => offlineDb.outbox.delete(id);

/** Starts syncing for the signed-in user; returns the stop function (sign-out, unmount). */
export function startOutbox(userId: string): () => void {
  currentUser = userId;
  const onOnline = () => void syncOutbox({ force: true });
  const onVisible = () => {
    if (document.visibilityState === 'visible') void syncOutbox();
  };
  window.addEventListener('online', onOnline);
  document.addEventListener('visibilitychange', onVisible);
  // A tab closed while sending left items marked 'sending': they are waiting again.
  void offlineDb.outbox
    .where('state')
    .equals('sending')
    .modify({ state: 'waiting' })
    .then(() => syncOutbox({ force: true }));
  return () => {
    window.removeEventListener('online', onOnline);
    document.removeEventListener('visibilitychange', onVisible);
    clearTimeout(timer);
    if (currentUser === userId) currentUser = null;
  };
}

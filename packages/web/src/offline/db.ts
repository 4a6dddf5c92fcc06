import Dexie, { type EntityTable } from 'dexie';
import type { FieldIssue } from '../common/api.ts';

/** A photo or file that stays on the device until its submission is sent. */
export interface OutboxFile {
  /** Multipart field name. */
  field: string;
  name: string;
  blob: Blob;
}

export type OutboxState = 'waiting' | 'sending' | 'failed';

/** A submission waiting on this device to be sent (or refused by the server and kept). */
export interface OutboxItem {
  id?: number;
  /** Sent with the body; the server answers a repeat with the first record. */
  clientId: string;
  /** 'rapid-test' | 'market-check' | 'inspection' | … */
  kind: string;
  /** What the user recognises it by, in Chinese. */
  label: string;
  /** API path, e.g. '/rapid-tests' (sent to /api/rapid-tests). */
  url: string;
  method: 'POST' | 'PUT' | 'PATCH';
  body: Record<string, unknown>;
  files?: OutboxFile[];
  /**
   * Where the files go once the record exists, e.g. '/inspections/{id}/photos': each is then sent
   * on its own (field `file`, its `field` as ?itemKey=) instead of in one multipart request.
   */
  attachTo?: string;
  /** Only the user who queued it sends it. */
  userId: string;
  createdAt: number;
  state: OutboxState;
  attempts: number;
  /** Not sent again before this time (backoff). */
  nextAt: number;
  /** The server's refusal (failed) or the last trouble (waiting). */
  error?: string;
  issues?: FieldIssue[];
  status?: number;
}

/** A form being filled in, kept while typing so a reload or a dead battery loses nothing. */
export interface Draft {
  key: string;
  values: unknown;
  updatedAt: number;
}

export const offlineDb = new Dexie('nongan-offline') as Dexie & {
  outbox: EntityTable<OutboxItem, 'id'>;
  drafts: EntityTable<Draft, 'key'>;
};

offlineDb.version(1).stores({
  outbox: '++id, &clientId, userId, state, nextAt',
  drafts: 'key, updatedAt',
});

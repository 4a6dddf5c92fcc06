import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { surveyKeys } from './table.ts';

/** The device cookie: a random id and its HMAC, so a client cannot pick another device's id. */
export const DEVICE_COOKIE = 'nongan_rsp';

let cached: { db: Db; key: Buffer } | null = null;

/** The platform's secret HMAC key, made once and kept in the database (survives restarts, shared by processes). */
export async function respondentKey(db: Db): Promise<Buffer> {
  if (cached?.db === db) return cached.key;
  await db
    .insert(surveyKeys)
    .values({ name: 'respondent', key: randomBytes(32) })
    .onConflictDoNothing();
  const [row] = await db.select().from(surveyKeys).where(eq(surveyKeys.name, 'respondent'));
  cached = { db, key: row!.key };
  return row!.key;
}

const mac = (key: Buffer, text: string) => createHmac('sha256', key).update(text).digest('base64url');

export function newDeviceToken(key: Buffer): string {
  const id = randomBytes(16).toString('base64url');
  return `${id}.${mac(key, `token:${id}`)}`;
}

/** The id of a genuine token; null for a missing, forged or malformed one. */
export function deviceIdOf(key: Buffer, token: string | undefined): string | null {
  const m = /^([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/.exec(token ?? '');
  if (!m) return null;
  const want = Buffer.from(mac(key, `token:${m[1]}`));
  const got = Buffer.from(m[2]!);
  return want.length === got.length && timingSafeEqual(want, got) ? m[1]! : null;
}

/** Keyed per survey, so one device or phone cannot be followed from one survey to the next. */
export const deviceKeyFor = (key: Buffer, surveyId: string, deviceId: string) =>
  mac(key, `device:${surveyId}:${deviceId}`);
export const phoneKeyFor = (key: Buffer, surveyId: string, phone: string) =>
  mac(key, `phone:${surveyId}:${phone}`);

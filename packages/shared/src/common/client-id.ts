import { z } from 'zod';

/**
 * The id a device gives a submission before sending it (an offline outbox may send it again):
 * the server keeps it with the record, so a repeat returns the first record and creates nothing.
 */
export const clientIdField = z.uuid('应为设备生成的 UUID');

/** How long a record made offline may wait on the device before it is synced. */
export const OFFLINE_MAX_DAYS = 30;

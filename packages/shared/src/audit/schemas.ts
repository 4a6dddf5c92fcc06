import { z } from 'zod';
import { pageQuery } from '../common/paging.ts';

export const auditView = z.object({
  id: z.number().int(),
  at: z.string(),
  userId: z.string().nullable(),
  username: z.string().nullable(),
  action: z.string(),
  subjectType: z.string(),
  subjectId: z.string().nullable(),
  regionCode: z.string().nullable(),
  before: z.unknown().nullable(),
  after: z.unknown().nullable(),
  ip: z.string().nullable(),
  /** For people: who (display name), where (division name), what (the record's number or name). */
  userName: z.string().nullable(),
  regionName: z.string().nullable(),
  subjectLabel: z.string().nullable(),
  /** Division names for the codes that appear in before/after (townCode, villageCode…). */
  names: z.record(z.string(), z.string()),
});
export type AuditView = z.infer<typeof auditView>;

export const auditQuery = z.strictObject({
  ...pageQuery,
  subjectType: z.string().max(40).optional(),
  subjectId: z.string().max(64).optional(),
  action: z.string().max(40).optional(),
  username: z.string().max(40).optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
});

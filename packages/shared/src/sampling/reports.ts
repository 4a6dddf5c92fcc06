import { z } from 'zod';

/** A test report (检验报告) version, as listed on the sample page. */
export const labReportView = z.object({
  id: z.uuid(),
  sampleId: z.uuid(),
  reportNo: z.string(),
  version: z.number().int(),
  status: z.enum(['issued', 'superseded']),
  supersedes: z.uuid().nullable(),
  correctionReason: z.string().nullable(),
  sha256: z.string(),
  issuedAt: z.string(),
  /** The public copy (personal data left out), e.g. for the scan page. */
  publicUrl: z.string(),
});

const name = z.string().trim().min(1, '不能为空').max(50, '不超过 50 字');

/** Issue: the lab's verifier and approver; by default the tester and the issuing user. */
export const issueReportBody = z.strictObject({ verifier: name.optional(), approver: name.optional() });

export const correctReportBody = z.strictObject({
  reason: z.string().trim().min(2, '请填写更正原因').max(500, '不超过 500 字'),
  verifier: name.optional(),
  approver: name.optional(),
});

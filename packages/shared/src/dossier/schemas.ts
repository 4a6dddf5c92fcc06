import { z } from 'zod';
import type { Role } from '../accounts/schemas.ts';
import { SUPERVISION_COLOURS } from '../certificates/schemas.ts';
import { RISK_GRADES } from '../entities/schemas.ts';

// 一户一档: everything the platform knows about one entity, each list with names beside codes.

/**
 * Who reads the file: supervision staff, the testing centre and the producer (its own entity).
 * A market checker needs only who a seller is (entities/visibility.ts), not its record.
 */
export const FILE_READERS: readonly Role[] = [
  'district_admin',
  'district_staff',
  'testing_centre',
  'town_supervisor',
  'village_coordinator',
  'producer',
];

const section = <T extends z.ZodType>(item: T) => z.object({ total: z.number().int(), items: z.array(item) });

export const fileRapidTest = z.object({
  id: z.string(),
  testNo: z.string(),
  productName: z.string(),
  target: z.string(),
  result: z.string(),
  resultName: z.string(),
  followUpName: z.string().nullable(),
  testedAt: z.string(),
  tester: z.string(),
});
export const fileSample = z.object({
  id: z.string(),
  sampleNo: z.string(),
  taskKindName: z.string(),
  productName: z.string(),
  sampledAt: z.string(),
  statusName: z.string(),
  verdict: z.string().nullable(),
  verdictName: z.string().nullable(),
  hasLead: z.boolean(),
});
export const fileHold = z.object({
  id: z.string(),
  productName: z.string(),
  lotRef: z.string().nullable(),
  reason: z.string(),
  status: z.string(),
  statusName: z.string(),
  createdAt: z.string(),
});
export const fileFlag = z.object({
  flag: z.string(),
  flagName: z.string(),
  note: z.string().nullable(),
  active: z.boolean(),
  createdAt: z.string(),
});
export const fileCertificate = z.object({
  id: z.string(),
  certNo: z.string(),
  productName: z.string(),
  quantity: z.number(),
  unitName: z.string(),
  issueDate: z.string(),
  statusName: z.string(),
});
export const fileLot = z.object({
  id: z.string(),
  lotNo: z.string(),
  productName: z.string(),
  plot: z.string().nullable(),
  statusName: z.string(),
  startedOn: z.string().nullable(),
  harvestDate: z.string().nullable(),
});

export const fileInspection = z.object({
  id: z.string(),
  inspectedAt: z.string(),
  inspectorName: z.string(),
  failedCount: z.number().int(),
  failedItems: z.array(z.string()),
});
export const fileRectification = z.object({
  id: z.string(),
  items: z.array(z.string()),
  deadline: z.string(),
  status: z.string(),
  statusName: z.string(),
  overdue: z.boolean(),
  createdAt: z.string(),
});

export const fileCase = z.object({
  id: z.string(),
  caseNo: z.string(),
  title: z.string(),
  stateName: z.string(),
  open: z.boolean(),
  overdue: z.boolean(),
  createdAt: z.string(),
});

export const entityFileView = z.object({
  entityId: z.string(),
  name: z.string(),
  colour: z.object({
    colour: z.enum(SUPERVISION_COLOURS),
    label: z.string(),
    basis: z.string(),
  }),
  risk: z.object({
    level: z.enum(RISK_GRADES),
    levelName: z.string(),
    reasons: z.array(z.string()),
    rule: z.string(),
  }),
  rapidTests: section(fileRapidTest),
  samples: section(fileSample),
  holds: section(fileHold),
  flags: section(fileFlag),
  certificates: section(fileCertificate),
  lots: section(fileLot),
  inspections: section(fileInspection),
  rectifications: section(fileRectification),
  cases: section(fileCase),
});
export type EntityFile = z.infer<typeof entityFileView>;

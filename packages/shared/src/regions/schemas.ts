import { z } from 'zod';

export const DIVISION_LEVELS = ['district', 'town', 'village', 'grid'] as const;
export type DivisionLevel = (typeof DIVISION_LEVELS)[number];

export const divisionView = z.object({
  code: z.string(),
  name: z.string(),
  level: z.enum(DIVISION_LEVELS),
  parentCode: z.string().nullable(),
  districtCode: z.string(),
  kind: z.string().nullable(),
  formerName: z.string().nullable(),
  keyTown: z.boolean(),
  active: z.boolean(),
});
export type DivisionView = z.infer<typeof divisionView>;

/** Villages use the 12-digit NBS code; grids are a village code plus a 2-3 digit suffix. */
export const divisionCreateBody = z.strictObject({
  code: z.string().regex(/^\d{12}(\d{2,3})?$/, '村为12位统计用区划代码，网格为村代码加2-3位序号'),
  name: z.string().trim().min(1).max(60),
  parentCode: z.string().regex(/^\d{9}(\d{3})?$/, '上级应为镇街（9位）或村（12位）代码'),
});
export const divisionUpdateBody = z.strictObject({
  name: z.string().trim().min(1).max(60).optional(),
  active: z.boolean().optional(),
});

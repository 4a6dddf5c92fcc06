import { z } from 'zod';

/**
 * A link from a campaign, incident or complaint to a record of another domain that is checked
 * when both sides are merged (kind + id + a label shown to people).
 */
export const LINK_KINDS = ['inspection', 'case'] as const;
export type LinkKind = (typeof LINK_KINDS)[number];
export const LINK_KIND_LABELS: Record<LinkKind, string> = { inspection: '巡查', case: '案件' };

export const genericLinkBody = z.strictObject({
  kind: z.enum(LINK_KINDS),
  /** The record's id (a picker's value), or a case's number. */
  refId: z.string().trim().min(1).max(64),
  /** Ignored: the label is taken from the record linked. */
  label: z.string().trim().max(100).optional(),
});
export type GenericLinkBody = z.infer<typeof genericLinkBody>;

export const genericLinkView = z.object({
  kind: z.enum(LINK_KINDS),
  refId: z.string(),
  label: z.string(),
  createdAt: z.string(),
  createdByName: z.string().nullable(),
});

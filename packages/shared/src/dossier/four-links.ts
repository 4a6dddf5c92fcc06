import { z } from 'zod';

/**
 * 四挂钩 (plan 二(七): 「落实追溯“四挂钩”机制」): an entity's trace record is weighed wherever it is
 * considered for a brand, funding, an award or demonstration status. The plan names the mechanism
 * only; what counts and how strictly is a district setting (FourLinksRule), not law.
 */
export const PURPOSES = ['brand', 'funding', 'award', 'demonstration'] as const;
export type Purpose = (typeof PURPOSES)[number];
export const PURPOSE_LABELS: Record<Purpose, string> = {
  brand: '品牌认证',
  funding: '资金扶持',
  award: '评优评先',
  demonstration: '示范创建',
};

/** What a failed condition does: refuse, warn (go on only when acknowledged) or nothing. */
export const SEVERITIES = ['refuse', 'warn', 'off'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const SEVERITY_LABELS: Record<Severity, string> = { refuse: '不予通过', warn: '提示', off: '不检查' };

export const fourLinksRule = z.strictObject({
  /** The entity must have issued a certificate (合格证) within this many days. */
  certWithinDays: z.number().int().min(1).max(3650),
  noRecentCertificate: z.enum(SEVERITIES),
  /** The entity keeps production records (生产批次) on the trace platform. */
  noTraceRecords: z.enum(SEVERITIES),
  highRisk: z.enum(SEVERITIES),
  redColour: z.enum(SEVERITIES),
  openCase: z.enum(SEVERITIES),
});
export type FourLinksRule = z.infer<typeof fourLinksRule>;

/**
 * The platform's starting rule until the district sets its own: a plainly-stated setting, not a
 * value from the plan or a standard.
 */
export const DEFAULT_FOUR_LINKS_RULE: FourLinksRule = {
  certWithinDays: 365,
  noRecentCertificate: 'warn',
  noTraceRecords: 'warn',
  highRisk: 'refuse',
  redColour: 'warn',
  openCase: 'refuse',
};

export interface EntityFacts {
  /** Days since the last certificate the entity issued; null when it never issued one. */
  daysSinceCertificate: number | null;
  productionLots: number;
  riskLevel: 'low' | 'medium' | 'high';
  colour: 'green' | 'yellow' | 'red';
  openCases: number;
}

export type Verdict = 'ok' | 'warn' | 'refuse';
export const VERDICT_LABELS: Record<Verdict, string> = { ok: '符合', warn: '需确认', refuse: '不符合' };
export type Condition = keyof Omit<FourLinksRule, 'certWithinDays'>;

/** Pure: which conditions fail, each with the severity the district gave it. */
export function fourLinks(
  f: EntityFacts,
  rule: FourLinksRule,
): { verdict: Verdict; reasons: { condition: Condition; severity: 'refuse' | 'warn'; text: string }[] } {
  const failed: [Condition, boolean, string][] = [
    [
      'noRecentCertificate',
      f.daysSinceCertificate === null || f.daysSinceCertificate > rule.certWithinDays,
      f.daysSinceCertificate === null
        ? '从未开具食用农产品合格证'
        : `近${rule.certWithinDays}天未开具合格证（上次在${f.daysSinceCertificate}天前）`,
    ],
    ['noTraceRecords', f.productionLots === 0, '未在追溯平台记录生产批次'],
    ['highRisk', f.riskLevel === 'high', '风险等级为高风险'],
    ['redColour', f.colour === 'red', '监管信用颜色为红色'],
    ['openCase', f.openCases > 0, `有${f.openCases}件未结案件`],
  ];
  const reasons = failed.flatMap(([condition, bad, text]) => {
    const severity = rule[condition];
    return bad && severity !== 'off' ? [{ condition, severity, text }] : [];
  });
  const verdict: Verdict = reasons.some((r) => r.severity === 'refuse')
    ? 'refuse'
    : reasons.length
      ? 'warn'
      : 'ok';
  return { verdict, reasons };
}

export const eligibilityView = z.object({
  entityId: z.string(),
  entityName: z.string(),
  purpose: z.enum(PURPOSES),
  purposeLabel: z.string(),
  verdict: z.enum(['ok', 'warn', 'refuse']),
  verdictLabel: z.string(),
  reasons: z.array(z.object({ severity: z.enum(['refuse', 'warn']), text: z.string() })),
  /** The record the verdict weighed, in words. */
  record: z.object({
    lastCertificateOn: z.string().nullable(),
    certificates: z.number().int(),
    productionLots: z.number().int(),
    riskLevelName: z.string(),
    colourLabel: z.string(),
    openCases: z.number().int(),
  }),
  rule: fourLinksRule,
});
export type EligibilityView = z.infer<typeof eligibilityView>;

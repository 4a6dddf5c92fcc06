import type { SupervisionColour } from '@nongan/shared/certificates/schemas';

/**
 * The supervision colour of an entity (监管赋色), as Zhejiang's farm code (浙农码) shows it on a
 * scan: green, yellow or red from what supervision found about the entity recently. Pure: the
 * counts are gathered by `scan-service.ts` (`colourCounts`) over the window below.
 *
 * The rule, worst first:
 *
 * - red (红码): within the window a lab sample of the entity failed (抽检不合格), a positive
 *   rapid test was confirmed by the lab, or an enforcement case was filed or is still open
 *   (立案查处);
 * - yellow (黄码): within the window a positive rapid test still awaits its lab confirmation,
 *   an inspection found problems not yet rectified, or a lab sample found a substance whose use
 *   on that crop is banned (禁限用药物检出, a supervision lead even where the sample passes its
 *   limit); or the entity carries an active problem flag (待整改, set when a sample fails and kept
 *   until the problem is closed, whatever its age);
 * - green (绿码): none of these, including an entity nobody has sampled or inspected yet.
 *
 * A positive rapid test cleared by the lab counts for nothing. An inspection's problems count
 * until its rectification is closed after a revisit (an escalated one stays counted). A case
 * withdrawn (撤销/不予立案) counts for nothing: it found nothing to pursue.
 */
export const COLOUR_WINDOW_DAYS = 180;

export interface ColourCounts {
  /** Lab samples judged `fail` within the window. */
  failedSamples: number;
  /** Positive rapid tests within the window that the lab confirmed (follow-up `confirmed`). */
  confirmedPositives: number;
  /** Positive rapid tests within the window still awaiting lab confirmation. */
  pendingPositives: number;
  /** Lab samples within the window with a 禁限用药物检出 lead (samples.has_lead). */
  banLeads: number;
  /** Active problem flags (entity_flags.flag = 'problem', active), of any age. */
  problemFlags: number;
  /** Inspections within the window with failed items whose rectification is not closed. */
  problemInspections: number;
  /** Enforcement cases filed within the window or still open (domains/cases). */
  cases: number;
}

export type ColourReason = keyof ColourCounts;

export interface ColourResult {
  colour: SupervisionColour;
  /** The counts that decided it (those that are non-zero and of the colour's severity). */
  reasons: ColourReason[];
  /** The facts it rests on, for people (e.g. 禁限用药物检出（依据农业部公告第199号）). */
  basis: string;
}

const RED: ColourReason[] = ['failedSamples', 'confirmedPositives', 'cases'];
const YELLOW: ColourReason[] = ['pendingPositives', 'problemInspections', 'banLeads', 'problemFlags'];

const REASON_LABELS: Record<ColourReason, string> = {
  failedSamples: '抽检不合格',
  confirmedPositives: '快检阳性经定量检测确认',
  cases: '立案查处',
  pendingPositives: '快检阳性待定量检测确认',
  problemInspections: '检查发现问题未整改',
  banLeads: '禁限用药物检出',
  problemFlags: '有待整改问题',
};

/** `leadBases`: the announcements of the window's 禁限用 leads, named in the basis. */
export function supervisionColour(counts: ColourCounts, leadBases: string[] = []): ColourResult {
  const say = (reasons: ColourReason[]) =>
    reasons
      .map((k) =>
        k === 'banLeads' && leadBases.length
          ? `${REASON_LABELS[k]}（依据${leadBases.join('、')}）`
          : REASON_LABELS[k],
      )
      .join('；');
  const red = RED.filter((k) => counts[k] > 0);
  if (red.length) return { colour: 'red', reasons: red, basis: say(red) };
  const yellow = YELLOW.filter((k) => counts[k] > 0);
  if (yellow.length) return { colour: 'yellow', reasons: yellow, basis: say(yellow) };
  return { colour: 'green', reasons: [], basis: '近期抽检、检查无问题' };
}

/** The start of the window ending at `now`. */
export const colourWindowStart = (now: Date, days = COLOUR_WINDOW_DAYS) =>
  new Date(now.getTime() - days * 86_400_000);

export const NO_FINDINGS: ColourCounts = {
  failedSamples: 0,
  confirmedPositives: 0,
  pendingPositives: 0,
  banLeads: 0,
  problemFlags: 0,
  problemInspections: 0,
  cases: 0,
};

import { describe, expect, it } from 'vitest';
import {
  COLOUR_WINDOW_DAYS,
  type ColourCounts,
  colourWindowStart,
  NO_FINDINGS,
  supervisionColour,
} from './colour.ts';

const c = (over: Partial<ColourCounts>): ColourCounts => ({ ...NO_FINDINGS, ...over });

describe('supervision colour', () => {
  it('is green with no findings (also for an entity nobody has sampled yet)', () => {
    expect(supervisionColour(NO_FINDINGS)).toEqual({
      colour: 'green',
      reasons: [],
      basis: '近期抽检、检查无问题',
    });
  });

  it('is red for a failed lab sample, a lab-confirmed positive or a case', () => {
    expect(supervisionColour(c({ failedSamples: 1 }))).toEqual({
      colour: 'red',
      reasons: ['failedSamples'],
      basis: '抽检不合格',
    });
    expect(supervisionColour(c({ confirmedPositives: 2 })).colour).toBe('red');
    expect(supervisionColour(c({ cases: 1 })).colour).toBe('red');
  });

  it('is yellow for a positive awaiting the lab, an unrectified inspection or an active problem flag', () => {
    expect(supervisionColour(c({ pendingPositives: 1 }))).toMatchObject({
      colour: 'yellow',
      reasons: ['pendingPositives'],
    });
    expect(supervisionColour(c({ problemInspections: 1 })).colour).toBe('yellow');
    expect(supervisionColour(c({ problemFlags: 1 })).colour).toBe('yellow');
  });

  it('takes the worst colour and names only the reasons of that colour', () => {
    expect(
      supervisionColour(c({ failedSamples: 1, problemFlags: 1, pendingPositives: 3, cases: 1 })),
    ).toMatchObject({
      colour: 'red',
      reasons: ['failedSamples', 'cases'],
    });
    expect(supervisionColour(c({ problemFlags: 1, pendingPositives: 1 })).reasons).toEqual([
      'pendingPositives',
      'problemFlags',
    ]);
  });

  it('is at least yellow for a 禁限用药物检出 lead, naming its announcement; a failure stays red', () => {
    expect(supervisionColour(c({ banLeads: 1 }), ['农业部公告第199号'])).toEqual({
      colour: 'yellow',
      reasons: ['banLeads'],
      basis: '禁限用药物检出（依据农业部公告第199号）',
    });
    const both = supervisionColour(c({ banLeads: 2, failedSamples: 1 }), ['农业部公告第199号']);
    expect(both).toEqual({ colour: 'red', reasons: ['failedSamples'], basis: '抽检不合格' });
    expect(supervisionColour(c({ banLeads: 1, pendingPositives: 1 }), ['农业部公告第199号']).basis).toBe(
      '快检阳性待定量检测确认；禁限用药物检出（依据农业部公告第199号）',
    );
  });

  it('looks back 180 days by default', () => {
    const now = new Date('2026-07-01T00:00:00Z');
    expect(COLOUR_WINDOW_DAYS).toBe(180);
    expect(colourWindowStart(now).toISOString()).toBe('2026-01-02T00:00:00.000Z');
    expect(colourWindowStart(now, 30).toISOString()).toBe('2026-06-01T00:00:00.000Z');
  });
});

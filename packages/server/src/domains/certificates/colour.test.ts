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
    expect(supervisionColour(NO_FINDINGS)).toEqual({ colour: 'green', reasons: [] });
  });

  it('is red for a failed lab sample, a lab-confirmed positive or a case', () => {
    expect(supervisionColour(c({ failedSamples: 1 }))).toEqual({ colour: 'red', reasons: ['failedSamples'] });
    expect(supervisionColour(c({ confirmedPositives: 2 })).colour).toBe('red');
    expect(supervisionColour(c({ cases: 1 })).colour).toBe('red');
  });

  it('is yellow for a positive awaiting the lab, an unrectified inspection or an active problem flag', () => {
    expect(supervisionColour(c({ pendingPositives: 1 }))).toEqual({
      colour: 'yellow',
      reasons: ['pendingPositives'],
    });
    expect(supervisionColour(c({ problemInspections: 1 })).colour).toBe('yellow');
    expect(supervisionColour(c({ problemFlags: 1 })).colour).toBe('yellow');
  });

  it('takes the worst colour and names only the reasons of that colour', () => {
    expect(
      supervisionColour(c({ failedSamples: 1, problemFlags: 1, pendingPositives: 3, cases: 1 })),
    ).toEqual({
      colour: 'red',
      reasons: ['failedSamples', 'cases'],
    });
    expect(supervisionColour(c({ problemFlags: 1, pendingPositives: 1 })).reasons).toEqual([
      'pendingPositives',
      'problemFlags',
    ]);
  });

  it('looks back 180 days by default', () => {
    const now = new Date('2026-07-01T00:00:00Z');
    expect(COLOUR_WINDOW_DAYS).toBe(180);
    expect(colourWindowStart(now).toISOString()).toBe('2026-01-02T00:00:00.000Z');
    expect(colourWindowStart(now, 30).toISOString()).toBe('2026-06-01T00:00:00.000Z');
  });
});

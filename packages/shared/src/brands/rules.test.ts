import { describe, expect, it } from 'vitest';
import { addDays, brandStatus, daysBetween } from './rules.ts';

describe('brandStatus', () => {
  const today = '2021-06-01';
  it('valid beyond the reminder window, expiring within it, expired after the last day', () => {
    expect(brandStatus({ validUntil: '2021-12-01', revoked: false }, today, 90)).toBe('valid');
    expect(brandStatus({ validUntil: '2021-08-30', revoked: false }, today, 90)).toBe('expiring');
    expect(brandStatus({ validUntil: today, revoked: false }, today, 90)).toBe('expiring');
    expect(brandStatus({ validUntil: '2021-05-31', revoked: false }, today, 90)).toBe('expired');
  });
  it('the window edge is inclusive and follows the setting', () => {
    expect(brandStatus({ validUntil: addDays(today, 90), revoked: false }, today, 90)).toBe('expiring');
    expect(brandStatus({ validUntil: addDays(today, 91), revoked: false }, today, 90)).toBe('valid');
    expect(brandStatus({ validUntil: addDays(today, 91), revoked: false }, today, 120)).toBe('expiring');
  });
  it('revoked wins over any date', () => {
    expect(brandStatus({ validUntil: '2030-01-01', revoked: true }, today, 90)).toBe('revoked');
  });
  it('counts days across months and years', () => {
    expect(daysBetween('2020-12-31', '2021-03-01')).toBe(60);
  });
});

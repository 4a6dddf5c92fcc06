import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LAB_SETTINGS,
  isFinal,
  isOverdue,
  mayVerify,
  resultDisplay,
  transition,
} from './lab-states.ts';

describe('lab state machine', () => {
  it('walks registered → received → entered → verified → reported', () => {
    expect(transition('registered', 'receive')).toEqual({ ok: true, to: 'received' });
    expect(transition('received', 'enter')).toEqual({ ok: true, to: 'entered' });
    expect(transition('entered', 'verify')).toEqual({ ok: true, to: 'verified' });
    expect(transition('verified', 'report')).toEqual({ ok: true, to: 'reported' });
  });
  it('rejects on reception only with a reason', () => {
    expect(transition('registered', 'reject', '')).toMatchObject({ ok: false });
    expect(transition('registered', 'reject', '封条破损')).toEqual({ ok: true, to: 'rejected' });
    expect(transition('received', 'reject', '封条破损')).toMatchObject({ ok: false });
  });
  it('sends entered results back to received with a reason', () => {
    expect(transition('entered', 'return', null)).toMatchObject({ ok: false });
    expect(transition('entered', 'return', '单位错误')).toEqual({ ok: true, to: 'received' });
    expect(transition('verified', 'return', '单位错误')).toMatchObject({ ok: false });
  });
  it('never edits a verified result: only invalidation leaves it', () => {
    expect(transition('verified', 'enter')).toMatchObject({ ok: false });
    expect(transition('verified', 'invalidate', '仪器故障')).toEqual({ ok: true, to: 'invalidated' });
    expect(transition('reported', 'invalidate', '仪器故障')).toEqual({ ok: true, to: 'invalidated' });
    expect(transition('entered', 'invalidate', '仪器故障')).toMatchObject({ ok: false });
    expect(transition('invalidated', 'verify')).toMatchObject({ ok: false });
  });
  it('counts only verified and reported as final', () => {
    expect(['registered', 'received', 'entered', 'rejected', 'invalidated'].some(isFinal)).toBe(false);
    expect(isFinal('verified') && isFinal('reported')).toBe(true);
  });
});

describe('who may verify', () => {
  const rule = DEFAULT_LAB_SETTINGS;
  it('refuses the enterer by default, allows a second person', () => {
    expect(mayVerify(rule, { id: 'u1', role: 'testing_centre' }, 'u1')).toMatchObject({ ok: false });
    expect(mayVerify(rule, { id: 'u2', role: 'testing_centre' }, 'u1')).toEqual({ ok: true });
    expect(mayVerify(rule, { id: 'u2', role: 'district_staff' }, 'u1')).toEqual({ ok: true });
  });
  it('allows self-verification when the setting says so', () => {
    expect(mayVerify({ ...rule, selfVerify: true }, { id: 'u1', role: 'testing_centre' }, 'u1')).toEqual({
      ok: true,
    });
  });
  it('refuses roles not listed', () => {
    expect(mayVerify(rule, { id: 'u2', role: 'town_supervisor' }, 'u1')).toMatchObject({ ok: false });
    expect(mayVerify(rule, { id: 'u2', role: 'district_admin' }, 'u1')).toMatchObject({ ok: false });
    expect(
      mayVerify({ ...rule, verifierRoles: ['district_admin'] }, { id: 'u2', role: 'district_admin' }, 'u1'),
    ).toEqual({ ok: true });
  });
});

describe('overdue and display', () => {
  const d = (s: string) => new Date(s);
  it('marks a sample overdue after the configured days in its state', () => {
    const days = { received: 7 };
    expect(isOverdue('received', d('2025-01-01'), d('2025-01-08T00:00:00Z'), days)).toBe(false);
    expect(isOverdue('received', d('2025-01-01'), d('2025-01-08T01:00:00Z'), days)).toBe(true);
    expect(isOverdue('verified', d('2025-01-01'), d('2026-01-01'), days)).toBe(false);
  });
  it('never shows a number below LOD, marks values between LOD and LOQ', () => {
    expect(resultDisplay(null, 'mg/kg', 0.01, null).text).toBe('< LOD (0.01 mg/kg)');
    expect(resultDisplay(0.005, 'mg/kg', 0.01, 0.03).text).toBe('< LOD (0.01 mg/kg)');
    expect(resultDisplay(0.02, 'mg/kg', 0.01, 0.03)).toEqual({
      text: '0.02 mg/kg（检出但低于定量限）',
      belowLoq: true,
    });
    expect(resultDisplay(0.05, 'mg/kg', 0.01, 0.03)).toEqual({ text: '0.05 mg/kg', belowLoq: false });
  });
});

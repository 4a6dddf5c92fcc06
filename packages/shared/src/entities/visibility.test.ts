import { describe, expect, it } from 'vitest';
import { ROLES } from '../accounts/schemas.ts';
import {
  DIRECTORY_EXPORTERS,
  FIELD_ACCESS,
  maskName,
  maskPhone,
  PROTECTED_FIELDS,
  restrictedFields,
} from './visibility.ts';

describe('entity fields by role', () => {
  it('has a rule for every role and every protected field', () => {
    for (const role of ROLES)
      for (const f of PROTECTED_FIELDS)
        expect(['full', 'masked', 'hidden'], `${role} ${f}`).toContain(FIELD_ACCESS[role][f]);
  });

  it('gives office, town and village staff the whole record', () => {
    for (const role of [
      'district_admin',
      'district_staff',
      'town_supervisor',
      'village_coordinator',
    ] as const)
      expect(restrictedFields(FIELD_ACCESS[role])).toEqual([]);
  });

  it('gives a market checker who the seller is, never a number, ID card, address or position', () => {
    const a = FIELD_ACCESS.market_checker;
    expect(a).toMatchObject({
      legalRep: 'masked',
      phone: 'masked',
      idCard: 'hidden',
      address: 'hidden',
      location: 'hidden',
    });
    expect(DIRECTORY_EXPORTERS).not.toContain('market_checker');
  });

  it('gives the testing centre the person and address, not the number, ID card or position', () => {
    expect(FIELD_ACCESS.testing_centre).toMatchObject({
      legalRep: 'full',
      address: 'full',
      phone: 'masked',
      idCard: 'hidden',
      location: 'hidden',
    });
  });

  it('never hides the name of the person in charge or the number outright (they are required in the view)', () => {
    for (const role of ROLES) {
      expect(FIELD_ACCESS[role].legalRep).not.toBe('hidden');
      expect(FIELD_ACCESS[role].phone).not.toBe('hidden');
    }
  });
});

describe('masks', () => {
  it('masks a mobile number as 138****8000, with or without +86 and spaces', () => {
    expect(maskPhone('13800138000')).toBe('138****8000');
    expect(maskPhone('+86 139 1234 5678')).toBe('139****5678');
    expect(maskPhone('023-45678901')).toBe('023****8901');
    expect(maskPhone('12')).toBe('****');
  });

  it('keeps a surname', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskName('李')).toBe('*');
  });
});

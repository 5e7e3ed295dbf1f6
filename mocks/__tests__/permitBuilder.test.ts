import { formatResidentId } from '../../common/residentId';
import { buildPermit, TAMPER_FIELDS, type PermitDraft } from '../permitBuilder';
import { checkSignature } from './helpers';

const draft: PermitDraft = {
  id: '3101152022000001018',
  status: 'VALID',
  validFrom: '2026-02-25',
  validUntil: '2028-02-24',
  residentSince: '2022-01-01',
  holder: { fullName: '欧阳晓明', residentId: formatResidentId('341202', '1988-06-17', 135), birthDate: '1988-06-17' },
  dependants: [{ fullName: '李子涵', birthDate: '2017-03-15' }],
  address: '浦东新区张江路88弄3号1201室',
  socialInsurance: { contributionMonths: 56, lastContributionMonth: '2026-10' },
  medicalInsurance: 'ACTIVE',
  providentFund: { status: 'ACTIVE', contributionMonths: 50 },
  local: { category: 'B', points: 96 },
  signedOn: '2026-11-01',
  signing: 'CURRENT_KEY',
};

describe('buildPermit', () => {
  it('masks the holder, the dependants and the address before signing', () => {
    const permit = buildPermit(draft);
    expect(permit.holder).toEqual({
      name: '欧**',
      idNumber: expect.stringMatching(/^\*{14}135[\dX]$/),
      birthDate: '1988-06-17',
    });
    expect(permit.dependants).toEqual([{ name: '李**', birthDate: '2017-03-15' }]);
    expect(permit.residence).toEqual({ districtCode: '310115', address: '浦东新区******' });
    expect(permit).toMatchObject({ issuer: 'SHANGHAI', issuingAuthorityCode: '310115', local: draft.local });
    expect(checkSignature(permit, '2026-11-01')).toBe('VALID');
  });

  it('signs with the key the draft names', () => {
    expect(buildPermit(draft).signature.keyId).toBe('SH-2026-01');
    expect(buildPermit({ ...draft, signing: 'EXPIRED_KEY' }).signature.keyId).toBe('SH-2024-01');
    expect(buildPermit({ ...draft, signing: 'UNKNOWN_KEY' }).signature.keyId).toBe('ROGUE-01');
  });

  it('signs on the draft\'s date, at 09:00 China Standard Time', () => {
    expect(buildPermit(draft).signature.signedAt).toBe('2026-11-01T01:00:00.000Z');
  });

  it('repeats byte for byte with one salt key, and salts afresh without one', () => {
    const key = Buffer.alloc(32, 1);
    expect(buildPermit(draft, key).signature).toEqual(buildPermit(draft, key).signature);
    expect(buildPermit(draft).signature.disclosures).not.toEqual(buildPermit(draft).signature.disclosures);
  });

  it.each(TAMPER_FIELDS)('breaks the signature when %s is altered after signing', (field) => {
    const permit = buildPermit({ ...draft, signing: 'TAMPERED', tamper: field });
    expect(permit.signature.keyId).toBe('SH-2026-01');
    expect(checkSignature(permit, '2026-11-01')).toBe('INVALID');
  });
});

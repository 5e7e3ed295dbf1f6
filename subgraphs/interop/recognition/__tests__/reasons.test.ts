import { days, months } from '../reasons';
import { REASON_CODES, REASON_MESSAGES, reason } from '../services/registry';

describe('reasons', () => {
  it('has every reason code the brief and docs/domain.md name', () => {
    expect(REASON_CODES).toEqual(expect.arrayContaining([
      'SIGNATURE_INVALID', 'SIGNING_KEY_UNKNOWN', 'SIGNING_KEY_EXPIRED', 'ISSUER_MISMATCH',
      'PERMIT_REVOKED', 'PERMIT_SUSPENDED', 'PERMIT_EXPIRED', 'IN_GRACE_PERIOD', 'EXPIRES_SOON',
      'RESIDENCE_TOO_SHORT', 'SOCIAL_INSURANCE_TOO_SHORT', 'NEAR_THRESHOLD', 'NO_ELIGIBLE_CHILD',
      'MEDICAL_INSURANCE_INACTIVE', 'FUND_ACCOUNT_CLOSED', 'INSUFFICIENT_FUND_CONTRIBUTIONS', 'NO_POLICY_IN_EFFECT',
    ]));
  });

  it.each(REASON_CODES)('%s has a Chinese and an English message', (code) => {
    expect(REASON_MESSAGES[code].zh).toMatch(/\p{Script=Han}.*。$/u);
    expect(REASON_MESSAGES[code].en).toMatch(/^[A-Z].*\.$/);
  });

  it('builds a reason with the messages of its code', () => {
    expect(reason('RESIDENCE_TOO_SHORT', '11 months', '12 months')).toEqual({
      code: 'RESIDENCE_TOO_SHORT',
      messageZh: REASON_MESSAGES.RESIDENCE_TOO_SHORT.zh,
      messageEn: REASON_MESSAGES.RESIDENCE_TOO_SHORT.en,
      observed: '11 months',
      required: '12 months',
    });
  });

  it('writes units in the singular for one', () => {
    expect([months(1), months(11), months(0), days(1), days(30)]).toEqual(['1 month', '11 months', '0 months', '1 day', '30 days']);
  });
});

import { statedDecisions } from '../statedDecisions';

/* The gateway reads the hub's statement defensively: a malformed one states nothing, never throws. */

const STATED = { permitId: 'P-1', host: 'SUZHOU', service: 'SCHOOLING', decision: 'RECOGNISED' };

describe('statedDecisions', () => {
  it('reads every well-formed decision of the statement, in order, and only its four fields', () => {
    const other = { permitId: 'P-2', host: 'ANHUI', service: 'MEDICAL_BILLING', decision: 'REJECTED', extra: 'x' };
    expect(statedDecisions({ yrdDecisions: [STATED, other], other: 1 })).toEqual([
      STATED,
      { permitId: 'P-2', host: 'ANHUI', service: 'MEDICAL_BILLING', decision: 'REJECTED' },
    ]);
  });

  it('skips malformed entries and unreadable statements', () => {
    expect(statedDecisions({ yrdDecisions: [null, 'x', { ...STATED, host: null }, { ...STATED, decision: '' }, STATED] })).toEqual([STATED]);
    expect(statedDecisions(undefined)).toEqual([]);
    expect(statedDecisions(null)).toEqual([]);
    expect(statedDecisions({ yrdDecisions: { 0: STATED } })).toEqual([]);
    expect(statedDecisions([STATED])).toEqual([]);
  });
});

import { decisionsIn } from '../auditTrail';

describe('decisionsIn', () => {
  it('finds nothing in no data', () => {
    expect(decisionsIn(null)).toEqual([]);
    expect(decisionsIn(undefined)).toEqual([]);
    expect(decisionsIn({})).toEqual([]);
  });

  it('finds a decision beside the permit id it is about', () => {
    const data = { permit: { id: 'P-1', recognition: { decision: 'RECOGNISED', reason: 'x' } } };
    expect(decisionsIn(data)).toEqual([{ permitId: 'P-1', decision: 'RECOGNISED' }]);
  });

  it('finds decisions under aliases, one per alias', () => {
    const data = {
      permit: {
        id: 'P-1',
        inShanghai: { decision: 'RECOGNISED' },
        inAnhui: { decision: 'NOT_RECOGNISED' },
      },
    };
    expect(decisionsIn(data)).toEqual([
      { permitId: 'P-1', decision: 'RECOGNISED' },
      { permitId: 'P-1', decision: 'NOT_RECOGNISED' },
    ]);
  });

  it('finds decisions in nested batches, in response order', () => {
    const data = {
      batch: {
        results: [
          { permit: { id: 'P-1', recognition: { decision: 'RECOGNISED' } } },
          { permit: { id: 'P-2', recognition: { decision: 'NOT_RECOGNISED' } } },
          [{ id: 'P-3', check: { decision: 'REFERRED' } }],
        ],
      },
    };
    expect(decisionsIn(data)).toEqual([
      { permitId: 'P-1', decision: 'RECOGNISED' },
      { permitId: 'P-2', decision: 'NOT_RECOGNISED' },
      { permitId: 'P-3', decision: 'REFERRED' },
    ]);
  });

  it('ignores a decision whose holder has no string id', () => {
    const data = {
      recognition: { decision: 'RECOGNISED' },
      permit: { id: 7, recognition: { decision: 'RECOGNISED' } },
      other: { id: null, recognition: { decision: 'RECOGNISED' } },
    };
    expect(decisionsIn(data)).toEqual([]);
  });

  it('ignores a decision that is not a string and null children', () => {
    const data = { permit: { id: 'P-1', recognition: { decision: null }, holder: null, rules: { decision: 3 } } };
    expect(decisionsIn(data)).toEqual([]);
  });
});

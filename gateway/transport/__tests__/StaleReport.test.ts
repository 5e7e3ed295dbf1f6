import { StaleReport } from '../StaleReport';

describe('StaleReport', () => {
  it('keeps each request’s notes apart, in order, and forgets them once taken', () => {
    const report = new StaleReport();
    const one = {};
    const two = {};
    report.note(one, { subgraph: 'anhui', permitId: 'A', ageSeconds: 1 });
    report.note(two, { subgraph: 'suzhou', permitId: 'B', ageSeconds: 2 });
    report.note(one, { subgraph: 'anhui', permitId: 'C', ageSeconds: 3 });
    expect(report.take(one).map((n) => n.permitId)).toEqual(['A', 'C']);
    expect(report.take(one)).toEqual([]);
    expect(report.take(two).map((n) => n.permitId)).toEqual(['B']);
  });
});

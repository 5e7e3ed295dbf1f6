import { getOperationAST, parse } from 'graphql';
import { idOnlyPermits } from '../idOnlyPermits';

const of = (query: string) => {
  const document = parse(query);
  return Object.fromEntries(idOnlyPermits(document, getOperationAST(document)!));
};

describe('idOnlyPermits', () => {
  it('names a permit(id:) that selects only its id or __typename, by alias', () => {
    expect(of(`{ permit(id: "1") { id } p: permit(id: "2") { __typename id } }`)).toEqual({ permit: { batch: false }, p: { batch: false } });
  });

  it('leaves out a permit whose selection reaches the city', () => {
    expect(of(`{ permit(id: "1") { id status } }`)).toEqual({});
    expect(of(`{ permit(id: "1") { recognition(host: SUZHOU, service: SCHOOLING) { decision } } }`)).toEqual({});
  });

  it('walks fragments and inline fragments', () => {
    expect(of(`{ permit(id: "1") { ...F } } fragment F on ResidencePermit { ... on ShanghaiPermit { id } }`)).toEqual({ permit: { batch: false } });
    expect(of(`{ permit(id: "1") { ...F } } fragment F on ResidencePermit { ... on ShanghaiPermit { points } }`)).toEqual({});
  });

  it('does not count a field under @skip or @include as reaching the city', () => {
    expect(of(`query ($x: Boolean!) { permit(id: "1") { id status @include(if: $x) } }`)).toEqual({ permit: { batch: false } });
  });

  it('names the id-only permit keys of permits and recognise items', () => {
    expect(of(`{ permits(ids: ["1"]) { id error { code } a: permit { id } b: permit { status } } }`)).toEqual({ permits: { batch: true, permitKeys: ['a'] } });
    expect(of(`{ recognise(requests: []) { permit { id } } }`)).toEqual({ recognise: { batch: true, permitKeys: ['permit'] } });
    expect(of(`{ permits(ids: ["1"]) { id permit { id issuer } } }`)).toEqual({});
  });

  it('names the id-only permit of a presented code: verifyPresentation { permit { id } } is confirmed by the city too', () => {
    expect(of(`{ v: verifyPresentation(code: "x") { verification { keyId } permit { id } } }`)).toEqual({ v: { batch: true, permitKeys: ['permit'] } });
    expect(of(`{ verifyPresentation(code: "x") { permit { id status } } }`)).toEqual({});
  });
});

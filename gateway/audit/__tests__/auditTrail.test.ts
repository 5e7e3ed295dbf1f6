import { hubDecisions } from '../hubDecisions';

/*
 * The decisions the audit records are read from the hub's answer to the gateway with the
 * operation and representations the gateway sent, so aliases and omissions in the
 * partner's selection cannot change them.
 */

const REPS = [
  { __typename: 'ShanghaiPermit', id: 'P-1', decisionContext: 'SUZHOU:SCHOOLING' },
  { __typename: 'AnhuiPermit', id: 'P-2', decisionContext: 'HANGZHOU:MEDICAL_BILLING' },
];

describe('hubDecisions', () => {
  it('reads requestedRecognition decisions by representation, host and service from decisionContext', () => {
    const query = `query($representations:[_Any!]!){_entities(representations:$representations){
      ... on ShanghaiPermit { requestedRecognition { decision } }
      ... on AnhuiPermit { requestedRecognition { decision } } } }`;
    const data = {
      _entities: [{ requestedRecognition: { decision: 'RECOGNISED' } }, { requestedRecognition: { decision: 'REJECTED' } }],
    };
    expect(hubDecisions(query, { representations: REPS }, data)).toEqual([
      { permitId: 'P-1', host: 'SUZHOU', service: 'SCHOOLING', decision: 'RECOGNISED' },
      { permitId: 'P-2', host: 'HANGZHOU', service: 'MEDICAL_BILLING', decision: 'REJECTED' },
    ]);
  });

  it('follows aliases to the field names, and ignores a decision-named alias of another field', () => {
    const query = `query($representations:[_Any!]!){_entities(representations:$representations){
      ... on ShanghaiPermit { r: requestedRecognition { verdict: decision decision: policyVersion where: host } } } }`;
    const data = { _entities: [{ r: { verdict: 'REFERRED', decision: '2026.1', where: 'ANHUI' } }] };
    expect(hubDecisions(query, { representations: REPS.slice(0, 1) }, data)).toEqual([
      { permitId: 'P-1', host: 'ANHUI', service: 'SCHOOLING', decision: 'REFERRED' },
    ]);
  });

  it('takes host and service of recognition(host:, service:) from its arguments, literal or variable, through named fragments', () => {
    const query = `query($representations:[_Any!]!, $h: Region!){_entities(representations:$representations){ ...F } }
      fragment F on ShanghaiPermit { a: recognition(host: $h, service: SCHOOLING) { decision } }`;
    const data = { _entities: [{ __typename: 'ShanghaiPermit', a: { decision: 'RECOGNISED' } }] };
    expect(hubDecisions(query, { representations: REPS.slice(0, 1), h: 'ANHUI' }, data)).toEqual([
      { permitId: 'P-1', host: 'ANHUI', service: 'SCHOOLING', decision: 'RECOGNISED' },
    ]);
  });

  it('skips fragments of another type, null entities, missing decisions and unreadable input', () => {
    const query = `query($representations:[_Any!]!){_entities(representations:$representations){
      ... on AnhuiPermit { requestedRecognition { decision } } ... on ShanghaiPermit { requestedRecognition { reasons { code } } } } }`;
    const data = { _entities: [{ __typename: 'ShanghaiPermit', requestedRecognition: { reasons: [] } }, null] };
    expect(hubDecisions(query, { representations: REPS }, data)).toEqual([]);
    expect(hubDecisions('not graphql', {}, data)).toEqual([]);
    expect(hubDecisions(query, undefined, data)).toEqual([]);
    expect(hubDecisions(query, { representations: REPS }, null)).toEqual([]);
  });
});

import { CHAIN_KEY } from './support/records';
import { createHmac } from 'node:crypto';
import type { AuditEntry } from '../AuditEntry';
import { GENESIS_HASH, chainHash } from '../chainHash';

const entry: AuditEntry = {
  time: '2026-11-01T08:00:00.000Z',
  requestId: 'req-1',
  callerRequestId: null,
  partnerId: 'p',
  officerId: null,
  purpose: 'SCHOOL_ADMISSION',
  caseId: null,
  permitIdHashes: ['a'.repeat(64)],
  fields: ['ShanghaiPermit.status'],
  decisions: [{ permitIdHash: 'a'.repeat(64), host: 'SUZHOU', service: 'SCHOOLING', decision: 'RECOGNISED' }],
  failures: [],
  outcome: 'OK',
  errorCodes: [],
};

describe('chainHash', () => {
  it('starts a chain from 64 zeros', () => {
    expect(GENESIS_HASH).toBe('0000000000000000000000000000000000000000000000000000000000000000');
  });

  it('is HMAC-SHA256 under the chain key over the canonical JSON of prevHash and the entry', () => {
    const text =
      '{"callerRequestId":null,"caseId":null,"decisions":[{"decision":"RECOGNISED","host":"SUZHOU","permitIdHash":"' + 'a'.repeat(64) +
      '","service":"SCHOOLING"}],"errorCodes":[],"failures":[],' +
      '"fields":["ShanghaiPermit.status"],"officerId":null,"outcome":"OK","partnerId":"p","permitIdHashes":["' + 'a'.repeat(64) +
      '"],"prevHash":"' + GENESIS_HASH + '","purpose":"SCHOOL_ADMISSION","requestId":"req-1","time":"2026-11-01T08:00:00.000Z"}';
    expect(chainHash(GENESIS_HASH, entry, CHAIN_KEY)).toBe(createHmac('sha256', CHAIN_KEY).update(text).digest('hex'));
  });

  it('changes with the previous hash and with any field', () => {
    const base = chainHash(GENESIS_HASH, entry, CHAIN_KEY);
    expect(chainHash('1'.repeat(64), entry, CHAIN_KEY)).not.toBe(base);
    expect(chainHash(GENESIS_HASH, { ...entry, outcome: 'REFUSED' }, CHAIN_KEY)).not.toBe(base);
    expect(chainHash(GENESIS_HASH, { ...entry, fields: [] }, CHAIN_KEY)).not.toBe(base);
    // Without the key, nobody can recompute a link after an edit.
    expect(chainHash(GENESIS_HASH, entry, 'another-chain-key-of-32-bytes-or-more')).not.toBe(base);
  });
});

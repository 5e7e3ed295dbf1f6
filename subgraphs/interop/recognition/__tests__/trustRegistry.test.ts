import { sign, verify, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ed25519FromSeed, exportRawPublicKey } from '../../../../common/signing';
import type { TrustedKey } from '../../../../common/trust';
import { mockTrustRegistry } from '../../../../common/mockIssuerKeys';
import { scenarioPermits } from '../../../../mocks/scenarioPermits';
import { loadTrustRegistry, parseTrustRegistry } from '../trustRegistry';

const { privateKey, publicKey } = ed25519FromSeed(Buffer.alloc(32, 7));
const RAW = exportRawPublicKey(publicKey);

function aKey(overrides: Partial<Record<keyof TrustedKey, unknown>> = {}): Record<string, unknown> {
  return { keyId: 'sh-2026', region: 'SHANGHAI', publicKey: RAW, validFrom: '2026-01-01', validUntil: '2027-12-31', ...overrides };
}

function problemsOf(json: unknown): string[] {
  try {
    parseTrustRegistry(json);
  } catch (error) {
    return (error as Error).message.split('\n').map((line) => line.trim());
  }
  throw new Error('expected parseTrustRegistry to throw');
}

describe('parseTrustRegistry', () => {
  it('looks a key up by id: its metadata and a key that verifies the region’s signatures', () => {
    const other = exportRawPublicKey(ed25519FromSeed(Buffer.alloc(32, 8)).publicKey);
    const registry = parseTrustRegistry([aKey(), aKey({ keyId: 'sz-2026', region: 'SUZHOU', publicKey: other })]);
    const found = registry.lookup('sh-2026');
    expect(found?.metadata).toEqual(aKey());
    const data = Buffer.from('{"id":"31011520240001234X"}');
    const signature = sign(null, data, privateKey);
    expect(verify(null, data, found?.publicKey as KeyObject, signature)).toBe(true);
    expect(verify(null, data, registry.lookup('sz-2026')?.publicKey as KeyObject, signature)).toBe(false);
  });

  it('finds nothing under an unknown key id', () => {
    const registry = parseTrustRegistry([aKey()]);
    expect(registry.lookup('nowhere')).toBeUndefined();
    expect(registry.lookup('__proto__')).toBeUndefined();
  });

  it('accepts an empty registry (every record is then unverifiable)', () => {
    expect(parseTrustRegistry([]).lookup('sh-2026')).toBeUndefined();
  });

  it.each<[string, unknown, string]>([
    ['a file that is not an array', { keys: [] }, 'keys: expected an array of trusted keys'],
    ['an entry that is not an object', ['sh-2026'], 'keys[0]: expected a trusted key {keyId, region, publicKey, validFrom, validUntil}'],
    ['an empty key id', [aKey({ keyId: '' })], 'keys[0].keyId: expected a non-empty key id'],
    ['a region that is not connected', [aKey({ region: 'NINGBO' })], 'keys[0].region: expected a region: SHANGHAI, SUZHOU, HANGZHOU, ANHUI'],
    ['a public key of the wrong length', [aKey({ publicKey: RAW.slice(0, 40) })], 'keys[0].publicKey: expected base64url of a raw 32-byte Ed25519 public key'],
    ['a public key with stray characters', [aKey({ publicKey: `${RAW.slice(0, 20)}.${RAW.slice(20)}` })], 'keys[0].publicKey: expected base64url of a raw 32-byte Ed25519 public key'],
    ['a public key in PEM', [aKey({ publicKey: '-----BEGIN PUBLIC KEY-----' })], 'keys[0].publicKey: expected base64url of a raw 32-byte Ed25519 public key'],
    ['a missing validity date', [aKey({ validUntil: undefined })], 'keys[0].validUntil: missing; expected an ISO date YYYY-MM-DD'],
    ['a date not on the calendar', [aKey({ validFrom: '2026-02-29' })], 'keys[0].validFrom: expected an ISO date YYYY-MM-DD'],
    ['validUntil before validFrom', [aKey({ validUntil: '2025-12-31' })], 'keys[0].validUntil: expected a date not before validFrom'],
    ['an unknown field', [{ ...aKey(), algorithm: 'Ed25519' }], 'keys[0]: unknown field(s) algorithm'],
    ['a key id registered twice', [aKey(), aKey({ region: 'SUZHOU' })], 'keys[1].keyId: duplicate key id "sh-2026" (also keys[0])'],
  ])('rejects %s', (_, json, problem) => {
    expect(problemsOf(json)).toContain(problem);
  });

  it('reports every problem in one message', () => {
    const lines = problemsOf([aKey({ region: 'NINGBO' }), aKey({ keyId: 'x', region: 'SHANGHAI ', publicKey: 'abc', validFrom: 'soon' })]);
    expect(lines).toEqual([
      'Invalid trust registry (4 problems):',
      'keys[0].region: expected a region: SHANGHAI, SUZHOU, HANGZHOU, ANHUI',
      'keys[1].region: expected a region: SHANGHAI, SUZHOU, HANGZHOU, ANHUI',
      'keys[1].publicKey: expected base64url of a raw 32-byte Ed25519 public key',
      'keys[1].validFrom: expected an ISO date YYYY-MM-DD',
    ]);
  });
});

describe('loadTrustRegistry', () => {
  const dir = mkdtempSync(join(tmpdir(), 'trust-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a registry file', () => {
    const file = join(dir, 'trust.json');
    writeFileSync(file, JSON.stringify([aKey()]));
    expect(loadTrustRegistry(file).lookup('sh-2026')?.metadata.region).toBe('SHANGHAI');
  });

  it('names the file when it cannot be read or is invalid', () => {
    expect(() => loadTrustRegistry(join(dir, 'missing.json'))).toThrow(`Cannot read trust registry from ${join(dir, 'missing.json')}`);
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify([aKey({ region: 'NINGBO' })]));
    expect(() => loadTrustRegistry(file)).toThrow(`${file}: Invalid trust registry (1 problem):`);
  });
});

describe('RegisteredKey.verifyJws', () => {
  // Real signed records: the Shanghai scenario permits of the mock registry.
  const registry = parseTrustRegistry(mockTrustRegistry());
  const { signature } = scenarioPermits('SHANGHAI', '2026-11-01')[0]!;
  const key = registry.lookup(signature.keyId)!;

  it('remembers a valid signed part yet still rejects a changed copy under the same signature', () => {
    const [header, payload, value] = signature.issuerSigned.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const revoked = Buffer.from(JSON.stringify({ ...claims, status: 'REVOKED' })).toString('base64url');
    expect(key.verifyJws(signature.issuerSigned)).toBe(true);
    expect(key.verifyJws(signature.issuerSigned)).toBe(true);
    expect(key.verifyJws(`${header}.${revoked}.${value}`)).toBe(false);
    expect(key.verifyJws(`${header}.${payload}.${value.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'))}`)).toBe(false);
    expect(key.verifyJws(signature.issuerSigned)).toBe(true);
  });
});

import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { PermitRecord, PermitSignature, SignedPermit } from '../permit';
import { compactVerify } from 'jose';
import {
  DISCLOSURE_NAMES,
  ed25519FromSeed,
  exportRawPublicKey,
  importRawPublicKey,
  openPermitSignature,
  signPermit,
  verifyIssuerSigned,
  verifyPermit,
} from '../signing';
import { shanghaiDate } from '../chinaToday';

// RFC 8032, section 7.1, TEST 1 and TEST 2: seed, public key, signature.
const RFC8032_TEST1 = {
  seed: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
  publicKey: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
  message: '',
  signature:
    'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
};
const RFC8032_TEST2 = {
  seed: '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb',
  publicKey: '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c',
  message: '72',
  signature:
    '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
};

const SHANGHAI_KEYS = ed25519FromSeed(Buffer.alloc(32, 1));
const SUZHOU_KEYS = ed25519FromSeed(Buffer.alloc(32, 2));

// Every field filled, two dependants and a non-null month, so every leaf can be tampered.
const RECORD: PermitRecord = {
  id: '3101152024000123452',
  issuer: 'SHANGHAI',
  issuingAuthorityCode: '310115',
  status: 'VALID',
  validFrom: '2024-03-01',
  validUntil: '2027-02-28',
  residentSince: '2021-06-15',
  holder: { name: '张**', idNumber: '**************002X', birthDate: '1988-04-12' },
  dependants: [
    { name: '张**', birthDate: '2016-09-01' },
    { name: '张**', birthDate: '2019-01-20' },
  ],
  residence: { districtCode: '310115', address: '浦东新区******' },
  socialInsurance: { contributionMonths: 30, lastContributionMonth: '2025-12' },
  medicalInsurance: { status: 'ACTIVE' },
  providentFund: { status: 'ACTIVE', contributionMonths: 28 },
};

/** 2026-03-02 09:00 China Standard Time. */
const SIGNED_AT = Date.parse('2026-03-02T01:00:00Z') / 1000;
const FIXED_SALT = (name: string) => Buffer.from(`salt-of-${name}`).toString('base64url');
const signRecord = (record: PermitRecord, keyId = 'shanghai-2024', key = SHANGHAI_KEYS.privateKey) =>
  signPermit(record, keyId, key, { signedAt: SIGNED_AT });
const SIGNATURE = signRecord(RECORD);
/** The Ed25519 signature part of the issuer-signed JWS. */
const SIG_VALUE = SIGNATURE.issuerSigned.split('.')[2] as string;
const decode = (segment: string): unknown => JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));

type Path = ReadonlyArray<string | number>;

function leafPaths(value: unknown, path: Path = []): Path[] {
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => leafPaths(v, [...path, Array.isArray(value) ? Number(k) : k]));
  }
  return [path];
}

// A copy of the record with the one leaf at `path` given a different value of its kind.
function withLeafChanged(record: PermitRecord, path: Path): PermitRecord {
  const copy = structuredClone(record);
  let parent = copy as unknown as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  const old = parent[last];
  if (typeof old === 'number') parent[last] = old + 1;
  else if (typeof old === 'string') parent[last] = old.slice(0, -1) + (old.endsWith('0') ? '1' : '0');
  else parent[last] = '2025-11';
  return copy;
}

function edit(change: (copy: PermitRecord) => void): PermitRecord {
  const copy = structuredClone(RECORD);
  change(copy);
  return copy;
}

function expectVerifies(record: PermitRecord, signature: PermitSignature = SIGNATURE, key: KeyObject = SHANGHAI_KEYS.publicKey) {
  expect(verifyPermit(record, signature, key)).toBe(true);
}

function expectRejected(record: PermitRecord, signature: PermitSignature = SIGNATURE, key: KeyObject = SHANGHAI_KEYS.publicKey) {
  let result: boolean | undefined;
  expect(() => {
    result = verifyPermit(record, signature, key);
  }).not.toThrow();
  expect(result).toBe(false);
}

function withValue(value: string): PermitSignature {
  const [header, payload] = SIGNATURE.issuerSigned.split('.');
  return { ...SIGNATURE, issuerSigned: `${header}.${payload}.${value}` };
}

describe('ed25519FromSeed', () => {
  it.each([RFC8032_TEST1, RFC8032_TEST2])('derives the RFC 8032 public key and signature for seed $seed', (vector) => {
    const { privateKey, publicKey } = ed25519FromSeed(Buffer.from(vector.seed, 'hex'));
    expect(Buffer.from(exportRawPublicKey(publicKey), 'base64url').toString('hex')).toBe(vector.publicKey);
    expect(sign(null, Buffer.from(vector.message, 'hex'), privateKey).toString('hex')).toBe(vector.signature);
  });

  it('derives the same key pair from the same seed', () => {
    const again = ed25519FromSeed(Buffer.alloc(32, 1));
    expect(exportRawPublicKey(again.publicKey)).toBe(exportRawPublicKey(SHANGHAI_KEYS.publicKey));
  });

  it('derives different keys from different seeds', () => {
    expect(exportRawPublicKey(SUZHOU_KEYS.publicKey)).not.toBe(exportRawPublicKey(SHANGHAI_KEYS.publicKey));
  });

  it.each([0, 16, 31, 33, 64])('throws a RangeError for a seed of %i bytes', (length) => {
    expect(() => ed25519FromSeed(Buffer.alloc(length, 1))).toThrow(RangeError);
  });
});

describe('signPermit', () => {
  it('returns an EdDSA SD-JWT under the given key id, signed at the given instant', () => {
    expect(SIGNATURE).toMatchObject({ algorithm: 'EdDSA', keyId: 'shanghai-2024', signedAt: '2026-03-02T01:00:00.000Z' });
    expect(decode(SIGNATURE.issuerSigned.split('.')[0] as string)).toEqual({ alg: 'EdDSA', kid: 'shanghai-2024', typ: 'yrd-permit+sd-jwt' });
  });

  it('writes the 64-byte signature as 86 characters of unpadded base64url', () => {
    expect(SIG_VALUE).toMatch(/^[A-Za-z0-9_-]{86}$/);
  });

  it('gives the same signed record for the same salts, as Ed25519 is deterministic', () => {
    const again = () => signPermit(RECORD, 'shanghai-2024', SHANGHAI_KEYS.privateKey, { signedAt: SIGNED_AT, salt: FIXED_SALT });
    expect(again()).toEqual(again());
  });

  it('salts every disclosure afresh, so two signings of one record share no digest', () => {
    const digests = (sig: PermitSignature) => JSON.stringify(decode(sig.issuerSigned.split('.')[1] as string)).match(/[A-Za-z0-9_-]{43}/g);
    const again = signRecord(RECORD);
    const shared = digests(again)?.filter((d) => digests(SIGNATURE)?.includes(d));
    expect(shared).toEqual([]);
    const salts = DISCLOSURE_NAMES.map((n) => (decode(SIGNATURE.disclosures[n]) as string[])[0]);
    expect(new Set(salts).size).toBe(DISCLOSURE_NAMES.length);
  });

  it('signs the public fields in the clear and nothing personal: only salted digests, three, two and four', () => {
    const payload = decode(SIGNATURE.issuerSigned.split('.')[1] as string) as Record<string, unknown>;
    expect(payload).toEqual({
      _sd_alg: 'sha-256',
      iat: SIGNED_AT,
      id: RECORD.id,
      issuer: 'SHANGHAI',
      issuingAuthorityCode: '310115',
      status: 'VALID',
      validFrom: '2024-03-01',
      validUntil: '2027-02-28',
      residentSince: '2021-06-15',
      holder: { _sd: [expect.any(String), expect.any(String), expect.any(String)] },
      residence: { _sd: [expect.any(String), expect.any(String)] },
      _sd: [expect.any(String), expect.any(String), expect.any(String), expect.any(String)],
    });
    const text = JSON.stringify(payload);
    for (const secret of ['张', '002X', '1988-04-12', '2016-09-01', '浦东', 'ACTIVE', 'contributionMonths', 'districtCode', 'birthDate']) expect(text).not.toContain(secret);
  });

  it('discloses each personal field as [salt, claim name, value]', () => {
    expect(decode(SIGNATURE.disclosures.medicalInsurance)).toEqual([expect.any(String), 'medicalInsurance', { status: 'ACTIVE' }]);
    expect(decode(SIGNATURE.disclosures.holderIdNumber)).toEqual([expect.any(String), 'idNumber', '**************002X']);
    expect(decode(SIGNATURE.disclosures.dependants)).toEqual([expect.any(String), 'dependants', RECORD.dependants]);
  });

  it('is a JWS that a standard library (jose) verifies with the issuer key', async () => {
    const { payload, protectedHeader } = await compactVerify(SIGNATURE.issuerSigned, SHANGHAI_KEYS.publicKey);
    expect(protectedHeader.alg).toBe('EdDSA');
    expect(JSON.parse(new TextDecoder().decode(payload))).toMatchObject({ id: RECORD.id });
  });
});

describe('openPermitSignature', () => {
  const open = (signature: PermitSignature) => openPermitSignature(signature, (jws) => verifyIssuerSigned(jws, SHANGHAI_KEYS.publicKey));

  it('rebuilds exactly the signed record', () => {
    expect(open(SIGNATURE)).toEqual({ ok: true, record: RECORD, keyId: 'shanghai-2024', signedAt: SIGNED_AT });
  });

  it('refuses a record with a disclosure missing', () => {
    const { medicalInsurance: _gone, ...rest } = SIGNATURE.disclosures;
    expect(open({ ...SIGNATURE, disclosures: rest as PermitSignature['disclosures'] })).toMatchObject({ ok: false, problem: 'disclosure medicalInsurance missing' });
  });

  it('refuses a disclosure moved to another field, though its digest is signed', () => {
    const swapped = { ...SIGNATURE.disclosures, medicalInsurance: SIGNATURE.disclosures.providentFund };
    expect(open({ ...SIGNATURE, disclosures: swapped })).toMatchObject({ ok: false });
  });

  it('refuses a header naming another key id than the one beside it', () => {
    expect(open({ ...SIGNATURE, keyId: 'suzhou-2024' })).toMatchObject({ ok: false });
  });

  it('refuses what is not a JWS, without throwing', () => {
    for (const issuerSigned of ['', 'a.b', '..', 'x.y.z', `${SIGNATURE.issuerSigned}.extra`]) {
      expect(open({ ...SIGNATURE, issuerSigned })).toMatchObject({ ok: false });
    }
  });
});

describe('shanghaiDate', () => {
  it('is the day in China Standard Time, eight hours ahead of UTC', () => {
    expect(shanghaiDate(Date.parse('2026-12-31T15:59:59Z') / 1000)).toBe('2026-12-31');
    expect(shanghaiDate(Date.parse('2026-12-31T16:00:00Z') / 1000)).toBe('2027-01-01');
  });
});

describe('verifyPermit', () => {
  it('accepts the record it was signed over', () => {
    expectVerifies(RECORD);
  });

  it('accepts the record after a JSON round trip with its keys in another order', () => {
    const reordered = JSON.parse(JSON.stringify(Object.fromEntries(Object.entries(RECORD).reverse()))) as PermitRecord;
    expectVerifies(reordered);
  });

  it('accepts a signed permit whatever its local extensions say, as they are not signed', () => {
    const permit: SignedPermit = { ...RECORD, signature: SIGNATURE, local: { category: 'A', points: 120 } };
    expectVerifies({ ...permit, local: { category: 'C', points: 0 } } as SignedPermit);
  });

  describe('detects a change to any single field', () => {
    const paths = leafPaths(RECORD);

    it('covers every field of the fixture, so no field goes untested', () => {
      expect(paths.map((p) => p.join('.'))).toEqual([
        'id', 'issuer', 'issuingAuthorityCode', 'status', 'validFrom', 'validUntil', 'residentSince',
        'holder.name', 'holder.idNumber', 'holder.birthDate',
        'dependants.0.name', 'dependants.0.birthDate', 'dependants.1.name', 'dependants.1.birthDate',
        'residence.districtCode', 'residence.address',
        'socialInsurance.contributionMonths', 'socialInsurance.lastContributionMonth',
        'medicalInsurance.status',
        'providentFund.status', 'providentFund.contributionMonths',
      ]);
    });

    it.each(paths.map((p) => [p.join('.'), p] as const))('fails when %s changes', (_name, path) => {
      expectRejected(withLeafChanged(RECORD, path));
    });
  });

  it.each<[string, (r: PermitRecord) => void]>([
    ['the status becomes REVOKED', (r) => { r.status = 'REVOKED'; }],
    ['the validity is extended by a year', (r) => { r.validUntil = '2028-02-28'; }],
    ['the issuer is swapped for another region', (r) => { r.issuer = 'SUZHOU'; }],
    ['contribution months are raised to meet a threshold', (r) => { r.socialInsurance.contributionMonths = 36; }],
    ['the last contribution month becomes null', (r) => { r.socialInsurance.lastContributionMonth = null; }],
    ['a months count becomes the string "30"', (r) => { (r.socialInsurance as { contributionMonths: unknown }).contributionMonths = '30'; }],
    ['a dependant is added', (r) => { r.dependants.push({ name: '李*', birthDate: '2017-05-05' }); }],
    ['a dependant is removed', (r) => { r.dependants.pop(); }],
    ['the dependants are reordered', (r) => { r.dependants.reverse(); }],
    ['the fund account is marked SEALED', (r) => { r.providentFund.status = 'SEALED'; }],
  ])('fails when %s', (_label, change) => {
    expectRejected(edit(change));
  });

  it('tells a last contribution month of null from a missing one', () => {
    const unsigned = edit((r) => { r.socialInsurance.lastContributionMonth = null; });
    const signed = signRecord(unsigned);
    expectVerifies(unsigned, signed);
    expectRejected(edit((r) => { delete (r.socialInsurance as Partial<PermitRecord['socialInsurance']>).lastContributionMonth; }), signed);
  });

  it('fails under another region\'s key', () => {
    expectRejected(RECORD, SIGNATURE, SUZHOU_KEYS.publicKey);
  });

  it('fails with the signature of another record', () => {
    const other = signRecord(edit((r) => { r.id = '3101152024000123460'; }));
    expectRejected(RECORD, other);
  });

  it('fails when one bit of the signature is flipped', () => {
    const bytes = Buffer.from(SIG_VALUE, 'base64url');
    bytes[10] = (bytes[10] as number) ^ 0x01;
    expectRejected(RECORD, withValue(bytes.toString('base64url')));
  });

  it('fails for another spelling of the same signature bytes', () => {
    // 86 base64url characters carry 516 bits for 512: the last one has 4 unused bits,
    // and a decoder that ignores them reads this string as the same signature.
    const last = SIG_VALUE.at(-1) as string;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const sibling = alphabet[alphabet.indexOf(last) ^ 0b0001] as string;
    const respelled = SIG_VALUE.slice(0, -1) + sibling;
    expect(Buffer.from(respelled, 'base64url').equals(Buffer.from(SIG_VALUE, 'base64url'))).toBe(true);
    expectRejected(RECORD, withValue(respelled));
  });

  it.each<[string, string]>([
    ['empty', ''],
    ['truncated to 63 bytes', Buffer.from(SIG_VALUE, 'base64url').subarray(0, 63).toString('base64url')],
    ['followed by two more bytes', `${SIG_VALUE}AA`],
    ['padded with =', `${SIG_VALUE}==`],
    ['written in standard base64', Buffer.from(SIG_VALUE, 'base64url').toString('base64')],
    ['with a space inside', `${SIG_VALUE.slice(0, 40)} ${SIG_VALUE.slice(40)}`],
    ['not base64 at all', '!!!! not a signature !!!!'],
  ])('fails without throwing for a signature value that is %s', (_label, value) => {
    expectRejected(RECORD, withValue(value));
  });

  it('fails without throwing for a signature value that is not a string', () => {
    expectRejected(RECORD, { ...SIGNATURE, issuerSigned: null as unknown as string });
  });

  it('fails without throwing for a record without a holder', () => {
    expectRejected({ ...RECORD, holder: undefined } as unknown as PermitRecord);
  });

  it('fails without throwing for a record whose months are not whole numbers', () => {
    expectRejected(edit((r) => { r.providentFund.contributionMonths = 28.5; }));
  });

  it('fails without throwing for an X25519 key in place of an Ed25519 key', () => {
    expectRejected(RECORD, SIGNATURE, generateKeyPairSync('x25519').publicKey);
  });
});

describe('exportRawPublicKey and importRawPublicKey', () => {
  it('export the key as 43 characters of base64url for its 32 raw bytes', () => {
    const raw = exportRawPublicKey(SHANGHAI_KEYS.publicKey);
    expect(raw).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(raw, 'base64url')).toHaveLength(32);
  });

  it('import a key that verifies what the original key verifies', () => {
    const imported = importRawPublicKey(exportRawPublicKey(SHANGHAI_KEYS.publicKey));
    expectVerifies(RECORD, SIGNATURE, imported);
  });

  it('import a key that still rejects a tampered record', () => {
    const imported = importRawPublicKey(exportRawPublicKey(SHANGHAI_KEYS.publicKey));
    expectRejected(edit((r) => { r.status = 'REVOKED'; }), SIGNATURE, imported);
  });

  it('round-trip the RFC 8032 public key exactly', () => {
    const raw = Buffer.from(RFC8032_TEST1.publicKey, 'hex').toString('base64url');
    expect(exportRawPublicKey(importRawPublicKey(raw))).toBe(raw);
  });

  it('export the public half when given the private key', () => {
    expect(exportRawPublicKey(SHANGHAI_KEYS.privateKey)).toBe(exportRawPublicKey(SHANGHAI_KEYS.publicKey));
  });

  it.each<[string, () => KeyObject]>([
    ['a P-256 key, whose JWK also has an x', () => generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey],
    ['an X25519 key, whose JWK also has an x', () => generateKeyPairSync('x25519').publicKey],
    ['an RSA key', () => generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey],
  ])('refuse to export %s', (_label, makeKey) => {
    expect(() => exportRawPublicKey(makeKey())).toThrow(TypeError);
  });

  it.each([
    ['empty', ''],
    ['31 bytes', Buffer.alloc(31, 7).toString('base64url')],
    ['33 bytes', Buffer.alloc(33, 7).toString('base64url')],
    ['not base64url', '***'],
  ])('refuse to import a raw key that is %s', (_label, raw) => {
    expect(() => importRawPublicKey(raw)).toThrow();
  });
});

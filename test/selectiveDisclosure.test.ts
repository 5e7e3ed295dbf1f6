import { createHash, verify } from 'node:crypto';
import { compactVerify } from 'jose';
import { canonicalJson } from '../common/canonicalJson';
import { DEFAULTS } from '../common/defaults';
import { addDays } from '../common/dates';
import { importRawPublicKey } from '../common/signing';
import type { TrustedKey } from '../common/trust';
import { mockTrustRegistry } from '../common/mockIssuerKeys';
import { loadScenarios } from '../mocks/scenarios';
import { partnerHeaders } from './support/auth';
import { codes, gql } from './support/graphql';
import { startSystem, type System } from './support/system';

/*
 * The signature-oracle attack (docs/selective-disclosure.md): a SCHOOLING partner holds
 * everything the gateway gives it — the issuer-signed part, its own disclosures, the
 * public trust registry — and tries every possible value of each field its purpose hides,
 * against every digest and signature it received. Nothing may verify. The same procedure
 * on a field it was given finds the value at once, so the attack itself works.
 */

let system: System;
beforeAll(async () => {
  system = await startSystem();
});
afterAll(() => system?.close());

const SCHOOLING_DISCLOSURES = ['holderName', 'holderIdNumber', 'dependants', 'residenceDistrictCode', 'socialInsurance'] as const;

interface Received {
  id: string;
  holder: { name: string; idNumber: string };
  residence: { districtCode: string };
  signature: { keyId: string; issuerSigned: string; disclosures: Record<string, string> };
}

// The registered scenario permits a holder can present (a revoked or suspended one gets no code).
const UNPRESENTABLE = new Set(['sh-revoked', 'sz-suspended']);
const presentable = loadScenarios().filter((s) => s.registered && !UNPRESENTABLE.has(s.name));
const ids = presentable.map((s) => s.permitId);

/**
 * What a SCHOOLING partner receives for each permit: in consent mode only on the holder's
 * code, so one presented code (from the permit's city, as the holder's app gets it) each.
 */
async function receivedBySchoolingPartner(): Promise<Received[]> {
  const received: Received[] = [];
  for (const { permitId, region } of presentable) {
    const issued = await fetch(`${system.subgraphs[region!.toLowerCase()]!.baseUrl}/app/presentation-codes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${DEFAULTS.developmentOnlyAppClientToken}` },
      body: JSON.stringify({ permitId, purpose: 'SCHOOLING' }),
    });
    expect(issued.status).toBe(200);
    const { code } = (await issued.json()) as { code: string };
    const res = await gql<{ verifyPresentation: { permit: Received | null } }>(
      system.gatewayUrl,
      /* GraphQL */ `query ($code: String!) { verifyPresentation(code: $code) { permit {
        id holder { name idNumber } residence { districtCode }
        signature { keyId issuerSigned disclosures { ${SCHOOLING_DISCLOSURES.join(' ')} } } } } }`,
      { code },
      await partnerHeaders('SCHOOLING', 'sz-school'),
    );
    expect(res.errors).toBeUndefined();
    received.push(res.data!.verifyPresentation.permit!);
  }
  return received;
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
const digestOf = (disclosure: string) => createHash('sha256').update(disclosure, 'ascii').digest('base64url');
const payloadOf = (jws: string) => JSON.parse(Buffer.from(jws.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;

/** Every digest the partner received for one permit, wherever it sits in the signed part. */
function digestsIn(jws: string): Set<string> {
  const payload = payloadOf(jws) as { _sd: string[]; holder: { _sd: string[] }; residence: { _sd: string[] } };
  return new Set([...payload._sd, ...payload.holder._sd, ...payload.residence._sd]);
}

/** Every value a hidden field can take: the attacker's dictionary. */
function dictionary(districtName: string): Array<[claim: string, value: unknown]> {
  const medical = ['ACTIVE', 'SUSPENDED', 'NONE'].map((status) => ['medicalInsurance', { status }] as [string, unknown]);
  const fund = ['ACTIVE', 'SEALED', 'CLOSED'].flatMap((status) =>
    Array.from({ length: 601 }, (_, months) => ['providentFund', { status, contributionMonths: months }] as [string, unknown]),
  );
  // Adult holders: born between 1940 and 2010.
  const birthDates = Array.from({ length: 25_933 }, (_, i) => ['birthDate', addDays('1940-01-01', i)] as [string, unknown]);
  const address: Array<[string, unknown]> = [['address', `${districtName}******`]];
  return [...medical, ...fund, ...birthDates, ...address];
}

describe('a SCHOOLING partner trying every value of a hidden field', () => {
  it('can verify the issuer signature over what it saw, with the public trust registry and a standard JWS library', async () => {
    const trust = new Map<string, TrustedKey>(mockTrustRegistry().map((k) => [k.keyId, k]));
    const received = await receivedBySchoolingPartner();
    expect(received.map((p) => p.id)).toEqual(ids);
    let verified = 0;
    for (const permit of received) {
      const key = trust.get(permit.signature.keyId);
      if (!key) continue; // the rogue-key scenario: no registered key, nothing to verify against
      const { payload } = await compactVerify(permit.signature.issuerSigned, importRawPublicKey(key.publicKey)).catch(() => ({ payload: null }));
      if (!payload) continue;
      const digests = digestsIn(permit.signature.issuerSigned);
      for (const name of SCHOOLING_DISCLOSURES) {
        if (name === 'socialInsurance' && permit.id === loadScenarios().find((s) => s.name === 'sz-tampered-signature')!.permitId) continue;
        expect(digests.has(digestOf(permit.signature.disclosures[name]!))).toBe(true);
      }
      verified += 1;
    }
    expect(verified).toBeGreaterThan(15);
  });

  it('recovers no hidden value: no salted guess, no reused salt, no whole-record signature verifies', async () => {
    const trust = new Map(mockTrustRegistry().map((k) => [k.keyId, importRawPublicKey(k.publicKey)]));
    const received = await receivedBySchoolingPartner();
    const saltOf = (disclosure: string) => (JSON.parse(Buffer.from(disclosure, 'base64url').toString('utf8')) as string[])[0]!;
    let tried = 0;
    let recovered = 0;
    let controlRecovered = 0;
    for (const permit of received) {
      const digests = digestsIn(permit.signature.issuerSigned);
      const districtName = (JSON.parse(Buffer.from(permit.signature.disclosures.residenceDistrictCode!, 'base64url').toString('utf8')) as unknown[])[2];
      const candidates = dictionary(String(districtName));
      // No salt, and every salt the partner holds for this permit: an issuer that reused
      // one salt across fields would leak here.
      for (const salt of ['', ...Object.values(permit.signature.disclosures).map(saltOf)]) {
        for (const [claim, value] of candidates) {
          tried += 1;
          if (digests.has(digestOf(b64([salt, claim, value])))) recovered += 1;
        }
      }
      // Control: the same guessing on a field the partner was given, with its own salt.
      const [salt, claim, value] = JSON.parse(Buffer.from(permit.signature.disclosures.socialInsurance!, 'base64url').toString('utf8')) as [string, string, unknown];
      if (digests.has(digestOf(b64([salt, claim, value])))) controlRecovered += 1;
      // The old oracle: a signature over the canonical whole record verifies for no guess.
      const key = trust.get(permit.signature.keyId);
      const signatureBytes = Buffer.from(permit.signature.issuerSigned.split('.')[2]!, 'base64url');
      for (const status of ['ACTIVE', 'SUSPENDED', 'NONE']) {
        const guess = canonicalJson({ ...payloadOf(permit.signature.issuerSigned), medicalInsurance: { status } });
        if (key && verify(null, Buffer.from(guess), key, signatureBytes)) recovered += 1;
      }
    }
    expect(tried).toBeGreaterThan(1_000_000);
    expect(recovered).toBe(0);
    expect(controlRecovered).toBeGreaterThan(15);
  }, 120_000);

  it('is refused the hidden disclosures and the holder birth date, naming the fields', async () => {
    const res = await gql(
      system.gatewayUrl,
      /* GraphQL */ `query ($id: ID!) { permit(id: $id) { holder { birthDate } signature { disclosures { medicalInsurance providentFund holderBirthDate residenceAddress } } } }`,
      { id: ids[0] },
      await partnerHeaders('SCHOOLING', 'sz-school'),
    );
    expect(res.status).toBe(403);
    expect(codes(res)).toEqual(['FIELD_NOT_PERMITTED']);
    expect(res.errors![0]!.extensions!.fields).toEqual([
      'Holder.birthDate',
      'PermitDisclosures.holderBirthDate',
      'PermitDisclosures.medicalInsurance',
      'PermitDisclosures.providentFund',
      'PermitDisclosures.residenceAddress',
    ]);
  });
});

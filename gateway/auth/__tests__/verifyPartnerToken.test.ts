import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { CompactSign, SignJWT, exportJWK, type JWTPayload } from 'jose';
import { developmentKeyPair } from '../../../scripts/token';
import { DEVELOPMENT_REGISTRY } from '../loadPartnerRegistry';
import { parsePartnerRegistry } from '../partnerRegistry';
import { verifyPartnerToken, type UnauthenticatedReason, type VerifyOptions } from '../verifyPartnerToken';

const AUDIENCE = 'yrd-interop-gateway';
const NOW = new Date('2026-11-01T08:00:00Z');
const NOW_S = Math.floor(NOW.getTime() / 1000);
const OPTIONS: VerifyOptions = { audience: AUDIENCE, now: NOW };
const SZ_SCHOOL = developmentKeyPair('sz-school-dev-1').privateKey;
const STRANGER = generateKeyPairSync('ed25519').privateKey;

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

function claims(overrides: JWTPayload = {}): JWTPayload {
  return {
    iss: 'sz-school',
    sub: 'sz-school',
    aud: AUDIENCE,
    iat: NOW_S - 60,
    exp: NOW_S + 3600,
    jti: 'b0f3c0de-0000-4000-8000-000000000001',
    purposes: ['SCHOOLING'],
    scope: 'permits:read recognition:read',
    ...overrides,
  };
}

function sign(
  payload: JWTPayload = claims(),
  { key = SZ_SCHOOL, alg = 'EdDSA', kid = 'sz-school-dev-1' }: { key?: KeyObject | Uint8Array; alg?: string; kid?: string | null } = {},
): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg, ...(kid === null ? {} : { kid }) }).sign(key);
}

async function refusal(header: string | undefined, options: VerifyOptions = OPTIONS): Promise<GraphQLError> {
  try {
    await verifyPartnerToken(header, DEVELOPMENT_REGISTRY, options);
  } catch (err) {
    if (err instanceof GraphQLError) return err;
    throw err;
  }
  throw new Error('the token was accepted');
}

async function expectRefused(header: string | undefined, reason: UnauthenticatedReason, options?: VerifyOptions) {
  const err = await refusal(header, options);
  expect(err.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason, http: { status: 401 } });
  expect(err.extensions.messageZh).toEqual(expect.any(String));
}

describe('verifyPartnerToken', () => {
  it('accepts a token signed with the partner key and returns the partner and its grants', async () => {
    const { partner, claims: verified } = await verifyPartnerToken(`Bearer ${await sign()}`, DEVELOPMENT_REGISTRY, OPTIONS);
    expect(partner.id).toBe('sz-school');
    expect(partner.region).toBe('SUZHOU');
    expect(verified).toEqual({
      sub: 'sz-school',
      aud: AUDIENCE,
      jti: 'b0f3c0de-0000-4000-8000-000000000001',
      iat: NOW_S - 60,
      exp: NOW_S + 3600,
      purposes: ['SCHOOLING'],
      scopes: ['permits:read', 'recognition:read'],
    });
  });

  it('takes the bearer scheme in any case', async () => {
    await expect(verifyPartnerToken(`bearer ${await sign()}`, DEVELOPMENT_REGISTRY, OPTIONS)).resolves.toBeDefined();
  });

  it('narrows purposes and scopes to what the registry grants now', async () => {
    const token = await sign(claims({ purposes: ['SCHOOLING', 'MEDICAL_BILLING'], scope: 'permits:read schema:explore' }));
    const { claims: verified } = await verifyPartnerToken(`Bearer ${token}`, DEVELOPMENT_REGISTRY, OPTIONS);
    expect(verified.purposes).toEqual(['SCHOOLING']);
    expect(verified.scopes).toEqual(['permits:read']);
  });

  it('accepts an ES256 key of the registry', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const registry = parsePartnerRegistry(
      {
        partners: [
          {
            id: 'ah-clinic',
            name: 'Anhui clinic',
            region: 'ANHUI',
            purposes: ['MEDICAL_BILLING'],
            scopes: ['permits:read'],
            keys: [{ kid: 'ah-clinic-1', alg: 'ES256', publicJwk: await exportJWK(publicKey) }],
          },
        ],
      },
      'test',
    );
    const token = await sign(claims({ iss: 'ah-clinic', sub: 'ah-clinic', purposes: ['MEDICAL_BILLING'] }), {
      key: privateKey,
      alg: 'ES256',
      kid: 'ah-clinic-1',
    });
    const { partner } = await verifyPartnerToken(`Bearer ${token}`, registry, OPTIONS);
    expect(partner.id).toBe('ah-clinic');
  });

  it('tolerates a few seconds of clock skew on exp', async () => {
    const token = await sign(claims({ exp: NOW_S - 3 }));
    await expect(verifyPartnerToken(`Bearer ${token}`, DEVELOPMENT_REGISTRY, OPTIONS)).resolves.toBeDefined();
  });

  describe('refuses with UNAUTHENTICATED (401)', () => {
    it.each<[string, string | undefined]>([
      ['no header', undefined],
      ['an empty header', ''],
      ['a blank header', '   '],
    ])('%s: MISSING_TOKEN', async (_case, header) => {
      await expectRefused(header, 'MISSING_TOKEN');
    });

    it('another scheme: NOT_BEARER', async () => {
      await expectRefused('Basic c3otc2Nob29sOnNlY3JldA==', 'NOT_BEARER');
      await expectRefused(await sign(), 'NOT_BEARER');
    });

    it.each(['Bearer', 'Bearer ', 'Bearer not-a-jwt', 'Bearer a.b', 'Bearer a.b.c', 'Bearer a.b.c.d.e', 'Bearer !!.??.**'])(
      'a malformed token (%p): MALFORMED_TOKEN',
      async (header) => {
        await expectRefused(header, 'MALFORMED_TOKEN');
      },
    );

    it('a signed payload that is not a JSON object: MALFORMED_TOKEN', async () => {
      const token = await new CompactSign(Buffer.from('not json'))
        .setProtectedHeader({ alg: 'EdDSA', kid: 'sz-school-dev-1' })
        .sign(SZ_SCHOOL);
      await expectRefused(`Bearer ${token}`, 'MALFORMED_TOKEN');
    });

    it('a header without alg: ALGORITHM_NOT_ALLOWED', async () => {
      await expectRefused(`Bearer ${b64({ kid: 'sz-school-dev-1' })}.${b64(claims())}.c2ln`, 'ALGORITHM_NOT_ALLOWED');
    });

    it('alg none (an unsigned token): ALGORITHM_NOT_ALLOWED', async () => {
      await expectRefused(`Bearer ${b64({ alg: 'none', kid: 'sz-school-dev-1' })}.${b64(claims())}.`, 'ALGORITHM_NOT_ALLOWED');
    });

    it('HS256 keyed with the public key (algorithm confusion): ALGORITHM_NOT_ALLOWED', async () => {
      const publicX = Buffer.from((await exportJWK(developmentKeyPair('sz-school-dev-1').publicKey)).x as string, 'base64url');
      await expectRefused(`Bearer ${await sign(claims(), { key: publicX, alg: 'HS256' })}`, 'ALGORITHM_NOT_ALLOWED');
    });

    it('an allowed algorithm that is not the key’s own: ALGORITHM_NOT_ALLOWED', async () => {
      const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      await expectRefused(`Bearer ${await sign(claims(), { key: privateKey, alg: 'ES256' })}`, 'ALGORITHM_NOT_ALLOWED');
    });

    it('an unregistered kid or none: UNKNOWN_KEY', async () => {
      await expectRefused(`Bearer ${await sign(claims(), { kid: 'sz-school-dev-9' })}`, 'UNKNOWN_KEY');
      await expectRefused(`Bearer ${await sign(claims(), { kid: null })}`, 'UNKNOWN_KEY');
      await expectRefused(`Bearer ${await sign(claims(), { kid: 'constructor' })}`, 'UNKNOWN_KEY');
    });

    it('a signature by another key: BAD_SIGNATURE', async () => {
      await expectRefused(`Bearer ${await sign(claims(), { key: STRANGER })}`, 'BAD_SIGNATURE');
    });

    it('a payload altered after signing: BAD_SIGNATURE', async () => {
      const [header, , signature] = (await sign()).split('.');
      const widened = b64(claims({ purposes: ['SCHOOLING', 'MEDICAL_BILLING'] }));
      await expectRefused(`Bearer ${header}.${widened}.${signature}`, 'BAD_SIGNATURE');
    });

    it('an expired token: EXPIRED', async () => {
      await expectRefused(`Bearer ${await sign(claims({ exp: NOW_S - 30 }))}`, 'EXPIRED');
    });

    it('a token issued longer ago than the maximum age: EXPIRED', async () => {
      const token = await sign(claims({ iat: NOW_S - 7200, exp: NOW_S + 3600 }));
      await expectRefused(`Bearer ${token}`, 'EXPIRED', { ...OPTIONS, maxTokenAgeSeconds: 3600 });
    });

    it('a token not valid yet (nbf or iat in the future): NOT_YET_VALID', async () => {
      await expectRefused(`Bearer ${await sign(claims({ nbf: NOW_S + 60 }))}`, 'NOT_YET_VALID');
      await expectRefused(`Bearer ${await sign(claims({ iat: NOW_S + 60 }))}`, 'NOT_YET_VALID');
    });

    it('a token for another audience: WRONG_AUDIENCE', async () => {
      await expectRefused(`Bearer ${await sign(claims({ aud: 'another-gateway' }))}`, 'WRONG_AUDIENCE');
    });

    it('iss or sub other than the key’s partner: WRONG_ISSUER', async () => {
      await expectRefused(`Bearer ${await sign(claims({ iss: 'demo-all', sub: 'demo-all' }))}`, 'WRONG_ISSUER');
      await expectRefused(`Bearer ${await sign(claims({ sub: 'demo-all' }))}`, 'WRONG_ISSUER');
    });

    it.each<[string, JWTPayload]>([
      ['no jti', { jti: undefined }],
      ['no exp', { exp: undefined }],
      ['no iss', { iss: undefined }],
      ['purposes not a list', { purposes: 'SCHOOLING' }],
      ['an unknown purpose', { purposes: ['SCHOOLING', 'SHOPPING'] }],
      ['a scope that is not text', { scope: ['permits:read'] }],
    ])('%s: BAD_CLAIMS', async (_case, overrides) => {
      await expectRefused(`Bearer ${await sign(claims(overrides))}`, 'BAD_CLAIMS');
    });
  });
});

import { generateKeyPairSync } from 'node:crypto';
import { parsePartnerRegistry } from '../partnerRegistry';

const ED25519_X = generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }).x as string;

const partner = (overrides: Record<string, unknown> = {}) => ({
  id: 'sz-school',
  name: 'Suzhou school',
  region: 'SUZHOU',
  purposes: ['SCHOOLING'],
  scopes: ['permits:read'],
  keys: [{ kid: 'sz-1', alg: 'EdDSA', publicJwk: { kty: 'OKP', crv: 'Ed25519', x: ED25519_X } }],
  ...overrides,
});

function problemsOf(value: unknown): string {
  try {
    parsePartnerRegistry(value, 'partners.json');
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('the registry was accepted');
}

describe('parsePartnerRegistry', () => {
  it('imports partners and indexes their keys by kid', () => {
    const registry = parsePartnerRegistry({ partners: [partner()] }, 'partners.json');
    expect(registry.environment).toBe('production');
    expect(registry.partners.get('sz-school')?.purposes).toEqual(['SCHOOLING']);
    const entry = registry.keys.get('sz-1');
    expect(entry?.partner.id).toBe('sz-school');
    expect(entry?.key.publicKey.asymmetricKeyType).toBe('ed25519');
  });

  it('imports an ES256 key', () => {
    const jwk = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'jwk' });
    const registry = parsePartnerRegistry(
      { partners: [partner({ keys: [{ kid: 'ec-1', alg: 'ES256', publicJwk: jwk }] })] },
      'partners.json',
    );
    expect(registry.keys.get('ec-1')?.key.publicKey.asymmetricKeyType).toBe('ec');
  });

  it('names every problem with its path in one error', () => {
    const message = problemsOf({
      partners: [
        partner({ purposes: ['SCHOOLING', 'SHOPPING'], scopes: ['permits:write'] }),
        partner({ region: 'BEIJING', keys: [] }),
        partner({
          id: 'Bad Id',
          keys: [{ kid: 'hs-1', alg: 'HS256', publicJwk: { kty: 'oct', k: 'c2VjcmV0' } }],
        }),
      ],
    });
    expect(message).toMatch(/^partners\.json: invalid partner registry/);
    for (const path of [
      'partners[0].purposes[1]',
      'partners[0].scopes[0]',
      'partners[1].region',
      'partners[1].keys',
      'partners[2].id',
      'partners[2].keys[0].alg',
    ]) {
      expect(message).toContain(`  ${path}: `);
    }
  });

  it('refuses a private key in place of a public one', () => {
    const jwk = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' });
    expect(problemsOf({ partners: [partner({ keys: [{ kid: 'sz-1', alg: 'EdDSA', publicJwk: jwk }] })] })).toMatch(
      /partners\[0\]\.keys\[0\]\.publicJwk: .*"d"/,
    );
  });

  it('refuses repeated partner ids and kids', () => {
    const message = problemsOf({ partners: [partner(), partner()] });
    expect(message).toContain('partners[1].id: partner id sz-school repeats');
    expect(message).toContain('partners[1].keys[0].kid: kid sz-1 repeats');
  });

  it('refuses P-256 coordinates that are not a point of the curve', () => {
    const zero = Buffer.alloc(32).toString('base64url');
    const message = problemsOf({
      partners: [partner({ keys: [{ kid: 'ec-1', alg: 'ES256', publicJwk: { kty: 'EC', crv: 'P-256', x: zero, y: zero } }] })],
    });
    expect(message).toContain('partners[0].keys[0].publicJwk: not a valid ES256 public key');
  });

  it('refuses a document that is not a registry', () => {
    expect(problemsOf([])).toContain('(root): ');
    expect(problemsOf({ partners: [], extra: 1 })).toContain('(root): ');
  });
});

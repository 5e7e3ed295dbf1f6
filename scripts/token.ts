import { createHash, randomUUID, type KeyObject } from 'node:crypto';
import { parseArgs } from 'node:util';
import { SignJWT } from 'jose';
import { isService, type Service } from '../common/services';
import { ed25519FromSeed } from '../common/signing';
import { AUTH_DEFAULTS } from '../gateway/auth/authConfig';
import { DEVELOPMENT_REGISTRY } from '../gateway/auth/loadPartnerRegistry';
import type { PartnerRegistry, Scope } from '../gateway/auth/partnerRegistry';

/**
 * `npm run token -- --partner <id> [--purpose <SERVICE>]… [--ttl 3600] [--aud <audience>]`
 * prints a development partner token (EdDSA JWT) for the bundled development registry.
 * `npm run token -- --public-jwk <kid>` prints the public JWK of a development key, to
 * add a development partner to gateway/auth/dev-partners.json.
 *
 * Development keys are derived from their kid, so they repeat on every machine without a
 * secret to share, and so anyone with this source can sign with them: the gateway
 * refuses them in production (gateway/auth/loadPartnerRegistry.ts). Only this tooling
 * derives the private halves; the gateway holds public keys only.
 */
const USAGE = 'usage: npm run token -- --partner <id> [--purpose <SERVICE>]... [--ttl <seconds>] [--aud <audience>]';

/** Longest lifetime of a development token, seconds (the gateway's default maximum age). */
const MAX_TTL_SECONDS = AUTH_DEFAULTS.maxTokenAgeSeconds;

/** The Ed25519 key pair of a development key id. */
export function developmentKeyPair(kid: string): { privateKey: KeyObject; publicKey: KeyObject } {
  return ed25519FromSeed(createHash('sha256').update(`yrd-interop-gateway/dev-partner-key/${kid}`).digest());
}

export interface MintOptions {
  partnerId: string;
  /** Purposes the token grants; default: all the registry grants the partner. */
  purposes?: readonly Service[];
  /** Scopes the token grants; default: all the registry grants the partner. */
  scopes?: readonly Scope[];
  /** Lifetime, seconds; default 3600, at most 86 400. */
  ttlSeconds?: number;
  /** Default `yrd-interop-gateway`. */
  audience?: string;
  /** Issue time; default now. */
  now?: Date;
  /** Default: the bundled development registry. */
  registry?: PartnerRegistry;
}

/**
 * Signs a partner token with the partner's development key: `iss` = `sub` = partner id,
 * `aud`, `purposes`, `scope`, `iat`, `exp`, `jti`. Throws when the partner is unknown,
 * has no development key, or is asked for a purpose or scope the registry does not grant.
 */
export async function mintDevToken(options: MintOptions): Promise<string> {
  const registry = options.registry ?? DEVELOPMENT_REGISTRY;
  const partner = registry.partners.get(options.partnerId);
  if (!partner) {
    throw new Error(`unknown partner ${options.partnerId}; known: ${[...registry.partners.keys()].join(', ')}`);
  }
  const purposes = options.purposes ?? partner.purposes;
  const refused = purposes.filter((p) => !partner.purposes.includes(p));
  if (refused.length > 0) {
    throw new Error(`${partner.id} is not granted ${refused.join(', ')}; granted: ${partner.purposes.join(', ')}`);
  }
  const scopes = options.scopes ?? partner.scopes;
  const refusedScopes = scopes.filter((s) => !partner.scopes.includes(s));
  if (refusedScopes.length > 0) throw new Error(`${partner.id} is not granted scope ${refusedScopes.join(', ')}`);
  const ttl = options.ttlSeconds ?? 3600;
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > MAX_TTL_SECONDS) {
    throw new Error(`--ttl must be a whole number of seconds from 1 to ${MAX_TTL_SECONDS}`);
  }
  const key = partner.keys.find((k) => k.alg === 'EdDSA' && developmentKeyPair(k.kid).publicKey.equals(k.publicKey));
  if (!key) throw new Error(`${partner.id} has no development key`);

  const iat = Math.floor((options.now ?? new Date()).getTime() / 1000);
  return new SignJWT({ purposes: [...purposes], scope: scopes.join(' ') })
    .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: 'JWT' })
    .setIssuer(partner.id)
    .setSubject(partner.id)
    .setAudience(options.audience ?? AUTH_DEFAULTS.audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttl)
    .setJti(randomUUID())
    .sign(developmentKeyPair(key.kid).privateKey);
}

/** Runs the CLI on `argv` (without node and script); returns what to print. */
export async function tokenCli(argv: readonly string[]): Promise<string> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      partner: { type: 'string' },
      purpose: { type: 'string', multiple: true },
      ttl: { type: 'string' },
      aud: { type: 'string' },
      'public-jwk': { type: 'string' },
    },
  });
  if (values['public-jwk']) {
    return JSON.stringify(developmentKeyPair(values['public-jwk']).publicKey.export({ format: 'jwk' }));
  }
  if (!values.partner) throw new Error(USAGE);
  const purposes = values.purpose?.flatMap((p) => p.split(',')).map((p) => p.trim());
  const unknown = purposes?.filter((p) => !isService(p)) ?? [];
  if (unknown.length > 0) throw new Error(`unknown purpose ${unknown.join(', ')}\n${USAGE}`);
  return mintDevToken({
    partnerId: values.partner,
    purposes: purposes?.filter(isService),
    ttlSeconds: values.ttl === undefined ? undefined : Number(values.ttl),
    audience: values.aud,
  });
}

if (require.main === module) {
  tokenCli(process.argv.slice(2)).then(
    (out) => console.log(out),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exitCode = 2;
    },
  );
}

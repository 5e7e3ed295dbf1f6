import { randomUUID, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import type { Service } from '../../common/services';
import { publishedKeyPair } from '../../common/publishedKeys';
import { AUTH_DEFAULTS } from './authConfig';
import { DEVELOPMENT_REGISTRY } from './loadPartnerRegistry';
import type { PartnerRegistry, Scope } from './partnerRegistry';

/*
 * Development tokens: signed with development keys, which are derived from their kid, so
 * they repeat on every machine without a secret to share, and so anyone with this source
 * can sign with them. The gateway refuses these keys in production
 * (loadPartnerRegistry.ts); it mints with them only on its development-only route
 * `GET /dev/partners` (gateway/http/explorer.ts), and `npm run token` (scripts/token.ts)
 * uses the same code.
 */

/** Longest lifetime of a development token, seconds (the gateway's default maximum age). */
const MAX_TTL_SECONDS = AUTH_DEFAULTS.maxTokenAgeSeconds;

/** The Ed25519 key pair of a development key id (common/publishedKeys.ts: a published recipe). */
export function developmentKeyPair(kid: string): { privateKey: KeyObject; publicKey: KeyObject } {
  return publishedKeyPair('developmentPartner', kid);
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


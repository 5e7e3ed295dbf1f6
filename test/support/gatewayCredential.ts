import { randomBytes, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import { DEFAULTS } from '../../common/defaults';
import { GATEWAY_CREDENTIAL, gatewayPrivateKey, gatewayPublicKeyOf } from '../../common/gatewayCredential';

export interface CredentialOptions {
  /** Signing key; default: the development gateway key, which processes started by the tests accept. */
  privateKey?: KeyObject;
  /** `iat`, seconds since the epoch; default: now. */
  issuedAt?: number;
  /** `exp - iat`, seconds; default: GATEWAY_CREDENTIAL.lifetimeSeconds. */
  lifetimeSeconds?: number;
  /** `iss`; default: GATEWAY_CREDENTIAL.issuer. */
  issuer?: string;
}

/**
 * `Authorization` header value of a gateway credential for the subgraph `audience`, as
 * the gateway would send it, or bent by `options` (another key, another age…) to be refused.
 */
export async function gatewayCredential(audience: string, options: CredentialOptions = {}): Promise<string> {
  const iat = options.issuedAt ?? Math.floor(Date.now() / 1000);
  const jwt = await new SignJWT({})
    .setProtectedHeader({ alg: GATEWAY_CREDENTIAL.algorithm, typ: 'JWT' })
    .setIssuer(options.issuer ?? GATEWAY_CREDENTIAL.issuer)
    .setAudience(audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + (options.lifetimeSeconds ?? GATEWAY_CREDENTIAL.lifetimeSeconds))
    .sign(options.privateKey ?? gatewayPrivateKey(DEFAULTS.developmentOnlyGatewayPrivateKey));
  return `Bearer ${jwt}`;
}

/**
 * Headers that let a test talk to subgraph `audience` directly (`/graphql`, `/__faults`),
 * signed with `privateKey` (default: the development key).
 */
export async function gatewayHeaders(audience: string, privateKey?: KeyObject): Promise<Record<string, string>> {
  return { authorization: await gatewayCredential(audience, { privateKey }) };
}

/** A fresh gateway key pair: the private key, and both as env values (a production-like pair). */
export function newGatewayKeyPair(): { privateKey: KeyObject; SUBGRAPH_AUTH_PRIVATE_KEY: string; GATEWAY_PUBLIC_KEY: string } {
  const seed = randomBytes(32).toString('base64url');
  const privateKey = gatewayPrivateKey(seed);
  return { privateKey, SUBGRAPH_AUTH_PRIVATE_KEY: seed, GATEWAY_PUBLIC_KEY: gatewayPublicKeyOf(seed) };
}

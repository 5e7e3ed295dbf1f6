import type { KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import { GATEWAY_CREDENTIAL } from '../../common/gatewayCredential';

export interface SubgraphCredentialOptions {
  /** Life of each credential, seconds. Default: `GATEWAY_CREDENTIAL.lifetimeSeconds` (60). */
  lifetimeSeconds?: number;
  /** The clock, milliseconds since the epoch; tests move it. Default: `Date.now`. */
  now?: () => number;
}

/**
 * The `Authorization` header value the gateway sends a subgraph: `Bearer` and a JWT of
 * `GATEWAY_CREDENTIAL` for that subgraph (`aud` = its name), signed with the gateway's
 * Ed25519 key. One credential per subgraph is kept and shared by every request until
 * half its life is gone, then the next request signs a new one: signing per request
 * would cost CPU on the hot path, and a credential used for seconds would buy no safety
 * (the subgraph caches what it verified anyway). Concurrent requests share one signing.
 */
export function subgraphCredentials(privateKey: KeyObject, options: SubgraphCredentialOptions = {}) {
  const lifetimeSeconds = options.lifetimeSeconds ?? GATEWAY_CREDENTIAL.lifetimeSeconds;
  const now = options.now ?? Date.now;
  const held = new Map<string, { header: Promise<string>; renewAtMs: number }>();

  const sign = async (subgraph: string, nowMs: number): Promise<string> => {
    const iat = Math.floor(nowMs / 1000);
    const jwt = await new SignJWT({})
      .setProtectedHeader({ alg: GATEWAY_CREDENTIAL.algorithm, typ: 'JWT' })
      .setIssuer(GATEWAY_CREDENTIAL.issuer)
      .setAudience(subgraph)
      .setIssuedAt(iat)
      .setExpirationTime(iat + lifetimeSeconds)
      .sign(privateKey);
    return `Bearer ${jwt}`;
  };

  return (subgraph: string): Promise<string> => {
    const nowMs = now();
    const current = held.get(subgraph);
    if (current && nowMs < current.renewAtMs) return current.header;
    const header = sign(subgraph, nowMs);
    held.set(subgraph, { header, renewAtMs: nowMs + (lifetimeSeconds * 1000) / 2 });
    // A failed signing is not kept: the next request tries again.
    header.catch(() => {
      if (held.get(subgraph)?.header === header) held.delete(subgraph);
    });
    return header;
  };
}

/** The `Authorization` header value for one subgraph; see `subgraphCredentials`. */
export type SubgraphCredential = ReturnType<typeof subgraphCredentials>;

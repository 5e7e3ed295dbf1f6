import { createPublicKey, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { ed25519FromSeed, exportRawPublicKey, importRawPublicKey } from './signing';

/**
 * The credential the gateway presents on every fetch to a subgraph, so that a subgraph
 * answers the gateway and nobody else: a JWT signed EdDSA (Ed25519) with `iss`
 * `yrd-gateway`, `aud` the subgraph's name (`shanghai`, `interop`…), `iat` and `exp`,
 * sent as `Authorization: Bearer …`. The gateway holds the private key
 * (SUBGRAPH_AUTH_PRIVATE_KEY), each subgraph the public key (GATEWAY_PUBLIC_KEY).
 */
export const GATEWAY_CREDENTIAL = {
  issuer: 'yrd-gateway',
  algorithm: 'EdDSA',
  /** Life of one credential, seconds; the gateway signs a new one when half of it is left. */
  lifetimeSeconds: 60,
  /**
   * Oldest credential a subgraph accepts by its `iat`, whatever its `exp`, seconds: a
   * credential that leaked (a log, a proxy) is of no use for long.
   */
  maxAgeSeconds: 120,
  /** Clock skew a subgraph accepts between itself and the gateway, seconds. */
  clockToleranceSeconds: 5,
} as const;

/** The 32 bytes of a canonical base64url string (43 characters, no padding), else undefined. */
function raw32(value: string): Buffer | undefined {
  if (!/^[A-Za-z0-9_-]{43}$/.test(value)) return undefined;
  const bytes = Buffer.from(value, 'base64url');
  return bytes.length === 32 && bytes.toString('base64url') === value ? bytes : undefined;
}

/** The gateway's signing key from its base64url 32-byte Ed25519 seed. */
export function gatewayPrivateKey(seed: string): KeyObject {
  const bytes = raw32(seed);
  if (!bytes) throw new RangeError('expected an Ed25519 seed: 32 bytes in base64url (43 characters)');
  return ed25519FromSeed(bytes).privateKey;
}

/** The gateway's verification key from its base64url raw 32 bytes (the trust registry's form). */
export function gatewayPublicKey(raw: string): KeyObject {
  if (!raw32(raw)) throw new RangeError('expected an Ed25519 public key: 32 bytes in base64url (43 characters)');
  return importRawPublicKey(raw);
}

/** The GATEWAY_PUBLIC_KEY value that matches a SUBGRAPH_AUTH_PRIVATE_KEY value. */
export function gatewayPublicKeyOf(seed: string): string {
  return exportRawPublicKey(createPublicKey(gatewayPrivateKey(seed)));
}

const parses = (load: (value: string) => unknown) => (value: string) => {
  try {
    load(value);
    return true;
  } catch {
    return false;
  }
};

/** SUBGRAPH_AUTH_PRIVATE_KEY: a base64url 32-byte Ed25519 seed. */
export const gatewayPrivateKeyVar = z
  .string()
  .refine(parses(gatewayPrivateKey), 'expected an Ed25519 seed: 32 bytes in base64url (43 characters, e.g. openssl rand 32 | basenc --base64url)');

/** GATEWAY_PUBLIC_KEY: the gateway's Ed25519 public key, base64url of its 32 raw bytes. */
export const gatewayPublicKeyVar = z
  .string()
  .refine(parses(gatewayPublicKey), 'expected an Ed25519 public key: 32 bytes in base64url (43 characters)');

/**
 * The production rule of a credential key variable, for a config's `superRefine`: in
 * production it must be set, and never to the published development key (which only
 * development and test may default to).
 */
export function checkCredentialKey(
  ctx: z.RefinementCtx,
  env: { NODE_ENV: string } & Record<string, unknown>,
  variable: string,
  developmentValue: string,
): void {
  if (env.NODE_ENV !== 'production') return;
  const value = env[variable];
  if (!value) ctx.addIssue({ code: 'custom', path: [variable], message: 'required in production' });
  else if (value === developmentValue) {
    ctx.addIssue({ code: 'custom', path: [variable], message: 'is the published development key; production needs a key of its own' });
  }
}

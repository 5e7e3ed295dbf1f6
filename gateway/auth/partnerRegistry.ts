import { createPublicKey, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { REGIONS, type Region } from '../../common/regions';
import { SERVICES, type Service } from '../../common/services';

/**
 * What a partner's token may be used for, besides its purposes: `permits:read` reads permit
 * records, `recognition:read` asks for decisions and policies, `schema:explore` introspects.
 */
export const SCOPES = ['permits:read', 'recognition:read', 'schema:explore'] as const;

/** One scope of {@link SCOPES}. */
export type Scope = (typeof SCOPES)[number];

/** The signature algorithms a partner key may use: never `none`, never a shared secret (HS*). */
export const PARTNER_KEY_ALGORITHMS = ['EdDSA', 'ES256'] as const;

/** One of {@link PARTNER_KEY_ALGORITHMS}. */
export type PartnerKeyAlgorithm = (typeof PARTNER_KEY_ALGORITHMS)[number];

/** One signing key a partner holds; the gateway keeps the public half. */
export interface PartnerKey {
  /** Key id, unique across the registry; the token's `kid` header names it. */
  kid: string;
  alg: PartnerKeyAlgorithm;
  publicKey: KeyObject;
}

/** A partner service (school, hospital, fund centre…) allowed to call the gateway. */
export interface Partner {
  /** Stable id; a token's `iss` and `sub` must equal it. */
  id: string;
  name: string;
  /** The region the partner serves in (its home region). */
  region: Region;
  /** The purposes it may ask on behalf of, one per request (`X-Purpose`). */
  purposes: readonly Service[];
  scopes: readonly Scope[];
  /** Several keys allow rotation without downtime. */
  keys: readonly PartnerKey[];
  /**
   * Its rate-limit allowance per window in units (one per permit or decision asked for);
   * absent: the gateway's `RATE_LIMIT_POINTS`.
   */
  rateLimitPoints?: number;
}

/** The partners the gateway trusts, with their keys indexed by `kid`. */
export interface PartnerRegistry {
  /** `development` marks a registry whose private keys anyone can derive (never in production). */
  environment: 'development' | 'production';
  partners: ReadonlyMap<string, Partner>;
  keys: ReadonlyMap<string, { partner: Partner; key: PartnerKey }>;
}

const base64url = (bytes: number) =>
  z.string().regex(new RegExp(`^[A-Za-z0-9_-]{${Math.ceil((bytes * 4) / 3)}}$`), `expected ${bytes} bytes in base64url`);

// Strict objects: a JWK carrying `d` (a private key) is refused, never silently accepted.
const ed25519Jwk = z.strictObject({ kty: z.literal('OKP'), crv: z.literal('Ed25519'), x: base64url(32) });
const p256Jwk = z.strictObject({ kty: z.literal('EC'), crv: z.literal('P-256'), x: base64url(32), y: base64url(32) });

const keySchema = z.discriminatedUnion('alg', [
  z.strictObject({ kid: z.string().regex(/^[\w.-]{1,64}$/), alg: z.literal('EdDSA'), publicJwk: ed25519Jwk }),
  z.strictObject({ kid: z.string().regex(/^[\w.-]{1,64}$/), alg: z.literal('ES256'), publicJwk: p256Jwk }),
]);

const unique = <T>(items: readonly T[]) => new Set(items).size === items.length;

const partnerSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'expected lower-case letters, digits and dashes'),
  name: z.string().min(1),
  region: z.enum(REGIONS),
  purposes: z.array(z.enum(SERVICES)).min(1).refine(unique, 'purposes repeat'),
  scopes: z.array(z.enum(SCOPES)).refine(unique, 'scopes repeat'),
  keys: z.array(keySchema).min(1),
  rateLimitPoints: z.number().int().min(1).max(1_000_000).optional(),
});

/** The registry file's shape (`PARTNER_REGISTRY_FILE`). */
export const partnerRegistrySchema = z
  .strictObject({
    environment: z.enum(['development', 'production']).default('production'),
    partners: z.array(partnerSchema),
  })
  .superRefine((registry, ctx) => {
    const ids = new Set<string>();
    const kids = new Set<string>();
    registry.partners.forEach((partner, p) => {
      if (ids.has(partner.id)) ctx.addIssue({ code: 'custom', path: ['partners', p, 'id'], message: `partner id ${partner.id} repeats` });
      ids.add(partner.id);
      partner.keys.forEach((key, k) => {
        if (kids.has(key.kid)) ctx.addIssue({ code: 'custom', path: ['partners', p, 'keys', k, 'kid'], message: `kid ${key.kid} repeats` });
        kids.add(key.kid);
      });
    });
  });

const formatPath = (path: ReadonlyArray<PropertyKey>) =>
  path.map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i ? '.' : ''}${String(part)}`)).join('') || '(root)';

/**
 * Validates a partner registry and imports its public keys. Throws one `Error` naming every
 * problem with its path (`partners[1].keys[0].publicJwk.x: …`), so a bad file stops the
 * gateway at start-up with one readable message. `source` names the file in that message.
 */
export function parsePartnerRegistry(value: unknown, source: string): PartnerRegistry {
  const parsed = partnerRegistrySchema.safeParse(value);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`);
  const partners = new Map<string, Partner>();
  const keys = new Map<string, { partner: Partner; key: PartnerKey }>();
  if (parsed.success) {
    parsed.data.partners.forEach((entry, p) => {
      const imported: PartnerKey[] = [];
      entry.keys.forEach((key, k) => {
        try {
          imported.push({ kid: key.kid, alg: key.alg, publicKey: createPublicKey({ key: key.publicJwk, format: 'jwk' }) });
        } catch (err) {
          // e.g. P-256 coordinates that are not a point of the curve
          problems.push(`partners[${p}].keys[${k}].publicJwk: not a valid ${key.alg} public key (${(err as Error).message})`);
        }
      });
      const partner: Partner = { ...entry, keys: imported };
      partners.set(partner.id, partner);
      for (const key of imported) keys.set(key.kid, { partner, key });
    });
  }
  if (problems.length > 0 || !parsed.success) {
    throw new Error(`${source}: invalid partner registry\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
  return { environment: parsed.data.environment, partners, keys };
}

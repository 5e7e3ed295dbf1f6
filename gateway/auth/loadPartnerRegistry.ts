import { readFileSync } from 'node:fs';
import { isPublishedPublicKey } from '../../common/publishedKeys';
import { exportRawPublicKey } from '../../common/signing';
import type { AuthConfig } from './authConfig';
import developmentRegistryFile from './dev-partners.json';
import { parsePartnerRegistry, type PartnerRegistry } from './partnerRegistry';

/**
 * The bundled development registry (`demo-all`, `sz-school`, `hz-hospital`,
 * `sh-fund-centre`). Its private keys are derived from the key ids
 * (gateway/auth/developmentTokens.ts), so anyone with this source can sign for these partners.
 */
export const DEVELOPMENT_REGISTRY: PartnerRegistry = parsePartnerRegistry(
  developmentRegistryFile,
  'gateway/auth/dev-partners.json',
);

/**
 * Loads the partner registry the configuration names, or the development registry when
 * none is named. In production it refuses, at start-up, a registry marked `development`
 * and any key that is a development key, even when copied into another file under
 * another kid: an explicit path is no evidence that a key's private half is secret.
 */
export function loadPartnerRegistry(config: Pick<AuthConfig, 'nodeEnv' | 'partnerRegistryFile'>): PartnerRegistry {
  const { nodeEnv, partnerRegistryFile: file } = config;
  if (file === undefined) {
    if (nodeEnv === 'production') throw new Error('PARTNER_REGISTRY_FILE: required in production');
    return DEVELOPMENT_REGISTRY;
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${file}: cannot read the partner registry (${(err as Error).message})`);
  }
  const registry = parsePartnerRegistry(json, file);
  if (nodeEnv === 'production') {
    const problems = productionProblems(registry);
    if (problems.length > 0) {
      throw new Error(`${file}: refused in production\n${problems.map((p) => `  ${p}`).join('\n')}`);
    }
  }
  return registry;
}

function productionProblems(registry: PartnerRegistry): string[] {
  const problems = registry.environment === 'development' ? ['environment: is "development"'] : [];
  const developmentKeys = [...DEVELOPMENT_REGISTRY.keys.values()].map(({ key }) => key.publicKey);
  // A key made by a published recipe (common/publishedKeys.ts) under its own kid, a
  // development partner's kid or another kid of this file is as public as the bundled ones.
  const knownKids = [...DEVELOPMENT_REGISTRY.keys.keys(), ...registry.keys.keys()];
  for (const { partner, key } of registry.keys.values()) {
    const derivable = key.publicKey.asymmetricKeyType === 'ed25519' && isPublishedPublicKey(exportRawPublicKey(key.publicKey), key.kid, knownKids);
    if (derivable || developmentKeys.some((dev) => dev.equals(key.publicKey))) {
      problems.push(`partner ${partner.id}, kid ${key.kid}: a development key (its private key is public)`);
    }
  }
  return problems;
}

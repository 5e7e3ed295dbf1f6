import { writeFileSync } from 'node:fs';
import { DEFAULTS } from '../common/defaults';
import { mockTrustRegistry } from '../common/mockIssuerKeys';

/**
 * Where the committed trust registry of the mock keys lives, relative to the project
 * root (the interop hub's `TRUST_REGISTRY_FILE` outside production; production refuses it).
 */
export const TRUST_REGISTRY_FILE = DEFAULTS.developmentTrustRegistryFile;

/** The exact text of `trust-registry.json`: `mockTrustRegistry()` as 2-space JSON with a final newline. */
export function trustRegistryJson(): string {
  return `${JSON.stringify(mockTrustRegistry(), null, 2)}\n`;
}

/**
 * Writes the trust registry of the mock keys; a test fails while the committed file
 * differs. After changing `common/mockIssuerKeys.ts`, from the project root:
 * `npm run build && node dist/mocks/writeTrustRegistry.js`.
 */
export function writeTrustRegistry(file: string = TRUST_REGISTRY_FILE): void {
  writeFileSync(file, trustRegistryJson(), 'utf8');
}

if (require.main === module) {
  writeTrustRegistry(process.argv[2]);
}

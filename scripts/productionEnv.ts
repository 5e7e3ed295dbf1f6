import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { gatewayPublicKeyOf } from '../common/gatewayCredential';
import { SERVICES } from '../common/services';

/**
 * `node dist/scripts/productionEnv.js > .env` (after `npm run build`): everything a
 * production-mode demo on this machine needs and this repository must not hold — every
 * secret fresh from the system's random source, as `VAR=value` lines for `. ./.env`
 * (npm start) and for docker compose (which reads `.env` beside docker-compose.yml) —
 * and a partner registry of one demo partner under a fresh key (`--partners`, default
 * config/partners.json, never overwritten), its private JWK beside it
 * (`demo-partner.private.jwk`, readable by its owner only) to sign tokens with.
 * The mock cities and the hub derive their keys from MOCK_DEMO_SECRET (TRUST_REGISTRY=demo):
 * no published key is in play. For a real deployment, keep the secrets in a secret store.
 */

/** The demo partner's id and key id in the registry written. */
export const DEMO_PARTNER = { id: 'demo-partner', kid: 'demo-partner-1' } as const;

const seed = () => randomBytes(32).toString('base64url');
const key = () => randomBytes(32).toString('base64');

/** Fresh production variables: each secret new, none a published value (common/secretKey.ts). */
export function productionVariables(partnersFile: string): Array<[string, string]> {
  const gatewaySeed = seed();
  const auditSeed = seed();
  return [
    ['NODE_ENV', 'production'],
    ['PARTNER_REGISTRY_FILE', partnersFile],
    ['AUDIT_HMAC_KEY', key()],
    ['AUDIT_CHAIN_KEY', key()],
    ['CACHE_ENCRYPTION_KEY', key()],
    ['SUBGRAPH_AUTH_PRIVATE_KEY', gatewaySeed],
    ['GATEWAY_PUBLIC_KEY', gatewayPublicKeyOf(gatewaySeed)],
    ['AUDIT_SIGNING_KEY', auditSeed],
    // Not secret: inspectors verify checkpoints and exports with it (npm run audit:verify).
    ['AUDIT_PUBLIC_KEY', gatewayPublicKeyOf(auditSeed)],
    ['MOCK_DEMO_SECRET', key()],
    ['TRUST_REGISTRY', 'demo'],
    ['APP_CLIENT_TOKEN', key()],
  ];
}

/** Writes the demo partner's registry and private key; refuses to overwrite a registry. */
export function writeDemoPartner(partnersFile: string): string {
  if (existsSync(partnersFile)) throw new Error(`${partnersFile} exists: keep your registry, or pass --partners <another file>`);
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const registry = {
    environment: 'production',
    partners: [
      {
        id: DEMO_PARTNER.id,
        name: 'Demo partner of a production-mode demo (scripts/productionEnv.ts)',
        region: 'SHANGHAI',
        purposes: [...SERVICES],
        scopes: ['permits:read', 'recognition:read'],
        keys: [{ kid: DEMO_PARTNER.kid, alg: 'EdDSA', publicJwk: publicKey.export({ format: 'jwk' }) }],
      },
    ],
  };
  mkdirSync(dirname(partnersFile), { recursive: true });
  writeFileSync(partnersFile, `${JSON.stringify(registry, null, 2)}\n`);
  const keyFile = join(dirname(partnersFile), 'demo-partner.private.jwk');
  writeFileSync(keyFile, JSON.stringify({ ...privateKey.export({ format: 'jwk' }), kid: DEMO_PARTNER.kid }), { mode: 0o600 });
  chmodSync(keyFile, 0o600);
  return keyFile;
}

function main(argv: readonly string[]): void {
  const { values } = parseArgs({ args: [...argv], options: { partners: { type: 'string', default: 'config/partners.json' } } });
  const partnersFile = values.partners;
  let keyFile: string;
  try {
    keyFile = writeDemoPartner(partnersFile);
  } catch (err) {
    console.error((err as Error).message);
    process.exit(2);
  }
  const lines = productionVariables(partnersFile).map(([name, value]) => `${name}=${value}`);
  console.log(
    [
      '# A production-mode demo (scripts/productionEnv.ts): fresh secrets, written once; keep them out of the repository.',
      `# Partner ${DEMO_PARTNER.id} (kid ${DEMO_PARTNER.kid}) signs its tokens with ${keyFile}.`,
      ...lines,
    ].join('\n'),
  );
}

if (require.main === module) main(process.argv.slice(2));

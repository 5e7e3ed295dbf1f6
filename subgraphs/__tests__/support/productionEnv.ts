import { createHash } from 'node:crypto';
import { ed25519FromSeed, exportRawPublicKey } from '../../../common/signing';

/**
 * Production with a gateway key and a demo secret of the deployment's own (production
 * refuses to start a subgraph without the one, a mock city without the other).
 */
export const PRODUCTION = {
  NODE_ENV: 'production',
  GATEWAY_PUBLIC_KEY: exportRawPublicKey(ed25519FromSeed(createHash('sha256').update('a deployment of this test').digest()).publicKey),
  MOCK_DEMO_SECRET: createHash('sha256').update('the demo secret of this test').digest('base64'),
} as const;

import { createHash } from 'node:crypto';
import { ed25519FromSeed, exportRawPublicKey } from '../../../common/signing';

/** Production with a gateway key of the deployment's own (production refuses to start a subgraph without one). */
export const PRODUCTION = {
  NODE_ENV: 'production',
  GATEWAY_PUBLIC_KEY: exportRawPublicKey(ed25519FromSeed(createHash('sha256').update('a deployment of this test').digest()).publicKey),
} as const;

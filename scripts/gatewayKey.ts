import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gatewayPublicKeyOf } from '../common/gatewayCredential';

/**
 * `npm run -s gateway-key` prints a new key pair of the gateway's credential to its
 * subgraphs, as the two variables: SUBGRAPH_AUTH_PRIVATE_KEY (the gateway's secret; put
 * it in your secret store) and GATEWAY_PUBLIC_KEY (every subgraph's; not secret).
 * `npm run -s gateway-key -- --public < seed-file` prints the GATEWAY_PUBLIC_KEY of an
 * existing SUBGRAPH_AUTH_PRIVATE_KEY read from stdin (not from the command line, which
 * shell history and process lists keep).
 */
function main(args: readonly string[]): void {
  if (args.length === 0) {
    const seed = randomBytes(32).toString('base64url');
    console.log(`SUBGRAPH_AUTH_PRIVATE_KEY=${seed}\nGATEWAY_PUBLIC_KEY=${gatewayPublicKeyOf(seed)}`);
  } else if (args.length === 1 && args[0] === '--public') {
    console.log(`GATEWAY_PUBLIC_KEY=${gatewayPublicKeyOf(readFileSync(0, 'utf8').trim())}`);
  } else {
    console.error('usage: npm run -s gateway-key [-- --public < seed-file]');
    process.exit(2);
  }
}

if (require.main === module) main(process.argv.slice(2));

import { parseArgs } from 'node:util';
import { isService } from '../common/services';
import { developmentKeyPair, mintDevToken } from '../gateway/auth/developmentTokens';

export { developmentKeyPair, mintDevToken, type MintOptions } from '../gateway/auth/developmentTokens';

/**
 * `npm run token -- --partner <id> [--purpose <SERVICE>]… [--ttl 3600] [--aud <audience>]`
 * prints a development partner token (EdDSA JWT) for the bundled development registry.
 * `npm run token -- --public-jwk <kid>` prints the public JWK of a development key, to
 * add a development partner to gateway/auth/dev-partners.json.
 *
 * The minting is gateway/auth/developmentTokens.ts, shared with the gateway's
 * development-only `GET /dev/partners`; the gateway refuses development keys in
 * production (gateway/auth/loadPartnerRegistry.ts).
 */
const USAGE = 'usage: npm run token -- --partner <id> [--purpose <SERVICE>]... [--ttl <seconds>] [--aud <audience>]';

/** Runs the CLI on `argv` (without node and script); returns what to print. */
export async function tokenCli(argv: readonly string[]): Promise<string> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      partner: { type: 'string' },
      purpose: { type: 'string', multiple: true },
      ttl: { type: 'string' },
      aud: { type: 'string' },
      'public-jwk': { type: 'string' },
    },
  });
  if (values['public-jwk']) {
    return JSON.stringify(developmentKeyPair(values['public-jwk']).publicKey.export({ format: 'jwk' }));
  }
  if (!values.partner) throw new Error(USAGE);
  const purposes = values.purpose?.flatMap((p) => p.split(',')).map((p) => p.trim());
  const unknown = purposes?.filter((p) => !isService(p)) ?? [];
  if (unknown.length > 0) throw new Error(`unknown purpose ${unknown.join(', ')}\n${USAGE}`);
  return mintDevToken({
    partnerId: values.partner,
    purposes: purposes?.filter(isService),
    ttlSeconds: values.ttl === undefined ? undefined : Number(values.ttl),
    audience: values.aud,
  });
}

if (require.main === module) {
  tokenCli(process.argv.slice(2)).then(
    (out) => console.log(out),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exitCode = 2;
    },
  );
}

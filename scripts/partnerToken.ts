import { createPrivateKey, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { SignJWT } from 'jose';
import { isService } from '../common/services';
import { AUTH_DEFAULTS } from '../gateway/auth/authConfig';

/**
 * `node dist/scripts/partnerToken.js --key <private JWK file> --partner <id> --purpose <SERVICE>… [--ttl 600]`
 * prints a partner token (EdDSA JWT) signed with a private key of the partner's own —
 * the one scripts/productionEnv.ts leaves in `config/demo-partner.private.jwk` — as a
 * partner's system would make it: `iss` = `sub` = partner id, `aud`
 * `yrd-interop-gateway`, `purposes`, `scope` `permits:read recognition:read`, the file's
 * `kid` in the header. The development registry's tokens are `npm run token`'s.
 */
const USAGE = 'usage: node dist/scripts/partnerToken.js --key <private JWK file> --partner <id> --purpose <SERVICE>... [--ttl <seconds>]';

/** Runs the CLI on `argv` (without node and script); returns the token. */
export async function partnerTokenCli(argv: readonly string[], now = new Date()): Promise<string> {
  const { values } = parseArgs({
    args: [...argv],
    options: { key: { type: 'string' }, partner: { type: 'string' }, purpose: { type: 'string', multiple: true }, ttl: { type: 'string', default: '600' } },
  });
  if (!values.key || !values.partner || !values.purpose) throw new Error(USAGE);
  const purposes = values.purpose.flatMap((p) => p.split(',')).map((p) => p.trim());
  const unknown = purposes.filter((p) => !isService(p));
  if (unknown.length > 0) throw new Error(`unknown purpose ${unknown.join(', ')}\n${USAGE}`);
  const ttl = Number(values.ttl);
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > 86_400) throw new Error(`--ttl must be a whole number of seconds from 1 to 86400\n${USAGE}`);
  const jwk = JSON.parse(readFileSync(values.key, 'utf8')) as { kid?: string; d?: string };
  if (!jwk.kid || !jwk.d) throw new Error(`${values.key}: expected a private JWK with its kid`);
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({ purposes, scope: 'permits:read recognition:read' })
    .setProtectedHeader({ alg: 'EdDSA', kid: jwk.kid, typ: 'JWT' })
    .setIssuer(values.partner)
    .setSubject(values.partner)
    .setAudience(AUTH_DEFAULTS.audience)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttl)
    .setJti(randomUUID())
    .sign(createPrivateKey({ key: jwk, format: 'jwk' }));
}

if (require.main === module) {
  partnerTokenCli(process.argv.slice(2)).then(
    (token) => console.log(token),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exitCode = 2;
    },
  );
}

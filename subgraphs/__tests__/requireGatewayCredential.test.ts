import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import express from 'express';
import { SignJWT, type JWTPayload } from 'jose';
import request from 'supertest';
import { createLogger, type Logger } from '../../common/logger';
import { requestLog } from '../../common/requestLog';
import { requireGatewayCredential } from '../requireGatewayCredential';

const gateway = generateKeyPairSync('ed25519');
const T0 = Math.floor(Date.UTC(2026, 10, 1, 8, 0, 0) / 1000);

/** A credential as the gateway makes it for `aud` at T0, with `claims` changed. */
async function credential(claims: JWTPayload = {}, key: KeyObject = gateway.privateKey, alg = 'EdDSA'): Promise<string> {
  const jwt = await new SignJWT({ iss: 'yrd-gateway', aud: 'shanghai', iat: T0, exp: T0 + 60, ...claims })
    .setProtectedHeader({ alg })
    .sign(key);
  return `Bearer ${jwt}`;
}

/** An app behind the middleware whose clock the test moves; the route answers 204. */
function app() {
  const clock = { ms: T0 * 1000 };
  const handler = express();
  handler.use(requireGatewayCredential({ publicKey: gateway.publicKey, audience: 'shanghai', logger: createLogger('test', 'silent'), now: () => clock.ms }));
  handler.all('/{*any}', (_req, res) => {
    res.status(204).end();
  });
  return { clock, handler };
}

const send = (handler: express.Express, authorization?: string) => {
  const req = request(handler).post('/graphql');
  return authorization === undefined ? req : req.set('authorization', authorization);
};

async function expectRefused(authorization: string | undefined, handler = app().handler): Promise<void> {
  const res = await send(handler, authorization);
  expect(res.status).toBe(401);
  expect(res.headers['www-authenticate']).toBe('Bearer');
  expect(res.body).toEqual({
    errors: [
      {
        message: 'A valid partner bearer token is required.',
        extensions: { code: 'UNAUTHENTICATED', messageEn: 'A valid partner bearer token is required.', messageZh: '需要有效的合作方访问令牌。' },
      },
    ],
  });
}

describe('requireGatewayCredential', () => {
  it('lets through the gateway’s credential for this subgraph', async () => {
    expect((await send(app().handler, await credential())).status).toBe(204);
  });

  it('refuses a request without Authorization, or not a bearer credential', async () => {
    await expectRefused(undefined);
    await expectRefused('Basic Z2F0ZXdheTpzZWNyZXQ=');
    await expectRefused(`${await credential()} extra`);
    await expectRefused('Bearer not-a-jwt');
  });

  it('refuses a credential signed by another key, or with another algorithm', async () => {
    await expectRefused(await credential({}, generateKeyPairSync('ed25519').privateKey));
    await expectRefused(await credential({}, generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey, 'ES256'));
  });

  it('refuses a credential made out to another subgraph, or from another issuer', async () => {
    await expectRefused(await credential({ aud: 'suzhou' }));
    await expectRefused(await credential({ iss: 'partner-demo-all' }));
  });

  it('refuses a credential without iat or exp', async () => {
    await expectRefused(await credential({ iat: undefined }));
    await expectRefused(await credential({ exp: undefined }));
  });

  it('accepts 5 s of clock skew past exp, and no more', async () => {
    const { clock, handler } = app();
    const token = await credential();
    clock.ms = (T0 + 64) * 1000;
    expect((await send(handler, token)).status).toBe(204);
    clock.ms = (T0 + 66) * 1000;
    await expectRefused(token, handler);
  });

  it('refuses a credential older than 120 s by its iat, however late its exp', async () => {
    const { clock, handler } = app();
    clock.ms = (T0 + 130) * 1000;
    await expectRefused(await credential({ exp: T0 + 3600 }), handler);
  });

  it('stops accepting a remembered credential once it expires', async () => {
    const { clock, handler } = app();
    const token = await credential();
    expect((await send(handler, token)).status).toBe(204);
    expect((await send(handler, token)).status).toBe(204);
    clock.ms = (T0 + 70) * 1000;
    await expectRefused(token, handler);
  });
});

describe('probe treatment (X-Yrd-Probe: 1: debug logging, no span)', () => {
  /** The app behind the credential check, logging each request into `lines` with its level. */
  function loggedApp() {
    const lines: Array<{ level: string; status: unknown }> = [];
    const record = (level: string) => (line: { status: unknown }) => void lines.push({ level, status: line.status });
    const logger = { debug: record('debug'), info: record('info'), warn: () => undefined } as unknown as Logger;
    const handler = express();
    handler.use(requestLog(logger));
    handler.use(requireGatewayCredential({ publicKey: gateway.publicKey, audience: 'shanghai', logger, now: () => T0 * 1000 }));
    handler.post('/graphql', (_req, res) => void res.status(204).end());
    return { handler, lines };
  }

  it("is given to the gateway's own probe, which carries its credential", async () => {
    const { handler, lines } = loggedApp();
    await send(handler, await credential()).set('x-yrd-probe', '1').expect(204);
    expect(lines).toEqual([{ level: 'debug', status: 204 }]);
  });

  it('is not given to a caller without the credential that sends the header', async () => {
    const { handler, lines } = loggedApp();
    await send(handler, 'Bearer forged').set('x-yrd-probe', '1').expect(401);
    expect(lines).toEqual([{ level: 'info', status: 401 }]);
  });
});

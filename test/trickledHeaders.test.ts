import { connect, type Socket } from 'node:net';
import { scenarioByName } from '../mocks/scenarios';
import { partnerHeaders } from './support/auth';
import { gql } from './support/graphql';
import { startSystem, type System } from './support/system';

/*
 * Unauthenticated lockout (issue 20): sockets that trickle their headers one byte at a
 * time must not keep partners or the load balancer's health checks out. 1,000 such
 * sockets against a gateway capped at 300 connections, all from 127.0.0.1 like the
 * partner (behind a load balancer every partner shares one address too, so a cap per
 * address would protect no one). The headers timeout is long here, so that it is the
 * cap's choice of whom to close, not the timeout, that lets the partner in.
 */

const MAX_CONNECTIONS = 300;
const TRICKLERS = 1000;
const SZ = scenarioByName('sz-family-valid').permitId;

let system: System;
const tricklers = new Set<Socket>();
let trickle: NodeJS.Timeout | undefined;
beforeAll(async () => {
  system = await startSystem({ MAX_CONNECTIONS: String(MAX_CONNECTIONS), HEADERS_TIMEOUT_MS: '60000' });
});
afterAll(async () => {
  clearInterval(trickle);
  for (const s of tricklers) s.destroy();
  await system?.close();
});

/** Opens a socket that starts a request and never finishes its headers; resolves once it is connected or refused. */
function trickler(port: number): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' }, () => {
      socket.write('GET /healthz HTTP/1.1\r\nHost: gateway\r\nX-Slow: ');
      resolve();
    });
    tricklers.add(socket);
    socket.on('error', () => resolve());
    socket.once('close', () => {
      tricklers.delete(socket);
      resolve();
    });
  });
}

it('serves a partner and /healthz while 1,000 sockets trickle their headers from the same address', async () => {
  const { port } = new URL(system.gatewayBase);
  for (let i = 0; i < TRICKLERS; i += 100) {
    await Promise.all(Array.from({ length: 100 }, () => trickler(Number(port))));
  }
  // One more header byte on every socket still open, every half second: they never finish.
  trickle = setInterval(() => {
    for (const s of tricklers) if (s.writable) s.write('x');
  }, 500);
  // The cap is full of tricklers: every connection the gateway holds is one of them.
  expect(tricklers.size).toBeGreaterThanOrEqual(MAX_CONNECTIONS);

  const health = await fetch(`${system.gatewayBase}/healthz`);
  expect(health.status).toBe(200);
  expect(await health.json()).toEqual({ status: 'ok' });
  const answer = await gql(system.gatewayUrl, /* GraphQL */ `query ($id: ID!) { permit(id: $id) { id status } }`, { id: SZ }, await partnerHeaders('SCHOOLING'));
  expect(answer.status).toBe(200);
  expect(answer.errors).toBeUndefined();
  expect(answer.data).toEqual({ permit: { id: SZ, status: 'VALID' } });
});

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import request from 'supertest';
import { yrdError } from '../../../common/errors';
import { until } from '../../../test/support/poll';
import { newGatewayContext, type GatewayContext } from '../../GatewayContext';
import type { Partner } from '../../auth/partnerRegistry';
import type { AuditEntry } from '../AuditEntry';
import { createAuditLog, type AuditLog } from '../createAuditLog';
import { httpRefusals, type HttpRefusals } from '../httpRefusals';
import { CHAIN_KEY, HMAC_KEY } from './support/records';
import { capturingLogger } from './support/sharedRedis';

/*
 * What no GraphQL plugin sees is recorded here, once: a refusal before GraphQL runs, for
 * a known partner (an unknown one is counted instead), and a request Apollo answered
 * after its context was built without any plugin recording it.
 */

let dir: string;
let log: AuditLog;
let refusals: HttpRefusals;
const unattributed: string[] = [];
const partner = { id: 'sz-school' } as Partner;

/** The context of a request whose token is `Bearer ok`; anything else is an unknown partner. */
async function contextOf(req: express.Request, res: express.Response): Promise<GatewayContext> {
  if (req.get('authorization') !== 'Bearer ok') throw yrdError('UNAUTHENTICATED');
  return newGatewayContext({ requestId: String(res.locals.requestId) }, { partner, caseId: 'CASE-1', officerId: 'officer-1' });
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'http-refusals-'));
  log = createAuditLog({ streamKey: 'unused', spoolFile: join(dir, 'audit.jsonl'), hmacKey: HMAC_KEY, chainKey: CHAIN_KEY, logger: capturingLogger().logger });
  refusals = httpRefusals({ log, contextOf, unattributed: (_id, error) => void unattributed.push(String((error as { extensions?: { code?: string } }).extensions?.code)) });
});
afterAll(async () => {
  await log.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Every record written so far (the file is the store of record: no Redis). */
const entries = (): AuditEntry[] =>
  readFileSync(join(dir, 'audit.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { entry: AuditEntry }).entry);

/** An app whose `/graphql` runs `handler` with the refusal handler behind it. */
function app(handler: express.RequestHandler): express.Express {
  const a = express();
  a.use((_req, res, next) => {
    res.locals.requestId = 'req-under-test';
    next();
  });
  a.post('/graphql', express.json(), handler, refusals.refuse);
  return a;
}

it('answers a refusal passed to it with its code and message, after recording it once for a known partner', async () => {
  const res = await request(app((_req, _res, next) => next(yrdError('NOT_ACCEPTABLE', {}, { detail: '(try JSON)' }))))
    .post('/graphql')
    .set('authorization', 'Bearer ok')
    .send({ query: '{ regions { region } }' });
  expect(res.status).toBe(406);
  expect(res.body.errors[0]).toMatchObject({ message: expect.stringContaining('(try JSON)'), extensions: { code: 'NOT_ACCEPTABLE', requestId: 'req-under-test' } });
  expect(entries()).toEqual([
    expect.objectContaining({ partnerId: 'sz-school', caseId: 'CASE-1', officerId: 'officer-1', outcome: 'REFUSED', errorCodes: ['NOT_ACCEPTABLE'] }),
  ]);
});

it('maps a body-parser error to its code and counts, rather than records, an unknown partner', async () => {
  const count = entries().length;
  const res = await request(app((_req, res) => void res.end())).post('/graphql').set('content-type', 'application/json').send('{"query": ');
  expect(res.status).toBe(400);
  expect(res.body.errors[0].extensions.code).toBe('BAD_REQUEST');
  expect(entries()).toHaveLength(count);
  expect(unattributed).toEqual(['BAD_REQUEST']);
});

it('records a request Apollo answered after its context without any plugin recording it, and never twice', async () => {
  const count = entries().length;
  // Apollo as it refuses at the HTTP level after building the context.
  const answeredUnrecorded = app(
    refusals.behind(async (req, res) => {
      refusals.remember(res, await contextOf(req, res));
      res.status(400).json({ errors: [{ message: 'refused where no plugin saw it' }] });
    }),
  );
  expect((await request(answeredUnrecorded).post('/graphql').set('authorization', 'Bearer ok').send({ query: '{ x }' })).status).toBe(400);
  // Recorded once the answer is out (Apollo wrote it), so wait for it.
  await until(async () => entries().length > count);
  expect(entries().slice(count)).toEqual([expect.objectContaining({ partnerId: 'sz-school', outcome: 'REFUSED', errorCodes: ['BAD_REQUEST'] })]);

  // A context already recorded (by a plugin) is not recorded again, by either path.
  const recorded = app(
    refusals.behind(async (req, res, next) => {
      const context = await contextOf(req, res);
      context.audit.recorded = true;
      refusals.remember(res, context);
      next(yrdError('BAD_REQUEST'));
    }),
  );
  expect((await request(recorded).post('/graphql').set('authorization', 'Bearer ok').send({ query: '{ x }' })).status).toBe(400);
  // The refusal handler answered after its (skipped) record: nothing can still be on its way.
  expect(entries()).toHaveLength(count + 1);
});

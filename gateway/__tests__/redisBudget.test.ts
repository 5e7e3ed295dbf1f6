import type { Redis } from 'ioredis';
import { createLogger } from '../../common/logger';
import { startPrivateRedis, type PrivateRedis } from '../../test/support/privateRedis';
import { createRedis, readyOrTimeout } from '../redis';
import { withRedisBudget, type RedisBreaker } from '../redisBudget';

/*
 * The Redis budget against a real Redis of the test's own: a Redis that does not answer
 * (SIGSTOP) fails each command within the budget and opens the breaker after three in a
 * row; a gateway whose event loop is merely busy past the budget, while Redis answered in
 * time, is not taken for a hung Redis.
 */

const BUDGET_MS = 50;
const logger = createLogger('test', 'silent');

let server: PrivateRedis;
let redis: Redis;
let breaker: RedisBreaker;

beforeAll(async () => {
  server = await startPrivateRedis();
});
afterAll(async () => {
  server.resume();
  await server.kill();
});
beforeEach(async () => {
  redis = createRedis(server.url, logger, 'redis-budget-test')!;
  await readyOrTimeout(redis, 2000);
  breaker = withRedisBudget(redis, { budgetMs: BUDGET_MS, timeoutsToOpen: 3, probeIntervalMs: 100, logger });
});
afterEach(() => {
  server.resume();
  breaker.stop();
  redis.disconnect();
});

/** Keeps the event loop busy for `ms`, as a burst of large requests does. */
function blockLoop(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // busy
  }
}

it('fails a command Redis does not answer within the budget, and opens after three in a row', async () => {
  server.pause();
  for (let i = 0; i < 3; i++) await expect(redis.get('k')).rejects.toThrow('Command timed out');
  expect(breaker.state).toBe('open');
});

it('does not call a command timed out when Redis answered in time and only the event loop was late', async () => {
  for (let i = 0; i < 5; i++) {
    const reply = redis.ping();
    // Redis answers within a millisecond; the loop does not turn for four budgets.
    blockLoop(BUDGET_MS * 4);
    await expect(reply).resolves.toBe('PONG');
  }
  expect(breaker.state).toBe('closed');
});

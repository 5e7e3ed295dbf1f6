import { createLogger } from '../../../common/logger';
import type { BreakerState } from '../resilience/RegionHealth';
import { RetryBudget } from '../resilience/RetryBudget';
import { budgetedRetry } from '../budgetedRetry';
import type { Send } from '../Send';
import { RegionFailure } from '../transportError';
import { subgraphRequest } from './support';

const logger = createLogger('test', 'silent');
const connectionRefused = () => new RegionFailure('REGION_UNAVAILABLE', 'ECONNREFUSED');

/** A `Send` that throws `failure()` on its first call and answers after; counts calls. */
function failingOnce(failure: () => unknown): Send & { calls: number } {
  const send = Object.assign(
    async () => {
      if (send.calls++ === 0) throw failure();
      return { data: { ok: true } };
    },
    { calls: 0 },
  );
  return send;
}

function retrying(inner: Send, state: BreakerState = 'closed', budget = new RetryBudget()) {
  return budgetedRetry(inner, { subgraph: 'anhui', guard: { state }, budget, logger });
}

describe('budgetedRetry', () => {
  it('retries a query once after a refused connection', async () => {
    const inner = failingOnce(connectionRefused);
    await expect(retrying(inner)(subgraphRequest())).resolves.toEqual({ data: { ok: true } });
    expect(inner.calls).toBe(2);
  });

  it('never retries a mutation: it may have taken effect', async () => {
    const inner = failingOnce(connectionRefused);
    await expect(retrying(inner)(subgraphRequest({ operation: 'mutation' }))).rejects.toBeInstanceOf(RegionFailure);
    expect(inner.calls).toBe(1);
  });

  it('never retries a timeout or a 5xx: the request may have reached the resolvers', async () => {
    for (const failure of [new RegionFailure('REGION_TIMEOUT', 'TimeoutError'), new RegionFailure('REGION_UNAVAILABLE', 'HTTP 503')]) {
      const inner = failingOnce(() => failure);
      await expect(retrying(inner)(subgraphRequest())).rejects.toBe(failure);
      expect(inner.calls).toBe(1);
    }
  });

  it('never retries unless the breaker is closed', async () => {
    for (const state of ['open', 'halfOpen'] as const) {
      const inner = failingOnce(connectionRefused);
      await expect(retrying(inner, state)(subgraphRequest())).rejects.toBeInstanceOf(RegionFailure);
      expect(inner.calls).toBe(1);
    }
  });

  it('stops retrying once the budget is spent', async () => {
    const budget = new RetryBudget(0, 1);
    const first = failingOnce(connectionRefused);
    await expect(retrying(first, 'closed', budget)(subgraphRequest())).resolves.toBeDefined();
    const second = failingOnce(connectionRefused);
    await expect(retrying(second, 'closed', budget)(subgraphRequest())).rejects.toBeInstanceOf(RegionFailure);
    expect(second.calls).toBe(1);
  });
});

import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../../../common/logger';
import type { RegionGuard, StateChange } from './RegionGuard';
import type { OpenReason } from './SlowCalls';

interface Announcement {
  replica: string;
  subgraph: string;
  state: 'open' | 'closed';
  openedAt: number | null;
  /** Why it opened (absent from replicas before slow-call breaking). */
  reason?: OpenReason | null;
}

/**
 * Shares breaker state between gateway replicas through Redis: a replica whose breaker
 * opens or closes publishes it, the others apply it, so one replica's discovery that a
 * region is down spares the others their own failing requests. The open state is also
 * kept under a key that expires with the reset timeout, for replicas that start later.
 * Without Redis every replica keeps its own state. The channel (`<prefix>breaker`) and keys
 * (`<prefix>breaker:<subgraph>`) carry the deployment's REDIS_KEY_PREFIX, so only replicas
 * of one deployment share state. `replica` names this replica in its announcements (the
 * others show it as the one that opened a breaker). Returns a stop function.
 */
export async function startBreakerSync(
  redis: Redis,
  guards: readonly RegionGuard[],
  logger: Logger,
  redisKeyPrefix: string,
  replica: string = randomUUID(),
): Promise<() => Promise<void>> {
  const CHANNEL = `${redisKeyPrefix}breaker`;
  const stateKey = (subgraph: string) => `${redisKeyPrefix}breaker:${subgraph}`;
  const bySubgraph = new Map(guards.map((g) => [g.subgraph, g]));
  // The subscriber queues while disconnected: ioredis subscribes again on reconnect.
  const subscriber = redis.duplicate({ connectionName: 'yrd-gateway-breaker-sync', enableOfflineQueue: true });
  subscriber.on('error', () => undefined); // the main client logs Redis outages
  subscriber.on('message', (_channel: string, message: string) => {
    try {
      const a = JSON.parse(message) as Announcement;
      if (a.replica === replica) return;
      bySubgraph.get(a.subgraph)?.applyRemote(a.state, a.openedAt, a.reason ?? undefined, a.replica);
    } catch (err) {
      logger.warn({ err: (err as Error).message }, 'ignored a malformed breaker announcement');
    }
  });

  const publish = async (change: StateChange) => {
    if (change.remote || change.state === 'halfOpen') return;
    const guard = bySubgraph.get(change.subgraph)!;
    const a: Announcement = { replica, subgraph: change.subgraph, state: change.state, openedAt: change.openedAt, reason: change.reason };
    try {
      if (a.state === 'open') await redis.set(stateKey(a.subgraph), JSON.stringify(a), 'PX', guard.settings.resetTimeoutMs);
      else await redis.del(stateKey(a.subgraph));
      await redis.publish(CHANNEL, JSON.stringify(a));
    } catch (err) {
      logger.warn({ subgraph: a.subgraph, err: (err as Error).message }, 'could not share breaker state');
    }
  };
  for (const g of guards) g.on('stateChange', (c: StateChange) => void publish(c));

  try {
    await subscriber.subscribe(CHANNEL);
    const current = await redis.mget(...guards.map((g) => stateKey(g.subgraph)));
    current.forEach((value, i) => {
      if (!value) return;
      const a = JSON.parse(value) as Announcement;
      guards[i]!.applyRemote('open', a.openedAt, a.reason ?? undefined, a.replica);
    });
  } catch (err) {
    logger.warn({ err: (err as Error).message }, 'breaker sync starts without Redis; it joins when Redis is back');
  }
  return async () => {
    subscriber.disconnect();
  };
}

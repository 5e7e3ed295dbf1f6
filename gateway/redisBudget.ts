import { Command, type Redis } from 'ioredis';
import type { Logger } from '../common/logger';

/** The message of a command refused because Redis's breaker is open. */
export const REDIS_BREAKER_OPEN = 'redis breaker open: not waiting for Redis until it answers again';

/** How {@link withRedisBudget} bounds the gateway's wait for Redis. */
export interface RedisBudgetOptions {
  /** Longest wait for one Redis command, milliseconds (`REDIS_BUDGET_MS`, default 150). */
  budgetMs: number;
  /** Commands timing out in a row that open the breaker (default 3). */
  timeoutsToOpen: number;
  /** How often an open breaker pings Redis to see whether it answers again, milliseconds (default 500). */
  probeIntervalMs: number;
  logger: Logger;
}

/** The Redis breaker of one client: `open` while Redis is not waited for. */
export interface RedisBreaker {
  readonly state: 'closed' | 'open';
  /** Stops the probes. */
  stop(): void;
}

/** ioredis's message for a command past its deadline, kept for the budget's own (callers match it). */
const COMMAND_TIMED_OUT = 'Command timed out';

/** The slice of ioredis's `Redis#sendCommand` this module wraps. */
type SendCommand = (command: Command, stream?: unknown) => unknown;

/**
 * Gives `command` the budget as its deadline, and a reply that has already arrived one
 * chance to be read. A deadline firing in the timers phase of the event loop comes before
 * the poll phase reads the sockets: on a gateway too busy to turn its loop within the
 * budget (a burst of large batches), Redis's answer would be lying in the socket while the
 * command was called timed out, and three such "timeouts" would open the breaker on a
 * healthy Redis. So the verdict waits for the check phase (`setImmediate`), after this
 * turn's poll: a reply read by then settles the command; a Redis that really did not
 * answer still fails within a turn. The deadline is this module's own timer, read and
 * settled through `Command`'s public fields only (`isSettled`, `reject`); ioredis's own
 * `commandTimeout` (longer) finds the command settled.
 */
function budgetCommand(command: Command, budgetMs: number): void {
  const deadline = setTimeout(() => {
    setImmediate(() => {
      if (!command.isSettled) command.reject(new Error(COMMAND_TIMED_OUT));
    });
  }, budgetMs);
  const clear = () => clearTimeout(deadline);
  command.promise.then(clear, clear);
}

/**
 * Puts a budget and a breaker on every command of `redis`, at the one place every command
 * passes (`sendCommand`: plain commands, scripts, pipelines), so the rate limiter, the
 * entity cache and the audit trail need no code of their own for it:
 *
 * - each command waits at most `budgetMs`, then rejects with ioredis's own "Command timed
 *   out" (the budget is shorter than ioredis's `commandTimeout`), and the caller falls back
 *   as when Redis is down;
 * - after `timeoutsToOpen` timeouts in a row — a hung Redis (SIGSTOP, a full network
 *   buffer) keeps its connection and so fails no other way — the breaker opens: commands
 *   reject at once, without being sent, while a PING every `probeIntervalMs` probes Redis;
 *   the first that answers within the budget (or a new connection becoming ready) closes it.
 *
 * A connection that is not ready is left to ioredis, which refuses commands at once
 * (no offline queue). An error reply (`ReplyError`) is Redis answering, not failing.
 *
 * Replacing the client's `sendCommand` and settling through `Command`'s `isSettled` and
 * `reject` lean on ioredis beyond its semver: package.json pins ioredis exactly, and
 * `gateway/__tests__/ioredisSeam.test.ts` fails first when an upgrade moves the seam.
 */
export function withRedisBudget(redis: Redis, options: RedisBudgetOptions): RedisBreaker {
  const { budgetMs, timeoutsToOpen, probeIntervalMs, logger } = options;
  const original = (redis.sendCommand as SendCommand).bind(redis);
  let open = false;
  let timeoutsInARow = 0;
  let probe: NodeJS.Timeout | undefined;

  const close = (why: string) => {
    timeoutsInARow = 0;
    if (!open) return;
    open = false;
    clearInterval(probe);
    probe = undefined;
    logger.info({ why }, 'redis breaker closed: waiting for Redis again, within the budget');
  };
  const opened = () => {
    open = true;
    logger.warn({ budgetMs, timeoutsInARow }, 'redis breaker open: Redis does not answer within the budget; using the in-memory fallbacks');
    probe = setInterval(() => {
      if (redis.status !== 'ready') return;
      const ping = new Command('ping');
      ping.setTimeout(budgetMs);
      original(ping);
      ping.promise.then(
        () => close('a probe was answered'),
        () => undefined,
      );
    }, probeIntervalMs);
    probe.unref();
  };

  (redis as unknown as { sendCommand: SendCommand }).sendCommand = (command, stream) => {
    if (redis.status === 'ready') {
      if (open) {
        command.reject(new Error(REDIS_BREAKER_OPEN));
        return command.promise;
      }
      budgetCommand(command, budgetMs);
      command.promise.then(
        () => close('a command was answered'),
        (err: Error) => {
          if (err.name === 'ReplyError') close('a command was answered');
          else if (err.message === COMMAND_TIMED_OUT && ++timeoutsInARow >= timeoutsToOpen && !open) opened();
        },
      );
    }
    return original(command, stream);
  };
  const onReady = () => close('the connection is ready again');
  redis.on('ready', onReady);

  return {
    get state() {
      return open ? 'open' : 'closed';
    },
    stop() {
      clearInterval(probe);
      redis.off('ready', onReady);
    },
  };
}

import { EventEmitter } from 'node:events';
import CircuitBreaker from 'opossum';
import type { ErrorCode } from '../../../common/errorCodes';
import type { Logger } from '../../../common/logger';
import type { Region } from '../../../common/regions';
import type { BreakerSettings } from './BreakerSettings';
import { RegionHealth, type BreakerState, type RegionHealthReport } from './RegionHealth';
import { SlowCalls, type OpenReason } from './SlowCalls';
import { BREAKER_OPEN, RegionFailure, classifyFetchError } from '../transportError';

/** Emitted on every breaker transition; `remote` when another replica caused it. */
export interface StateChange {
  subgraph: string;
  state: BreakerState;
  remote: boolean;
  openedAt: number | null;
  /** Why it opened, while open or half-open; null once closed. */
  reason: OpenReason | null;
  /** The replica that announced a remote transition (breakerSync's id); absent for local ones. */
  replica?: string;
}

/** A region's health with why its breaker opened and its slow calls over the window. */
export interface RegionGuardReport extends RegionHealthReport {
  /** Why the breaker last opened (`FAILURE_RATE`, `SLOW_CALL_RATE`, `REMOTE`); null while closed. */
  openReason: OpenReason | null;
  slowCalls: { calls: number; slow: number; thresholdMs: number; rateThresholdPercent: number };
}

/** Emitted (`outcome`) after every call through the guard that reached the subgraph. */
export interface CallOutcome {
  subgraph: string;
  /** Duration, milliseconds. */
  ms: number;
  ok: boolean;
  /** The error code of a failed call; absent when ok. */
  code?: ErrorCode;
}

type Action = () => Promise<unknown>;

/**
 * Everything that protects the gateway from one subgraph: an opossum circuit breaker
 * with the subgraph's settings and the rolling health model it feeds. Live traffic and
 * active probes go through the same `run`, so a probe succeeding while half-open closes
 * the breaker, and both show in `/health/regions`.
 */
export class RegionGuard extends EventEmitter {
  readonly health: RegionHealth;
  private readonly breaker: CircuitBreaker<[Action], unknown>;
  private readonly slowCalls: SlowCalls;
  private openedAt: number | null = null;
  private openReason: OpenReason | null = null;
  private previous: BreakerState = 'closed';
  /** Set while this guard opens the breaker itself for slow calls. */
  private opening: OpenReason | null = null;
  /** Set while a transition announced by another replica is applied. */
  private remote: { openedAt: number; reason: OpenReason; replica?: string } | null = null;

  constructor(
    readonly subgraph: string,
    readonly region: Region | null,
    readonly settings: BreakerSettings,
    private readonly logger: Logger,
  ) {
    super();
    this.health = new RegionHealth(subgraph, region, settings.rollingWindowMs);
    this.slowCalls = new SlowCalls(settings);
    this.breaker = new CircuitBreaker((action: Action) => action(), {
      name: subgraph,
      // The fetch has its own AbortSignal timeout, which also frees the socket.
      timeout: false,
      errorThresholdPercentage: settings.errorThresholdPercent,
      volumeThreshold: settings.volumeThreshold,
      rollingCountTimeout: settings.rollingWindowMs,
      resetTimeout: settings.resetTimeoutMs,
      // A 4xx or a GraphQL error is the caller's problem, not the region's.
      errorFilter: (err: unknown) => classifyFetchError(err) === undefined,
    });
    this.breaker.on('open', () => this.changed('open'));
    this.breaker.on('halfOpen', () => this.changed('halfOpen'));
    this.breaker.on('close', () => this.changed('closed'));
  }

  /**
   * Runs `action` through the breaker. Resolves with its result; rejects with a
   * `RegionFailure` for a transport failure or an open breaker (at once, no I/O), and
   * with the original error for anything else.
   *
   * While half-open, only a `trial` (the health probe's) goes through: a partner's
   * request is refused like an open breaker's, so no partner waits out a region's
   * timeout to find out whether it came back.
   */
  async run<T>(action: () => Promise<T>, options: { trial?: boolean } = {}): Promise<T> {
    if (!options.trial && this.breaker.halfOpen) throw new RegionFailure('REGION_UNAVAILABLE', BREAKER_OPEN, this.retryAfterMs());
    const started = performance.now();
    try {
      const result = (await this.breaker.fire(action)) as T;
      const ms = performance.now() - started;
      this.health.success(ms);
      this.recordDuration(ms);
      this.emit('outcome', { subgraph: this.subgraph, ms, ok: true } satisfies CallOutcome);
      return result;
    } catch (err) {
      if ((err as { code?: string }).code === 'EOPENBREAKER') {
        this.emit('shortCircuit', this.subgraph);
        throw new RegionFailure('REGION_UNAVAILABLE', BREAKER_OPEN, this.retryAfterMs());
      }
      const failure = classifyFetchError(err);
      if (!failure) throw err;
      const ms = performance.now() - started;
      this.health.failure(ms, failure.code);
      this.recordDuration(ms);
      this.emit('outcome', { subgraph: this.subgraph, ms, ok: false, code: failure.code } satisfies CallOutcome);
      throw failure;
    }
  }

  /** Counts a call that reached the region; opens a closed breaker when too many were slow. */
  private recordDuration(ms: number): void {
    if (!this.slowCalls.record(ms) || this.state !== 'closed') return;
    this.opening = 'SLOW_CALL_RATE';
    try {
      this.breaker.open();
    } finally {
      this.opening = null;
    }
  }

  get state(): BreakerState {
    return this.breaker.opened ? 'open' : this.breaker.halfOpen ? 'halfOpen' : 'closed';
  }

  /** Whether partner requests go through: false while the breaker is open or half-open. */
  get admitsRequests(): boolean {
    return this.state === 'closed';
  }

  /** Milliseconds until an open breaker lets a trial request through; null unless open. */
  retryAfterMs(): number | null {
    if (this.state !== 'open' || this.openedAt === null) return null;
    return Math.max(0, this.openedAt + this.settings.resetTimeoutMs - Date.now());
  }

  report(): RegionGuardReport {
    const { settings } = this;
    return {
      ...this.health.report(this.state, this.retryAfterMs()),
      openReason: this.state === 'closed' ? null : this.openReason,
      slowCalls: { ...this.slowCalls.window(), thresholdMs: settings.slowCallDurationMs, rateThresholdPercent: settings.slowCallRateThresholdPercent },
    };
  }

  /**
   * Applies a transition another gateway replica announced; `reason` is the one it
   * announced (absent from an older replica: `REMOTE`), `replica` the announcing replica's id.
   */
  applyRemote(state: 'open' | 'closed', openedAt: number | null, reason: OpenReason = 'REMOTE', replica?: string): void {
    if (state === this.state) return;
    this.remote = { openedAt: openedAt ?? Date.now(), reason, replica };
    try {
      if (state === 'open') this.breaker.open();
      else this.breaker.close();
    } finally {
      this.remote = null;
    }
  }

  shutdown(): void {
    this.breaker.shutdown();
    this.removeAllListeners();
  }

  private changed(state: BreakerState): void {
    if (state === 'open') {
      // A trial failing while half-open reopens for the reason it was open.
      const reopened = this.previous === 'halfOpen' ? this.openReason : null;
      this.openReason = this.remote?.reason ?? this.opening ?? reopened ?? 'FAILURE_RATE';
      this.openedAt = this.remote?.openedAt ?? Date.now();
    }
    if (state === 'closed') {
      this.openedAt = null;
      this.openReason = null;
    }
    this.slowCalls.reset();
    this.previous = state;
    const remote = this.remote !== null;
    const reason = this.openReason;
    const change: StateChange = { subgraph: this.subgraph, state, remote, openedAt: this.openedAt, reason, replica: this.remote?.replica };
    this.logger.warn({ subgraph: this.subgraph, breaker: state, remote, reason }, 'breaker state changed');
    this.emit('stateChange', change);
  }
}

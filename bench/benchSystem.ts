import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Redis } from 'ioredis';
import { SUBGRAPH_NAMES } from '../common/defaults';
import { subgraphUrlVariable } from '../gateway/config';
import { startPrivateRedis, type PrivateRedis } from '../test/support/privateRedis';
import type { ServiceProcess } from '../scripts/serviceProcess';
import { startService } from '../test/support/processes';
import type { BenchOptions } from './benchOptions';

/** `cached`: the gateway as configured by default; `uncached`: CACHE_TTL_SECONDS=0. */
export type GatewayKind = 'cached' | 'uncached';

/** How long a service may take to listen, milliseconds: five cities signing their registries at once on a shared 2-core machine have taken over 60 s. */
const START_TIMEOUT_MS = 180_000;

/** A service that does not exit this long after SIGTERM is killed, milliseconds. */
const STOP_GRACE_MS = 15_000;

/** The whole system as real processes: five subgraphs and the gateway(s) over them. */
export interface BenchSystem {
  readonly runId: string;
  /** The gateway's REDIS_URL; undefined for `--redis none`. */
  readonly redisUrl: string | undefined;
  subgraph(name: string): ServiceProcess;
  /** The gateway of this kind, started on first use. */
  gateway(kind: GatewayKind): Promise<ServiceProcess>;
  stopGateway(kind: GatewayKind): Promise<void>;
  /** Stops every process (SIGTERM, then SIGKILL after a grace) and removes what the run left in Redis. */
  stop(): Promise<void>;
  /** Forgets the log lines the processes wrote so far (the test helper keeps them all). */
  dropLogs(): void;
  /** Last resort on process exit: SIGKILL whatever still runs. Synchronous. */
  killNow(): void;
  /** Profiles written by `--cpu-prof` processes (once they have stopped). */
  readonly profiles: string[];
}

/**
 * Starts the five subgraphs (each its own process on a free port, NODE_ENV=development so
 * that `/__faults` exists). Gateways start on demand: their env is the production default
 * except what the bench needs to measure (see bench/README.md, "The system under load").
 */
export async function startBenchSystem(options: BenchOptions): Promise<BenchSystem> {
  const runId = new Date().toISOString().replace(/[-:.]/g, '').slice(0, 15) + '-' + process.pid;
  const privateRedis: PrivateRedis | undefined = options.redis === 'private' ? await startPrivateRedis() : undefined;
  const redisUrl = privateRedis?.url ?? (options.redis === 'none' ? undefined : options.redis);
  const profiles: string[] = [];
  const profileArgs = (name: string): string[] => {
    if (!options.cpuProf) return [];
    const dir = resolve(options.profileDir);
    const file = `${name}-${runId}.cpuprofile`;
    profiles.push(join(dir, file));
    return ['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-name=${file}`];
  };
  const started = await Promise.allSettled(SUBGRAPH_NAMES.map((name) => startService(name, {}, profileArgs(name), START_TIMEOUT_MS)));
  const subgraphs = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await Promise.all(subgraphs.map((s) => s.stop(STOP_GRACE_MS)));
    await privateRedis?.kill();
    throw failed.reason;
  }
  const byName = new Map(subgraphs.map((s) => [s.name as string, s]));
  const gateways = new Map<GatewayKind, Promise<ServiceProcess>>();
  // Every process that has come up, for the synchronous last resort of `killNow`.
  const running = new Set<ServiceProcess>(subgraphs);
  const spoolFiles: string[] = [];
  const auditStreamKey = `yrd:bench:${runId}:audit`;

  const gatewayEnv = (kind: GatewayKind): Record<string, string> => {
    const spool = join(tmpdir(), `yrd-bench-${runId}-${kind}.jsonl`);
    spoolFiles.push(spool);
    return {
      // dist/bench/ → dist/schemas/, whatever the working directory.
      SCHEMA_DIR: resolve(__dirname, '..', 'schemas'),
      ...Object.fromEntries(subgraphs.map((s) => [subgraphUrlVariable(s.name), s.graphqlUrl])),
      ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
      // The load comes from one partner; its allowance must not be what is measured.
      RATE_LIMIT_POINTS: '1000000',
      RATE_LIMIT_WINDOW_SECONDS: '1',
      // A stream of the run's own, removed afterwards: the bench appends one record per request.
      AUDIT_STREAM_KEY: auditStreamKey,
      AUDIT_SPOOL_FILE: spool,
      // The hung-region scenario measures Suzhou's timeout itself, so its breaker must
      // never have enough volume to open (the anhui variant shows the breaker at work).
      SUZHOU_TIMEOUT_MS: String(options.hangTimeoutMs),
      SUZHOU_BREAKER_VOLUME_THRESHOLD: '10000',
      ...(kind === 'uncached' ? { CACHE_TTL_SECONDS: '0' } : {}),
    };
  };

  const stopGateway = async (kind: GatewayKind) => {
    const gateway = gateways.get(kind);
    if (!gateway) return;
    gateways.delete(kind);
    await (await gateway).stop(STOP_GRACE_MS);
  };

  /** On a Redis the bench shares, removes the run's audit stream (its other keys expire). */
  const removeRunKeys = async () => {
    if (!redisUrl || privateRedis) return;
    const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
    redis.on('error', () => undefined);
    try {
      await redis.connect();
      const keys: string[] = [];
      let cursor = '0';
      do {
        const [next, batch] = await redis.scan(cursor, 'MATCH', `yrd:bench:${runId}:*`, 'COUNT', 1000);
        cursor = next;
        keys.push(...batch);
      } while (cursor !== '0');
      if (keys.length) await redis.del(...keys);
    } catch (err) {
      console.error(`could not remove the run's audit stream ${auditStreamKey}: ${(err as Error).message}`);
    } finally {
      redis.disconnect();
    }
  };

  let stopping: Promise<void> | undefined;
  return {
    runId,
    redisUrl,
    profiles,
    subgraph: (name) => {
      const s = byName.get(name);
      if (!s) throw new Error(`no subgraph ${name}`);
      return s;
    },
    gateway: (kind) => {
      // After stop() began, a new process would outlive the bench.
      if (stopping) return Promise.reject(new Error('the bench system is stopping'));
      let gateway = gateways.get(kind);
      if (!gateway) {
        gateway = startService('gateway', gatewayEnv(kind), profileArgs(`gateway-${kind}`), START_TIMEOUT_MS);
        gateway.then((s) => running.add(s), () => undefined);
        gateways.set(kind, gateway);
      }
      return gateway;
    },
    stopGateway,
    stop: () => {
      stopping ??= (async () => {
        await Promise.allSettled([...gateways.keys()].map(stopGateway));
        await Promise.allSettled(subgraphs.map((s) => s.stop(STOP_GRACE_MS)));
        await removeRunKeys();
        await privateRedis?.kill();
        for (const file of spoolFiles) rmSync(file, { force: true });
      })();
      return stopping;
    },
    dropLogs: () => {
      for (const s of running) s.logs.length = 0;
    },
    killNow: () => {
      for (const s of running) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
      // kill() sends SIGKILL synchronously before it waits.
      void privateRedis?.kill();
    },
  };
}

import { parseArgs } from 'node:util';

/** What `npm run bench -- <flags>` asked for; every default is in `BENCH_DEFAULTS`. */
export interface BenchOptions {
  /** Measured time of each scenario, seconds. */
  durationSeconds: number;
  /** Concurrent keep-alive connections autocannon holds open to the gateway. */
  connections: number;
  /** Unmeasured run of each scenario before its measured one, seconds (0: none). */
  warmupSeconds: number;
  /**
   * Unmeasured run of every healthy-region scenario of a gateway right after it starts,
   * seconds (0: none): JIT and lazy start-up work out of the first scenario's figures.
   */
  gatewayWarmupSeconds: number;
  /** Names of the scenarios to run, in the order of `SCENARIOS`; null: all. */
  only: string[] | null;
  /** `SUZHOU_TIMEOUT_MS` of the gateway: what the hung-region scenario should come back at. */
  hangTimeoutMs: number;
  /**
   * Redis of the gateway (cache, rate limit, audit, breaker sync): `private` (a
   * redis-server of the run's own on a free port), `none` (the gateway's in-memory
   * fallbacks) or a URL.
   */
  redis: 'private' | 'none' | string;
  /** Start the gateway(s) and subgraphs with `--cpu-prof`; profiles land in `profileDir` as they stop. */
  cpuProf: boolean;
  /** Folder of `--cpu-prof` profiles. */
  profileDir: string;
  /** Folder of the JSON results. */
  outDir: string;
}

export const BENCH_DEFAULTS: Readonly<BenchOptions> = {
  durationSeconds: 10,
  connections: 10,
  warmupSeconds: 3,
  gatewayWarmupSeconds: 10,
  only: null,
  hangTimeoutMs: 1000,
  // Not the shared Redis: breaker announcements go over a pub/sub channel that no key
  // prefix or database number scopes, so the bench's open breakers would reach every
  // other gateway on that Redis (a test run, a developer's `npm start`).
  redis: 'private',
  cpuProf: false,
  // var/ is git-ignored: profiles are megabytes, results are small and kept.
  profileDir: 'var/bench-profiles',
  outDir: 'bench/results',
};

export const BENCH_USAGE = `usage: npm run bench -- [flags]
  --duration <s>         measured seconds per scenario (default ${BENCH_DEFAULTS.durationSeconds})
  --connections <n>      concurrent connections (default ${BENCH_DEFAULTS.connections})
  --warmup <s>           unmeasured seconds before each scenario (default ${BENCH_DEFAULTS.warmupSeconds})
  --gateway-warmup <s>   unmeasured seconds of all healthy-region scenarios after a gateway
                         starts (default ${BENCH_DEFAULTS.gatewayWarmupSeconds})
  --only <a,b>           run only these scenarios (names below)
  --hang-timeout-ms <ms> SUZHOU_TIMEOUT_MS of the gateway (default ${BENCH_DEFAULTS.hangTimeoutMs})
  --redis <url|private|none>  Redis of the gateway: a URL, a private redis-server, or
                         none for the in-memory fallbacks (default ${BENCH_DEFAULTS.redis})
  --cpu-prof             profile the gateway(s) and subgraphs with node --cpu-prof into --profile-dir
  --profile-dir <dir>    (default ${BENCH_DEFAULTS.profileDir})
  --out <dir>            folder of the JSON results (default ${BENCH_DEFAULTS.outDir})`;

function positive(flag: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min) throw new Error(`--${flag} must be a number of at least ${min}, got ${value}\n${BENCH_USAGE}`);
  return n;
}

/** Parses the bench's flags; throws with the usage on a bad one. */
export function parseBenchOptions(argv: readonly string[], scenarioNames: readonly string[]): BenchOptions | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      duration: { type: 'string' },
      connections: { type: 'string' },
      warmup: { type: 'string' },
      'gateway-warmup': { type: 'string' },
      only: { type: 'string', multiple: true },
      'hang-timeout-ms': { type: 'string' },
      redis: { type: 'string' },
      'cpu-prof': { type: 'boolean' },
      'profile-dir': { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  const only = values.only?.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean) ?? null;
  const unknown = only?.filter((name) => !scenarioNames.includes(name)) ?? [];
  if (unknown.length) throw new Error(`unknown scenario ${unknown.join(', ')}; known: ${scenarioNames.join(', ')}`);
  const redis = values.redis ?? BENCH_DEFAULTS.redis;
  if (!['private', 'none'].includes(redis) && !/^rediss?:\/\//.test(redis)) throw new Error(`--redis must be a redis:// URL, private or none\n${BENCH_USAGE}`);
  return {
    durationSeconds: positive('duration', values.duration, BENCH_DEFAULTS.durationSeconds, 1),
    connections: Math.floor(positive('connections', values.connections, BENCH_DEFAULTS.connections, 1)),
    warmupSeconds: positive('warmup', values.warmup, BENCH_DEFAULTS.warmupSeconds, 0),
    gatewayWarmupSeconds: positive('gateway-warmup', values['gateway-warmup'], BENCH_DEFAULTS.gatewayWarmupSeconds, 0),
    only,
    // The gateway accepts 1..120 000 ms; below 50 the timeout would be all noise.
    hangTimeoutMs: Math.floor(positive('hang-timeout-ms', values['hang-timeout-ms'], BENCH_DEFAULTS.hangTimeoutMs, 50)),
    redis,
    cpuProf: values['cpu-prof'] ?? false,
    profileDir: values['profile-dir'] ?? BENCH_DEFAULTS.profileDir,
    outDir: values.out ?? BENCH_DEFAULTS.outDir,
  };
}

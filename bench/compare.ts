import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type autocannon from 'autocannon';
import type { ServiceName } from '../common/defaults';
import { canonicalJson } from '../common/canonicalJson';
import { REGION_INFO, REGIONS, type Region } from '../common/regions';
import { subgraphUrlVariable } from '../gateway/config';
import { mintDevToken } from '../scripts/token';
import { startService, type ServiceProcess } from '../scripts/serviceProcess';
import { gatewayHeaders } from '../test/support/gatewayCredential';
import { until } from '../test/support/poll';
import { BENCH_DEFAULTS } from './benchOptions';
import { startBenchSystem, type BenchSystem } from './benchSystem';
import { COMPARISONS, type Comparison } from './comparisons';
import { cpuSnapshot } from './cpuUsage';
import { loadRun, type LoadRunResult } from './loadRun';
import { ensureHivePeerInstalled, HIVE_PEER_DIR } from './peers/hivePeer';
import { machineFacts, residentMb } from './report';
import { permitPool, regionHealth, setFaults, type PermitPool } from './scenarios';

/*
 * `npm run bench -- [--full] [--duration s] [--only a,b]`: every scenario of
 * bench/comparisons.ts against ours (cache on, cache off), a bare @apollo/gateway +
 * @apollo/server (bench/peers/bareApolloGateway.ts), Hive Gateway with its router
 * runtime (bench/peers/hiveGateway.ts) and, for lookups, the city subgraph directly (the
 * floor), all over the same five subgraph processes. Interleaved: each scenario runs the
 * targets in order, then in reverse, at 10 connections and at 1, so a slow spell of a
 * shared machine weighs on every target alike. Writes bench/results/LATEST.md and .json.
 */

type TargetKey = 'ours-cache-on' | 'ours-cache-off' | 'bare-apollo' | 'hive' | 'city-direct';
const TARGET_NAMES: Record<TargetKey, string> = {
  'ours-cache-on': 'ours, cache on',
  'ours-cache-off': 'ours, cache off',
  'bare-apollo': 'bare Apollo Gateway',
  hive: 'Hive Gateway (router runtime)',
  'city-direct': 'city subgraph direct',
};

interface Target {
  key: TargetKey;
  process: ServiceProcess;
}

/** The measured figures of one target in one scenario at one connection count, both rounds summed. */
interface Measured {
  responses: number;
  seconds: number;
  p50: number[];
  p99: number[];
  errors: number;
  non2xx: number;
  badBodies: number;
  cpuTicks: number;
}

interface Row {
  target: TargetKey;
  at10: Figures;
  at1: Figures;
  rssMb: number | null;
  correctness: string;
}

interface Figures {
  reqPerSec: number;
  p50: number;
  p99: number;
  cpuMsPerRequest: number | null;
  errors: number;
  non2xx: number;
  badBodies: number;
}

const CLOCK_TICK_MS = 10; // USER_HZ 100 on Linux
const round = (n: number, d = 1) => (Number.isFinite(n) ? Math.round(n * 10 ** d) / 10 ** d : NaN);
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);

function options(argv: readonly string[]) {
  const { values } = parseArgs({
    args: [...argv],
    options: { full: { type: 'boolean' }, duration: { type: 'string' }, only: { type: 'string' }, out: { type: 'string' } },
  });
  const full = values.full ?? false;
  // Default: 1.5 s at 10 connections and 1 s alone per target and round, 0.5 s of warm-up (the whole run under 5 minutes).
  const duration = values.duration ? Number(values.duration) : full ? 10 : 1.5;
  if (!(duration > 0)) throw new Error('--duration must be a positive number of seconds');
  const only = values.only?.split(',').map((s) => s.trim()) ?? null;
  const unknown = only?.filter((n) => !COMPARISONS.some((c) => c.name === n)) ?? [];
  if (unknown.length) throw new Error(`unknown scenario ${unknown.join(', ')}; known: ${COMPARISONS.map((c) => c.name).join(', ')}`);
  return { full, duration, aloneDuration: full ? duration / 2 : Math.max(1, duration * (2 / 3)), warmup: full ? 3 : 0.5, only, out: values.out ?? 'bench/results' };
}

function empty(): Measured {
  return { responses: 0, seconds: 0, p50: [], p99: [], errors: 0, non2xx: 0, badBodies: 0, cpuTicks: 0 };
}

function add(m: Measured, run: LoadRunResult, ticks: number): void {
  m.responses += run.responses;
  m.seconds += run.seconds;
  if (run.responses) {
    m.p50.push(run.latencyMs.p50);
    m.p99.push(run.latencyMs.p99);
  }
  m.errors += run.errors;
  m.non2xx += run.non2xx;
  m.badBodies += run.badBodies;
  m.cpuTicks += ticks;
}

function figures(m: Measured): Figures {
  return {
    reqPerSec: round(m.responses / (m.seconds || 1), 0),
    p50: round(mean(m.p50), 2),
    p99: round(mean(m.p99), 2),
    cpuMsPerRequest: m.responses ? round((m.cpuTicks * CLOCK_TICK_MS) / m.responses, 2) : null,
    errors: m.errors,
    non2xx: m.non2xx,
    badBodies: m.badBodies,
  };
}

async function post(url: string, body: string, headers: Record<string, string>, ms: number): Promise<unknown> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body, signal: AbortSignal.timeout(ms) });
  return res.json();
}

/**
 * The part of an answer two correct gateways agree on: the data and the error codes, or,
 * under a fault of `faulted`'s city, the data of the other regions only. What a target
 * answers for the faulted region's permits differs by design (ours: REGION_UNAVAILABLE or a
 * stale entry, a peer: whatever the 503 or hang became), so those are left out: a root
 * field that is null, and a batch item whose permit is the faulted region's or missing.
 */
function essence(answer: unknown, faulted: Region | undefined): string {
  const a = answer as { data?: Record<string, unknown> | null; errors?: Array<{ extensions?: { code?: string } }> };
  if (!faulted) return canonicalJson({ data: a.data ?? null, codes: (a.errors ?? []).map((e) => e.extensions?.code ?? '?').sort() });
  const healthy = (item: unknown) => {
    const permit = (item as { permit?: { issuer?: string } | null }).permit;
    return Boolean(permit) && permit!.issuer !== faulted;
  };
  const data = Object.fromEntries(
    Object.entries(a.data ?? {})
      .filter(([, v]) => v !== null)
      .map(([k, v]) => [k, Array.isArray(v) ? v.filter(healthy) : v]),
  );
  return canonicalJson({ data });
}

/** Compares a target's answers to ours (cache on) for the first bodies of the scenario. */
async function correctness(scenario: Comparison, target: Target, reference: Target, bodies: readonly string[], headers: Record<string, string>): Promise<string> {
  if (target.key === reference.key) return 'reference';
  const sample = bodies.slice(0, 3);
  let wrong = 0;
  let example = '';
  for (const b of sample) {
    let theirs: unknown;
    try {
      theirs = await post(target.process.graphqlUrl, b, headers, 5000);
    } catch {
      return 'no answer within 5 s';
    }
    const ours = await post(reference.process.graphqlUrl, b, headers, 10_000);
    if (essence(theirs, scenario.fault?.region) !== essence(ours, scenario.fault?.region)) {
      wrong++;
      example ||= JSON.stringify(theirs).slice(0, 160);
    }
  }
  return wrong ? `WRONG ${wrong}/${sample.length} (e.g. ${example})` : `same as ours ${sample.length}/${sample.length}`;
}

async function waitBreaker(gateway: ServiceProcess, subgraph: string, state: 'open' | 'closed', nudge: () => Promise<unknown>): Promise<void> {
  const ok = await until(
    async () => {
      await nudge();
      return (await regionHealth(gateway, subgraph)).breaker === state;
    },
    60_000,
    200,
  );
  if (!ok) throw new Error(`${gateway.name}: ${subgraph} breaker not ${state} within 60 s`);
}

function versions(): Record<string, string> {
  const v = (root: string, pkg: string) => (JSON.parse(readFileSync(join(root, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
  const ours = join(__dirname, '..', '..');
  return Object.fromEntries([
    ...['@apollo/gateway', '@apollo/server'].map((p) => [p, v(ours, p)]),
    // The Hive peer has its own install (bench/peers/hivePeer.ts).
    ...['@graphql-hive/gateway', '@graphql-hive/router-runtime'].map((p) => [p, v(HIVE_PEER_DIR, p)]),
    ['autocannon', v(ours, 'autocannon')],
  ]);
}

function commit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

/**
 * Asks every city once for every permit of the pool: a mock registry signs a record the
 * first time it is asked for it, and that cost belongs to no target — else whichever
 * target ran first would pay it for everyone after.
 */
async function primeCities(system: BenchSystem, pool: PermitPool): Promise<void> {
  await Promise.all(
    REGIONS.map(async (region) => {
      const { subgraph, permitTypename } = REGION_INFO[region];
      const headers = await gatewayHeaders(subgraph);
      for (let i = 0; i < pool[region].length; i += 500) {
        const r = pool[region].slice(i, i + 500).map((id) => ({ __typename: permitTypename, id }));
        const answer = (await post(system.subgraph(subgraph).graphqlUrl, JSON.stringify({ query: 'query BenchPrime($r: [_Any!]!) { _entities(representations: $r) { __typename } }', variables: { r } }), headers, 60_000)) as { errors?: unknown };
        if (answer.errors) throw new Error(`priming ${subgraph}: ${JSON.stringify(answer.errors).slice(0, 200)}`);
      }
    }),
  );
}

let current: autocannon.Instance | undefined;

async function main(argv: readonly string[]): Promise<void> {
  const opts = options(argv);
  const startedAt = new Date();
  const selected = COMPARISONS.filter((c) => (opts.only ? opts.only.includes(c.name) : opts.full || !c.fullOnly));
  // Before any process starts: the first run installs the Hive peer (bench/peers/).
  ensureHivePeerInstalled();
  const pool: PermitPool = permitPool();
  const headersOf = async (partnerId: string) => ({
    authorization: `Bearer ${await mintDevToken({ partnerId })}`,
    'x-purpose': 'MEDICAL_BILLING',
    'x-case-id': 'BENCH-1',
    'x-officer-id': 'bench',
  });
  const measuredHeaders = await headersOf('demo-all');
  const floodHeaders = await headersOf('hz-hospital');

  const system: BenchSystem = await startBenchSystem({ ...BENCH_DEFAULTS, redis: 'private' });
  const peers: ServiceProcess[] = [];
  process.on('exit', () => {
    system.killNow();
    for (const p of peers) p.child.kill('SIGKILL');
  });
  try {
    const peerEnv = {
      PATH: process.env.PATH,
      NODE_ENV: 'development',
      PORT: '0',
      LOG_LEVEL: 'info',
      SCHEMA_DIR: resolve(__dirname, '..', 'schemas'),
      ...Object.fromEntries(['interop', 'shanghai', 'suzhou', 'hangzhou', 'anhui'].map((n) => [subgraphUrlVariable(n as ServiceName), system.subgraph(n).graphqlUrl])),
    };
    const startPeer = async (script: string) => {
      const p = await startService('gateway', peerEnv, { entry: join(__dirname, 'peers', script), timeoutMs: 180_000 });
      peers.push(p);
      return p;
    };
    await primeCities(system, pool);
    const [oursOn, oursOff, bare, hive] = await Promise.all([
      system.gateway('cached'),
      system.gateway('uncached'),
      startPeer('bareApolloGateway.js'),
      startPeer('hiveGateway.js'),
    ]);
    const gateways: Target[] = [
      { key: 'ours-cache-on', process: oursOn },
      { key: 'ours-cache-off', process: oursOff },
      { key: 'bare-apollo', process: bare },
      { key: 'hive', process: hive },
    ];
    const city: Target = { key: 'city-direct', process: system.subgraph('shanghai') };
    const reference = gateways[0]!;

    const report: Array<{ scenario: Comparison; rows: Row[] }> = [];
    for (const scenario of selected) {
      console.log(`scenario ${scenario.name} …`);
      const bodies = scenario.bodies(pool);
      const targets = [...gateways, ...(scenario.floorBodies ? [city] : [])];
      if (scenario.fault) {
        await setFaults(system.subgraph(scenario.fault.subgraph), 'POST', scenario.fault.faults);
        // Ours is measured with its breaker of the faulted city open, the state an outage is in after its first seconds.
        for (const ours of [oursOn, oursOff]) {
          await waitBreaker(ours, scenario.fault.subgraph, 'open', () =>
            Promise.all(bodies.slice(0, 5).map((b) => post(ours.graphqlUrl, b, measuredHeaders, 10_000).catch(() => undefined))),
          );
        }
      }
      const correct = new Map<TargetKey, string>();
      for (const t of targets) {
        correct.set(t.key, t.key === 'city-direct' ? 'n/a (floor)' : await correctness(scenario, t, reference, bodies, measuredHeaders));
      }
      const measured = new Map<string, Measured>();
      const rss = new Map<TargetKey, number | null>();
      for (const round of [targets, [...targets].reverse()]) {
        for (const t of round) {
          const isFloor = t.key === 'city-direct';
          const headers = isFloor ? { ...(await gatewayHeaders('shanghai')) } : measuredHeaders;
          const tBodies = isFloor ? scenario.floorBodies!(pool) : bodies;
          const base = { baseUrl: t.process.baseUrl, headers, bodies: tBodies, expectBody: isFloor ? () => true : scenario.expectBody, onStart: (i: autocannon.Instance) => (current = i) };
          if (round === targets && opts.warmup) await loadRun({ ...base, connections: 10, durationSeconds: opts.warmup });
          for (const connections of [10, 1]) {
            const duration = connections === 1 ? opts.aloneDuration : opts.duration;
            const flood = scenario.flood
              ? loadRun({ baseUrl: t.process.baseUrl, headers: floodHeaders, bodies: scenario.flood(pool), expectBody: () => true, connections: 10, durationSeconds: duration + 0.5 })
              : undefined;
            const before = cpuSnapshot(t.process.child.pid);
            const run = await loadRun({ ...base, connections, durationSeconds: duration });
            const after = cpuSnapshot(t.process.child.pid);
            await flood;
            const key = `${t.key}@${connections}`;
            if (!measured.has(key)) measured.set(key, empty());
            add(measured.get(key)!, run, before && after ? after.gateway - before.gateway : 0);
          }
          rss.set(t.key, Math.max(rss.get(t.key) ?? 0, residentMb(t.process.child.pid) ?? 0));
        }
      }
      if (scenario.fault) {
        await setFaults(system.subgraph(scenario.fault.subgraph), 'DELETE');
        for (const ours of [oursOn, oursOff]) await waitBreaker(ours, scenario.fault.subgraph, 'closed', async () => undefined);
      }
      const rows = targets.map((t) => ({
        target: t.key,
        at10: figures(measured.get(`${t.key}@10`)!),
        at1: figures(measured.get(`${t.key}@1`)!),
        rssMb: rss.get(t.key) ?? null,
        correctness: correct.get(t.key)!,
      }));
      for (const r of rows) console.log(`  ${TARGET_NAMES[r.target]}: ${r.at10.reqPerSec} req/s, p99 ${r.at10.p99} ms; alone p50 ${r.at1.p50} ms; ${r.correctness}`);
      report.push({ scenario, rows });
    }
    const command = ['npm', 'run', 'bench', ...(argv.length ? ['--', ...argv] : [])].join(' ');
    const facts = { date: startedAt.toISOString(), command, commit: commit(), machine: machineFacts(), versions: versions(), options: opts };
    await mkdir(opts.out, { recursive: true });
    await writeFile(join(opts.out, 'LATEST.md'), markdown(facts, report));
    await writeFile(join(opts.out, 'LATEST.json'), JSON.stringify({ ...facts, report: report.map((r) => ({ scenario: r.scenario.name, rows: r.rows })) }, null, 2) + '\n');
    console.log(`\n${markdown(facts, report)}\nwritten: ${join(opts.out, 'LATEST.md')}`);
  } finally {
    current?.stop();
    await Promise.allSettled(peers.map((p) => p.stop(15_000)));
    await system.stop();
  }
}

const ratio = (a: number | undefined, b: number | undefined) => (a && b ? `${round(a / b, 2)}×` : '—');

function markdown(facts: Record<string, unknown> & { machine: ReturnType<typeof machineFacts>; versions: Record<string, string> }, report: Array<{ scenario: Comparison; rows: Row[] }>): string {
  const m = facts.machine;
  const lines = [
    '# Bench: ours beside bare Apollo Gateway, Hive Gateway and the city subgraph',
    '',
    `- date: ${String(facts.date)} · commit ${String(facts.commit)} · command: \`${String(facts.command)}\``,
    `- machine: ${m.nproc} CPUs (${m.cpuModel}), ${m.totalMemoryMb} MiB, ${m.os}, node ${m.node}, load average at start ${m.loadAverage1m}`,
    `- versions: ${Object.entries(facts.versions).map(([k, v]) => `${k} ${v}`).join(', ')}`,
    '- every target over the same five subgraph processes; each scenario ran the targets in order, then in reverse; req/s and CPU are summed over both rounds, p50/p99 are the mean of the two rounds. CPU ms/request: the target process\'s CPU time over its responses at 10 connections. RSS: the target process after its runs. Correctness: its answers to the scenario\'s first three requests beside ours (cache on); wrong answers are shown, not hidden.',
    '',
    '## Ratios (req/s at 10 connections)',
    '',
    '| scenario | cache on ÷ bare | cache off ÷ bare | cache on ÷ Hive | cache off ÷ Hive | RSS cache on ÷ bare |',
    '| --- | --: | --: | --: | --: | --: |',
  ];
  for (const { scenario, rows } of report) {
    const of = (k: TargetKey) => rows.find((r) => r.target === k);
    const rps = (k: TargetKey) => of(k)?.at10.reqPerSec;
    lines.push(
      `| ${scenario.name} | ${ratio(rps('ours-cache-on'), rps('bare-apollo'))} | ${ratio(rps('ours-cache-off'), rps('bare-apollo'))} | ${ratio(rps('ours-cache-on'), rps('hive'))}${of('hive')?.correctness.startsWith('WRONG') ? ' (Hive wrong)' : ''} | ${ratio(rps('ours-cache-off'), rps('hive'))} | ${ratio(of('ours-cache-on')?.rssMb ?? undefined, of('bare-apollo')?.rssMb ?? undefined)} |`,
    );
  }
  for (const { scenario, rows } of report) {
    lines.push(
      '',
      `## ${scenario.name}`,
      '',
      scenario.measures,
      '',
      '| target | req/s (10 conn) | p50 / p99 ms (10) | req/s (1 conn) | p50 / p99 ms (1) | CPU ms/req | RSS MiB | errors / non-2xx / bad body (10 + 1) | correctness |',
      '| --- | --: | --: | --: | --: | --: | --: | --: | --- |',
    );
    // No response within the run (a peer holding every request of a hung region): no latency to show.
    const latency = (f: Figures) => (Number.isFinite(f.p50) ? `${f.p50} / ${f.p99}` : 'none answered');
    for (const r of rows) {
      const e = (f: Figures) => f.errors;
      lines.push(
        `| ${TARGET_NAMES[r.target]} | ${r.at10.reqPerSec} | ${latency(r.at10)} | ${r.at1.reqPerSec} | ${latency(r.at1)} | ${r.at10.cpuMsPerRequest ?? '—'} | ${r.rssMb ?? '—'} | ${e(r.at10) + e(r.at1)} / ${r.at10.non2xx + r.at1.non2xx} / ${r.at10.badBodies + r.at1.badBodies} | ${r.correctness.replace(/\|/g, '\\|')} |`,
      );
    }
  }
  return lines.join('\n') + '\n';
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exitCode = 1;
});

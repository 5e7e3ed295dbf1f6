import { availableParallelism } from 'node:os';
import type autocannon from 'autocannon';
import type { Service } from '../common/services';
import { mintDevToken } from '../scripts/token';
import { BENCH_USAGE, parseBenchOptions, type BenchOptions } from './benchOptions';
import { startBenchSystem, type BenchSystem } from './benchSystem';
import { cpuSnapshot, cpuUsage } from './cpuUsage';
import { loadRun } from './loadRun';
import { formatTable, loadAverage1m, machineFacts, residentMb, writeResults, type ScenarioResult } from './report';
import { SCENARIOS, permitPool, regionHealth, type Scenario, type ScenarioContext } from './scenarios';

/*
 * `npm run bench -- [flags]`: the whole system as real processes, each scenario of
 * bench/README.md run for a fixed time with autocannon against the gateway, a table on
 * stdout and the figures in bench/results/<date>.json. Every process it started is
 * stopped at the end, on an error and on Ctrl-C.
 */

let system: BenchSystem | undefined;
let current: autocannon.Instance | undefined;
let interrupted = 0;

function onSignal(signal: NodeJS.Signals): void {
  interrupted++;
  if (interrupted > 1) {
    // A second Ctrl-C: no more waiting for drains.
    system?.killNow();
    process.exit(130);
  }
  console.error(`\n${signal}: stopping every process the bench started (Ctrl-C again to kill them)`);
  current?.stop();
  void (system?.stop() ?? Promise.resolve()).finally(() => process.exit(130));
}

async function runScenario(scenario: Scenario, options: BenchOptions, ctx: ScenarioContext): Promise<ScenarioResult> {
  const pid = ctx.gateway.child.pid;
  const common = {
    baseUrl: ctx.gateway.baseUrl,
    headers: ctx.headers,
    bodies: ctx.bodies,
    expectBody: scenario.expectBody,
    connections: options.connections,
    onStart: (instance: autocannon.Instance) => (current = instance),
  };
  const before = residentMb(pid);
  // One sample a second, warm-up included: growth that levels off is a warm heap, growth that does not is a leak.
  const rssSeries: Array<number | null> = [];
  const sampler = setInterval(() => rssSeries.push(residentMb(pid)), 1000);
  await scenario.prepare?.(ctx);
  try {
    if (options.warmupSeconds > 0) await loadRun({ ...common, durationSeconds: options.warmupSeconds });
    const cpuBefore = cpuSnapshot(pid);
    const run = await loadRun({ ...common, durationSeconds: options.durationSeconds });
    const cpu = cpuUsage(cpuBefore, cpuSnapshot(pid), availableParallelism());
    const health = scenario.observe ? await regionHealth(ctx.gateway, scenario.observe) : undefined;
    return {
      name: scenario.name,
      measures: scenario.measures,
      gateway: scenario.gateway,
      connections: options.connections,
      ...run,
      gatewayRssMb: { before, after: residentMb(pid), peak: residentMb(pid, 'VmHWM'), everySecond: rssSeries },
      cpu,
      loadAverage1m: loadAverage1m(),
      ...(health ? { regionHealth: health } : {}),
    };
  } finally {
    clearInterval(sampler);
    current = undefined;
    if (!interrupted) await scenario.restore?.(ctx);
  }
}

async function main(argv: readonly string[]): Promise<void> {
  const parsed = parseBenchOptions(argv, SCENARIOS.map((s) => s.name));
  if (parsed === 'help') {
    console.log(`${BENCH_USAGE}\nscenarios: ${SCENARIOS.map((s) => s.name).join(', ')}`);
    return;
  }
  const options = parsed;
  const selected = SCENARIOS.filter((s) => !options.only || options.only.includes(s.name));
  const startedAt = new Date();
  const machine = machineFacts();
  console.log(`machine: ${machine.nproc} CPUs (${machine.cpuModel}), node ${machine.node}, ${machine.os}, load ${machine.loadAverage1m}`);
  console.log(
    `each gateway: ${options.gatewayWarmupSeconds} s warm-up; each scenario: ${options.warmupSeconds} s warm-up, ` +
      `${options.durationSeconds} s measured, ${options.connections} connections; ` +
      `redis ${options.redis}; SUZHOU_TIMEOUT_MS=${options.hangTimeoutMs}`,
  );

  const pool = permitPool();
  const token = await mintDevToken({ partnerId: 'demo-all' });
  const headersOf = (purpose: Service) => ({
    authorization: `Bearer ${token}`,
    'x-purpose': purpose,
    'x-case-id': 'BENCH-1',
    'x-officer-id': 'bench',
  });

  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('exit', () => system?.killNow());

  system = await startBenchSystem(options);
  const results: ScenarioResult[] = [];
  const warmed = new Set<string>();
  /** Gateway RSS right after start, before any load, MiB. */
  const rssAtStartMb: Record<string, number | null> = {};
  try {
    for (const [i, scenario] of selected.entries()) {
      const gateway = await system.gateway(scenario.gateway);
      if (!(scenario.gateway in rssAtStartMb)) rssAtStartMb[scenario.gateway] = residentMb(gateway.child.pid);
      if (!warmed.has(scenario.gateway) && options.gatewayWarmupSeconds > 0) {
        // Only scenarios without faults: a fault scenario's entities must not be cached before it.
        // (All scenarios ask for one purpose; a mixed set would need a warm-up per purpose.)
        const healthy = selected.filter((s) => s.gateway === scenario.gateway && !s.prepare && s.purpose === scenario.purpose);
        const bodies = healthy.flatMap((s) => s.bodies(pool));
        if (bodies.length) {
          console.log(`warming up the ${scenario.gateway} gateway for ${options.gatewayWarmupSeconds} s …`);
          await loadRun({
            baseUrl: gateway.baseUrl,
            headers: headersOf(scenario.purpose),
            bodies,
            expectBody: () => true,
            connections: options.connections,
            durationSeconds: options.gatewayWarmupSeconds,
            onStart: (instance) => (current = instance),
          });
          if (interrupted) return;
        }
        warmed.add(scenario.gateway);
      }
      const ctx: ScenarioContext = { system, gateway, headers: headersOf(scenario.purpose), options, bodies: scenario.bodies(pool) };
      console.log(`running ${scenario.name} …`);
      const result = await runScenario(scenario, options, ctx);
      // After Ctrl-C the figures are cut short; onSignal exits once everything stopped.
      if (interrupted) return;
      results.push(result);
      console.log(
        `  ${result.requestsPerSecond} req/s, p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms, ` +
          `${result.errors} errors, ${result.non2xx} non-2xx, ${result.badBodies} bad bodies; ` +
          `gateway ${result.cpu?.gatewayPercentOfOneCpu ?? '?'} % of a CPU, other processes ${result.cpu?.otherProcessesPercentOfMachine ?? '?'} % of the machine`,
      );
      system.dropLogs();
      if (!selected.slice(i + 1).some((s) => s.gateway === scenario.gateway)) await system.stopGateway(scenario.gateway);
    }
  } finally {
    await system.stop();
  }

  console.log(`\n${formatTable(results)}\n`);
  console.log(`gateway RSS right after start, before any load (MiB): ${JSON.stringify(rssAtStartMb)}`);
  const file = await writeResults(
    options.outDir,
    {
      startedAt: startedAt.toISOString(),
      command: ['npm', 'run', 'bench', ...(argv.length ? ['--', ...argv] : [])].join(' '),
      machine,
      options,
      gatewayRssAtStartMb: rssAtStartMb,
      results,
    },
    startedAt,
  );
  console.log(`results: ${file}`);
  if (system.profiles.length) console.log(`cpu profiles: ${system.profiles.join(', ')}`);
}

main(process.argv.slice(2)).catch(async (err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  await system?.stop().catch(() => undefined);
  process.exitCode = 1;
});

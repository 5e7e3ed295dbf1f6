import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, totalmem, type as osType, release } from 'node:os';
import { join } from 'node:path';
import type { GatewayKind } from './benchSystem';
import type { LoadRunResult } from './loadRun';

/** Resident set of a process, MiB, from /proc/<pid>/status (`VmRSS`, or `VmHWM`: the peak). */
export function residentMb(pid: number | undefined, field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number | null {
  if (pid === undefined) return null;
  try {
    const kb = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? null : Math.round((Number(kb) / 1024) * 10) / 10;
  } catch {
    return null;
  }
}

/** The 1-minute load average. */
export function loadAverage1m(): number {
  return Math.round(loadavg()[0]! * 100) / 100;
}

/** The machine the figures were measured on. */
export function machineFacts() {
  return {
    nproc: availableParallelism(),
    cpuModel: cpus()[0]?.model ?? 'unknown',
    node: process.version,
    os: `${osType()} ${release()}`,
    totalMemoryMb: Math.round(totalmem() / 1024 / 1024),
    loadAverage1m: loadAverage1m(),
  };
}

/** One scenario's row of the report. */
export interface ScenarioResult extends LoadRunResult {
  name: string;
  measures: string;
  gateway: GatewayKind;
  connections: number;
  /**
   * Gateway RSS, MiB: before the scenario (faults and warm-up included) and after its
   * measured run; the peak since the process started; one sample a second meanwhile.
   */
  gatewayRssMb: { before: number | null; after: number | null; peak: number | null; everySecond: Array<number | null> };
  /** CPU use during the measured run (bench/cpuUsage.ts); null off Linux. */
  cpu: { otherProcessesPercentOfMachine: number; gatewayPercentOfOneCpu: number } | null;
  /** The machine's 1-minute load average after the run. */
  loadAverage1m: number;
  /** The gateway's `/health/regions` entry of the faulted region after the run. */
  regionHealth?: Record<string, unknown>;
}

const cell = (n: number | null) => (n === null || Number.isNaN(n) ? '–' : String(n));

/** The results as a Markdown table (what bench/README.md shows). */
export function formatTable(results: readonly ScenarioResult[]): string {
  const head = [
    'scenario',
    'gateway',
    'req/s',
    'p50 ms',
    'p90 ms',
    'p99 ms',
    'max ms',
    'errors / non-2xx / bad body',
    'gateway RSS MiB before → after',
    'gateway CPU %',
    'others CPU %',
  ];
  const rows = results.map((r) => [
    r.name,
    r.gateway,
    r.requestsPerSecond.toFixed(0),
    cell(r.latencyMs.p50),
    cell(r.latencyMs.p90),
    cell(r.latencyMs.p99),
    cell(r.latencyMs.max),
    `${r.errors} / ${r.non2xx} / ${r.badBodies}`,
    `${cell(r.gatewayRssMb.before)} → ${cell(r.gatewayRssMb.after)}`,
    cell(r.cpu?.gatewayPercentOfOneCpu ?? null),
    cell(r.cpu?.otherProcessesPercentOfMachine ?? null),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i < 2 ? `-${'-'.repeat(w)}-` : `-${'-'.repeat(w)}:`)).join('|')}|`;
  return [line(head), rule, ...rows.map(line)].join('\n');
}

/** Writes `<outDir>/<UTC date and time>.json` and returns its path. */
export async function writeResults(outDir: string, report: Record<string, unknown>, startedAt: Date): Promise<string> {
  await mkdir(outDir, { recursive: true });
  const stamp = startedAt.toISOString().slice(0, 19).replace(/:/g, '-') + 'Z';
  const file = join(outDir, `${stamp}.json`);
  await writeFile(file, JSON.stringify(report, null, 2) + '\n');
  return file;
}

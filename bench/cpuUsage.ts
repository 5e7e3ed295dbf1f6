import { readdirSync, readFileSync } from 'node:fs';

/** CPU time counters at one instant, in clock ticks (USER_HZ), from /proc. */
export interface CpuSnapshot {
  /** Every CPU's ticks, idle included. */
  machineTotal: number;
  machineBusy: number;
  /** This process and its direct children: the bench, its services and its Redis. */
  own: number;
  /** The gateway process alone. */
  gateway: number;
}

function processTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name: state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

function childrenOf(parent: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === parent) pids.push(Number(entry));
    } catch {
      // The process ended meanwhile.
    }
  }
  return pids;
}

/** Reads the counters now; null where /proc is not there (not Linux). */
export function cpuSnapshot(gatewayPid: number | undefined): CpuSnapshot | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    const ticks = line.trim().split(/\s+/).slice(1, 9).map(Number);
    const total = ticks.reduce((a, b) => a + b, 0);
    const idle = ticks[3]! + ticks[4]!;
    const own = [process.pid, ...childrenOf(process.pid)].reduce((sum, pid) => sum + processTicks(pid), 0);
    return { machineTotal: total, machineBusy: total - idle, own, gateway: gatewayPid ? processTicks(gatewayPid) : 0 };
  } catch {
    return null;
  }
}

/**
 * CPU use between two snapshots, percent: of the whole machine by processes the bench did
 * not start (contention that makes the figures worse than the code), and of one CPU by
 * the gateway (near 100: the single-threaded gateway is the bottleneck).
 */
export function cpuUsage(
  from: CpuSnapshot | null,
  to: CpuSnapshot | null,
  nproc: number,
): { otherProcessesPercentOfMachine: number; gatewayPercentOfOneCpu: number } | null {
  if (!from || !to) return null;
  const total = to.machineTotal - from.machineTotal;
  if (total <= 0) return null;
  const other = Math.max(0, to.machineBusy - from.machineBusy - (to.own - from.own));
  return {
    otherProcessesPercentOfMachine: Math.round((1000 * other) / total) / 10,
    gatewayPercentOfOneCpu: Math.round((1000 * nproc * (to.gateway - from.gateway)) / total) / 10,
  };
}

import { readFileSync } from 'node:fs';

/*
 * `node dist/bench/profileSummary.js <file.cpuprofile> [--top 25]`: where a process
 * spent its CPU, from a `node --cpu-prof` profile (`npm run bench -- --cpu-prof`): self
 * time per package (or node internal, or project folder) and the busiest functions.
 * Idle time is left out of the shares.
 */

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface CpuProfile {
  nodes: Array<{ id: number; callFrame: CallFrame; children?: number[] }>;
  samples: number[];
  timeDeltas: number[];
}

/** The package, node internal module, project folder or V8 pseudo-frame a frame runs in. */
export function placeOf(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (functionName === '(root)') return '(event loop: no JS caller)';
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1];
  if (pkg) return pkg;
  if (url.startsWith('node:')) {
    // node:internal/crypto/sig → node:internal/crypto; node:internal/deps/undici/… → …/undici
    const parts = url.slice(5).split('/');
    return `node:${parts.slice(0, parts[0] !== 'internal' ? 1 : parts[1] === 'deps' ? 3 : 2).join('/')}`;
  }
  const local = /\/dist\/([^/]+\/(?:[^/]+\/)?)/.exec(url)?.[1];
  return local ? `project ${local}` : url;
}

/** Node internals and native code: charged to their caller in the "charged" view. */
const isRuntime = (place: string) => place.startsWith('node:') || place === '(native)' || place.startsWith('wasm:');

/**
 * Time, microseconds, per key of `keyOf` over every sample: of the sampled frame itself
 * (self time), or with `charge`, of the nearest caller that is not node or native code,
 * so that a socket write or a signature check counts for the package that asked for it.
 */
function sampleTime(profile: CpuProfile, keyOf: (frame: CallFrame) => string, charge = false): Map<string, number> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const charged = (id: number): CallFrame | undefined => {
    let at: number | undefined = id;
    while (at !== undefined) {
      const frame = byId.get(at)!.callFrame;
      if (!isRuntime(placeOf(frame))) return frame;
      at = parent.get(at);
    }
    return byId.get(id)?.callFrame;
  };
  const totals = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const frame = charge ? charged(id) : byId.get(id)?.callFrame;
    if (!frame) return;
    // timeDeltas[i + 1] is the time from sample i to the next one.
    const us = profile.timeDeltas[i + 1] ?? 0;
    const key = keyOf(frame);
    totals.set(key, (totals.get(key) ?? 0) + us);
  });
  return totals;
}

/** The report of one profile, as text. */
export function summarise(profile: CpuProfile, top = 25): string {
  const byPlace = sampleTime(profile, placeOf);
  const idle = byPlace.get('(idle)') ?? 0;
  const total = [...byPlace.values()].reduce((a, b) => a + b, 0);
  const busy = total - idle;
  const share = (us: number) => `${((100 * us) / busy).toFixed(1).padStart(5)} %`;
  const lines = [
    `${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s on CPU (${((100 * busy) / total).toFixed(0)} %); shares below are of CPU time`,
    '',
  ];
  const table = (title: string, totals: Map<string, number>, limit: number) => {
    lines.push(title);
    const rows = [...totals].filter(([k]) => !k.startsWith('(idle)')).sort((a, b) => b[1] - a[1]);
    for (const [key, us] of rows.slice(0, limit)) if (us / busy >= 0.005) lines.push(`  ${share(us)}  ${key}`);
    lines.push('');
  };
  table('self time by place:', byPlace, Infinity);
  table('time charged to the package or project code that called node/native code:', sampleTime(profile, placeOf, true), Infinity);
  const byFunction = sampleTime(profile, (f) => {
    const file = f.url.replace(/^.*node_modules\//, '').replace(/^.*\/dist\//, '');
    return `${f.functionName || '(anonymous)'}  ${placeOf(f)}  ${file}:${f.lineNumber + 1}`;
  });
  table(`top ${top} functions by self time:`, byFunction, top);
  return lines.join('\n');
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const topAt = args.indexOf('--top');
  const top = topAt >= 0 ? Number(args.splice(topAt, 2)[1]) : 25;
  if (!args.length) {
    console.error('usage: node dist/bench/profileSummary.js <file.cpuprofile>... [--top 25]');
    process.exitCode = 2;
  }
  for (const file of args) {
    console.log(`== ${file}\n${summarise(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, top)}\n`);
  }
}

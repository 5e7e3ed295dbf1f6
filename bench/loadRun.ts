import autocannon from 'autocannon';

/** One autocannon run: a fixed duration of POSTs to `/graphql`, bodies sent in rotation. */
export interface LoadRunOptions {
  /** `http://127.0.0.1:<port>` of the gateway. */
  baseUrl: string;
  headers: Record<string, string>;
  /** JSON bodies; request n carries `bodies[n % length]`, over every connection. */
  bodies: readonly string[];
  /** True when a response body is what the scenario expects; the others count as bad bodies. */
  expectBody: (body: string) => boolean;
  connections: number;
  durationSeconds: number;
  /** Called with the running instance, so that Ctrl-C can stop it. */
  onStart?: (instance: autocannon.Instance) => void;
}

/** What one run measured. Latencies are of every response, whatever its status. */
export interface LoadRunResult {
  responses: number;
  /** Wall time of the run, seconds. */
  seconds: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  /** Connection errors, timeouts included (autocannon's `errors`). */
  errors: number;
  timeouts: number;
  non2xx: number;
  /** Responses whose body `expectBody` refused (autocannon's `mismatches`). */
  badBodies: number;
  statusCodes: Record<string, number>;
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: Float64Array, p: number): number {
  if (!sorted.length) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * Runs autocannon and keeps every response time itself: autocannon's own histogram is
 * whole milliseconds and leaves out non-2xx responses, and the fail-fast figures are
 * fractions of a millisecond.
 */
export function loadRun(options: LoadRunOptions): Promise<LoadRunResult> {
  const { bodies } = options;
  let next = 0;
  const times: number[] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.baseUrl,
        connections: options.connections,
        duration: options.durationSeconds,
        timeout: 30,
        headers: { 'content-type': 'application/json', ...options.headers },
        verifyBody: (body) => options.expectBody(String(body ?? '')),
        requests: [
          {
            method: 'POST',
            path: '/graphql',
            // One counter over every connection, so that ids rotate over the whole run.
            setupRequest: (request) => ({ ...request, body: bodies[next++ % bodies.length]! }),
          },
        ],
      },
      (err: unknown, result: autocannon.Result) => {
        if (err) return reject(err instanceof Error ? err : new Error(String(err)));
        const sorted = Float64Array.from(times).sort();
        const sum = times.reduce((a, b) => a + b, 0);
        const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, v]) => [code, v.count ?? 0]));
        resolve({
          responses: times.length,
          seconds: result.duration,
          requestsPerSecond: round2(times.length / result.duration),
          latencyMs: {
            p50: round2(percentile(sorted, 50)),
            p90: round2(percentile(sorted, 90)),
            p99: round2(percentile(sorted, 99)),
            max: round2(sorted.length ? sorted[sorted.length - 1]! : Number.NaN),
            mean: round2(times.length ? sum / times.length : Number.NaN),
          },
          errors: result.errors,
          timeouts: result.timeouts,
          non2xx: result.non2xx,
          badBodies: result.mismatches,
          statusCodes,
        });
      },
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => times.push(responseTime));
    options.onStart?.(instance);
  });
}

import express, { type ErrorRequestHandler, type RequestHandler, type Response, type Router } from 'express';
import { z } from 'zod';
import { DEFAULTS } from '../common/defaults';
import { yrdError } from '../common/errors';
import type { Logger } from '../common/logger';
import { createPrng, type Prng } from '../common/prng';

/**
 * The faults a mock subgraph injects into its own `/graphql`, so that the gateway's
 * breakers and the chaos tests can make one region slow, flaky, down or hung.
 */
export interface FaultState {
  /** Delay before each request is handled, milliseconds. */
  latencyMs: number;
  /** Fraction (0..1) of requests answered HTTP 500, drawn from a seeded sequence. */
  errorRate: number;
  /** Every request answered HTTP 503 at once: the registry behind the subgraph is down. */
  down: boolean;
  /** Every request accepted and never answered, until the client gives up. */
  hang: boolean;
}

/** No fault: the state at start unless FAULT_* say otherwise, and after `DELETE /__faults`. */
export const NO_FAULTS: Readonly<FaultState> = DEFAULTS.faults;

/** Longest injectable latency, milliseconds: beyond it, use `hang`. */
const MAX_FAULT_LATENCY_MS = 60_000;

/** A complete fault state; `POST /__faults` takes its `.partial()`. Unknown keys are errors. */
export const faultStateSchema = z.strictObject({
  latencyMs: z.number().int().min(0).max(MAX_FAULT_LATENCY_MS),
  errorRate: z.number().min(0).max(1),
  down: z.boolean(),
  hang: z.boolean(),
});

const faultUpdateSchema = faultStateSchema.partial();

const envFlag = z.enum(['true', 'false']).transform((value) => value === 'true');

/**
 * The fault variables of every subgraph's env schema. `MOCK_FAULTS` switches the whole
 * feature (the `/__faults` route and the faults); unset, it is on unless
 * NODE_ENV=production, where every one of these is refused (subgraphs/subgraphEnv.ts).
 * FAULT_* give the faults the process starts with; unset: none (NO_FAULTS).
 */
export const faultEnvShape = {
  MOCK_FAULTS: envFlag.optional(),
  FAULT_LATENCY_MS: z.coerce.number().int().min(0).max(MAX_FAULT_LATENCY_MS).optional(),
  FAULT_ERROR_RATE: z.coerce.number().min(0).max(1).optional(),
  FAULT_DOWN: envFlag.optional(),
  FAULT_HANG: envFlag.optional(),
};

/** The fault variables' names, for the production check of every subgraph. */
export const FAULT_VARIABLES = Object.keys(faultEnvShape) as Array<keyof typeof faultEnvShape>;

/** The parsed fault variables, beside the service's NODE_ENV. */
export interface FaultEnv {
  NODE_ENV: string;
  MOCK_FAULTS?: boolean;
  FAULT_LATENCY_MS?: number;
  FAULT_ERROR_RATE?: number;
  FAULT_DOWN?: boolean;
  FAULT_HANG?: boolean;
}

/** Whether a service runs with fault injection: `MOCK_FAULTS`, else off in production only. */
export function faultsEnabled(env: FaultEnv): boolean {
  return env.MOCK_FAULTS ?? env.NODE_ENV !== 'production';
}

/**
 * The faults a service starts with, or null when fault injection is off. A FAULT_*
 * variable that asks for a fault while it is off is a configuration error, reported in
 * the format of `parseEnv`: silently serving without the fault would hide the mistake.
 */
export function startupFaults(env: FaultEnv, enabled: boolean, service: string): FaultState | null {
  const faults: FaultState = {
    latencyMs: env.FAULT_LATENCY_MS ?? NO_FAULTS.latencyMs,
    errorRate: env.FAULT_ERROR_RATE ?? NO_FAULTS.errorRate,
    down: env.FAULT_DOWN ?? NO_FAULTS.down,
    hang: env.FAULT_HANG ?? NO_FAULTS.hang,
  };
  if (enabled) return faults;
  const variables = { latencyMs: 'FAULT_LATENCY_MS', errorRate: 'FAULT_ERROR_RATE', down: 'FAULT_DOWN', hang: 'FAULT_HANG' };
  const problems = (Object.keys(variables) as Array<keyof FaultState>)
    .filter((key) => faults[key] !== NO_FAULTS[key])
    .map((key) => `  ${variables[key]}: asks for a fault, but fault injection is off (MOCK_FAULTS=false, or NODE_ENV=production)`);
  if (problems.length > 0) throw new Error(`${service}: invalid configuration\n${problems.join('\n')}`);
  return null;
}

export interface FaultInjectionOptions {
  /** Seeds the error-rate sequence; the subgraph's name, so regions fail on different requests. */
  seed: string;
  /** Logs the faults at start and at every change (info). */
  logger?: Logger;
}

/** The live faults of one subgraph process, with what serves them over HTTP. */
export interface FaultInjection {
  /** A copy of the current faults. */
  state(): FaultState;
  /** Injects the faults; mount on `/graphql` only. */
  middleware: RequestHandler;
  /** `GET` (state), `POST` (partial update, JSON) and `DELETE` (reset); mount on `/__faults`. */
  routes: Router;
  /**
   * Cuts every hung request, and from now on cuts a request that would hang: a hang never
   * ends by itself, so a draining server would otherwise wait out its whole grace period.
   */
  shutdown(): void;
}

/**
 * Fault injection over `initial`. Order on each request: `down` answers 503 at once;
 * `hang` keeps the request open, never answering; else the error-rate draw is made on
 * arrival (so the sequence follows arrival order even under latency), then after
 * `latencyMs` the request fails with 500 or goes on. A client that gives up while its
 * request waits or hangs releases its timer and its entry: nothing is held for it.
 *
 * The sequence restarts from `seed` at every change, so "set errorRate 0.5, send 10
 * requests" fails the same requests on every run.
 */
export function faultInjection(initial: FaultState, options: FaultInjectionOptions): FaultInjection {
  let current: FaultState = { ...initial };
  let prng: Prng = createPrng(options.seed);
  let closing = false;
  const hung = new Set<Response>();
  options.logger?.info({ faults: current }, 'fault injection on: /__faults');

  const apply = (next: FaultState): FaultState => {
    current = next;
    prng = createPrng(options.seed);
    options.logger?.info({ faults: current }, 'faults set');
    return { ...current };
  };

  const middleware: RequestHandler = (_req, res, next) => {
    const faults = current;
    if (faults.down) {
      fail(res, 503, 'REGION_UNAVAILABLE', 'down');
      return;
    }
    if (faults.hang) {
      if (closing) {
        res.destroy();
        return;
      }
      hung.add(res);
      res.once('close', () => hung.delete(res));
      return;
    }
    const failed = faults.errorRate > 0 && prng.next() < faults.errorRate;
    const proceed = () => (failed ? fail(res, 500, 'INTERNAL_ERROR', 'error') : next());
    if (faults.latencyMs === 0) {
      proceed();
      return;
    }
    const timer = setTimeout(() => {
      res.off('close', cancel);
      proceed();
    }, faults.latencyMs);
    const cancel = () => clearTimeout(timer);
    res.once('close', cancel);
  };

  const routes = express.Router();
  routes.get('/', (_req, res) => {
    res.json(current);
  });
  routes.post('/', express.json({ limit: '4kb' }), (req, res) => {
    const parsed = faultUpdateSchema.safeParse(req.body ?? {});
    if (!parsed.success) {
      badRequest(res, parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`));
      return;
    }
    res.json(apply({ ...current, ...parsed.data }));
  });
  routes.delete('/', (_req, res) => {
    res.json(apply({ ...NO_FAULTS }));
  });
  // Malformed JSON or an oversized body: a 400 in the same shape, never Express's HTML page.
  const bodyError: ErrorRequestHandler = (err: { status?: number; message?: string }, _req, res, _next) => {
    badRequest(res, [`(body): ${err.message ?? 'unreadable'}`], err.status);
  };
  routes.use(bodyError);

  return {
    state: () => ({ ...current }),
    middleware,
    routes,
    shutdown: () => {
      closing = true;
      for (const res of hung) res.destroy();
      hung.clear();
    },
  };
}

/**
 * `running` (a listening service) whose `close` first calls `faults.shutdown()`: draining
 * waits for in-flight requests, and a hung one would hold it for the whole grace period.
 */
export function cutHangsOnClose<R extends { close(): Promise<void> }>(running: R, faults: FaultInjection | undefined): R {
  if (!faults) return running;
  return {
    ...running,
    close: () => {
      faults.shutdown();
      return running.close();
    },
  };
}

/** An injected failure, as a GraphQL response the gateway reads like a real one. */
function fail(res: Response, status: 500 | 503, code: 'INTERNAL_ERROR' | 'REGION_UNAVAILABLE', fault: string): void {
  res.status(status).json({ errors: [yrdError(code, { fault }).toJSON()] });
}

function badRequest(res: Response, problems: string[], status = 400): void {
  res.status(status).json({ message: `invalid fault settings: ${problems.join('; ')}`, problems });
}

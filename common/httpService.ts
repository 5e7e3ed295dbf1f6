import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RequestListener } from 'node:http';
import { capConnections } from './connectionCap';
import { DEFAULTS } from './defaults';
import type { Logger } from './logger';

/**
 * A built HTTP service: a handler plus what must be released on shutdown. (Not a
 * `Service` of common/services.ts, which is a purpose a partner asks on behalf of.)
 */
export interface HttpService {
  handler: RequestListener;
  /** Stops accepting work and releases resources (Apollo stop, Redis quit…). */
  stop(): Promise<void>;
  /**
   * Most connections open at once, `listen` applies it (common/connectionCap.ts: at the
   * cap a new connection closes one that has not sent a whole request, or an idle one;
   * only when none is left is the new one closed); unset: no cap.
   */
  maxConnections?: number;
  /**
   * Time the request line and headers have to arrive in full, milliseconds; beyond it
   * the connection gets 408 and is closed. Unset: `DEFAULTS.headersTimeoutMs`.
   */
  headersTimeoutMs?: number;
  /**
   * The operations endpoints (metrics, health) when they are served on a port of their own
   * (the gateway's `OPS_PORT`); unset: the service serves them on its own port.
   */
  opsHandler?: RequestListener;
}

/** How long an idle keep-alive connection stays open, milliseconds. */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

/**
 * Time a whole request (headers and body) has to arrive, milliseconds: past the longest
 * body deadline a service may set (the gateway's BODY_TIMEOUT_MS, at most 60 s).
 */
const REQUEST_TIMEOUT_MS = 70_000;

/** A listening service. */
export interface RunningService {
  server: Server;
  port: number;
  url: string;
  close(): Promise<void>;
}

/**
 * Listens on `port` (0 = a free port, for tests) and returns a handle whose `close`
 * drains: no new connections, idle keep-alive sockets closed, in-flight requests given
 * `graceMs` before they are cut, then the service's own `stop`.
 */
export async function listen(service: HttpService, port: number, host: string, graceMs: number): Promise<RunningService> {
  const headersTimeout = service.headersTimeoutMs ?? DEFAULTS.headersTimeoutMs;
  const server = createServer(
    {
      // Trickled headers get 408 within the timeout: Node checks it this often (default 30 s).
      headersTimeout,
      connectionsCheckingInterval: Math.min(1000, Math.ceil(headersTimeout / 4)),
      requestTimeout: REQUEST_TIMEOUT_MS,
      // Idle keep-alive sockets outlive their clients' (undici 4 s, load balancers 60 s): a
      // server that closes first races a client reusing the socket, and the request dies
      // with ECONNRESET. Seen under load in the suite; the LB-documented fix. An idle
      // socket cannot hold the connection cap: it is closed first when the cap is reached.
      keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
    },
    service.handler,
  );
  if (service.maxConnections !== undefined) capConnections(server, service.maxConnections);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), graceMs);
      timer.unref();
      await closed;
      clearTimeout(timer);
      await service.stop();
    })();
    return closing;
  };
  return { server, port: actual, url: `http://${shown}:${actual}`, close };
}

/**
 * The `main` of every service: listen, log where, and drain on SIGTERM / SIGINT.
 * Exits non-zero when start-up fails, with the reason in the log.
 */
export async function runMain(
  name: string,
  logger: Logger,
  start: () => Promise<RunningService>,
): Promise<void> {
  try {
    const running = await start();
    logger.info({ url: running.url }, `${name} listening`);
    const shutdown = (signal: string) => {
      logger.info({ signal }, `${name} draining`);
      running.close().then(
        () => process.exit(0),
        (err: unknown) => {
          logger.error({ err }, `${name} shutdown failed`);
          process.exit(1);
        },
      );
    };
    process.once('SIGTERM', () => shutdown('SIGTERM'));
    process.once('SIGINT', () => shutdown('SIGINT'));
  } catch (err) {
    logger.fatal({ err: err instanceof Error ? err.message : String(err) }, `${name} failed to start`);
    process.exit(1);
  }
}

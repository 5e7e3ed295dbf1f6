import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** A redis-server of the test's own, so a test can stop and start Redis at will. */
export interface PrivateRedis {
  port: number;
  url: string;
  /** SIGKILL: Redis gone mid-run. */
  kill(): Promise<void>;
  /** Starts it again on the same port (with what it had, when started with `persist`). */
  start(): Promise<void>;
  /** SIGSTOP: Redis hung, its connections open but nothing answered, until `resume`. */
  pause(): void;
  /** SIGCONT after `pause`. */
  resume(): void;
  /** The folder of its append-only file, with `persist`; the test removes it. */
  dir?: string;
}

export interface PrivateRedisOptions {
  /**
   * Keep an fsync-always append-only file, so a killed and restarted Redis still holds
   * every write it acknowledged (as a Redis holding the audit trail must be configured).
   * Default false: a restarted Redis is empty.
   */
  persist?: boolean;
}

/** A port nobody listens on right now, e.g. for a Redis that does not answer. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' }, () => socket.write('PING\r\n'));
    socket.once('data', (d) => {
      socket.destroy();
      resolve(String(d).startsWith('+PONG'));
    });
    socket.once('error', () => resolve(false));
  });
}

/** Starts `redis-server` on a free port, keeping nothing on disk unless `persist`. */
export async function startPrivateRedis(options: PrivateRedisOptions = {}): Promise<PrivateRedis> {
  const port = await freePort();
  const dir = options.persist ? mkdtempSync(join(tmpdir(), 'yrd-redis-')) : undefined;
  const persistence = dir ? ['--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no'];
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...persistence], {
      stdio: 'ignore',
    });
    for (let i = 0; i < 100; i++) {
      if (await ping(port)) return;
      await sleep(50);
    }
    throw new Error(`redis-server on ${port} did not answer`);
  };
  const kill = async () => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child!.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  };
  const pause = () => void child?.kill('SIGSTOP');
  const resume = () => void child?.kill('SIGCONT');
  await start();
  return { port, url: `redis://127.0.0.1:${port}`, kill, start, pause, resume, dir };
}

import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * A private `redis-server` on one port that a test can kill and start again. It keeps
 * an fsync-always append-only file in `dir`, so a SIGKILL loses nothing it acknowledged,
 * as a production Redis holding an audit trail must be configured.
 */
export interface PrivateRedis {
  port: number;
  url: string;
  start(): Promise<void>;
  /** SIGKILL: Redis dies as in a crash, without a goodbye to its clients. */
  kill(): Promise<void>;
}

export function privateRedis(port: number, dir: string): PrivateRedis {
  let child: ChildProcess | undefined;
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    start() {
      const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--dir', dir];
      const proc = spawn('redis-server', [...args, '--appendonly', 'yes', '--appendfsync', 'always'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = proc;
      return new Promise<void>((resolve, reject) => {
        let out = '';
        const timer = setTimeout(() => reject(new Error(`redis-server did not start on ${port}: ${out}`)), 3000);
        proc.stdout?.on('data', (d: Buffer) => {
          out += String(d);
          if (out.includes('Ready to accept connections')) {
            clearTimeout(timer);
            resolve();
          }
        });
        proc.once('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`redis-server exited with ${code}: ${out}`));
        });
      });
    },
    kill() {
      const proc = child;
      child = undefined;
      if (!proc || proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
      return new Promise<void>((resolve) => {
        proc.once('exit', () => resolve());
        proc.kill('SIGKILL');
      });
    },
  };
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, Redis } from 'ioredis';
import { createLogger } from '../../common/logger';
import { createRedis, readyOrTimeout } from '../redis';

/*
 * The seam gateway/redisBudget.ts stands on. It intercepts the one method every ioredis
 * command passes (`sendCommand` on the client) and settles a command through `Command`'s
 * fields `isSettled` and `reject`: none of that is a promise of ioredis's semver, so the
 * version is pinned exactly and these tests fail first when an upgrade moves the seam.
 */

const root = join(__dirname, '..', '..');
const readJson = <T>(path: string) => JSON.parse(readFileSync(path, 'utf8')) as T;

it('pins ioredis to the exact version installed, not a range', () => {
  const declared = readJson<{ dependencies: Record<string, string> }>(join(root, 'package.json')).dependencies.ioredis;
  const installed = readJson<{ version: string }>(join(root, 'node_modules', 'ioredis', 'package.json')).version;
  expect(declared).toMatch(/^\d+\.\d+\.\d+$/);
  expect(declared).toBe(installed);
  const locked = readJson<{ packages: Record<string, { dependencies?: Record<string, string> }> }>(join(root, 'package-lock.json'));
  expect(locked.packages['']?.dependencies?.ioredis).toBe(declared);
});

it('settles a command through its public reject and marks it settled', async () => {
  const command = new Command('ping');
  expect(command.isSettled).toBe(false);
  command.reject(new Error('Command timed out'));
  expect(command.isSettled).toBe(true);
  await expect(command.promise).rejects.toThrow('Command timed out');
});

describe('every kind of command passes the client own sendCommand', () => {
  let redis: Redis;
  const seen: string[] = [];

  beforeAll(async () => {
    redis = createRedis('redis://127.0.0.1:6379', createLogger('test', 'silent'), 'ioredis-seam-test')!;
    await readyOrTimeout(redis, 2000);
    const original = redis.sendCommand.bind(redis);
    (redis as unknown as { sendCommand: typeof original }).sendCommand = (command: Command, stream?: Parameters<typeof original>[1]) => {
      seen.push(command.name);
      return original(command, stream);
    };
    redis.defineCommand('seamEcho', { numberOfKeys: 0, lua: 'return ARGV[1]' });
  });
  afterAll(() => redis.disconnect());

  it('plain commands, scripts, pipelines and transactions', async () => {
    await expect(redis.echo('plain')).resolves.toBe('plain');
    await expect((redis as unknown as { seamEcho(arg: string): Promise<string> }).seamEcho('script')).resolves.toBe('script');
    await expect(redis.pipeline().echo('piped').exec()).resolves.toEqual([[null, 'piped']]);
    await expect(redis.multi().echo('multi').exec()).resolves.toEqual([[null, 'multi']]);
    expect(seen).toEqual(expect.arrayContaining(['echo', 'evalsha', 'multi', 'exec']));
    expect(seen.filter((name) => name === 'echo')).toHaveLength(3);
  });
});

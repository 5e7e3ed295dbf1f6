import { connect } from 'node:net';
import { listen, type RunningService } from '../httpService';

/* What `listen` applies to every service at the socket level. */

let running: RunningService;
beforeAll(async () => {
  running = await listen({ handler: (_req, res) => void res.end('ok'), stop: async () => undefined, headersTimeoutMs: 1000 }, 0, '127.0.0.1', 100);
});
afterAll(() => running?.close());

/**
 * Opens a socket, writes `start` and then (if it wrote anything) one more header byte
 * every 200 ms; resolves with what it received once the server closes it, or with
 * `still open` after 10 s, ten times the timeout.
 */
function trickle(start: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ port: running.port, host: '127.0.0.1' }, () => socket.write(start));
    const timer = setInterval(() => start && socket.writable && socket.write('x'), 200);
    const giveUp = setTimeout(() => socket.destroy(new Error('still open')), 10_000);
    let text = '';
    socket.on('data', (d) => (text += String(d)));
    socket.on('error', (err) => (text = err.message));
    socket.once('close', () => {
      clearInterval(timer);
      clearTimeout(giveUp);
      resolve(text);
    });
  });
}

it('answers headers trickled past headersTimeoutMs with 408 and closes the connection', async () => {
  expect(await trickle('GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ')).toMatch(/^HTTP\/1\.1 408 /);
});

it('does the same to a socket that connects and sends nothing', async () => {
  expect(await trickle('')).toMatch(/^HTTP\/1\.1 408 /);
});

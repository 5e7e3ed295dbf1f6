import { createServer, type Server, type ServerResponse } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { capConnections } from '../connectionCap';

/* Whom the connection cap (3 here) closes when it is reached: the one doing least for anyone. */

let server: Server;
/** Responses to `/slow`, held until the test ends them: requests in work. */
const held: ServerResponse[] = [];
const sockets: Socket[] = [];
beforeEach(async () => {
  server = createServer((req, res) => {
    if (req.url === '/slow') held.push(res);
    else res.end('ok');
  });
  capConnections(server, 3);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});
afterEach(async () => {
  for (const res of held.splice(0)) res.end('done');
  for (const s of sockets.splice(0)) s.destroy();
  await new Promise((resolve) => server.close(resolve));
});

interface Client {
  socket: Socket;
  text: () => string;
  /** Resolves when the server closes the socket. */
  closed: Promise<void>;
}

async function open(): Promise<Client> {
  const socket = connect({ port: (server.address() as AddressInfo).port, host: '127.0.0.1' });
  sockets.push(socket);
  let text = '';
  socket.on('data', (d) => (text += String(d)));
  socket.on('error', () => undefined);
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await new Promise((resolve) => socket.once('connect', resolve));
  return { socket, text: () => text, closed };
}

/** Resolves once `predicate` holds, checked every 10 ms. */
async function until(predicate: () => boolean): Promise<void> {
  while (!predicate()) await new Promise((r) => setTimeout(r, 10));
}

/** Sends a request for `/slow` and waits until the server holds it. */
async function inWork(client: Client): Promise<void> {
  const before = held.length;
  client.socket.write('GET /slow HTTP/1.1\r\nHost: x\r\n\r\n');
  await until(() => held.length > before);
}

it('closes the oldest socket that never sent a whole request, then an idle one, never one in work', async () => {
  const working = await open();
  await inWork(working);
  const idle = await open();
  idle.socket.write('GET /fast HTTP/1.1\r\nHost: x\r\n\r\n');
  await until(() => idle.text().endsWith('ok'));
  const trickling = await open();
  trickling.socket.write('GET /fast HTTP/1.1\r\nHo');

  // Full: a newcomer closes the trickler, though the idle socket is older…
  const first = await open();
  await trickling.closed;
  first.socket.write('GET /fast HTTP/1.1\r\nHost: x\r\n\r\n');
  await until(() => first.text().endsWith('ok'));
  // …with none left that never sent a whole request, the next closes the longest idle one…
  const second = await open();
  await idle.closed;
  expect(first.socket.destroyed).toBe(false);
  // …and the request in work is never closed: it is answered.
  const third = await open();
  await second.closed;
  expect(working.socket.destroyed).toBe(false);
  held[0]!.end('done');
  await until(() => working.text().endsWith('done'));
  expect(working.text()).toMatch(/^HTTP\/1\.1 200 /);
  expect(third.socket.destroyed).toBe(false);
});

it('closes the newcomer when every connection carries a request in work', async () => {
  const busy = [await open(), await open(), await open()];
  for (const b of busy) await inWork(b);
  const late = await open();
  await late.closed;
  expect(busy.map((b) => b.socket.destroyed)).toEqual([false, false, false]);
});

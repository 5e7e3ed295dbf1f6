import type { IncomingMessage, Server } from 'node:http';
import type { Socket } from 'node:net';

/** What the cap knows of one open connection. */
interface Tracked {
  /** When it connected, or when its last response ended (milliseconds, monotonic). */
  since: number;
  /** Whether it has had a full response: an idle keep-alive socket rather than a new one. */
  served: boolean;
  /** The request it carries until its response ends; in work once it has arrived whole (`complete`). */
  request: IncomingMessage | undefined;
}

/**
 * Caps the open connections of `server` at `max` so that sockets which have not sent a
 * whole request cannot fill it. At the cap a new connection closes the socket that is
 * doing the least for anyone: one that has never sent a whole request, oldest first
 * (trickled headers, a connect-and-wait), then an idle keep-alive socket, oldest first.
 * Only when every connection carries a request whose body is in (work of the server's
 * own, which it finishes) is the new one closed instead.
 *
 * Why not a cap per peer address: behind a load balancer every partner shares its
 * address, as every test client shares 127.0.0.1; a per-peer cap would shut out them
 * all together. Why not Node's `server.maxConnections`: it refuses the newcomer, so
 * 1,000 sockets trickling headers shut out every partner and health check (issue 20).
 */
export function capConnections(server: Server, max: number): void {
  const open = new Map<Socket, Tracked>();

  /** Closes the most expendable connection; false when each carries a request in work. */
  const evictOne = (): boolean => {
    let victim: Socket | undefined;
    let rank: [number, number] = [Infinity, Infinity];
    for (const [socket, t] of open) {
      // A request whose body is in is work of the server's own, which it finishes.
      if (t.request?.complete) continue;
      const mine: [number, number] = [t.served ? 1 : 0, t.since];
      if (mine[0] < rank[0] || (mine[0] === rank[0] && mine[1] < rank[1])) [victim, rank] = [socket, mine];
    }
    if (!victim) return false;
    open.delete(victim);
    victim.destroy();
    return true;
  };

  server.on('connection', (socket: Socket) => {
    if (open.size >= max && !evictOne()) {
      socket.destroy();
      return;
    }
    open.set(socket, { since: performance.now(), served: false, request: undefined });
    socket.once('close', () => open.delete(socket));
  });
  server.on('request', (req, res) => {
    const tracked = open.get(req.socket);
    if (!tracked) return;
    // A body still trickling in keeps the socket expendable; once it is in, the work is ours.
    tracked.request = req;
    res.once('close', () => {
      tracked.request = undefined;
      tracked.served = true;
      tracked.since = performance.now();
    });
  });
}

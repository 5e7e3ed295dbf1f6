import { appendFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import dgram from 'node:dgram';
import diagnosticsChannel from 'node:diagnostics_channel';
import dns from 'node:dns';
import net from 'node:net';
import os from 'node:os';
import tls from 'node:tls';

/*
 * A preload (`node --require dist/test/support/egressGuard.js`, or through NODE_OPTIONS
 * so every child process takes it too) for test/egress.test.ts: it records every
 * outbound connection and name lookup a process attempts — net and tls connects (which
 * http, https, undici and Node's fetch all go through, with the TCP handle's connect as a
 * backstop), dns lookups and resolves, UDP sends — as JSON lines appended to the file YRD_EGRESS_LOG names, and it BLOCKS every
 * one whose destination is not loopback before anything leaves the machine: the connect
 * or lookup fails with code EGRESS_BLOCKED and the original function is never called.
 * A test can therefore run code that would phone home (today's main did) and see where
 * it tried to go, without it going there.
 *
 * Test support only; never loaded by a service of its own accord.
 */

/** One line of the log: an attempt, or that the guard was loaded into a process. */
export interface EgressRecord {
  pid: number;
  /** The script the process runs (`start.js`, `main.js`…) and its folder, e.g. `gateway/main.js`. */
  script: string;
  kind: 'loaded' | 'connect' | 'tcp' | 'tls' | 'dns' | 'udp' | 'undici';
  host?: string;
  port?: number;
  /** False: the guard refused it, nothing left the machine. */
  allowed?: boolean;
  /** For `dns`: the function called (`lookup`, `resolve4`, `promises.lookup`…). */
  call?: string;
}

const LOG = process.env.YRD_EGRESS_LOG;
const SCRIPT = process.argv[1] ? `${basename(dirname(process.argv[1]))}/${basename(process.argv[1])}` : '(eval)';

function record(entry: Omit<EgressRecord, 'pid' | 'script'>): void {
  if (!LOG) return;
  // Synchronous: a process that exits right after the attempt still leaves its line.
  appendFileSync(LOG, `${JSON.stringify({ pid: process.pid, script: SCRIPT, ...entry })}\n`);
}

/** Loopback only: 127.0.0.0/8, ::1 (and its IPv4-mapped form), and the name `localhost`. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost') return true;
  if (net.isIPv4(h)) return h.startsWith('127.');
  if (net.isIPv6(h)) return h === '::1' || h === '0:0:0:0:0:0:0:1' || /^::ffff:127\./.test(h);
  return false;
}

function blocked(what: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`egress blocked by the test's guard: ${what}`), { code: 'EGRESS_BLOCKED' });
}

// ---- net and tls: every TCP connect, whoever makes it ----

interface ConnectTarget {
  host?: string;
  port?: number;
  path?: string;
}

/** Where a `socket.connect(...)` call goes, whichever of its signatures is used. */
function connectTarget(args: unknown[]): ConnectTarget {
  // net.connect() hands Socket#connect its already-normalised [options, callback].
  const first = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0];
  if (first !== null && typeof first === 'object') {
    const o = first as { host?: string | null; port?: number | string | null; path?: string | null };
    // As Socket#connect decides: a pipe only for a non-empty path (http passes `path: null`).
    return { host: o.host ?? undefined, port: o.port == null ? undefined : Number(o.port), path: o.path ? o.path : undefined };
  }
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    return { port: Number(first), host: typeof args[1] === 'string' ? args[1] : undefined };
  }
  return { path: typeof first === 'string' ? first : undefined };
}

const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: unknown[]): net.Socket {
  const target = connectTarget(args);
  // A Unix socket or named pipe never leaves the machine.
  if (target.path !== undefined) return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
  const host = target.host ?? 'localhost';
  const allowed = isLoopback(host);
  record({ kind: 'connect', host, port: target.port, allowed });
  if (allowed) return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
  const err = blocked(`connect ${host}:${target.port}`);
  process.nextTick(() => this.destroy(err));
  return this;
} as typeof net.Socket.prototype.connect;

// The backstop under Socket#connect: the TCP handle's own connect, which every TCP
// connection of the process reaches with the address it resolved, whatever path led
// there. Refused here, the connect fails as ECONNREFUSED before a packet is sent.
interface TcpHandle {
  connect(req: unknown, address: string, port: number): number;
  connect6(req: unknown, address: string, port: number): number;
}
const { TCP } = (process as unknown as { binding(name: string): { TCP: { prototype: TcpHandle } } }).binding('tcp_wrap');
for (const method of ['connect', 'connect6'] as const) {
  const original = TCP.prototype[method];
  TCP.prototype[method] = function guardedHandleConnect(this: TcpHandle, req: unknown, address: string, port: number): number {
    if (isLoopback(address)) return original.call(this, req, address, port);
    record({ kind: 'tcp', host: address, port, allowed: false });
    return -os.constants.errno.ECONNREFUSED;
  };
}

// tls.connect ends in Socket#connect (above), which blocks; this only names the protocol.
const originalTlsConnect = tls.connect;
tls.connect = function guardedTlsConnect(...args: unknown[]): tls.TLSSocket {
  const first = args[0];
  const options = (first !== null && typeof first === 'object' ? first : typeof args[2] === 'object' ? args[2] : {}) as tls.ConnectionOptions;
  const host = options.host ?? (typeof args[1] === 'string' ? args[1] : undefined) ?? 'localhost';
  const port = options.port ?? (typeof first === 'number' ? first : undefined);
  if (!options.socket) record({ kind: 'tls', host, port: port === undefined ? undefined : Number(port), allowed: isLoopback(host) });
  return (originalTlsConnect as (...a: unknown[]) => tls.TLSSocket)(...args);
} as typeof tls.connect;

// ---- undici (Node's fetch): named here, blocked at the connect above ----

diagnosticsChannel.subscribe('undici:client:beforeConnect', (message) => {
  const { connectParams } = message as { connectParams: { hostname: string; port: string | number; protocol: string } };
  const port = Number(connectParams.port) || (connectParams.protocol === 'https:' ? 443 : 80);
  record({ kind: 'undici', host: connectParams.hostname, port, allowed: isLoopback(connectParams.hostname) });
});

// ---- dns: a lookup of a name that is not loopback is refused before any query ----

type Callback = (err: NodeJS.ErrnoException | null, ...rest: unknown[]) => void;

function guardCallbackStyle(target: Record<string, unknown>, name: string, label: string): void {
  const original = target[name];
  if (typeof original !== 'function') return;
  target[name] = function guarded(this: unknown, host: unknown, ...rest: unknown[]) {
    const h = String(host);
    const allowed = isLoopback(h);
    record({ kind: 'dns', call: label, host: h, allowed });
    if (allowed) return (original as (...a: unknown[]) => unknown).call(this, host, ...rest);
    const callback = rest.at(-1);
    if (typeof callback === 'function') process.nextTick(() => (callback as Callback)(blocked(`${label} ${h}`)));
    return undefined;
  };
}

function guardPromiseStyle(target: Record<string, unknown>, name: string, label: string): void {
  const original = target[name];
  if (typeof original !== 'function') return;
  target[name] = function guarded(this: unknown, host: unknown, ...rest: unknown[]) {
    const h = String(host);
    const allowed = isLoopback(h);
    record({ kind: 'dns', call: label, host: h, allowed });
    if (allowed) return (original as (...a: unknown[]) => unknown).call(this, host, ...rest);
    return Promise.reject(blocked(`${label} ${h}`));
  };
}

const DNS_CALLS = ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveCaa', 'resolveCname', 'resolveMx', 'resolveNaptr', 'resolveNs', 'resolvePtr', 'resolveSoa', 'resolveSrv', 'resolveTxt', 'reverse'];
for (const call of DNS_CALLS) {
  guardCallbackStyle(dns as unknown as Record<string, unknown>, call, call);
  guardCallbackStyle(dns.Resolver.prototype as unknown as Record<string, unknown>, call, `Resolver.${call}`);
  guardPromiseStyle(dns.promises as unknown as Record<string, unknown>, call, `promises.${call}`);
  guardPromiseStyle(dns.promises.Resolver.prototype as unknown as Record<string, unknown>, call, `promises.Resolver.${call}`);
}

// ---- UDP ----

const originalSend = dgram.Socket.prototype.send;
dgram.Socket.prototype.send = function guardedSend(this: dgram.Socket, ...args: unknown[]): void {
  // send(msg, port, address, cb) or send(msg, offset, length, port, address, cb); no port: connected (checked at connect).
  const withRange = typeof args[1] === 'number' && typeof args[2] === 'number' && typeof args[3] === 'number';
  const port = withRange ? args[3] : typeof args[1] === 'number' ? args[1] : undefined;
  const address = withRange ? args[4] : args[2];
  if (port === undefined) return (originalSend as (...a: unknown[]) => void).apply(this, args);
  const host = typeof address === 'string' ? address : 'localhost';
  const allowed = isLoopback(host);
  record({ kind: 'udp', host, port: port as number, allowed });
  if (allowed) return (originalSend as (...a: unknown[]) => void).apply(this, args);
  const callback = args.at(-1);
  const err = blocked(`udp ${host}:${String(port)}`);
  process.nextTick(() => (typeof callback === 'function' ? (callback as Callback)(err) : this.emit('error', err)));
} as typeof dgram.Socket.prototype.send;

const originalUdpConnect = dgram.Socket.prototype.connect;
dgram.Socket.prototype.connect = function guardedUdpConnect(this: dgram.Socket, port: number, ...rest: unknown[]): void {
  const host = typeof rest[0] === 'string' ? rest[0] : 'localhost';
  const allowed = isLoopback(host);
  record({ kind: 'udp', host, port, allowed });
  if (allowed) return (originalUdpConnect as (...a: unknown[]) => void).call(this, port, ...rest);
  const err = blocked(`udp connect ${host}:${port}`);
  process.nextTick(() => this.emit('error', err));
} as typeof dgram.Socket.prototype.connect;

record({ kind: 'loaded' });

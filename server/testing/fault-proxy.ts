/**
 * A fault-injecting HTTP proxy for sync tests and benchmarks. It sits between sync clients and the central server and
 * forwards every request to one origin; per request, a seeded random source decides whether to lose the request, lose
 * the response after the server applied it (so the client resends its push), send it twice, answer 500, or cut the
 * response short. It can also shape the link: latency and bandwidth in each direction, for a throttled-link benchmark.
 * Server-Sent Event streams are relayed chunk by chunk and only faulted (closed early) when asked to.
 *
 * The same seed gives the same decisions for the same sequence of arriving requests; when requests race, the order in
 * which they arrive decides which draw each one gets.
 */
import { randomInt } from 'node:crypto';
import http from 'node:http';
import type { ClientRequest, IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export interface Faults {
  /** Share of requests lost: the client's connection is closed and nothing is forwarded. */
  readonly dropBeforeRate?: number;
  /** Share of requests forwarded and answered by the server whose response is lost: the client's connection closes. */
  readonly dropAfterRate?: number;
  /** Share of requests forwarded twice, one after the other; the client gets the second answer. */
  readonly duplicateRate?: number;
  /** Share of requests answered `500 {"error":"injected"}` without forwarding. */
  readonly error500Rate?: number;
  /** Share of responses cut off partway through the body: the client's connection is destroyed. */
  readonly resetRate?: number;
  /** Extra delay before forwarding, drawn uniformly from [min, max] milliseconds. */
  readonly delayMs?: readonly [number, number];
  /** One-way delay added in each direction (a 300 ms round trip is 150). */
  readonly latencyMs?: number;
  /** Bandwidth of each direction, shared by every connection through this proxy (1 Mbit/s is 125000). */
  readonly bytesPerSecond?: number;
  /** Fault event streams too: when a fault is drawn for a stream, it is closed after `streamCloseAfterMs`. */
  readonly faultStreams?: boolean;
  /** When a faulted stream is closed, drawn uniformly from [min, max] milliseconds; [100, 3000] unless given. */
  readonly streamCloseAfterMs?: readonly [number, number];
}

export type FaultKind = 'dropBefore' | 'dropAfter' | 'duplicate' | 'error500' | 'reset' | 'streamClose';

export interface FaultProxyStats {
  /** Requests received from clients. */
  readonly requests: number;
  /** Of those, event-stream requests (`Accept: text/event-stream`). */
  readonly streams: number;
  /** Requests sent to the server; a duplicated request counts twice. */
  readonly forwarded: number;
  /** Faults that took effect, by kind. */
  readonly faults: Readonly<Record<FaultKind, number>>;
  /** Raw bytes written to the server's sockets: request lines, headers, bodies and chunk framing. */
  readonly bytesUp: number;
  /** Raw bytes written to the clients' sockets: status lines, headers, bodies and chunk framing. */
  readonly bytesDown: number;
}

export interface FaultProxyOptions {
  /** The origin to forward to, e.g. `http://127.0.0.1:3000`. */
  readonly target: string;
  /** Port to listen on (127.0.0.1); a free one unless given. */
  readonly port?: number;
  readonly faults?: Faults;
  /** Seed of the random source; a random one unless given (read it back from `seed` to reproduce a run). */
  readonly seed?: number;
}

export interface FaultProxy {
  readonly url: string;
  readonly seed: number;
  /** Live counters. */
  readonly stats: FaultProxyStats;
  /** Replaces the whole fault and shaping configuration for requests arriving from now on; `{}` is a clean link. */
  setFaults(faults: Faults): void;
  /** Stops listening and destroys every open connection, event streams included. */
  close(): Promise<void>;
}

const FAULT_KINDS = ['dropBefore', 'dropAfter', 'duplicate', 'error500', 'reset'] as const;
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade'];
const INJECTED_BODY = Buffer.from(JSON.stringify({ error: 'injected' }));
const UPSTREAM_DOWN_BODY = Buffer.from(JSON.stringify({ error: 'upstream unreachable' }));
/** Bytes queued on a shaped lane before its source is paused, and the level at which it resumes. */
const HIGH_WATER = 256 * 1024;
const LOW_WATER = 64 * 1024;

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const target = new URL(options.target);
  if (target.protocol !== 'http:') throw new RangeError(`fault proxy forwards to http:// only, not ${target.href}`);
  let faults = checkFaults(options.faults ?? {});
  const seed = options.seed ?? randomInt(2 ** 31);
  const random = seededRandom(seed);
  // No keep-alive to the server: a reused socket the server has just closed would show up as a fault nobody injected.
  const agent = new http.Agent({ keepAlive: false });
  const timers = new Timers();
  const upLink = new Link(() => faults);
  const downLink = new Link(() => faults);
  const lane = (link: Link) => new Lane(link, timers, () => faults);
  const counts = { requests: 0, streams: 0, forwarded: 0 };
  const faultCounts: Record<FaultKind, number> = {
    dropBefore: 0,
    dropAfter: 0,
    duplicate: 0,
    error500: 0,
    reset: 0,
    streamClose: 0,
  };
  const clientBytes = new WrittenBytes();
  const upstreamBytes = new WrittenBytes();
  const upstreamRequests = new Set<ClientRequest>();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    counts.requests++;
    const isStream = /text\/event-stream/i.test(req.headers.accept ?? '');
    if (isStream) counts.streams++;
    const decision = decide(faults, random, isStream);
    const mine = new Set<ClientRequest>();
    const up = lane(upLink);
    const down = lane(downLink);
    const destroyClient = () => {
      req.socket.destroy();
    };
    res.on('close', () => {
      // The client went away (or was cut off): stop talking to the server on its behalf.
      up.cancel();
      down.cancel();
      for (const request of mine) request.destroy();
    });
    res.sendDate = false;
    res.on('error', () => undefined);

    if (decision.kind === 'dropBefore') {
      faultCounts.dropBefore++;
      destroyClient();
      return;
    }
    if (decision.delayMs > 0) await timers.sleep(decision.delayMs);
    if (res.destroyed) return;

    if (decision.kind === 'error500') {
      // The request still crosses the link (latency, bandwidth); it just never reaches the server.
      const body = await readAll(req);
      await new Promise<void>((resolve) => up.send(requestHeadBytes(req, req.rawHeaders) + body.length, resolve));
      faultCounts.error500++;
      const headers = ['Content-Type', 'application/json', 'Content-Length', String(INJECTED_BODY.length)];
      respond(res, down, 500, 'Internal Server Error', headers, INJECTED_BODY);
      return;
    }

    const forward = (body?: Buffer) => forwardRequest(req, up, mine, body);
    let response: IncomingMessage;
    try {
      if (decision.kind === 'duplicate') {
        const body = await readAll(req);
        const first = await forward(body);
        if (isEventStream(first)) {
          relay(first, res, down);
          return;
        }
        await readAll(first);
        response = await forward(body);
        faultCounts.duplicate++;
      } else {
        response = await forward();
      }
    } catch {
      if (res.destroyed) return;
      const headers = ['Content-Type', 'application/json', 'Content-Length', String(UPSTREAM_DOWN_BODY.length)];
      respond(res, down, 502, 'Bad Gateway', headers, UPSTREAM_DOWN_BODY);
      return;
    }

    if (isStream || isEventStream(response)) {
      relay(response, res, down);
      if (decision.kind === 'streamClose') {
        const [min, max] = faults.streamCloseAfterMs ?? [100, 3000];
        const cancel = timers.later(min + decision.detail * (max - min), () => {
          faultCounts.streamClose++;
          destroyClient();
        });
        res.on('close', cancel);
      }
      return;
    }
    if (decision.kind === 'dropAfter') {
      await readAll(response);
      faultCounts.dropAfter++;
      destroyClient();
      return;
    }
    if (decision.kind === 'reset') {
      const body = await readAll(response);
      faultCounts.reset++;
      // A body of 0 or 1 byte cannot be cut inside: cut before the headers instead, or the fault would not show.
      if (body.length <= 1) return destroyClient();
      const cut = 1 + Math.floor(decision.detail * (body.length - 1));
      const head = responseHead(response);
      down.send(head.bytes, () => {
        res.writeHead(response.statusCode ?? 502, response.statusMessage, head.headers);
        res.flushHeaders();
      });
      down.send(cut, () => res.write(body.subarray(0, cut), destroyClient));
      return;
    }
    relay(response, res, down);
  }

  /** Sends the client's request to the server through the up lane; resolves with the server's response head. */
  function forwardRequest(
    req: IncomingMessage,
    up: Lane,
    mine: Set<ClientRequest>,
    body?: Buffer,
  ): Promise<IncomingMessage> {
    return new Promise((resolve, reject) => {
      const headers = endToEndHeaders(req.rawHeaders, target.host);
      let upstream: ClientRequest | undefined;
      up.send(requestHeadBytes(req, headers), () => {
        counts.forwarded++;
        const request = http.request({
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers,
          agent,
        });
        upstream = request;
        mine.add(request);
        upstreamRequests.add(request);
        request.on('socket', (socket) => upstreamBytes.track(socket));
        request.on('response', resolve);
        request.on('error', reject);
        request.on('close', () => {
          mine.delete(request);
          upstreamRequests.delete(request);
        });
      });
      const write = (piece: Buffer) => upstream?.write(piece);
      const end = () => upstream?.end();
      if (body) {
        for (const piece of up.pieces(body)) up.send(piece.length, () => write(piece));
        up.send(0, end);
      } else {
        pipeThrough(req, up, write, end, () => upstream?.destroy());
      }
    });
  }

  function relay(response: IncomingMessage, res: ServerResponse, down: Lane): void {
    const head = responseHead(response);
    down.send(head.bytes, () => {
      res.writeHead(response.statusCode ?? 502, response.statusMessage, head.headers);
      // An event stream may say nothing for a while; the client should see that it is open.
      res.flushHeaders();
    });
    pipeThrough(
      response,
      down,
      (piece) => res.write(piece),
      () => res.end(),
      () => res.destroy(),
    );
  }

  function respond(res: ServerResponse, down: Lane, status: number, message: string, headers: string[], body: Buffer) {
    const head = responseHead({ statusCode: status, statusMessage: message, rawHeaders: headers });
    down.send(head.bytes, () => res.writeHead(status, message, headers));
    down.send(body.length, () => res.end(body));
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  server.on('connection', (socket: Socket) => clientBytes.track(socket));
  server.on('clientError', (_error, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('fault proxy: no TCP address');

  const stats: FaultProxyStats = {
    get requests() {
      return counts.requests;
    },
    get streams() {
      return counts.streams;
    },
    get forwarded() {
      return counts.forwarded;
    },
    faults: faultCounts,
    get bytesUp() {
      return upstreamBytes.total;
    },
    get bytesDown() {
      return clientBytes.total;
    },
  };
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${address.port}`,
    seed,
    stats,
    setFaults(next: Faults) {
      faults = checkFaults(next);
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        timers.cancelAll();
        server.close(() => resolve());
        server.closeAllConnections();
        for (const request of upstreamRequests) request.destroy();
        agent.destroy();
      });
      return closing;
    },
  };
}

/** A small, fast, seedable generator (mulberry32): uniform numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Decision {
  readonly kind: FaultKind | undefined;
  readonly delayMs: number;
  /** A third draw for details: where a reset cuts, when a faulted stream closes. */
  readonly detail: number;
}

/** Always three draws per request, whatever is decided, so one request's outcome does not shift the next one's. */
function decide(faults: Faults, random: () => number, isStream: boolean): Decision {
  const [pick, delay, detail] = [random(), random(), random()];
  const rates: Record<(typeof FAULT_KINDS)[number], number> = {
    dropBefore: faults.dropBeforeRate ?? 0,
    dropAfter: faults.dropAfterRate ?? 0,
    duplicate: faults.duplicateRate ?? 0,
    error500: faults.error500Rate ?? 0,
    reset: faults.resetRate ?? 0,
  };
  let kind: FaultKind | undefined;
  let sum = 0;
  for (const candidate of FAULT_KINDS) {
    sum += rates[candidate];
    if (pick < sum) {
      kind = candidate;
      break;
    }
  }
  if (isStream) kind = kind !== undefined && faults.faultStreams ? 'streamClose' : undefined;
  const [min, max] = faults.delayMs ?? [0, 0];
  return { kind, delayMs: min + delay * (max - min), detail };
}

function checkFaults(faults: Faults): Faults {
  const rates = [
    faults.dropBeforeRate,
    faults.dropAfterRate,
    faults.duplicateRate,
    faults.error500Rate,
    faults.resetRate,
  ];
  let sum = 0;
  for (const rate of rates) {
    if (rate === undefined) continue;
    if (!(rate >= 0 && rate <= 1)) throw new RangeError(`fault rates are between 0 and 1, not ${rate}`);
    sum += rate;
  }
  if (sum > 1 + 1e-9) throw new RangeError(`fault rates add up to at most 1 (one fault per request), not ${sum}`);
  for (const range of [faults.delayMs, faults.streamCloseAfterMs]) {
    if (range && !(range[0] >= 0 && range[1] >= range[0])) throw new RangeError(`not a [min, max] range: ${range}`);
  }
  if (faults.latencyMs !== undefined && !(faults.latencyMs >= 0)) throw new RangeError('latencyMs is 0 or more');
  if (faults.bytesPerSecond !== undefined && !(faults.bytesPerSecond > 0)) throw new RangeError('bytesPerSecond > 0');
  return { ...faults };
}

/** Timers that close() can cancel all at once, so nothing keeps the process alive after a test. */
class Timers {
  private readonly pending = new Set<NodeJS.Timeout>();
  private stopped = false;

  later(ms: number, run: () => void): () => void {
    if (this.stopped) return () => undefined;
    const timer = setTimeout(() => {
      this.pending.delete(timer);
      run();
    }, ms);
    this.pending.add(timer);
    return () => {
      clearTimeout(timer);
      this.pending.delete(timer);
    };
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.later(ms, resolve));
  }

  cancelAll(): void {
    this.stopped = true;
    for (const timer of this.pending) clearTimeout(timer);
    this.pending.clear();
  }
}

/** One direction of the shaped link: bytes queue behind each other at `bytesPerSecond`, like at a real bottleneck. */
class Link {
  private freeAt = 0;
  private readonly shaping: () => Faults;

  constructor(shaping: () => Faults) {
    this.shaping = shaping;
  }

  /** When `bytes` more will have crossed the link, sent after everything already queued on it. */
  reserve(bytes: number, now: number): number {
    const rate = this.shaping().bytesPerSecond;
    if (rate === undefined) return now;
    this.freeAt = Math.max(now, this.freeAt) + (bytes / rate) * 1000;
    return this.freeAt;
  }
}

/**
 * One exchange's traffic in one direction: each piece runs (is written) once it has crossed the link and the latency
 * has passed, in order. Without shaping, pieces run at once.
 */
class Lane {
  private readonly queue: { at: number; bytes: number; run: () => void }[] = [];
  private cancelTimer: (() => void) | undefined;
  private lastAt = 0;
  private flushing = false;
  private onLow: (() => void) | undefined;
  pendingBytes = 0;

  private readonly link: Link;
  private readonly timers: Timers;
  private readonly shaping: () => Faults;

  constructor(link: Link, timers: Timers, shaping: () => Faults) {
    this.link = link;
    this.timers = timers;
    this.shaping = shaping;
  }

  /** Splits a chunk so a slow link is paced in steps of about 20 ms rather than one 64 kB jump. */
  pieces(chunk: Buffer): Buffer[] {
    const rate = this.shaping().bytesPerSecond;
    const size = rate === undefined ? chunk.length : Math.max(1024, Math.floor(rate / 50));
    if (chunk.length <= size) return [chunk];
    const pieces: Buffer[] = [];
    for (let offset = 0; offset < chunk.length; offset += size) pieces.push(chunk.subarray(offset, offset + size));
    return pieces;
  }

  send(bytes: number, run: () => void): void {
    const now = performance.now();
    const at = Math.max(this.lastAt, this.link.reserve(bytes, now) + (this.shaping().latencyMs ?? 0));
    this.lastAt = at;
    this.queue.push({ at, bytes, run });
    this.pendingBytes += bytes;
    if (this.cancelTimer === undefined) this.flush();
  }

  /** Calls `resume` once the queue has drained to the low-water mark. */
  whenLow(resume: () => void): void {
    this.onLow = resume;
  }

  cancel(): void {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    this.queue.length = 0;
    this.pendingBytes = 0;
    this.onLow = undefined;
  }

  private flush(): void {
    if (this.flushing) return;
    this.flushing = true;
    this.cancelTimer = undefined;
    let next = this.queue[0];
    while (next !== undefined && next.at <= performance.now()) {
      this.queue.shift();
      this.pendingBytes -= next.bytes;
      next.run();
      next = this.queue[0];
    }
    this.flushing = false;
    if (this.onLow !== undefined && this.pendingBytes <= LOW_WATER) {
      const resume = this.onLow;
      this.onLow = undefined;
      resume();
    }
    if (next !== undefined && this.cancelTimer === undefined) {
      this.cancelTimer = this.timers.later(Math.max(1, Math.ceil(next.at - performance.now())), () => this.flush());
    }
  }
}

/** Feeds a readable (request or response body) through a lane, pausing it while the lane is backed up. */
function pipeThrough(
  source: IncomingMessage,
  lane: Lane,
  write: (piece: Buffer) => void,
  end: () => void,
  abort: () => void,
): void {
  source.on('data', (chunk: Buffer) => {
    for (const piece of lane.pieces(chunk)) lane.send(piece.length, () => write(piece));
    if (lane.pendingBytes > HIGH_WATER) {
      source.pause();
      lane.whenLow(() => source.resume());
    }
  });
  source.on('end', () => lane.send(0, end));
  // Cut off before its end (the other side went away): pass the cut on, after what did arrive.
  source.on('close', () => {
    if (!source.complete) lane.send(0, abort);
  });
  source.on('error', () => undefined);
}

function readAll(source: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    source.on('data', (chunk: Buffer) => chunks.push(chunk));
    source.on('end', () => resolve(Buffer.concat(chunks)));
    source.on('error', reject);
    source.on('close', () => {
      if (!source.complete) reject(new Error('message cut off'));
    });
  });
}

function isEventStream(response: IncomingMessage): boolean {
  return /^\s*text\/event-stream/i.test(response.headers['content-type'] ?? '');
}

/** Raw headers (name, value, name, value…) without the hop-by-hop ones; `host`, when given, replaces the Host. */
function endToEndHeaders(raw: readonly string[], host?: string): string[] {
  const pairs: [string, string][] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) pairs.push([raw[i] ?? '', raw[i + 1] ?? '']);
  const hopByHop = new Set(HOP_BY_HOP);
  for (const [name, value] of pairs) {
    if (name.toLowerCase() === 'connection')
      for (const token of value.split(',')) hopByHop.add(token.trim().toLowerCase());
  }
  const headers: string[] = [];
  let sawHost = false;
  for (const [name, value] of pairs) {
    const lower = name.toLowerCase();
    if (hopByHop.has(lower)) continue;
    if (host !== undefined && lower === 'host') {
      if (!sawHost) headers.push(name, host);
      sawHost = true;
    } else {
      headers.push(name, value);
    }
  }
  if (host !== undefined && !sawHost) headers.push('Host', host);
  return headers;
}

/** Size of a request head on the wire, for shaping (the counters read the sockets themselves). */
function requestHeadBytes(req: IncomingMessage, headers: readonly string[]): number {
  return Buffer.byteLength(`${req.method} ${req.url} HTTP/1.1\r\n`) + headerBytes(headers);
}

function responseHead(response: Pick<IncomingMessage, 'statusCode' | 'statusMessage' | 'rawHeaders'>) {
  const headers = endToEndHeaders(response.rawHeaders);
  const statusLine = `HTTP/1.1 ${response.statusCode} ${response.statusMessage}\r\n`;
  return { headers, bytes: Buffer.byteLength(statusLine) + headerBytes(headers) };
}

function headerBytes(headers: readonly string[]): number {
  let bytes = 2;
  for (const text of headers) bytes += Buffer.byteLength(text) + 2;
  return bytes;
}

/** Bytes written to a set of sockets, open ones included, so the counters are live during a stream. */
class WrittenBytes {
  private closed = 0;
  private readonly open = new Set<Socket>();

  track(socket: Socket): void {
    if (this.open.has(socket)) return;
    this.open.add(socket);
    socket.once('close', () => {
      this.closed += socket.bytesWritten;
      this.open.delete(socket);
    });
  }

  get total(): number {
    let total = this.closed;
    for (const socket of this.open) total += socket.bytesWritten;
    return total;
  }
}

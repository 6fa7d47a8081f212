import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { startFaultProxy, type FaultProxy } from './fault-proxy.ts';

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  rawHeaders: string[];
  body: Buffer;
  /** Resolves when the server's side of this exchange closes (the answer ended, or the client went away). */
  closed: Promise<void>;
}

interface Upstream {
  url: string;
  seen: Seen[];
  /** Raw bytes the server read from all its sockets. */
  bytesRead(): number;
  close(): Promise<void>;
}

/** A real HTTP server standing in for the central server: records every request, then answers with `answer`. */
async function startUpstream(answer: (seen: Seen, res: ServerResponse) => void): Promise<Upstream> {
  const seen: Seen[] = [];
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const closed = new Promise<void>((resolve) => res.on('close', () => resolve()));
      const request = {
        method: req.method!,
        url: req.url!,
        headers: req.headers,
        rawHeaders: req.rawHeaders,
        body: Buffer.concat(chunks),
        closed,
      };
      seen.push(request);
      answer(request, res);
    });
  });
  server.on('connection', (socket: Socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}`,
    seen,
    bytesRead: () => [...sockets].reduce((sum, socket) => sum + socket.bytesRead, 0),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

interface Outcome {
  status?: number;
  statusMessage?: string;
  headers?: IncomingHttpHeaders;
  rawHeaders?: string[];
  /** What arrived of the body, possibly cut short. */
  body: Buffer;
  /** Raw bytes the client read from its socket. */
  bytesRead: number;
  /** The socket error or early close, if the exchange did not complete. */
  error?: Error;
}

/** One request on its own connection, with node:http (fetch would decompress gzip and hide the bytes). */
function exchange(
  url: string,
  init: { method?: string; headers?: OutgoingHttpHeaders; body?: Buffer | string } = {},
): Promise<Outcome> {
  return new Promise((resolve) => {
    let socket: Socket | undefined;
    const chunks: Buffer[] = [];
    let response: IncomingMessage | undefined;
    const finish = (error?: Error) =>
      resolve({
        status: response?.statusCode,
        statusMessage: response?.statusMessage,
        headers: response?.headers,
        rawHeaders: response?.rawHeaders,
        body: Buffer.concat(chunks),
        bytesRead: socket?.bytesRead ?? 0,
        error,
      });
    const request = http.request(url, { method: init.method ?? 'GET', headers: init.headers, agent: false }, (res) => {
      response = res;
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => finish());
      res.on('error', (error) => finish(error));
      res.on('close', () => {
        if (!res.complete) finish(new Error('response cut off'));
      });
    });
    request.on('socket', (s) => (socket = s));
    request.on('error', (error) => finish(error));
    request.end(init.body);
  });
}

async function send(url: string, init: Parameters<typeof exchange>[1] = {}): Promise<Outcome> {
  const outcome = await exchange(url, init);
  if (outcome.error) throw outcome.error;
  return outcome;
}

interface EventStream {
  status: number;
  /** The next complete event (up to its blank line); fails after 2 s, so a buffering proxy fails fast. */
  next(): Promise<string>;
  /** Resolves when the stream ends, however it ends. */
  ended: Promise<void>;
}

function openStream(url: string): Promise<EventStream> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers: { accept: 'text/event-stream' }, agent: false }, (res) => {
      const events: string[] = [];
      const waiting: ((event: string) => void)[] = [];
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
        let end = text.indexOf('\n\n');
        while (end >= 0) {
          const event = text.slice(0, end + 2);
          text = text.slice(end + 2);
          const waiter = waiting.shift();
          if (waiter) waiter(event);
          else events.push(event);
          end = text.indexOf('\n\n');
        }
      });
      res.on('error', () => undefined);
      const ended = new Promise<void>((done) => res.on('close', () => done()));
      resolve({
        status: res.statusCode!,
        ended,
        next: () =>
          new Promise<string>((found, fail) => {
            const queued = events.shift();
            if (queued !== undefined) return found(queued);
            const timer = setTimeout(() => fail(new Error('no event within 2 s')), 2000);
            waiting.push((event) => {
              clearTimeout(timer);
              found(event);
            });
          }),
      });
    });
    request.on('error', reject);
  });
}

async function withProxy(
  upstream: Upstream,
  options: Omit<Parameters<typeof startFaultProxy>[0], 'target'>,
  test: (proxy: FaultProxy) => Promise<void>,
): Promise<void> {
  const proxy = await startFaultProxy({ target: upstream.url, ...options });
  try {
    await test(proxy);
  } finally {
    await proxy.close();
    await upstream.close();
  }
}

const json = (res: ServerResponse, status: number, value: unknown) => {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
};
const counted = () => {
  let n = 0;
  return (_seen: Seen, res: ServerResponse) => json(res, 200, { n: ++n });
};

describe('fault proxy without faults', () => {
  it('forwards method, path, headers and bodies byte for byte, gzip included', async () => {
    const requestBody = randomBytes(100_000);
    const gzipped = gzipSync(JSON.stringify({ rows: Array.from({ length: 2000 }, (_, i) => ({ id: `visit-${i}` })) }));
    const upstream = await startUpstream((_seen, res) => {
      res.writeHead(201, 'Created Here', [
        ['Content-Type', 'application/json; charset=utf-8'],
        ['Content-Encoding', 'gzip'],
        ['Content-Length', String(gzipped.length)],
        ['X-Checkpoint', 'team-north:42'],
        ['Set-Cookie', 'a=1'],
        ['Set-Cookie', 'b=2'],
      ]);
      res.end(gzipped);
    });
    await withProxy(upstream, {}, async (proxy) => {
      const answer = await send(`${proxy.url}/v1/sync/visits/push?batch=3&name=%C3%A5sa`, {
        method: 'PUT',
        headers: {
          'Content-Type': 'application/octet-stream',
          Authorization: 'Bearer token-abc',
          'X-Device-Id': 'laptop-1',
          'Accept-Encoding': 'gzip',
        },
        body: requestBody,
      });

      const [seen] = upstream.seen;
      expect(upstream.seen).toHaveLength(1);
      expect(seen!.method).toBe('PUT');
      expect(seen!.url).toBe('/v1/sync/visits/push?batch=3&name=%C3%A5sa');
      expect(seen!.body.equals(requestBody)).toBe(true);
      expect(seen!.rawHeaders).toEqual(
        expect.arrayContaining(['Authorization', 'Bearer token-abc', 'X-Device-Id', 'laptop-1']),
      );
      expect(seen!.headers['content-type']).toBe('application/octet-stream');
      expect(seen!.headers['accept-encoding']).toBe('gzip');
      expect(seen!.headers.host).toBe(new URL(upstream.url).host);

      expect(answer.status).toBe(201);
      expect(answer.statusMessage).toBe('Created Here');
      expect(answer.headers!['content-encoding']).toBe('gzip');
      expect(answer.headers!['x-checkpoint']).toBe('team-north:42');
      expect(answer.headers!['set-cookie']).toEqual(['a=1', 'b=2']);
      expect(answer.body.equals(gzipped)).toBe(true);
      expect(JSON.parse(gunzipSync(answer.body).toString()).rows).toHaveLength(2000);
      expect(proxy.stats).toMatchObject({ requests: 1, forwarded: 1, streams: 0 });
      expect(Object.values(proxy.stats.faults).every((n) => n === 0)).toBe(true);
    });
  });

  it('counts the raw bytes it writes each way, the same as the other ends read', async () => {
    const upstream = await startUpstream((seen, res) => {
      if (seen.url === '/chunked') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('first ');
        setTimeout(() => res.end('and last'), 20);
      } else {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        res.end(seen.body);
      }
    });
    await withProxy(upstream, {}, async (proxy) => {
      const upload = randomBytes(50_000);
      const answers = [
        await send(`${proxy.url}/chunked`),
        await send(`${proxy.url}/echo`, { method: 'POST', body: upload }),
        await send(`${proxy.url}/echo`, { method: 'POST', body: 'small' }),
      ];
      expect(answers[0]!.body.toString()).toBe('first and last');
      expect(answers[1]!.body.equals(upload)).toBe(true);

      const clientRead = answers.reduce((sum, answer) => sum + answer.bytesRead, 0);
      expect(proxy.stats.bytesDown).toBe(clientRead);
      expect(proxy.stats.bytesUp).toBe(upstream.bytesRead());
      expect(proxy.stats.bytesUp).toBeGreaterThan(50_000);
      expect(proxy.stats.bytesDown).toBeGreaterThan(50_000);
    });
  });
});

describe('fault proxy faults', () => {
  it('dropBefore: the client loses its connection and the server never sees the request', async () => {
    const upstream = await startUpstream(counted());
    await withProxy(upstream, { faults: { dropBeforeRate: 1 } }, async (proxy) => {
      const outcome = await exchange(`${proxy.url}/v1/sync/visits/push`, { method: 'POST', body: '{"rows":[]}' });
      expect(outcome.error).toBeDefined();
      expect(outcome.status).toBeUndefined();
      expect(upstream.seen).toHaveLength(0);
      expect(proxy.stats.faults.dropBefore).toBe(1);
      expect(proxy.stats.forwarded).toBe(0);
    });
  });

  it('dropAfter: the server applies the request, then the client loses its connection without an answer', async () => {
    const upstream = await startUpstream(counted());
    await withProxy(upstream, { faults: { dropAfterRate: 1 } }, async (proxy) => {
      const outcome = await exchange(`${proxy.url}/v1/sync/visits/push`, { method: 'POST', body: '{"rows":[1]}' });
      expect(outcome.error).toBeDefined();
      expect(outcome.status).toBeUndefined();
      expect(upstream.seen.map((seen) => seen.body.toString())).toEqual(['{"rows":[1]}']);
      expect(proxy.stats.faults.dropAfter).toBe(1);
    });
  });

  it('duplicate: the server sees the request twice, in turn, and the client gets the second answer only', async () => {
    const upstream = await startUpstream(counted());
    await withProxy(upstream, { faults: { duplicateRate: 1 } }, async (proxy) => {
      const answer = await send(`${proxy.url}/v1/sync/visits/push`, { method: 'POST', body: '{"rows":[2]}' });
      expect(JSON.parse(answer.body.toString())).toEqual({ n: 2 });
      expect(upstream.seen.map((seen) => seen.body.toString())).toEqual(['{"rows":[2]}', '{"rows":[2]}']);
      expect(proxy.stats).toMatchObject({ requests: 1, forwarded: 2 });
      expect(proxy.stats.faults.duplicate).toBe(1);
      // Both copies were written to the server, and counted.
      expect(proxy.stats.bytesUp).toBe(upstream.bytesRead());
    });
  });

  it('error500: the client gets 500 {"error":"injected"} and the server sees nothing', async () => {
    const upstream = await startUpstream(counted());
    await withProxy(upstream, { faults: { error500Rate: 1 } }, async (proxy) => {
      const answer = await send(`${proxy.url}/v1/sync/visits/pull`, { method: 'POST', body: '{}' });
      expect(answer.status).toBe(500);
      expect(answer.headers!['content-type']).toBe('application/json');
      expect(JSON.parse(answer.body.toString())).toEqual({ error: 'injected' });
      expect(upstream.seen).toHaveLength(0);
      expect(proxy.stats.faults.error500).toBe(1);
    });
  });

  it('reset: the client gets the status and part of the body, then a broken connection', async () => {
    const body = randomBytes(64_000);
    const upstream = await startUpstream((_seen, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length });
      res.end(body);
    });
    await withProxy(upstream, { faults: { resetRate: 1 } }, async (proxy) => {
      const outcome = await exchange(`${proxy.url}/v1/sync/visits/pull`);
      expect(outcome.status).toBe(200);
      expect(outcome.error).toBeDefined();
      expect(outcome.body.length).toBeGreaterThan(0);
      expect(outcome.body.length).toBeLessThan(body.length);
      expect(outcome.body.equals(body.subarray(0, outcome.body.length))).toBe(true);
      expect(upstream.seen).toHaveLength(1);
      expect(proxy.stats.faults.reset).toBe(1);
    });
  });

  it('delay: forwarding waits at least the drawn delay', async () => {
    const upstream = await startUpstream(counted());
    await withProxy(upstream, { faults: { delayMs: [300, 300] } }, async (proxy) => {
      const started = performance.now();
      const answer = await send(`${proxy.url}/health`);
      expect(performance.now() - started).toBeGreaterThanOrEqual(290);
      expect(answer.status).toBe(200);
    });
  });

  it('draws the same faults for the same seed, so a failing run can be replayed', async () => {
    const run = async (seed: number) => {
      const upstream = await startUpstream(counted());
      const faults = { dropBeforeRate: 0.2, dropAfterRate: 0.2, duplicateRate: 0.2, error500Rate: 0.2 };
      const outcomes: (number | 'lost')[] = [];
      let faultCounts = {};
      await withProxy(upstream, { faults, seed }, async (proxy) => {
        expect(proxy.seed).toBe(seed);
        for (let i = 0; i < 24; i++) {
          const outcome = await exchange(`${proxy.url}/v1/sync/visits/push`, { method: 'POST', body: `${i}` });
          outcomes.push(outcome.status ?? 'lost');
        }
        faultCounts = { ...proxy.stats.faults };
      });
      return { outcomes, faultCounts, serverSaw: upstream.seen.map((seen) => seen.body.toString()) };
    };
    const first = await run(20260101);
    expect(await run(20260101)).toEqual(first);
    expect(new Set(first.outcomes).size).toBe(3);
  });
});

describe('fault proxy event streams', () => {
  it('relays events one by one while the server keeps the stream open, untouched by faults', async () => {
    let stream: ServerResponse | undefined;
    const upstream = await startUpstream((seen, res) => {
      if (seen.url !== '/v1/sync/stream') return json(res, 200, { ok: true });
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
      res.write('retry: 2000\n\nevent: resync\ndata: RESYNC\n\n');
      stream = res;
    });
    await withProxy(upstream, { faults: { error500Rate: 1 } }, async (proxy) => {
      const events = await openStream(`${proxy.url}/v1/sync/stream`);
      expect(events.status).toBe(200);
      expect(await events.next()).toBe('retry: 2000\n\n');
      expect(await events.next()).toBe('event: resync\ndata: RESYNC\n\n');
      stream!.write('event: resync\ndata: second\n\n');
      expect(await events.next()).toBe('event: resync\ndata: second\n\n');
      expect(stream!.writableEnded).toBe(false);
      // The same fault does hit an ordinary request.
      expect((await send(`${proxy.url}/v1/sync/visits/pull`)).status).toBe(500);

      stream!.end('event: resync\ndata: last\n\n');
      expect(await events.next()).toBe('event: resync\ndata: last\n\n');
      await events.ended;
      expect(proxy.stats.streams).toBe(1);
      expect(proxy.stats.faults.error500).toBe(1);
    });
  });

  it('faultStreams: a faulted stream is closed after the drawn time, and the server sees it close', async () => {
    const upstream = await startUpstream((_seen, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('event: resync\ndata: RESYNC\n\n');
    });
    const faults = { dropBeforeRate: 1, faultStreams: true, streamCloseAfterMs: [200, 200] as const };
    await withProxy(upstream, { faults }, async (proxy) => {
      const started = performance.now();
      const events = await openStream(`${proxy.url}/v1/sync/stream`);
      expect(await events.next()).toBe('event: resync\ndata: RESYNC\n\n');
      await events.ended;
      expect(performance.now() - started).toBeGreaterThanOrEqual(190);
      await upstream.seen[0]!.closed;
      expect(proxy.stats.faults).toMatchObject({ streamClose: 1, dropBefore: 0 });
    });
  });
});

describe('fault proxy throttling', () => {
  it('paces a 250 kB download at 125000 B/s: at least ~1.8 s, every byte intact', async () => {
    const body = randomBytes(250_000);
    const upstream = await startUpstream((_seen, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length });
      res.end(body);
    });
    await withProxy(upstream, { faults: { bytesPerSecond: 125_000 } }, async (proxy) => {
      const started = performance.now();
      const answer = await send(`${proxy.url}/v1/sync/visits/pull`);
      expect(performance.now() - started).toBeGreaterThanOrEqual(1800);
      expect(answer.body.equals(body)).toBe(true);
    });
  });

  it('paces a 250 kB upload at 125000 B/s: at least ~1.8 s, every byte intact', async () => {
    const body = randomBytes(250_000);
    const upstream = await startUpstream((_seen, res) => json(res, 200, { ok: true }));
    await withProxy(upstream, { faults: { bytesPerSecond: 125_000 } }, async (proxy) => {
      const started = performance.now();
      await send(`${proxy.url}/v1/sync/visits/push`, { method: 'POST', body });
      expect(performance.now() - started).toBeGreaterThanOrEqual(1800);
      expect(upstream.seen[0]!.body.equals(body)).toBe(true);
    });
  });

  it('adds the latency in each direction: a round trip takes at least 2 × latencyMs', async () => {
    const upstream = await startUpstream(counted());
    await withProxy(upstream, { faults: { latencyMs: 150 } }, async (proxy) => {
      const started = performance.now();
      const answer = await send(`${proxy.url}/health`);
      expect(performance.now() - started).toBeGreaterThanOrEqual(295);
      expect(answer.status).toBe(200);
    });
  });
});

describe('fault proxy control', () => {
  it('setFaults changes the faults for the next requests, and refuses rates that cannot be', async () => {
    const upstream = await startUpstream(counted());
    await withProxy(upstream, { faults: { error500Rate: 1 } }, async (proxy) => {
      expect((await send(`${proxy.url}/health`)).status).toBe(500);
      proxy.setFaults({});
      expect((await send(`${proxy.url}/health`)).status).toBe(200);
      expect(() => proxy.setFaults({ dropBeforeRate: 0.7, dropAfterRate: 0.5 })).toThrow(RangeError);
      expect(() => proxy.setFaults({ delayMs: [50, 10] })).toThrow(RangeError);
      expect((await send(`${proxy.url}/health`)).status).toBe(200);
      expect(proxy.stats).toMatchObject({ requests: 3, forwarded: 2 });
    });
  });

  it('close ends open event streams, on both sides, and stops listening', async () => {
    const upstream = await startUpstream((_seen, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('event: resync\ndata: RESYNC\n\n');
    });
    const proxy = await startFaultProxy({ target: upstream.url });
    try {
      const events = await openStream(`${proxy.url}/v1/sync/stream`);
      expect(await events.next()).toBe('event: resync\ndata: RESYNC\n\n');
      await proxy.close();
      await events.ended;
      await upstream.seen[0]!.closed;
      const after = await exchange(`${proxy.url}/health`);
      expect(after.error).toMatchObject({ code: 'ECONNREFUSED' });
    } finally {
      await proxy.close();
      await upstream.close();
    }
  });
});

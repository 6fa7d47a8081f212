/**
 * The central server's HTTP API (Fastify): enrolment and tokens, and RxDB's replication protocol per synced
 * collection — pull, push and a live stream of RESYNC events. Every request but enrolment and the health check is
 * authenticated, every document is scoped to the device's team, and bad input gets a 4xx with a clear error body.
 * Requests are limited per client address (behind a reverse proxy, set `trustProxy` so the address is the caller's);
 * sign-in is also limited per user name, in PostgreSQL (auth.ts).
 */
import compress from '@fastify/compress';
import rateLimit from '@fastify/rate-limit';
import Fastify, {
  LogController,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
} from 'fastify';
import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import {
  addUserRequestSchema,
  enrolRequestSchema,
  pullRequestSchema,
  pushRequestSchema,
  refreshRequestSchema,
  SYNCED_COLLECTIONS,
  type SyncedCollection,
  type SyncErrorBody,
  type SyncErrorCode,
} from '../core/sync.ts';
import {
  addDeviceUser,
  authenticate,
  AuthError,
  confirmWiped,
  enrol,
  refresh,
  RefreshTokenReused,
  type Authenticated,
} from './auth.ts';
import type { Sql } from './sql.ts';
import { countDocuments, mayPull, parseNotice, pullFor, push, PushRefused, SYNC_CHANNEL } from './store.ts';
import { PERSON_PROOF_HEADER } from '../core/signing.ts';

export interface ServerOptions {
  readonly sql: Sql;
  /**
   * Requests per minute per client address. Generous: a whole office of laptops may share one address behind NAT;
   * sign-in has its own, much lower limits.
   */
  readonly rateLimitPerMinute?: number;
  /**
   * Sign-ins (`/v1/enrol`, `/v1/device/users`) per minute per client address: enough for an office behind one NAT
   * address enrolling its laptops on the first morning; guessing one person's password is stopped per user name.
   */
  readonly signInPerMinute?: number;
  /** Seconds between keep-alive comments on a live stream. */
  readonly keepAliveSeconds?: number;
  /** Fastify's logger: refused sign-ins, reused refresh tokens and 5xx answers are logged, never a secret. */
  readonly logger?: FastifyServerOptions['logger'];
  /**
   * Whom to believe about the caller's address (X-Forwarded-For), as Fastify's `trustProxy`: false (the default,
   * the socket's address), true, a hop count, or the proxies' addresses or CIDR ranges.
   */
  readonly trustProxy?: boolean | number | string | readonly string[];
  /** Serve HTTPS with this certificate and key (PEM), and send Strict-Transport-Security. */
  readonly https?: { readonly cert: string | Buffer; readonly key: string | Buffer };
  /** Live streams one device may hold open; a new one past it closes the device's oldest. */
  readonly maxStreamsPerDevice?: number;
}

/** HSTS for a year: once a laptop has spoken HTTPS to the server, it never falls back to plain HTTP. */
export const HSTS = 'max-age=31536000';

class HttpError extends Error {
  readonly status: number;
  readonly code: SyncErrorCode;
  readonly extra: Partial<SyncErrorBody['error']>;
  constructor(status: number, code: SyncErrorCode, message: string, extra: Partial<SyncErrorBody['error']> = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.extra = extra;
  }
}

const STATUS: Record<AuthError['code'], number> = {
  unauthenticated: 401,
  'token-expired': 401,
  'wrong-credentials': 401,
  'device-revoked': 403,
  'rate-limited': 429,
};

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new HttpError(400, 'bad-request', `Invalid request: ${issue?.path.join('.') || 'body'}: ${issue?.message}`, {
      path: issue?.path.join('.') ?? '',
    });
  }
  return result.data;
}

/** Shortest time between two RESYNC events to one team's laptops (see `resyncTeam`). */
const RESYNC_WINDOW_MS = 1000;

const collectionParam = z.object({ collection: z.enum(SYNCED_COLLECTIONS) });

/** PostgreSQL's error codes for text it cannot store: character_not_in_repertoire, untranslatable_character. */
const UNSTORABLE_TEXT = new Set(['22021', '22P05']);

/** No request of ours nests deeper than a dozen levels; past this, a body is refused before it is parsed. */
export const MAX_JSON_DEPTH = 64;

/** How deep the JSON text nests (brackets outside strings), in one pass, without parsing it. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) deepest = Math.max(deepest, ++depth);
    else if (c === 0x7d || c === 0x5d) depth--;
  }
  return deepest;
}

export async function buildServer({
  sql,
  rateLimitPerMinute = 6000,
  signInPerMinute = 30,
  keepAliveSeconds = 25,
  logger = false,
  trustProxy = false,
  https,
  maxStreamsPerDevice = 3,
}: ServerOptions): Promise<FastifyInstance> {
  // On shutdown every connection goes, live streams and keep-alive sockets alike; laptops reconnect by themselves.
  // Requests are not logged one by one (a busy team makes thousands): what matters is logged where it happens.
  const options = {
    logger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 8 * 1024 * 1024,
    trustProxy,
    forceCloseConnections: true,
    // Errors Fastify meets before any route (a broken %-escape in the address) get the same error body as the rest.
    frameworkErrors: (error: Error, _request: FastifyRequest, reply: FastifyReply) =>
      reply.status(400).send({
        error: { code: 'bad-request', message: `Invalid request: ${error.message}` },
      } satisfies SyncErrorBody),
    ...(https ? { https: { cert: https.cert, key: https.key } } : {}),
  };
  // Fastify types an HTTPS server apart; the routes are the same, so it is used as the plain instance type.
  const app = Fastify(options as FastifyServerOptions);
  const streams = new Map<string, Set<{ reply: ServerResponse; deviceId: string }>>();
  const endStreamsOf = (deviceId: string) => {
    for (const set of streams.values()) for (const s of set) if (s.deviceId === deviceId) s.reply.end();
  };
  // Thousands of levels of nesting would overflow the stack of whatever walks the value later (validation,
  // signatures, the serialiser): refused at the door, for every route at once.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = String(body);
    if (jsonDepth(text) > MAX_JSON_DEPTH) {
      done(new HttpError(400, 'bad-request', `The request nests deeper than ${MAX_JSON_DEPTH} levels.`), undefined);
      return;
    }
    parseJson(request, text, done);
  });
  if (https) app.addHook('onSend', async (_request, reply) => void reply.header('strict-transport-security', HSTS));

  app.setErrorHandler((error, request, reply) => {
    const send = (status: number, code: SyncErrorCode, message: string, extra: object = {}) =>
      reply.status(status).send({ error: { code, message, ...extra } } satisfies SyncErrorBody);
    if (error instanceof HttpError) return send(error.status, error.code, error.message, error.extra);
    if (error instanceof AuthError) {
      if (error.retryAt) {
        reply.header('retry-after', Math.max(1, Math.ceil((error.retryAt.getTime() - Date.now()) / 1000)));
      }
      return send(
        STATUS[error.code],
        error.code,
        error.message,
        error.finalPush === undefined ? {} : { finalPush: error.finalPush },
      );
    }
    if (error instanceof PushRefused) {
      return send(
        { forbidden: 403, 'invalid-document': 422, 'waiting-for-record': 409 }[error.code],
        error.code,
        error.message,
        {
          documentId: error.documentId,
          ...(error.path === undefined ? {} : { path: error.path }),
        },
      );
    }
    // PostgreSQL refusing text it cannot hold (a NUL character, a broken character) is the input's fault, whichever
    // route let it through: the transaction rolled back, nothing was written.
    if (UNSTORABLE_TEXT.has(String((error as { code?: unknown }).code))) {
      return send(400, 'bad-request', 'The request holds text that cannot be stored (a NUL or broken character).');
    }
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    if (status === 413) return send(413, 'too-large', 'The request is too large.');
    if (status === 429) return send(429, 'rate-limited', 'Too many requests. Try again in a minute.');
    if (status >= 400 && status < 500) return send(status, 'bad-request', (error as Error).message);
    // What went wrong and where; never the headers (tokens) or the body (passwords, care records).
    const { name, message, stack } = error as Error;
    request.log.error(
      { err: { name, message, stack }, method: request.method, route: request.routeOptions.url ?? 'unknown' },
      'server error',
    );
    return send(500, 'server-error', 'Something went wrong on the server. Nothing was written.');
  });
  app.setNotFoundHandler((_request, reply) =>
    reply.status(404).send({ error: { code: 'not-found', message: 'No such address.' } } satisfies SyncErrorBody),
  );

  await app.register(compress, { global: true, threshold: 1024, encodings: ['gzip', 'identity'] });
  await app.register(rateLimit, {
    max: rateLimitPerMinute,
    timeWindow: 60_000,
    // The caller's address, never anything the caller writes into the request (a fresh header per guess).
    keyGenerator: (request) => request.ip,
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      error: { code: 'rate-limited', message: `Too many requests. Try again in ${Math.ceil(context.ttl / 1000)} s.` },
    }),
  });

  const bearer = (request: FastifyRequest) => {
    const header = request.headers.authorization;
    return header?.startsWith('Bearer ') ? header.slice(7) : undefined;
  };
  /** The device, refused when revoked unless this is its permitted last push. */
  const device = async (request: FastifyRequest, finalPushAllowed = false): Promise<Authenticated> => {
    const who = await authenticate(sql, bearer(request));
    if (who.revoked && !(finalPushAllowed && who.finalPush)) {
      throw new AuthError('device-revoked', 'This laptop’s access has been withdrawn.', who.finalPush);
    }
    return who;
  };

  app.get('/v1/health', async () => ({ ok: true }));

  /** Logs a refused sign-in: who tried and from where, never the password. */
  const signingIn = async <T>(request: FastifyRequest, username: string, work: Promise<T>): Promise<T> => {
    try {
      return await work;
    } catch (error) {
      if (error instanceof AuthError) {
        request.log.warn({ username, address: request.ip, reason: error.code, route: request.url }, 'sign-in refused');
      }
      throw error;
    }
  };

  const signInLimit = { config: { rateLimit: { max: signInPerMinute, timeWindow: 60_000 } } };
  app.post('/v1/enrol', signInLimit, async (request) => {
    const input = parse(enrolRequestSchema, request.body);
    return signingIn(request, input.username, enrol(sql, input));
  });
  app.post('/v1/token', { config: { rateLimit: { max: 30, timeWindow: 60_000 } } }, async (request) => {
    try {
      return await refresh(sql, parse(refreshRequestSchema, request.body).refreshToken);
    } catch (error) {
      if (error instanceof RefreshTokenReused) {
        request.log.warn({ deviceId: error.deviceId, address: request.ip }, 'spent refresh token reused: tokens ended');
      }
      throw error;
    }
  });
  app.get('/v1/device', async (request) => {
    const who = await authenticate(sql, bearer(request));
    return {
      deviceId: who.deviceId,
      userId: who.userId,
      teamId: who.teamId,
      revoked: who.revoked,
      finalPush: who.finalPush,
    };
  });
  app.post('/v1/device/users', signInLimit, async (request) => {
    const who = await device(request);
    const input = parse(addUserRequestSchema, request.body);
    return signingIn(request, input.username, addDeviceUser(sql, who, input));
  });
  app.post('/v1/device/wiped', async (request) => {
    const who = await authenticate(sql, bearer(request));
    if (!who.revoked) throw new HttpError(409, 'bad-request', 'This laptop has not been revoked.');
    await confirmWiped(sql, who.deviceId);
    endStreamsOf(who.deviceId);
    return { ok: true };
  });

  // What a first sync will bring, for its progress bar.
  // The team's staff, so a supervisor's laptop can name colleagues who never signed in on it.
  app.post('/v1/team/staff', async (request) => {
    const who = await device(request);
    // Former staff too: their names stand in the access log and on decisions for years.
    return sql.query<{ id: string; displayName: string; role: string; disabled: boolean }>(
      `SELECT id, display_name AS "displayName", role, disabled_at IS NOT NULL AS disabled FROM users
       WHERE team_id = $1 ORDER BY display_name`,
      [who.teamId],
    );
  });

  app.post('/v1/sync/counts', async (request) => {
    const who = await device(request);
    const counts = await countDocuments(sql, who.teamId);
    return mayPull(who, 'access') ? counts : { ...counts, access: 0 };
  });

  // The record rules (who may read and write what, which records are valid) live in records.ts and store.ts.
  app.post('/v1/sync/:collection/pull', async (request) => {
    const who = await device(request);
    const { collection } = parse(collectionParam, request.params);
    const { checkpoint, batchSize } = parse(pullRequestSchema, request.body);
    return pullFor(sql, who, collection, checkpoint, batchSize, request.headers[PERSON_PROOF_HEADER]);
  });

  app.post('/v1/sync/:collection/push', async (request) => {
    const who = await device(request, true);
    const { collection } = parse(collectionParam, request.params);
    const { rows } = parse(pushRequestSchema, request.body);
    return push(sql, who, collection, rows);
  });

  // Server-sent events: RESYNC whenever the team's documents change, and once at the start of every connection.
  // No HEAD twin: a hijacked stream answering HEAD would never end, and its connection would hang on the next request.
  app.get(
    '/v1/sync/stream',
    { compress: false, exposeHeadRoute: false },
    async (request: FastifyRequest, reply: FastifyReply) => {
      const who = await device(request);
      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        ...(https ? { 'strict-transport-security': HSTS } : {}),
      });
      raw.write('retry: 2000\n\nevent: resync\ndata: RESYNC\n\n');
      const entry = { reply: raw, deviceId: who.deviceId };
      const set = streams.get(who.teamId) ?? new Set();
      // A laptop needs one stream; more are leftovers of connections it gave up on (a dead link the server has not
      // noticed yet). Closing the oldest, not refusing the newest, keeps a laptop with such leftovers live.
      const own = [...set].filter((s) => s.deviceId === who.deviceId && !s.reply.writableEnded);
      for (const old of own.slice(0, Math.max(0, own.length - maxStreamsPerDevice + 1))) {
        old.reply.end();
        set.delete(old);
      }
      set.add(entry);
      streams.set(who.teamId, set);
      const keepAlive = setInterval(() => raw.write(': keep-alive\n\n'), keepAliveSeconds * 1000);
      request.raw.on('close', () => {
        clearInterval(keepAlive);
        set.delete(entry);
      });
    },
  );

  /** Tells laptops to pull: a team's, or every one; one collection (the event's data), or all (`RESYNC`). */
  const resync = (teamId?: string, collection?: SyncedCollection) => {
    const targets = teamId ? [streams.get(teamId) ?? new Set()] : [...streams.values()];
    const event = `event: resync\ndata: ${collection ?? 'RESYNC'}\n\n`;
    for (const set of targets) for (const { reply } of set) if (!reply.writableEnded) reply.write(event);
  };
  // A team's burst of pushes (everyone back online after a storm) would send each of its laptops a RESYNC per push,
  // and each RESYNC costs a pull. The first change of a team's collection is told at once; further changes within
  // RESYNC_WINDOW_MS are told once, at the window's end. A laptop pulls from its checkpoint, so it misses nothing.
  const throttled = new Map<string, { timer: NodeJS.Timeout; again: boolean }>();
  let closing = false;
  const resyncSoon = (teamId: string, collection: SyncedCollection | undefined) => {
    if (closing) return;
    const key = `${collection ?? '*'} ${teamId}`;
    const window = throttled.get(key);
    if (window) {
      window.again = true;
      return;
    }
    resync(teamId, collection);
    const next = {
      again: false,
      timer: setTimeout(() => {
        throttled.delete(key);
        if (next.again) resyncSoon(teamId, collection);
      }, RESYNC_WINDOW_MS),
    };
    throttled.set(key, next);
  };
  const unlisten = await sql.listen(
    SYNC_CHANNEL,
    (payload) => {
      const notice = parseNotice(payload);
      if (notice.kind === 'revoked') endStreamsOf(notice.deviceId);
      else resyncSoon(notice.teamId, notice.collection);
    },
    // The notification connection was lost and is back: anything may have changed meanwhile.
    () => resync(),
  );
  // Live streams never end by themselves: end them before the server waits for open connections to finish.
  app.addHook('preClose', async () => {
    closing = true;
    for (const { timer } of throttled.values()) clearTimeout(timer);
    throttled.clear();
    for (const set of streams.values()) for (const { reply } of set) reply.end();
  });
  app.addHook('onClose', async () => {
    await unlisten();
  });
  return app;
}

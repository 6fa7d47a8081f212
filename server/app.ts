/**
 * The central server's HTTP API (Fastify): enrolment and tokens, and RxDB's replication protocol per synced
 * collection — pull, push and a live stream of RESYNC events. Every request but enrolment and the health check is
 * authenticated, every document is scoped to the device's team, and bad input gets a 4xx with a clear error body.
 */
import compress from '@fastify/compress';
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { ServerResponse } from 'node:http';
import { z } from 'zod';
import {
  addUserRequestSchema,
  enrolRequestSchema,
  pullRequestSchema,
  pushRequestSchema,
  refreshRequestSchema,
  SYNCED_COLLECTIONS,
  syncedRecordSchemas,
  type SyncedCollection,
  type SyncErrorBody,
  type SyncErrorCode,
  type WireDocument,
} from '../core/sync.ts';
import { addDeviceUser, authenticate, AuthError, confirmWiped, enrol, refresh, type Authenticated } from './auth.ts';
import type { Sql } from './sql.ts';
import { countDocuments, mayPull, parseNotice, pull, push, PushRefused, SYNC_CHANNEL } from './store.ts';

export interface ServerOptions {
  readonly sql: Sql;
  /** Requests per minute per device (or per address before sign-in). */
  readonly rateLimitPerMinute?: number;
  /** Seconds between keep-alive comments on a live stream. */
  readonly keepAliveSeconds?: number;
  readonly logger?: boolean;
}

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

/** JSON PostgreSQL's jsonb cannot hold: NUL characters and lone surrogates. */
function findUnstorableString(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') || !value.isWellFormed() ? path : undefined;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findUnstorableString(item, `${path}.${index}`);
      if (found !== undefined) return found;
    }
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = findUnstorableString(key, path) ?? findUnstorableString(item, path ? `${path}.${key}` : key);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

function validateDocument(collection: SyncedCollection, doc: WireDocument): void {
  const unstorable = findUnstorableString(doc, '');
  if (unstorable !== undefined) {
    throw new HttpError(422, 'invalid-document', 'Text with a NUL character or a broken character cannot be stored.', {
      documentId: String(doc.id),
      path: unstorable,
    });
  }
  if (doc._deleted) return; // a tombstone carries the last state; authorise() decides whether it may be written
  const result = syncedRecordSchemas[collection].safeParse(doc);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new HttpError(
      422,
      'invalid-document',
      `Invalid ${collection} document: ${issue?.path.join('.')}: ${issue?.message}`,
      {
        documentId: String(doc.id),
        path: issue?.path.join('.') ?? '',
      },
    );
  }
}

/** Shortest time between two RESYNC events to one team's laptops (see `resyncTeam`). */
const RESYNC_WINDOW_MS = 1000;

const collectionParam = z.object({ collection: z.enum(SYNCED_COLLECTIONS) });

export async function buildServer({
  sql,
  rateLimitPerMinute = 1200,
  keepAliveSeconds = 25,
  logger = false,
}: ServerOptions): Promise<FastifyInstance> {
  // On shutdown every connection goes, live streams and keep-alive sockets alike; laptops reconnect by themselves.
  const app = Fastify({ logger, bodyLimit: 8 * 1024 * 1024, trustProxy: false, forceCloseConnections: true });
  const streams = new Map<string, Set<{ reply: ServerResponse; deviceId: string }>>();
  const endStreamsOf = (deviceId: string) => {
    for (const set of streams.values()) for (const s of set) if (s.deviceId === deviceId) s.reply.end();
  };

  app.setErrorHandler((error, _request, reply) => {
    const send = (status: number, code: SyncErrorCode, message: string, extra: object = {}) =>
      reply.status(status).send({ error: { code, message, ...extra } } satisfies SyncErrorBody);
    if (error instanceof HttpError) return send(error.status, error.code, error.message, error.extra);
    if (error instanceof AuthError) {
      return send(
        STATUS[error.code],
        error.code,
        error.message,
        error.finalPush === undefined ? {} : { finalPush: error.finalPush },
      );
    }
    if (error instanceof PushRefused) {
      return send(error.code === 'forbidden' ? 403 : 422, error.code, error.message, { documentId: error.documentId });
    }
    const status = (error as { statusCode?: number }).statusCode ?? 500;
    if (status === 413) return send(413, 'too-large', 'The request is too large.');
    if (status === 429) return send(429, 'rate-limited', 'Too many requests. Try again in a minute.');
    if (status >= 400 && status < 500) return send(status, 'bad-request', (error as Error).message);
    app.log.error(error);
    return send(500, 'server-error', 'Something went wrong on the server. Nothing was written.');
  });
  app.setNotFoundHandler((_request, reply) =>
    reply.status(404).send({ error: { code: 'not-found', message: 'No such address.' } } satisfies SyncErrorBody),
  );

  await app.register(compress, { global: true, threshold: 1024, encodings: ['gzip', 'identity'] });
  await app.register(rateLimit, {
    max: rateLimitPerMinute,
    timeWindow: 60_000,
    keyGenerator: (request) => request.headers.authorization?.slice(-16) ?? request.ip,
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

  app.post('/v1/enrol', { config: { rateLimit: { max: 10, timeWindow: 60_000 } } }, async (request) =>
    enrol(sql, parse(enrolRequestSchema, request.body)),
  );
  app.post('/v1/token', { config: { rateLimit: { max: 30, timeWindow: 60_000 } } }, async (request) =>
    refresh(sql, parse(refreshRequestSchema, request.body).refreshToken),
  );
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
  app.post('/v1/device/users', { config: { rateLimit: { max: 10, timeWindow: 60_000 } } }, async (request) => {
    const who = await device(request);
    const { username, password } = parse(addUserRequestSchema, request.body);
    return addDeviceUser(sql, who, username, password);
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

  app.post('/v1/sync/:collection/pull', async (request) => {
    const who = await device(request);
    const { collection } = parse(collectionParam, request.params);
    const { checkpoint, batchSize } = parse(pullRequestSchema, request.body);
    // A laptop only workers use gets no access log: it stays where it was, and starts when a supervisor signs in.
    if (!mayPull(who, collection)) return { documents: [], checkpoint: checkpoint ?? null };
    return pull(sql, who.teamId, collection, checkpoint, batchSize);
  });

  app.post('/v1/sync/:collection/push', async (request) => {
    const who = await device(request, true);
    const { collection } = parse(collectionParam, request.params);
    const { rows } = parse(pushRequestSchema, request.body);
    for (const row of rows) validateDocument(collection, row.newDocumentState as WireDocument);
    return push(sql, who, collection, rows as Parameters<typeof push>[3]);
  });

  // Server-sent events: RESYNC whenever the team's documents change, and once at the start of every connection.
  app.get('/v1/sync/stream', { compress: false }, async (request: FastifyRequest, reply: FastifyReply) => {
    const who = await device(request);
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    raw.write('retry: 2000\n\nevent: resync\ndata: RESYNC\n\n');
    const entry = { reply: raw, deviceId: who.deviceId };
    const set = streams.get(who.teamId) ?? new Set();
    set.add(entry);
    streams.set(who.teamId, set);
    const keepAlive = setInterval(() => raw.write(': keep-alive\n\n'), keepAliveSeconds * 1000);
    request.raw.on('close', () => {
      clearInterval(keepAlive);
      set.delete(entry);
    });
  });

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

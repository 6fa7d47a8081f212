/**
 * Messages between the UI and the backend, over a MessagePort (Electron) or a WebSocket (browser host).
 * The UI sends calls and watches; the backend answers each with a result, pushes a new result to a watch whenever
 * its answer changes, and tells the UI who is signed in (null while locked).
 */
import { z } from 'zod';
import type { Result, SessionInfo } from './api.ts';

export const clientMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('call'), id: z.number().int(), name: z.string().max(64), input: z.unknown() }),
  z.object({ type: z.literal('watch'), id: z.number().int(), name: z.string().max(64), input: z.unknown() }),
  z.object({ type: z.literal('unwatch'), id: z.number().int() }),
  /** The user did something: keeps the session from locking. */
  z.object({ type: z.literal('activity') }),
]);
export type ClientMessage = z.infer<typeof clientMessageSchema>;

export type BackendMessage =
  | { type: 'result'; id: number; result: Result<unknown> }
  | { type: 'update'; id: number; result: Result<unknown> }
  | { type: 'session'; session: SessionInfo | null }
  | { type: 'error'; message: string };

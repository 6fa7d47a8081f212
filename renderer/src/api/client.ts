/**
 * The renderer's one way to the backend: typed calls and live watches over the backend's message protocol.
 * In Electron the preload hands over a MessagePort; in the browser host it is a WebSocket with this launch's token.
 */
import type { AuthCallName, CallInput, CallName, CallOutput, Result, SessionInfo } from '../../../core/api.ts';
import type { BackendMessage, ClientMessage } from '../../../core/wire.ts';

type AnyCall = CallName | AuthCallName;

export interface Channel {
  send(message: ClientMessage): void;
  onMessage(listener: (message: BackendMessage) => void): void;
  onStatus(listener: (connected: boolean) => void): void;
}

export class ApiClient {
  private nextId = 1;
  private readonly pending = new Map<number, (result: Result<unknown>) => void>();
  private readonly watches = new Map<number, (result: Result<unknown>) => void>();
  private readonly sessionListeners = new Set<(session: SessionInfo | null | undefined) => void>();
  private readonly statusListeners = new Set<(connected: boolean) => void>();
  /** Who is signed in: undefined until the backend has said (so no screen shows before it is known). */
  session: SessionInfo | null | undefined = undefined;
  connected = false;

  private readonly channel: Channel;

  constructor(channel: Channel) {
    this.channel = channel;
    channel.onStatus((connected) => {
      this.connected = connected;
      if (!connected) {
        this.session = undefined;
        for (const listener of this.sessionListeners) listener(undefined);
        for (const resolve of this.pending.values()) {
          resolve({ ok: false, error: { code: 'disconnected', message: 'No contact with the backend.' } });
        }
        this.pending.clear();
      }
      for (const listener of this.statusListeners) listener(connected);
    });
    channel.onMessage((message) => {
      if (message.type === 'result') {
        const resolve = this.pending.get(message.id);
        this.pending.delete(message.id);
        if (resolve) resolve(message.result);
        else this.watches.get(message.id)?.(message.result);
      } else if (message.type === 'update') {
        this.watches.get(message.id)?.(message.result);
      } else if (message.type === 'session') {
        this.session = message.session;
        for (const listener of this.sessionListeners) listener(message.session);
      }
    });
  }

  call<K extends AnyCall>(name: K, input: CallInput<K>): Promise<Result<CallOutput<K>>> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve as (result: Result<unknown>) => void);
      this.channel.send({ type: 'call', id, name, input });
    });
  }

  /** Calls `listener` with the answer now and again whenever it changes; returns a function that stops it. */
  watch<K extends CallName | 'sync.status'>(
    name: K,
    input: CallInput<K>,
    listener: (result: Result<CallOutput<K>>) => void,
  ): () => void {
    const id = this.nextId++;
    this.watches.set(id, listener as (result: Result<unknown>) => void);
    this.channel.send({ type: 'watch', id, name, input });
    return () => {
      this.watches.delete(id);
      this.channel.send({ type: 'unwatch', id });
    };
  }

  /** The user did something: keeps the session from locking. */
  activity(): void {
    this.channel.send({ type: 'activity' });
  }

  onSession(listener: (session: SessionInfo | null | undefined) => void): () => void {
    this.sessionListeners.add(listener);
    return () => this.sessionListeners.delete(listener);
  }

  onStatus(listener: (connected: boolean) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }
}

/** The browser host's channel: a WebSocket to /api with the token from the page's address, reconnecting. */
export function webSocketChannel(token: string, location: Location = window.location): Channel {
  const messageListeners: ((message: BackendMessage) => void)[] = [];
  const statusListeners: ((connected: boolean) => void)[] = [];
  const queue: ClientMessage[] = [];
  let socket: WebSocket | undefined;
  let retry = 500;

  const connect = () => {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    socket = new WebSocket(`${scheme}://${location.host}/api?token=${encodeURIComponent(token)}`);
    socket.onopen = () => {
      retry = 500;
      for (const listener of statusListeners) listener(true);
      for (const message of queue.splice(0)) socket?.send(JSON.stringify(message));
    };
    socket.onmessage = (event) => {
      const message = JSON.parse(String(event.data)) as BackendMessage;
      for (const listener of messageListeners) listener(message);
    };
    socket.onclose = () => {
      for (const listener of statusListeners) listener(false);
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 10_000);
    };
  };
  connect();

  return {
    send(message) {
      if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
      else queue.push(message);
    },
    onMessage: (listener) => void messageListeners.push(listener),
    onStatus: (listener) => void statusListeners.push(listener),
  };
}

/** The desktop app's channel: the MessagePort to the backend that the preload hands to the page. */
export function messagePortChannel(): Channel {
  const messageListeners: ((message: BackendMessage) => void)[] = [];
  const statusListeners: ((connected: boolean) => void)[] = [];
  const queue: ClientMessage[] = [];
  let port: MessagePort | undefined;
  window.addEventListener('message', (event) => {
    if (event.source !== window || (event.data as { type?: string })?.type !== 'hemtrygg-backend-port') return;
    port = event.ports[0];
    if (!port) return;
    port.onmessage = (message) => {
      for (const listener of messageListeners) listener(message.data as BackendMessage);
    };
    for (const listener of statusListeners) listener(true);
    for (const message of queue.splice(0)) port.postMessage(message);
  });
  return {
    send(message) {
      if (port) port.postMessage(message);
      else queue.push(message);
    },
    onMessage: (listener) => void messageListeners.push(listener),
    onStatus: (listener) => void statusListeners.push(listener),
  };
}

import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { SyncStatus } from '../../../core/sync.ts';
import type { CallInput, CallName, CallOutput, Result, SessionInfo } from '../../../core/api.ts';
import type { ApiClient } from './client.ts';

const ApiContext = createContext<ApiClient | undefined>(undefined);

export function ApiProvider({ client, children }: { client: ApiClient; children: ReactNode }) {
  return <ApiContext.Provider value={client}>{children}</ApiContext.Provider>;
}

export function useApi(): ApiClient {
  const client = useContext(ApiContext);
  if (!client) throw new Error('useApi outside ApiProvider');
  return client;
}

/** Who is signed in; undefined until the backend has said. */
export function useSession(): SessionInfo | null | undefined {
  const api = useApi();
  const [session, setSession] = useState(api.session);
  useEffect(() => {
    // The session may have changed between the first render and this subscription.
    setSession(api.session);
    return api.onSession(setSession);
  }, [api]);
  return session;
}

export function useConnected(): boolean {
  const api = useApi();
  const [connected, setConnected] = useState(api.connected);
  useEffect(() => {
    // The socket may have opened between the first render and this subscription.
    setConnected(api.connected);
    return api.onStatus(setConnected);
  }, [api]);
  return connected;
}

/** The live answer to a call: undefined until the first one arrives, then pushed again on every change. */
export function useWatch<K extends CallName>(name: K, input: CallInput<K>): Result<CallOutput<K>> | undefined {
  const api = useApi();
  const connected = useConnected();
  const session = useSession();
  const [result, setResult] = useState<Result<CallOutput<K>>>();
  const key = JSON.stringify(input);
  useEffect(() => {
    // A new connection or a new sign-in starts with no watches on the backend's side: watch again.
    if (!connected || !session) return;
    return api.watch(name, JSON.parse(key) as CallInput<K>, setResult);
  }, [api, name, key, connected, session]);
  return result;
}

/** The sync status, live, signed in or not (a lock ends every watch, so it is watched again after one). */
export function useSyncStatus(): SyncStatus | undefined {
  const api = useApi();
  const connected = useConnected();
  const session = useSession();
  const [status, setStatus] = useState<SyncStatus>();
  useEffect(() => {
    if (!connected) return;
    return api.watch('sync.status', {}, (result) => {
      if (result.ok) setStatus(result.value);
    });
  }, [api, connected, session]);
  return status;
}

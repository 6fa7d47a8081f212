/**
 * The sync calls of the API: the status the app shows, connecting this laptop to the central server (or signing it in
 * online again), a colleague signing in online on it, the records the server refused and sending them again, and the
 * wipe after revocation. Server errors come back as codes the UI translates.
 */
import { ApiFailure, type AuthHandlers, type Handlers } from '../../core/api.ts';
import type { Session } from '../session.ts';
import { SyncHttpError, UnsafeServerUrlError, type SyncClient } from '../sync/client.ts';

type SyncAuthHandlers = Pick<AuthHandlers<undefined>, 'sync.status' | 'sync.connect' | 'sync.addColleague'>;

const unavailable = () => new ApiFailure('sync-unavailable', 'This app was started without a central server.');

/** Turns what the server or the network said into an answer the UI can word. */
async function answered<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof UnsafeServerUrlError) {
      throw new ApiFailure('invalid-input', error.message, [
        { path: 'serverUrl', message: 'validation.serverUrlHttps' },
      ]);
    }
    if (error instanceof SyncHttpError) {
      const code = error.status === 0 ? 'sync-offline' : `sync-${error.code}`;
      throw new ApiFailure(code, error.message);
    }
    throw error;
  }
}

export function syncAuthHandlers(sync: SyncClient | undefined): SyncAuthHandlers {
  return {
    'sync.status': async () => sync?.status ?? { state: 'unavailable', pending: 0 },
    // An empty laptop connects; one whose sign-in the server ended (signed out) signs in online again the same way.
    'sync.connect': async ({ serverUrl, username, password, deviceName, pin }) => {
      if (!sync) throw unavailable();
      if (sync.status.state !== 'not-enrolled' && sync.status.state !== 'signed-out') {
        throw new ApiFailure('sync-already-connected', 'Already connected.');
      }
      await answered(sync.enrol(serverUrl, username, password, deviceName, pin));
      return sync.status;
    },
    'sync.addColleague': async ({ username, password, pin }) => {
      if (!sync) throw unavailable();
      const user = await answered(sync.addColleague(username, password, pin));
      return { id: user.id, displayName: user.displayName, role: user.role };
    },
  };
}

export function syncHandlers(
  sync: SyncClient | undefined,
): Pick<Handlers<Session>, 'sync.wipe' | 'sync.refused' | 'sync.retryRefused'> {
  return {
    'sync.refused': async () => (sync ? sync.refused() : []),
    'sync.retryRefused': async () => {
      if (!sync) throw unavailable();
      return answered(sync.retryRefused());
    },
    'sync.wipe': async () => {
      if (!sync) throw unavailable();
      if (sync.status.state !== 'revoked') throw new ApiFailure('forbidden', 'Only a revoked laptop is wiped.');
      await sync.wipe();
      return null;
    },
  };
}

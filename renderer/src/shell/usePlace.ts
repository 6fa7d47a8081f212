/**
 * The screen a person is on, kept across reloads: written into the address (`#screen=client:…`, beside the browser
 * host's `#token=…`, which is read and removed before the app starts) and, with whose screen it is, into this tab's
 * sessionStorage. After a lock the same person comes back to where they were; anyone else starts on their day.
 */
import { useCallback, useEffect, useState } from 'react';
import type { SessionInfo } from '../../../core/api.ts';
import type { Role } from '../../../core/users.ts';
import { allowed, home, parseScreen, serialiseScreen, type Screen } from './routes.ts';

const PLACE = 'hemtrygg.place';

/** The address fragment's `key=value` parts, as written (a bare `#main` from the skip link is not one). */
function hashParts(): string[] {
  return window.location.hash
    .slice(1)
    .split('&')
    .filter((part) => /^[^=]+=./.test(part));
}

/** The screen in the address, as `serialiseScreen` wrote it (its ids are encoded already, so kept as they are). */
const screenInHash = (): string | undefined =>
  hashParts()
    .find((part) => part.startsWith('screen='))
    ?.slice('screen='.length);

function writeHash(screen: string | undefined): void {
  const parts = hashParts().filter((part) => !part.startsWith('screen='));
  if (screen !== undefined) parts.push(`screen=${screen}`);
  const hash = parts.join('&');
  // Replace, not push: the address follows the screen without making browser history of it.
  history.replaceState(
    history.state,
    '',
    `${window.location.pathname}${window.location.search}${hash ? `#${hash}` : ''}`,
  );
}

interface Place {
  readonly user: string;
  readonly screen: string;
}

function readPlace(): Place | undefined {
  try {
    const place = JSON.parse(sessionStorage.getItem(PLACE) ?? 'null') as Partial<Place> | null;
    return typeof place?.user === 'string' && typeof place.screen === 'string'
      ? { user: place.user, screen: place.screen }
      : undefined;
  } catch {
    return undefined;
  }
}

/** Where this person should be on signing in or reloading: where they were, if they may be there, else home. */
export function placeFor(user: string, role: Role): Screen {
  const place = readPlace();
  if (place?.user !== user) return home(role);
  const screen = parseScreen(screenInHash() ?? place.screen);
  return screen && allowed(role, screen) ? screen : home(role);
}

export function usePlace(session: SessionInfo | null | undefined): readonly [Screen | undefined, (s: Screen) => void] {
  const [screen, setScreen] = useState<Screen>();
  const user = session?.userId;
  const role = session?.role;
  const signedOut = session === null;

  useEffect(() => {
    // Undefined: not known yet, or the backend is out of reach for a moment; what is shown stays.
    if (user && role) setScreen(placeFor(user, role));
    else if (signedOut) {
      setScreen(undefined);
      // The locked screen's address says nothing of what was open; sessionStorage remembers it for the same person.
      writeHash(undefined);
    }
  }, [user, role, signedOut]);

  useEffect(() => {
    if (!screen || !user) return;
    const text = serialiseScreen(screen);
    writeHash(text);
    sessionStorage.setItem(PLACE, JSON.stringify({ user, screen: text } satisfies Place));
  }, [screen, user]);

  const go = useCallback((next: Screen) => setScreen(next), []);
  return [screen, go] as const;
}

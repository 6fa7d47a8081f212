/**
 * Where a person can be in the app: the screens, how a screen is written into the address (so a reload comes back to
 * it), and the menu each role sees, grouped by what the person does.
 */
import type { TodayEntry } from '../../../core/api.ts';
import type { Role } from '../../../core/users.ts';

export type Screen =
  | { name: 'today' }
  /** `entry` is at hand when coming from the day's list; after a reload it is looked up by the ids. */
  | { name: 'log'; plannedVisitId: string; date: string; entry?: TodayEntry }
  | { name: 'clients' }
  | { name: 'client'; id: string }
  | { name: 'sync' }
  | { name: 'inbox' }
  | { name: 'review'; visitId: string }
  | { name: 'conflict'; id: string }
  | { name: 'dashboard' }
  | { name: 'access' }
  | { name: 'wellbeing'; clientId: string; from: 'client' | 'loneliness' }
  | { name: 'loneliness' }
  | { name: 'preparedness' }
  | { name: 'clientPreparedness'; clientId: string; from: 'client' | 'preparedness' }
  | { name: 'drills' }
  | { name: 'drill'; drillId: string };

export type ScreenName = Screen['name'];
export type MenuEntry =
  'today' | 'clients' | 'preparedness' | 'drills' | 'inbox' | 'dashboard' | 'loneliness' | 'access';
export type MenuGroup = 'day' | 'clients' | 'preparedness' | 'drills' | 'review' | 'followUp' | 'admin';

/** The side bar's groups in order; each entry's shortcut is Alt and its place in this list (the same for everyone). */
export const GROUPS: readonly { readonly group: MenuGroup; readonly entries: readonly MenuEntry[] }[] = [
  { group: 'day', entries: ['today'] },
  { group: 'clients', entries: ['clients'] },
  { group: 'preparedness', entries: ['preparedness'] },
  { group: 'drills', entries: ['drills'] },
  { group: 'review', entries: ['inbox'] },
  { group: 'followUp', entries: ['dashboard', 'loneliness'] },
  { group: 'admin', entries: ['access'] },
];

/** Alt+1 … Alt+8: the digit of each menu entry. */
export const SHORTCUT_DIGIT: Readonly<Record<MenuEntry, number>> = {
  today: 1,
  clients: 2,
  preparedness: 3,
  drills: 4,
  inbox: 5,
  dashboard: 6,
  loneliness: 7,
  access: 8,
};

/** The screens each role's menu offers (the backend refuses the calls behind the others). */
export const MENU: Readonly<Record<Role, readonly MenuEntry[]>> = {
  worker: ['today', 'clients', 'preparedness', 'drills'],
  supervisor: ['today', 'clients', 'preparedness', 'drills', 'inbox', 'dashboard', 'loneliness', 'access'],
  admin: ['clients', 'access'],
};

/** Which menu entry a screen belongs to (marked as the current page). */
export const SECTION: Readonly<Record<ScreenName, MenuEntry | 'sync'>> = {
  today: 'today',
  log: 'today',
  clients: 'clients',
  client: 'clients',
  sync: 'sync',
  inbox: 'inbox',
  review: 'inbox',
  conflict: 'inbox',
  dashboard: 'dashboard',
  access: 'access',
  wellbeing: 'clients',
  loneliness: 'loneliness',
  preparedness: 'preparedness',
  clientPreparedness: 'clients',
  drills: 'drills',
  drill: 'drills',
};

/** The groups of a role's menu, with only the entries that role has. */
export function menuFor(role: Role): { group: MenuGroup; entries: MenuEntry[] }[] {
  return GROUPS.map(({ group, entries }) => ({ group, entries: entries.filter((e) => MENU[role].includes(e)) })).filter(
    (g) => g.entries.length > 0,
  );
}

/** Where a person starts: their day; an administrator, who has no visits, on the clients. */
export const home = (role: Role): Screen => (role === 'admin' ? { name: 'clients' } : { name: 'today' });

/** Whether a role may be on a screen (an administrator sees clients' particulars, not their wellbeing or aids). */
export function allowed(role: Role, screen: Screen): boolean {
  if (role === 'admin' && (screen.name === 'wellbeing' || screen.name === 'clientPreparedness')) return false;
  const section = SECTION[screen.name];
  return section === 'sync' || MENU[role].includes(section);
}

/** The ids each screen carries, in the order they are written. */
const PARTS: { readonly [K in ScreenName]: readonly (keyof Extract<Screen, { name: K }> & string)[] } = {
  today: [],
  log: ['plannedVisitId', 'date'],
  clients: [],
  client: ['id'],
  sync: [],
  inbox: [],
  review: ['visitId'],
  conflict: ['id'],
  dashboard: [],
  access: [],
  wellbeing: ['clientId', 'from'],
  loneliness: [],
  preparedness: [],
  clientPreparedness: ['clientId', 'from'],
  drills: [],
  drill: ['drillId'],
};

/** `client:0193…` — the screen's name and its ids, each encoded, joined by colons. */
export function serialiseScreen(screen: Screen): string {
  const values = screen as unknown as Record<string, string>;
  return [screen.name, ...PARTS[screen.name].map((part) => encodeURIComponent(values[part] ?? ''))].join(':');
}

const isName = (name: string): name is ScreenName => Object.hasOwn(PARTS, name);
const FROM: Partial<Record<ScreenName, readonly string[]>> = {
  wellbeing: ['client', 'loneliness'],
  clientPreparedness: ['client', 'preparedness'],
};

/** The screen written by `serialiseScreen`, or undefined when the text is not one. */
export function parseScreen(text: string): Screen | undefined {
  const [name = '', ...rest] = text.split(':');
  if (!isName(name)) return undefined;
  const parts = PARTS[name];
  if (rest.length !== parts.length) return undefined;
  const screen: Record<string, string> = { name };
  for (const [index, part] of parts.entries()) {
    let value: string;
    try {
      value = decodeURIComponent(rest[index] ?? '');
    } catch {
      return undefined;
    }
    if (value === '' || value.length > 64) return undefined;
    screen[part] = value;
  }
  const from = FROM[name];
  if (from && !from.includes(screen['from'] ?? '')) return undefined;
  if (name === 'log' && !/^\d{4}-\d{2}-\d{2}$/.test(screen['date'] ?? '')) return undefined;
  return screen as unknown as Screen;
}

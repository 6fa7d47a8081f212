/** How a drill's states and people read on screen: one tone per client state, and names that tell people apart. */
import type { TFunction } from 'i18next';
import type { ClientOnTheDay, DrillPerson, DrillView } from '../../../../core/api.ts';
import type { ClientStatus } from '../../../../core/drills.ts';
import { clientLabel, personLabel, type NameLabel } from '../../format.ts';
import type { Option, Tone } from '../../kit/index.ts';

/** format.ts takes a plain translate function; i18next's own is typed by its keys. */
const plain = (t: TFunction) => (key: string, options?: Record<string, unknown>) => t(key, options ?? {}) as string;

/** Each state its own tone (and so its own icon), beside its word: "not reached" never looks like "high priority". */
export const statusTone: Record<ClientStatus['status'], Tone> = {
  open: 'neutral',
  notReached: 'danger',
  fine: 'ok',
  needsHelp: 'warn',
  urgent: 'danger',
};

/** A client as "Berglund, Elsa" with "Botsmark · född 1936" (the id, should the client be unknown here). */
export function clientName(client: ClientOnTheDay | undefined, clientId: string, t: TFunction): NameLabel {
  return client ? clientLabel(client, plain(t)) : { name: clientId, detail: '', text: clientId };
}

/** A client of the drill by id. */
export const drillClient = (view: DrillView, clientId: string, t: TFunction): NameLabel =>
  clientName(view.clients[clientId], clientId, t);

/** A colleague as "Anna Lind" with "Hemtjänstpersonal"; nobody: "Ingen tilldelad". */
export function drillPerson(people: readonly DrillPerson[], userId: string | undefined, t: TFunction): NameLabel {
  if (!userId) return { name: t('drills.unassigned'), detail: '', text: t('drills.unassigned') };
  return personLabel(people.find((p) => p.id === userId) ?? { displayName: userId }, plain(t));
}

/** A colleague as a choice in a list: the name, and the role beneath it. */
export function personOption(person: DrillPerson, t: TFunction): Option {
  const label = personLabel(person, plain(t));
  return { id: person.id, label: label.name, description: label.detail };
}

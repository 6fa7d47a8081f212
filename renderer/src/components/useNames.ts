/** Clients and colleagues labelled in the user's language, told apart (see clientLabel and personLabel). */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { clientLabel, personLabel, type ClientNameParts, type NameLabel } from '../format.ts';

type Translate = Parameters<typeof clientLabel>[1];
type Person = Parameters<typeof personLabel>[0];

export function useNames(): {
  readonly client: (client: ClientNameParts) => NameLabel;
  readonly person: (person: Person) => NameLabel;
  /** A client as named in running text and headings ("Granska besöket hos Elsa Berglund"). */
  readonly fullName: (client: ClientNameParts) => string;
} {
  const { t } = useTranslation();
  return useMemo(() => {
    // i18next's t, narrowed to the plain (key, options) call format.ts makes.
    const translate = t as unknown as Translate;
    return {
      client: (client: ClientNameParts) => clientLabel(client, translate),
      person: (person: Person) => personLabel(person, translate),
      fullName: (client: ClientNameParts) => `${client.givenName} ${client.familyName}`,
    };
  }, [t]);
}

/** The team's people by id, to put a name and a role beside whoever did something. */
import { useEffect, useState } from 'react';
import type { Profile } from '../../../../core/users.ts';
import { useApi } from '../../api/hooks.tsx';
import { useNames } from '../../components/useNames.ts';
import type { NameLabel } from '../../format.ts';

export function useStaff(): (userId: string) => NameLabel {
  const api = useApi();
  const names = useNames();
  const [people, setPeople] = useState(new Map<string, Profile>());
  useEffect(() => {
    void api.call('auth.profiles', {}).then((result) => {
      if (result.ok) setPeople(new Map(result.value.map((person) => [person.id, person])));
    });
  }, [api]);
  return (userId) => names.person(people.get(userId) ?? { displayName: userId });
}

import { describe, expect, it } from 'vitest';
import { clientLabel, personLabel } from './format.ts';

// A stand-in for i18next's t with the Swedish texts of the keys used here.
const sv: Record<string, string> = {
  'kit.name.born': 'född {{year}}',
  'kit.name.role.worker': 'Hemtjänstpersonal',
  'kit.name.role.supervisor': 'Arbetsledare',
};
const t = (key: string, options?: Record<string, unknown>) =>
  (sv[key] ?? key).replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(options?.[name]));

describe('clientLabel', () => {
  it('puts the family name first and tells namesakes apart by village and year of birth', () => {
    expect(clientLabel({ givenName: 'Nils', familyName: 'Burman', village: 'Sävar', birthYear: 1936 }, t)).toEqual({
      name: 'Burman, Nils',
      detail: 'Sävar · född 1936',
      text: 'Burman, Nils (Sävar · född 1936)',
    });
  });

  it('reads the year from the personal identity number when the summary has none', () => {
    const label = clientLabel(
      { givenName: 'Tolvan', familyName: 'Tolvansson', village: 'Holmsund', personnummer: '19121212-1212' },
      t,
    );
    expect(label.detail).toBe('Holmsund · född 1912');
  });

  it('leaves out what it does not know', () => {
    expect(clientLabel({ givenName: 'Elsa', familyName: 'Berglund', personnummer: 'okänt' }, t)).toEqual({
      name: 'Berglund, Elsa',
      detail: '',
      text: 'Berglund, Elsa',
    });
  });
});

describe('personLabel', () => {
  it('shows a colleague by name with the role beside it', () => {
    expect(personLabel({ displayName: 'Cecilia Ek', role: 'supervisor' }, t).text).toBe('Cecilia Ek (Arbetsledare)');
    expect(personLabel({ displayName: 'Anna Lind' }, t)).toEqual({ name: 'Anna Lind', detail: '', text: 'Anna Lind' });
  });
});

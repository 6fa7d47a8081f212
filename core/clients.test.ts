import { describe, expect, it } from 'vitest';
import { clientInputSchema, type ClientInput } from './clients.ts';
import { messageKey } from './validation.ts';

const märta: ClientInput = {
  id: 'c1',
  givenName: 'Märta',
  familyName: 'Testsson',
  personnummer: '193512189808',
  address: 'Byvägen 3',
  village: 'Tavelsjö',
  schedule: [
    { weekdays: [1, 3, 5], time: '08:00', durationMinutes: 30, serviceType: 'personal-care', tasks: ['meals'] },
  ],
};

const messages = (input: unknown) =>
  clientInputSchema
    .safeParse(input, { error: messageKey })
    .error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`) ?? [];

describe('a client record', () => {
  it('keeps the personal identity number in one form and fills in the defaults', () => {
    expect(clientInputSchema.parse(märta)).toMatchObject({
      personnummer: '19351218-9808',
      preferredLanguage: 'sv',
      safetyAlarm: { installed: false },
      nextOfKin: [],
      directions: '',
    });
  });

  it('says exactly what is wrong, field by field', () => {
    expect(
      messages({
        ...märta,
        personnummer: '19351218-9804',
        givenName: '  ',
        phone: 'call me',
        preferredLanguage: 'klingon',
        schedule: [{ weekdays: [1, 1], time: '25:00', durationMinutes: 2, serviceType: 'personal-care', tasks: [] }],
      }),
    ).toEqual([
      'givenName: validation.required',
      'personnummer: validation.personnummer.checksum',
      'phone: validation.phone',
      'preferredLanguage: validation.choose',
      'schedule.0.weekdays: validation.dayTwice',
      'schedule.0.time: validation.time',
      'schedule.0.durationMinutes: validation.tooShort',
      'schedule.0.tasks: validation.chooseTasks',
    ]);
  });
});

/**
 * Logging a visit, offline: times (typed, or taken with the start and stop buttons), the planned tasks done or not,
 * a note, observations and a deviation. Signing stores it for good; a correction later is an amendment.
 */
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError, TodayEntry } from '../../../../core/api.ts';
import { ScreenHeading } from '../../components/ScreenHeading.tsx';
import { errorText } from '../../components/ErrorMessage.tsx';
import { clientLabel } from '../../format.ts';
import { Button, FormErrors, TextArea, type FormErrorItem } from '../../kit/index.ts';
import { clock, useVisitForm } from './useVisitForm.ts';
import { VisitDeviation } from './VisitDeviation.tsx';
import { VisitObservations } from './VisitObservations.tsx';
import { VisitTasks } from './VisitTasks.tsx';
import { VisitTimes } from './VisitTimes.tsx';
import './visits.css';

/** Where each of the server's issue paths is on the form, so the list above it links to the field. */
function fieldIdOf(path: string | undefined, form: { observations: Record<string, unknown> }): string | undefined {
  if (!path) return undefined;
  const fixed: Record<string, string> = {
    startedAt: 'visit-start',
    endedAt: 'visit-end',
    note: 'visit-note',
    'deviations.0.description': 'deviation-description',
    'deviations.0.followUp': 'deviation-followup',
  };
  if (fixed[path]) return fixed[path];
  const observation = /^observations\.(\d+)\.text$/.exec(path);
  const kind = observation ? Object.keys(form.observations)[Number(observation[1])] : undefined;
  return kind ? `observation-${kind}` : undefined;
}

export function LogVisit({ entry, date, onDone }: { entry: TodayEntry; date: string; onDone: () => void }) {
  const { t } = useTranslation();
  const visit = useVisitForm(entry, date);
  const { form, update } = visit;
  const place = clientLabel(entry.client, t);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (await visit.sign()) onDone();
  }

  return (
    <section aria-labelledby="log-title" className="log">
      <ScreenHeading id="log-title">
        {t('visit.title', { givenName: entry.client.givenName, familyName: entry.client.familyName })}
      </ScreenHeading>
      <p className="subtle">
        {entry.client.address}, {place.detail} · {t(`service.${entry.planned.serviceType}`)}
      </p>
      {entry.draft && (
        <p className="notice" role="status">
          {t('visit.restored', { time: clock(entry.draft.savedAt) })}
        </p>
      )}
      <form onSubmit={(event) => void submit(event)} noValidate className="log-form">
        <FormErrors title={t('visit.notSigned')} items={errorItems(visit.error, form, t)} />
        <VisitTimes
          form={form}
          update={update}
          startNow={visit.startNow}
          endNow={visit.endNow}
          errors={visit.fieldErrors}
        />
        <VisitTasks tasks={entry.planned.tasks} done={form.done} onChange={(done) => update({ done })} />
        <TextArea
          id="visit-note"
          label={t('visit.note')}
          value={form.note}
          onChange={(note) => update({ note })}
          error={visit.fieldErrors['note']}
        />
        <VisitObservations
          observations={form.observations}
          onChange={(observations) => update({ observations })}
          errors={visit.fieldErrors}
        />
        <VisitDeviation
          deviation={form.deviation}
          onChange={(deviation) => update({ deviation })}
          errors={visit.fieldErrors}
        />
        <div className="log-actions">
          <Button type="submit" variant="primary" isDisabled={visit.busy}>
            {t('visit.sign')}
          </Button>
          <Button onPress={onDone}>{t('visit.later')}</Button>
          {entry.draft && (
            <Button variant="danger" onPress={() => void visit.discard().then(onDone)}>
              {t('visit.discard')}
            </Button>
          )}
        </div>
      </form>
    </section>
  );
}

/** Each of the server's issues, linked to its field; an error about no one field (e.g. not allowed) as it is. */
function errorItems(
  error: ApiError | undefined,
  form: { observations: Record<string, unknown> },
  t: (key: string) => string,
): FormErrorItem[] {
  if (!error) return [];
  if (!error.issues?.length) return [{ message: errorText(t, error) }];
  return error.issues.map((issue) => ({ fieldId: fieldIdOf(issue.path, form), message: t(issue.message) }));
}

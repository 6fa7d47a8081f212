/** Correcting a signed visit: the original stays; the correction carries a reason, an explanation, author and time. */
import { TZDate } from '@date-fns/tz';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { v7 as uuidv7 } from 'uuid';
import type { ApiError, CallInput, HistoryEntry } from '../../../../core/api.ts';
import { TIME_ZONE } from '../../../../core/schedule.ts';
import { AMENDMENT_REASONS, type AmendmentReason } from '../../../../core/visits.ts';
import { useApi } from '../../api/hooks.tsx';
import { errorText } from '../../components/ErrorMessage.tsx';
import { ScreenHeading } from '../../components/ScreenHeading.tsx';
import { formatDate, formatTime } from '../../format.ts';

/** The same wall-clock time on the visit's own date, as an instant. */
function onSameDay(isoOfDay: string, time: string): string | undefined {
  const match = /^(\d{2}):(\d{2})$/.exec(time);
  if (!match) return undefined;
  const day = new TZDate(isoOfDay, TIME_ZONE);
  return new Date(
    new TZDate(
      day.getFullYear(),
      day.getMonth(),
      day.getDate(),
      Number(match[1]),
      Number(match[2]),
      TIME_ZONE,
    ).getTime(),
  ).toISOString();
}

export function AmendVisit({ entry, onDone }: { entry: HistoryEntry; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const id = useMemo(() => uuidv7(), []);
  const { visit } = entry;
  const [reason, setReason] = useState<AmendmentReason | ''>('');
  const [comment, setComment] = useState('');
  const [start, setStart] = useState(formatTime(visit.startedAt, 'sv'));
  const [end, setEnd] = useState(formatTime(visit.endedAt, 'sv'));
  const [note, setNote] = useState(visit.note);
  const [error, setError] = useState<ApiError>();

  async function save(event: FormEvent) {
    event.preventDefault();
    const changes: CallInput<'visits.amend'>['changes'] = {};
    const startedAt = onSameDay(visit.startedAt, start) ?? start;
    const endedAt = onSameDay(visit.startedAt, end) ?? end;
    if (startedAt !== visit.startedAt) changes.startedAt = startedAt;
    if (endedAt !== visit.endedAt) changes.endedAt = endedAt;
    if (note !== visit.note) changes.note = note;
    const result = await api.call('visits.amend', {
      id,
      visitId: visit.id,
      reason: reason as AmendmentReason,
      comment,
      changes,
    });
    if (result.ok) onDone();
    else setError(result.error);
  }

  const issue = (path: string) => error?.issues?.find((i) => i.path === path);
  const field = (path: string, elementId: string) =>
    issue(path) ? { 'aria-invalid': true, 'aria-describedby': `${elementId}-error` } : {};
  const message = (path: string, elementId: string) =>
    issue(path) ? (
      <span className="error" id={`${elementId}-error`}>
        {t(issue(path)?.message ?? '')}
      </span>
    ) : null;

  return (
    <section aria-labelledby="amend-title">
      <ScreenHeading id="amend-title">
        {t('amend.title', { date: formatDate(visit.startedAt, i18n.language) })}
      </ScreenHeading>
      <p className="subtle">{t('amend.explain')}</p>
      <form onSubmit={save} noValidate className="form">
        {error && (
          <p role="alert" className="error">
            {t('amend.notSaved')} {errorText(t, error)}
          </p>
        )}
        <label htmlFor="amend-reason">{t('amend.reason')}</label>
        <select
          id="amend-reason"
          value={reason}
          onChange={(e) => setReason(e.target.value as AmendmentReason)}
          {...field('reason', 'amend-reason')}
        >
          <option value="">{t('amend.chooseReason')}</option>
          {AMENDMENT_REASONS.map((r) => (
            <option key={r} value={r}>
              {t(`reason.${r}`)}
            </option>
          ))}
        </select>
        {message('reason', 'amend-reason')}
        <label htmlFor="amend-comment">{t('amend.comment')}</label>
        <textarea
          id="amend-comment"
          rows={2}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          {...field('comment', 'amend-comment')}
        />
        {message('comment', 'amend-comment')}
        <div className="row">
          <label htmlFor="amend-start">{t('visit.start')}</label>
          <input
            id="amend-start"
            value={start}
            onChange={(e) => setStart(e.target.value)}
            {...field('changes.startedAt', 'amend-start')}
          />
          {message('changes.startedAt', 'amend-start')}
        </div>
        <div className="row">
          <label htmlFor="amend-end">{t('visit.end')}</label>
          <input
            id="amend-end"
            value={end}
            onChange={(e) => setEnd(e.target.value)}
            {...field('endedAt', 'amend-end')}
          />
          {message('endedAt', 'amend-end')}
        </div>
        <label htmlFor="amend-note">{t('visit.note')}</label>
        <textarea
          id="amend-note"
          rows={3}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          {...field('changes', 'amend-note')}
        />
        {message('changes', 'amend-note')}
        <div className="actions">
          <button type="submit">{t('amend.save')}</button>
          <button type="button" onClick={onDone}>
            {t('visit.cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}

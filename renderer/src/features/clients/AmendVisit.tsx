/** Correcting a signed visit: the original stays; the correction carries a reason, an explanation, author and time. */
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { v7 as uuidv7 } from 'uuid';
import type { CallInput, HistoryEntry } from '../../../../core/api.ts';
import { AMENDMENT_REASONS, type AmendmentReason } from '../../../../core/visits.ts';
import { ScreenHeading } from '../../components/ScreenHeading.tsx';
import { formatDate, formatTime } from '../../format.ts';
import { Button, FormErrors, Select, TextArea, TimeField, useCall } from '../../kit/index.ts';
import { onSameDay } from './amendTimes.ts';

export function AmendVisit({ entry, onDone }: { entry: HistoryEntry; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const amend = useCall('visits.amend');
  const id = useMemo(() => uuidv7(), []);
  const { visit } = entry;
  const [reason, setReason] = useState<AmendmentReason | null>(null);
  const [comment, setComment] = useState('');
  const [start, setStart] = useState(formatTime(visit.startedAt, 'sv'));
  const [end, setEnd] = useState(formatTime(visit.endedAt, 'sv'));
  const [note, setNote] = useState(visit.note);

  async function save(event: FormEvent) {
    event.preventDefault();
    const changes: CallInput<'visits.amend'>['changes'] = {};
    const startedAt = onSameDay(visit.startedAt, start) ?? start;
    const endedAt = onSameDay(visit.startedAt, end) ?? end;
    if (startedAt !== visit.startedAt) changes.startedAt = startedAt;
    if (endedAt !== visit.endedAt) changes.endedAt = endedAt;
    if (note !== visit.note) changes.note = note;
    const result = await amend.run({
      id,
      visitId: visit.id,
      reason: (reason ?? '') as AmendmentReason,
      comment,
      changes,
    });
    if (result.ok) onDone();
  }

  const errors = amend.fieldErrors;
  const fields = [
    { fieldId: 'amend-reason', path: 'reason', label: t('amend.reason') },
    { fieldId: 'amend-comment', path: 'comment', label: t('amend.comment') },
    { fieldId: 'amend-start', path: 'changes.startedAt', label: t('visit.start') },
    { fieldId: 'amend-end', path: 'endedAt', label: t('visit.end') },
    { fieldId: 'amend-note', path: 'changes', label: t('visit.note') },
  ];
  const fieldItems = fields.flatMap(({ path, ...item }) => (errors[path] ? [{ ...item, message: errors[path] }] : []));
  const errorItems =
    amend.error && fieldItems.length === 0 ? [{ message: amend.message ?? '' }] : amend.error ? fieldItems : [];

  return (
    <section aria-labelledby="amend-title">
      <ScreenHeading id="amend-title">
        {t('amend.title', { date: formatDate(visit.startedAt, i18n.language) })}
      </ScreenHeading>
      <p className="subtle">{t('amend.explain')}</p>
      <form onSubmit={(event) => void save(event)} noValidate className="form">
        <FormErrors items={errorItems} title={t('amend.notSaved')} />
        <Select
          id="amend-reason"
          label={t('amend.reason')}
          placeholder={t('amend.chooseReason')}
          options={AMENDMENT_REASONS.map((r) => ({ id: r, label: t(`reason.${r}`) }))}
          value={reason}
          onChange={(value) => setReason(value as AmendmentReason | null)}
          error={errors['reason']}
        />
        <TextArea
          id="amend-comment"
          label={t('amend.comment')}
          rows={2}
          value={comment}
          onChange={setComment}
          error={errors['comment']}
        />
        <div className="row">
          <TimeField
            id="amend-start"
            label={t('visit.start')}
            value={start}
            onChange={setStart}
            error={errors['changes.startedAt']}
          />
          <TimeField id="amend-end" label={t('visit.end')} value={end} onChange={setEnd} error={errors['endedAt']} />
        </div>
        <TextArea
          id="amend-note"
          label={t('visit.note')}
          rows={3}
          value={note}
          onChange={setNote}
          error={errors['changes']}
        />
        <div className="actions">
          <Button type="submit" variant="primary" isDisabled={amend.busy}>
            {t('amend.save')}
          </Button>
          <Button onPress={onDone}>{t('visit.cancel')}</Button>
        </div>
      </form>
    </section>
  );
}

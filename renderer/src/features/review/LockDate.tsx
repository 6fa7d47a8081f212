/** The team's lock date: visits before it cannot be corrected unless returned. Set, moved or removed here. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { v7 as uuidv7 } from 'uuid';
import { localDate } from '../../../../core/schedule.ts';
import { Button, DateField, Section, useCall } from '../../kit/index.ts';
import { formatDay } from './values.ts';

export function LockDate({ lockedBefore }: { lockedBefore: string | undefined }) {
  const { t, i18n } = useTranslation();
  const setLock = useCall('reviews.setLock');
  const [date, setDate] = useState('');
  const [saved, setSaved] = useState('');

  async function save(lock: string | null) {
    setSaved('');
    const answer = await setLock.run({ id: uuidv7(), lockedBefore: lock });
    if (answer.ok) {
      setDate('');
      setSaved(lock ? t('inbox.lockSaved', { date: formatDay(lock, i18n.language) }) : t('inbox.lockCleared'));
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    void save(date);
  }

  const fieldError = setLock.fieldErrors['lockedBefore'];
  return (
    <Section title={t('inbox.lock')} className="review-lock">
      <p>
        {lockedBefore ? t('inbox.lockedBefore', { date: formatDay(lockedBefore, i18n.language) }) : t('inbox.noLock')}
      </p>
      <details>
        <summary>{t('inbox.changeLock')}</summary>
        <form onSubmit={submit} noValidate className="form review-lock-form">
          <DateField
            id="lock-date"
            label={t('inbox.lockDate')}
            value={date}
            maxValue={localDate()}
            onChange={setDate}
            error={fieldError}
          />
          <div className="actions">
            <Button type="submit" variant="primary" isDisabled={setLock.busy}>
              {t('inbox.setLock')}
            </Button>
            {lockedBefore && (
              <Button isDisabled={setLock.busy} onPress={() => void save(null)}>
                {t('inbox.clearLock')}
              </Button>
            )}
          </div>
        </form>
      </details>
      {setLock.error && !fieldError && (
        <p role="alert" className="error">
          {setLock.message}
        </p>
      )}
      <p role="status" className="saved">
        {saved}
      </p>
    </Section>
  );
}

/**
 * One checklist filled in during a visit — yes, no or not applicable with a note for each item — and marked as gone
 * through once every item is answered. Only what this worker changed is sent: an answer a colleague's laptop synced
 * meanwhile is not overwritten by the value the form happened to show.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { v7 as uuidv7 } from 'uuid';
import { ANSWERS, type ChecklistAnswer, type ChecklistState } from '../../../../../core/preparedness.ts';
import { formatDate } from '../../../format.ts';
import { Button, RadioGroup, TextField, useCall } from '../../../kit/index.ts';
import { itemText } from '../wording.ts';

interface Draft {
  readonly answer: ChecklistAnswer | undefined;
  readonly note: string;
}

export function ChecklistForm({
  clientId,
  state,
  names,
}: {
  clientId: string;
  state: ChecklistState;
  names: Readonly<Record<string, string>>;
}) {
  const { t, i18n } = useTranslation();
  const { run, busy, message } = useCall('preparedness.answer');
  const [form, setForm] = useState<Record<string, Draft>>(() =>
    Object.fromEntries(state.items.map((i) => [i.item.id, { answer: i.current?.answer, note: i.current?.note ?? '' }])),
  );
  // One id per answer and review, made once per form: sending again cannot store anything twice.
  const [ids, setIds] = useState(() => ({ batch: uuidv7(), review: uuidv7() }));
  const [saved, setSaved] = useState<'saved' | 'reviewed'>();
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const changed = state.items.filter((i) => {
    const draft = form[i.item.id];
    return (
      touched.has(i.item.id) &&
      draft?.answer !== undefined &&
      (draft.answer !== i.current?.answer || draft.note.trim() !== (i.current?.note ?? ''))
    );
  });
  const unanswered = state.items.filter((i) => form[i.item.id]?.answer === undefined);
  const edit = (itemId: string, draft: Draft) => {
    setTouched((x) => new Set([...x, itemId]));
    setForm((f) => ({ ...f, [itemId]: draft }));
  };
  const who = (id: string) => names[id] ?? id;

  async function submit(review: boolean) {
    const result = await run({
      clientId,
      hazard: state.hazard,
      answers: changed.map((i) => ({
        // Per item, so a retry after a partial write sends each answer under the same id again.
        id: `${ids.batch.slice(-22)}-${i.item.id}`,
        itemId: i.item.id,
        answer: form[i.item.id]?.answer as ChecklistAnswer,
        note: form[i.item.id]?.note ?? '',
      })),
      ...(review
        ? { review: { id: ids.review, reason: state.dueReason === 'incident' ? 'incident' : 'routine' } as const }
        : {}),
    });
    if (!result.ok) {
      setSaved(undefined);
      return;
    }
    setSaved(review ? 'reviewed' : 'saved');
    setIds({ batch: uuidv7(), review: uuidv7() });
    setTouched(new Set());
  }

  return (
    <form
      onSubmit={(event: FormEvent) => {
        event.preventDefault();
        void submit(false);
      }}
      noValidate
      className="checklist"
      aria-labelledby="checklist-title"
    >
      <h3 id="checklist-title">
        {t('preparedness.checklistFor', { hazard: t(`preparedness.hazard.${state.hazard}`) })}
      </h3>
      <p className="subtle">
        {state.lastReview
          ? t('preparedness.lastReview', {
              when: formatDate(state.lastReview.createdAt, i18n.language),
              who: who(state.lastReview.authorId),
            })
          : t('preparedness.neverReviewed')}{' '}
        {t('preparedness.templateVersion', { version: state.template.version })}
      </p>
      {state.items.map(({ item, current }) => {
        const draft = form[item.id] ?? { answer: undefined, note: '' };
        const label = itemText(t, item);
        return (
          <div key={item.id} role="group" aria-label={label} className="checklist-item">
            <RadioGroup
              label={label}
              orientation="horizontal"
              options={ANSWERS.map((answer) => ({ id: answer, label: t(`preparedness.answer.${answer}`) }))}
              value={draft.answer ?? null}
              onChange={(answer) => edit(item.id, { ...draft, answer: answer as ChecklistAnswer })}
              description={
                current
                  ? `${t('preparedness.answeredBy', {
                      answer: t(`preparedness.answer.${current.answer}`),
                      who: who(current.authorId),
                      when: formatDate(current.createdAt, i18n.language),
                    })}${
                      current.version !== state.template.version
                        ? ` ${t('preparedness.answeredVersion', { version: current.version })}`
                        : ''
                    }`
                  : undefined
              }
            />
            <TextField
              label={t('preparedness.noteVisible')}
              maxLength={1000}
              value={draft.note}
              onChange={(note) => edit(item.id, { ...draft, note })}
            />
          </div>
        );
      })}
      {state.retired.length > 0 && (
        <details>
          <summary>{t('preparedness.retired', { count: state.retired.length })}</summary>
          <ul>
            {state.retired.map(({ item, current }) => (
              <li key={item.id}>
                {itemText(t, item)}: {current ? t(`preparedness.answer.${current.answer}`) : '–'}
                {current?.note && ` (${current.note})`}
              </li>
            ))}
          </ul>
        </details>
      )}
      {message && (
        <p role="alert" className="kit-error">
          {t('preparedness.notSaved')} {message}
        </p>
      )}
      <p role="status" className={saved ? 'saved' : 'visually-hidden'}>
        {saved === 'reviewed' ? t('preparedness.reviewed') : saved === 'saved' ? t('preparedness.saved') : ''}
      </p>
      <div className="checklist-actions">
        <Button
          type="submit"
          isDisabled={busy}
          disabledReason={changed.length === 0 ? t('preparedness.nothingToSave') : undefined}
        >
          {t('preparedness.save')}
        </Button>
        <Button
          variant="primary"
          isDisabled={busy}
          disabledReason={
            unanswered.length > 0 ? t('preparedness.reviewNeeds', { count: unanswered.length }) : undefined
          }
          onPress={() => void submit(true)}
        >
          {t('preparedness.saveAndReview')}
        </Button>
      </div>
    </form>
  );
}

/**
 * One client's preparedness: the electricity-dependent aids (registered, changed, removed) and a checklist per hazard,
 * filled in during a visit — yes, no or not applicable with a note for each item — and signed as gone through once
 * every item is answered. Each checklist says when it is due again; items a changed template no longer has keep their
 * answers, shown apart.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { v7 as uuidv7 } from 'uuid';
import type { ApiError } from '../../../../core/api.ts';
import {
  AID_DEVICES,
  ANSWERS,
  HAZARDS,
  type AidDevice,
  type AidRecord,
  type ChecklistAnswer,
  type ChecklistState,
  type Hazard,
} from '../../../../core/preparedness.ts';
import { localDate } from '../../../../core/schedule.ts';
import { useApi, useWatch } from '../../api/hooks.tsx';
import { ErrorMessage, errorText } from '../../components/ErrorMessage.tsx';
import { ScreenHeading } from '../../components/ScreenHeading.tsx';
import { formatDate } from '../../format.ts';
import { itemText } from './wording.ts';

const noon = (date: string) => `${date}T12:00:00Z`;

export function ClientPreparedness({ clientId, onBack }: { clientId: string; onBack: () => void }) {
  const { t, i18n } = useTranslation();
  const page = useWatch('preparedness.forClient', { clientId });
  const [hazard, setHazard] = useState<Hazard>('powerOutage');
  if (page && !page.ok) return <ErrorMessage error={page.error} />;
  if (!page) return null;
  const { client, checklists, aids, names } = page.value;
  const who = `${client.givenName} ${client.familyName}`;
  const today = localDate();
  const checklist = checklists.find((c) => c.hazard === hazard);

  return (
    <section aria-labelledby="preparedness-title" className="preparedness">
      <button type="button" className="link" onClick={onBack}>
        {t('preparedness.back')}
      </button>
      <ScreenHeading id="preparedness-title">{t('preparedness.clientTitle', { who })}</ScreenHeading>
      <Aids clientId={clientId} aids={aids} />

      <h2 id="checklists-title">{t('preparedness.checklists')}</h2>
      <ul className="hazards" aria-labelledby="checklists-title">
        {HAZARDS.map((h) => {
          const state = checklists.find((c) => c.hazard === h);
          const due = state && state.dueOn <= today;
          return (
            <li key={h}>
              <button type="button" aria-pressed={hazard === h} onClick={() => setHazard(h)}>
                {t(`preparedness.hazard.${h}`)}
              </button>{' '}
              <span className={due ? 'tag due-tag' : 'tag'}>
                {state?.dueReason === 'never'
                  ? t('preparedness.never')
                  : due
                    ? t(`preparedness.dueSince.${state?.dueReason ?? 'interval'}`, {
                        date: formatDate(noon(state?.dueOn ?? today), i18n.language),
                      })
                    : t('preparedness.nextReview', { date: formatDate(noon(state?.dueOn ?? today), i18n.language) })}
              </span>
            </li>
          );
        })}
      </ul>
      {checklist && (
        <Checklist
          key={`${hazard}-${checklist.template.version}`}
          clientId={clientId}
          state={checklist}
          names={names}
        />
      )}
    </section>
  );
}

interface Draft {
  readonly answer: ChecklistAnswer | undefined;
  readonly note: string;
}

function Checklist({
  clientId,
  state,
  names,
}: {
  clientId: string;
  state: ChecklistState;
  names: Readonly<Record<string, string>>;
}) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const initial = () =>
    Object.fromEntries(
      state.items.map((i) => [i.item.id, { answer: i.current?.answer, note: i.current?.note ?? '' } as Draft]),
    );
  const [form, setForm] = useState<Record<string, Draft>>(initial);
  // One id per answer and review, made once per form: sending again cannot store anything twice.
  const [ids, setIds] = useState(() => ({ batch: uuidv7(), review: uuidv7() }));
  const [error, setError] = useState<ApiError>();
  const [saved, setSaved] = useState<'saved' | 'reviewed'>();
  const [busy, setBusy] = useState(false);

  // Only what this worker changed is sent: an answer a colleague's laptop synced meanwhile is not overwritten by the
  // value the form happened to show.
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const changed = state.items.filter((i) => {
    const draft = form[i.item.id];
    return (
      touched.has(i.item.id) &&
      draft?.answer !== undefined &&
      (draft.answer !== i.current?.answer || draft.note.trim() !== (i.current?.note ?? ''))
    );
  });
  const edit = (itemId: string, draft: Draft) => {
    setTouched((t) => new Set([...t, itemId]));
    setForm((f) => ({ ...f, [itemId]: draft }));
  };

  async function submit(review: boolean) {
    setBusy(true);
    const result = await api.call('preparedness.answer', {
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
        ? {
            review: {
              id: ids.review,
              reason: state.dueReason === 'incident' ? ('incident' as const) : ('routine' as const),
            },
          }
        : {}),
    });
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      setSaved(undefined);
      return;
    }
    setError(undefined);
    setSaved(review ? 'reviewed' : 'saved');
    setIds({ batch: uuidv7(), review: uuidv7() });
    setTouched(new Set());
  }
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit(false);
  };
  const unanswered = state.items.filter((i) => form[i.item.id]?.answer === undefined);

  return (
    <form onSubmit={onSubmit} noValidate className="form checklist" aria-labelledby="checklist-title">
      <h3 id="checklist-title">
        {t('preparedness.checklistFor', { hazard: t(`preparedness.hazard.${state.hazard}`) })}
      </h3>
      <p className="subtle">
        {state.lastReview
          ? t('preparedness.lastReview', {
              when: formatDate(state.lastReview.createdAt, i18n.language),
              who: names[state.lastReview.authorId] ?? state.lastReview.authorId,
            })
          : t('preparedness.neverReviewed')}{' '}
        {t('preparedness.templateVersion', { version: state.template.version })}
      </p>
      {state.items.map(({ item, current }) => {
        const draft = form[item.id] ?? { answer: undefined, note: '' };
        const label = itemText(t, item);
        return (
          <fieldset key={item.id} className="item">
            <legend>{label}</legend>
            <div className="row">
              {ANSWERS.map((answer) => (
                <label key={answer} className="check">
                  <input
                    type="radio"
                    name={`item-${item.id}`}
                    value={answer}
                    checked={draft.answer === answer}
                    onChange={() => edit(item.id, { ...draft, answer })}
                  />
                  {t(`preparedness.answer.${answer}`)}
                </label>
              ))}
            </div>
            <label className="note">
              {t('preparedness.noteVisible')}
              <input
                type="text"
                aria-label={t('preparedness.note', { item: label })}
                maxLength={1000}
                value={draft.note}
                onChange={(event) => edit(item.id, { ...draft, note: event.target.value })}
              />
            </label>
            {current && (
              <p className="subtle">
                {t('preparedness.answeredBy', {
                  answer: t(`preparedness.answer.${current.answer}`),
                  who: names[current.authorId] ?? current.authorId,
                  when: formatDate(current.createdAt, i18n.language),
                })}
                {current.version !== state.template.version &&
                  ` ${t('preparedness.answeredVersion', { version: current.version })}`}
              </p>
            )}
          </fieldset>
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
      {error && (
        <p role="alert" className="error">
          {t('preparedness.notSaved')} {errorText(t, error)}
        </p>
      )}
      <p role="status" className={saved ? 'saved' : 'visually-hidden'}>
        {saved === 'reviewed' ? t('preparedness.reviewed') : saved === 'saved' ? t('preparedness.saved') : ''}
      </p>
      <div className="actions">
        <button type="submit" disabled={busy || changed.length === 0}>
          {t('preparedness.save')}
        </button>
        <button
          type="button"
          disabled={busy || unanswered.length > 0}
          aria-describedby={unanswered.length > 0 ? 'review-needs' : undefined}
          onClick={() => void submit(true)}
        >
          {t('preparedness.saveAndReview')}
        </button>
      </div>
      {unanswered.length > 0 && (
        <p className="subtle" id="review-needs">
          {t('preparedness.reviewNeeds', { count: unanswered.length })}
        </p>
      )}
    </form>
  );
}

function Aids({ clientId, aids }: { clientId: string; aids: readonly AidRecord[] }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<AidRecord | 'new'>();
  return (
    <section aria-labelledby="aids-title">
      <h2 id="aids-title">{t('preparedness.aidsTitle')}</h2>
      <p className="subtle">{t('preparedness.aidsExplain')}</p>
      {aids.length === 0 ? (
        <p>{t('preparedness.noAids')}</p>
      ) : (
        <ul className="aids">
          {aids.map((aid) => (
            <li key={aid.aidId}>
              <strong>{t(`preparedness.device.${aid.device}`)}</strong> ·{' '}
              {aid.batteryHours === undefined
                ? t('preparedness.noBattery')
                : t('preparedness.battery', { count: aid.batteryHours })}
              <br />
              {t('preparedness.backup')}: {aid.backupRoutine}
              {aid.supplier && (
                <>
                  <br />
                  {t('preparedness.supplier')}: {aid.supplier}
                </>
              )}
              <br />
              <button type="button" className="link" onClick={() => setEditing(aid)}>
                {t('preparedness.editAid', { device: t(`preparedness.device.${aid.device}`) })}
              </button>
            </li>
          ))}
        </ul>
      )}
      {editing ? (
        <AidForm
          key={editing === 'new' ? 'new' : editing.id}
          clientId={clientId}
          aid={editing === 'new' ? undefined : editing}
          onDone={() => setEditing(undefined)}
        />
      ) : (
        <button type="button" onClick={() => setEditing('new')}>
          {t('preparedness.addAid')}
        </button>
      )}
    </section>
  );
}

function AidForm({ clientId, aid, onDone }: { clientId: string; aid: AidRecord | undefined; onDone: () => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [id] = useState(() => uuidv7());
  const [aidId] = useState(() => aid?.aidId ?? uuidv7());
  const [device, setDevice] = useState<AidDevice | ''>(aid?.device ?? '');
  const [battery, setBattery] = useState(aid?.batteryHours === undefined ? '' : String(aid.batteryHours));
  const [backupRoutine, setBackupRoutine] = useState(aid?.backupRoutine ?? '');
  const [supplier, setSupplier] = useState(aid?.supplier ?? '');
  const [error, setError] = useState<ApiError>();
  const issue = (path: string) => error?.issues?.find((i) => i.path === path);
  const batteryValid = battery.trim() === '' || /^\d+([.,]\d+)?$/.test(battery.trim());

  async function save(removed: boolean) {
    if (!batteryValid) {
      setError({ code: 'invalid-input', message: '', issues: [{ path: 'batteryHours', message: 'validation.hours' }] });
      return;
    }
    const result = await api.call('preparedness.saveAid', {
      id,
      clientId,
      aidId,
      device: device as AidDevice,
      ...(battery.trim() === '' ? {} : { batteryHours: Number(battery.trim().replace(',', '.')) }),
      backupRoutine,
      supplier,
      removed,
    });
    if (result.ok) onDone();
    else setError(result.error);
  }
  const field = (path: string, elementId: string) =>
    issue(path) ? { 'aria-invalid': true as const, 'aria-describedby': `${elementId}-error` } : {};
  const fieldError = (path: string, elementId: string) =>
    issue(path) ? (
      <span className="error" id={`${elementId}-error`}>
        {t(issue(path)?.message ?? '')}
      </span>
    ) : null;

  return (
    <form
      className="form aid-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void save(false);
      }}
    >
      <h3>{aid ? t('preparedness.editAidTitle') : t('preparedness.addAid')}</h3>
      <div className="field">
        <label htmlFor="aid-device">{t('preparedness.deviceLabel')}</label>
        <select
          id="aid-device"
          value={device}
          onChange={(event) => setDevice(event.target.value as AidDevice | '')}
          {...field('device', 'aid-device')}
        >
          <option value="">{t('preparedness.chooseDevice')}</option>
          {AID_DEVICES.map((d) => (
            <option key={d} value={d}>
              {t(`preparedness.device.${d}`)}
            </option>
          ))}
        </select>
        {fieldError('device', 'aid-device')}
      </div>
      <div className="field">
        <label htmlFor="aid-battery">{t('preparedness.batteryLabel')}</label>
        <input
          id="aid-battery"
          inputMode="decimal"
          value={battery}
          onChange={(event) => setBattery(event.target.value)}
          {...field('batteryHours', 'aid-battery')}
        />
        {fieldError('batteryHours', 'aid-battery')}
      </div>
      <div className="field">
        <label htmlFor="aid-backup">{t('preparedness.backupLabel')}</label>
        <textarea
          id="aid-backup"
          rows={2}
          maxLength={1000}
          value={backupRoutine}
          onChange={(event) => setBackupRoutine(event.target.value)}
          {...field('backupRoutine', 'aid-backup')}
        />
        {fieldError('backupRoutine', 'aid-backup')}
      </div>
      <div className="field">
        <label htmlFor="aid-supplier">{t('preparedness.supplierLabel')}</label>
        <input
          id="aid-supplier"
          maxLength={300}
          value={supplier}
          onChange={(event) => setSupplier(event.target.value)}
        />
      </div>
      {error && !error.issues?.length && (
        <p role="alert" className="error">
          {errorText(t, error)}
        </p>
      )}
      <div className="actions">
        <button type="submit">{t('preparedness.saveAid')}</button>
        {aid && (
          <button
            type="button"
            onClick={() => {
              if (window.confirm(t('preparedness.removeAidConfirm'))) void save(true);
            }}
          >
            {t('preparedness.removeAid')}
          </button>
        )}
        <button type="button" className="link" onClick={onDone}>
          {t('preparedness.cancel')}
        </button>
      </div>
    </form>
  );
}

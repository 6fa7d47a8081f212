/**
 * A loneliness and isolation screening as a guided conversation: a few words to begin with, the UCLA-3 questions, the
 * direct question, the LSNS-6 questions about relatives and then friends, the risk factors the worker knows of, and a
 * summary with the risk level and its reasons before signing. Any question may be declined. What has been said is saved
 * on the laptop as it goes, so a closed lid or a flat battery loses nothing; once signed, the screening never changes.
 */
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { v7 as uuidv7 } from 'uuid';
import type { ApiError, ClientSummary } from '../../../../core/api.ts';
import {
  DIRECT_ANSWERS,
  LSNS6_ANSWERS,
  LSNS6_ITEMS,
  RISK_FACTORS,
  UCLA3_ANSWERS,
  UCLA3_ITEMS,
  type RiskFactor,
} from '../../../../core/screening.ts';
import {
  assessScreening,
  RISK_RULE_VERSION,
  type AssessedScreening,
  type ScreeningAnswerSet,
} from '../../../../core/wellbeing.ts';
import { useApi } from '../../api/hooks.tsx';
import { errorText } from '../../components/ErrorMessage.tsx';
import { ScreenHeading } from '../../components/ScreenHeading.tsx';
import { formatTime } from '../../format.ts';
import { RiskSummary, scoreText, Sources } from './wording.tsx';

const STEPS = ['intro', 'ucla3', 'direct', 'relatives', 'friends', 'factors', 'summary'] as const;
type Step = (typeof STEPS)[number];

/** The questions each step asks: [group, item, answer options]. */
type Question = readonly [group: 'ucla3' | 'direct' | 'lsns6', item: string, answers: readonly string[]];
const QUESTIONS: Partial<Record<Step, readonly Question[]>> = {
  ucla3: UCLA3_ITEMS.map((item) => ['ucla3', item, UCLA3_ANSWERS] as const),
  direct: [['direct', 'direct', DIRECT_ANSWERS]],
  relatives: LSNS6_ITEMS.slice(0, 3).map((item) => ['lsns6', item, LSNS6_ANSWERS] as const),
  friends: LSNS6_ITEMS.slice(3).map((item) => ['lsns6', item, LSNS6_ANSWERS] as const),
};

/** The conversation as it stands: what is saved as the draft. */
interface Form {
  readonly id: string;
  readonly step: number;
  /** Answers by item (`direct` for the direct question); 'declined' when the client chose not to answer. */
  readonly answers: Readonly<Record<string, string>>;
  readonly factors: Readonly<Partial<Record<RiskFactor, string>>>;
  readonly note: string;
}

function complete(form: Form): ScreeningAnswerSet | undefined {
  const all = Object.values(QUESTIONS).flat();
  if (all.some(([, item]) => !form.answers[item])) return undefined;
  const group = (items: readonly string[]) => Object.fromEntries(items.map((item) => [item, form.answers[item]]));
  return {
    ucla3: group(UCLA3_ITEMS),
    direct: form.answers['direct'],
    lsns6: group(LSNS6_ITEMS),
  } as unknown as ScreeningAnswerSet;
}

export function Screening({
  client,
  draft,
  onDone,
}: {
  client: ClientSummary;
  draft: { form: Record<string, unknown>; savedAt: string } | undefined;
  onDone: (signed?: AssessedScreening) => void;
}) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const fresh = useMemo<Form>(() => ({ id: uuidv7(), step: 0, answers: {}, factors: {}, note: '' }), []);
  // A conversation left half-way comes back where it was, with the same id (signing twice cannot make two).
  const [form, setForm] = useState<Form>(() => ({ ...fresh, ...(draft?.form as Partial<Form> | undefined) }));
  // The draft this screening resumed, if any (the page's own copy changes as the conversation is saved).
  const [resumed] = useState(draft);
  const [missing, setMissing] = useState<readonly string[]>([]);
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const step = STEPS[form.step] ?? 'intro';
  const who = `${client.givenName} ${client.familyName}`;

  const changed = useRef(false);
  const formKey = JSON.stringify(form);
  const pending = useRef<ReturnType<typeof setTimeout>>(undefined);
  const latest = useRef(formKey);
  latest.current = formKey;
  const finished = useRef(false);
  const save = (key: string) =>
    api.call('wellbeing.saveDraft', { clientId: client.id, form: JSON.parse(key) as Record<string, unknown> });
  useEffect(() => {
    // Saved as it goes (settling for a moment); merely opening the screening saves nothing.
    if (!changed.current) {
      changed.current = true;
      return;
    }
    pending.current = setTimeout(() => {
      pending.current = undefined;
      void save(formKey);
    }, 300);
    return () => clearTimeout(pending.current);
  }, [api, client.id, formKey]);
  useEffect(
    () => () => {
      // Leaving by the menu while a save waits: what was said last is saved now, not dropped with the timer.
      if (pending.current !== undefined && !finished.current) void save(latest.current);
    },
    [],
  );
  /** Signed or discarded: nothing more is saved, and no save still waiting may bring the draft back. */
  const finish = () => {
    finished.current = true;
    clearTimeout(pending.current);
    pending.current = undefined;
  };

  const stepHeading = useRef<HTMLHeadingElement>(null);
  const goTo = (next: number) => {
    setMissing([]);
    setForm((f) => ({ ...f, step: next }));
    requestAnimationFrame(() => stepHeading.current?.focus());
  };
  const next = (event: FormEvent) => {
    event.preventDefault();
    const unanswered = (QUESTIONS[step] ?? []).map(([, item]) => item).filter((item) => !form.answers[item]);
    if (unanswered.length > 0) {
      setMissing(unanswered);
      requestAnimationFrame(() =>
        document.querySelector<HTMLInputElement>(`input[name="${unanswered[0] ?? ''}"]`)?.focus(),
      );
      return;
    }
    goTo(form.step + 1);
  };

  const answers = complete(form);
  const assessed = answers
    ? assessScreening({
        id: form.id,
        teamId: '',
        clientId: client.id,
        kind: 'screening',
        authorId: '',
        note: form.note,
        answers,
        factors: chosenFactors(form),
        rule: RISK_RULE_VERSION,
        createdAt: new Date().toISOString(),
      })
    : undefined;

  async function sign(event: FormEvent) {
    event.preventDefault();
    if (!answers) {
      // Cannot happen through the steps; a draft from an older version might: back to the first unanswered.
      const first = STEPS.findIndex((s) => (QUESTIONS[s] ?? []).some(([, item]) => !form.answers[item]));
      goTo(Math.max(first, 0));
      return;
    }
    setBusy(true);
    finish();
    const result = await api.call('wellbeing.sign', {
      id: form.id,
      clientId: client.id,
      answers,
      factors: chosenFactors(form),
      note: form.note,
    });
    setBusy(false);
    if (result.ok) onDone(result.value);
    else {
      finished.current = false;
      setError(result.error);
    }
  }

  async function pause() {
    // What was said in the last moment is saved before leaving, not left to the timer.
    if (form.step > 0 || Object.keys(form.answers).length > 0) {
      await api.call('wellbeing.saveDraft', {
        clientId: client.id,
        form: JSON.parse(formKey) as Record<string, unknown>,
      });
    }
    onDone();
  }

  async function discard() {
    if (!window.confirm(t('screening.discardConfirm'))) return;
    finish();
    await api.call('wellbeing.discardDraft', { clientId: client.id });
    onDone();
  }

  return (
    <section aria-labelledby="screening-title" className="screening">
      <ScreenHeading id="screening-title">{t('screening.title', { who })}</ScreenHeading>
      {resumed && (
        <p className="notice" role="status">
          {t('screening.restored', { time: formatTime(resumed.savedAt, i18n.language) })}
        </p>
      )}

      <form onSubmit={step === 'summary' ? sign : next} noValidate className="form">
        <h2 ref={stepHeading} tabIndex={-1}>
          {t(`screening.step.${step}`)}{' '}
          <span className="subtle">({t('screening.progress', { step: form.step + 1, steps: STEPS.length })})</span>
        </h2>
        {step === 'intro' && (
          <>
            <p>{t('screening.introSay')}</p>
            <p>{t('screening.introHow')}</p>
            <Sources />
          </>
        )}
        {(step === 'relatives' || step === 'friends') && <p>{t(`screening.lead.${step}`)}</p>}
        {(QUESTIONS[step] ?? []).map(([group, item, options]) => (
          <fieldset key={item} aria-describedby={missing.includes(item) ? `${item}-error` : undefined}>
            <legend>{t(`screening.item.${item}`)}</legend>
            {options.map((option) => (
              <label key={option} className="check">
                <input
                  type="radio"
                  name={item}
                  value={option}
                  checked={form.answers[item] === option}
                  onChange={() => setForm((f) => ({ ...f, answers: { ...f.answers, [item]: option } }))}
                />
                {t(`screening.answer.${group}.${option}`)}
              </label>
            ))}
            <label className="check declined">
              <input
                type="radio"
                name={item}
                value="declined"
                checked={form.answers[item] === 'declined'}
                onChange={() => setForm((f) => ({ ...f, answers: { ...f.answers, [item]: 'declined' } }))}
              />
              {t('screening.declined')}
            </label>
            {missing.includes(item) && (
              <span className="error" id={`${item}-error`}>
                {t('validation.answerOrDecline')}
              </span>
            )}
          </fieldset>
        ))}
        {step === 'factors' && (
          <fieldset>
            <legend>{t('screening.factorsLegend')}</legend>
            <p className="subtle">{t('screening.factorsHelp')}</p>
            {RISK_FACTORS.map((factor) => {
              const on = form.factors[factor] !== undefined;
              return (
                <div key={factor}>
                  <label className="check">
                    <input
                      type="checkbox"
                      checked={on}
                      onChange={() =>
                        setForm((f) => ({
                          ...f,
                          factors: on
                            ? Object.fromEntries(Object.entries(f.factors).filter(([key]) => key !== factor))
                            : { ...f.factors, [factor]: '' },
                        }))
                      }
                    />
                    {t(`wellbeing.factor.${factor}`)}
                  </label>
                  {on && (
                    <label className="factor-note">
                      {t('screening.factorNote', { factor: t(`wellbeing.factor.${factor}`) })}
                      <input
                        type="text"
                        maxLength={200}
                        value={form.factors[factor] ?? ''}
                        onChange={(event) =>
                          setForm((f) => ({ ...f, factors: { ...f.factors, [factor]: event.target.value } }))
                        }
                      />
                    </label>
                  )}
                </div>
              );
            })}
          </fieldset>
        )}
        {step === 'summary' && assessed && (
          <>
            <dl className="facts">
              <dt>{t('wellbeing.ucla3')}</dt>
              <dd>{scoreText(t, assessed.assessment.ucla3)}</dd>
              <dt>{t('wellbeing.direct')}</dt>
              <dd>{t(`screening.answer.direct.${form.answers['direct'] ?? 'declined'}`)}</dd>
              <dt>{t('wellbeing.lsns6')}</dt>
              <dd>{scoreText(t, assessed.assessment.lsns6)}</dd>
            </dl>
            <RiskSummary level={assessed.assessment.level} reasons={assessed.assessment.reasons} />
            <label>
              {t('screening.note')}
              <textarea
                rows={3}
                maxLength={2000}
                value={form.note}
                onChange={(event) => setForm((f) => ({ ...f, note: event.target.value }))}
              />
            </label>
            <p className="subtle">{t('screening.signExplained')}</p>
          </>
        )}
        {error && (
          <p role="alert" className="error">
            {t('screening.notSigned')} {errorText(t, error)}
          </p>
        )}
        <div className="actions">
          {form.step > 0 && (
            <button type="button" onClick={() => goTo(form.step - 1)}>
              {t('screening.back')}
            </button>
          )}
          <button type="submit" disabled={busy}>
            {step === 'summary' ? t('screening.sign') : step === 'intro' ? t('screening.begin') : t('screening.next')}
          </button>
          <button type="button" className="link" onClick={() => void pause()}>
            {t('screening.pause')}
          </button>
          <button type="button" className="link" onClick={() => void discard()}>
            {t('screening.discard')}
          </button>
        </div>
      </form>
    </section>
  );
}

function chosenFactors(form: Form) {
  return RISK_FACTORS.filter((f) => form.factors[f] !== undefined).map((factor) => ({
    factor,
    note: (form.factors[factor] ?? '').trim(),
  }));
}

/**
 * A loneliness and isolation screening as a guided conversation: a few words to begin with, the UCLA-3 questions, the
 * direct question, the LSNS-6 questions about relatives and then friends, the risk factors the worker knows of, and a
 * summary with the risk level and its reasons before signing. Any question may be declined. What has been said is saved
 * on the laptop as it goes (useScreeningDraft); once signed, the screening never changes.
 */
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClientSummary } from '../../../../core/api.ts';
import { assessScreening, RISK_RULE_VERSION, type AssessedScreening } from '../../../../core/wellbeing.ts';
import { ScreenHeading } from '../../components/ScreenHeading.tsx';
import { formatTime } from '../../format.ts';
import { Button, Dialog, useCall } from '../../kit/index.ts';
import { RiskFactorsStep } from './components/RiskFactorsStep.tsx';
import { ScreeningQuestions } from './components/ScreeningQuestions.tsx';
import { ScreeningSummary } from './components/ScreeningSummary.tsx';
import { useScreeningDraft } from './hooks/useScreeningDraft.ts';
import { chosenFactors, completeAnswers, firstUnansweredStep, QUESTIONS, questionId, STEPS } from './screeningForm.ts';
import { clientName, Sources } from './wording.tsx';
import './components/wellbeing.css';

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
  const { form, setForm, saveNow, finish, reopen } = useScreeningDraft(client.id, draft);
  // The draft this screening resumed, if any (the page's own copy changes as the conversation is saved).
  const [resumed] = useState(draft);
  const [missing, setMissing] = useState<readonly string[]>([]);
  const [discarding, setDiscarding] = useState(false);
  const signCall = useCall('wellbeing.sign');
  const discardCall = useCall('wellbeing.discardDraft');
  const step = STEPS[form.step] ?? 'intro';
  const questions = QUESTIONS[step] ?? [];

  const stepHeading = useRef<HTMLHeadingElement>(null);
  const goTo = (next: number) => {
    setMissing([]);
    setForm((f) => ({ ...f, step: next }));
    requestAnimationFrame(() => stepHeading.current?.focus());
  };
  const next = (event: FormEvent) => {
    event.preventDefault();
    const unanswered = questions.map(([, item]) => item).filter((item) => !form.answers[item]);
    if (unanswered.length > 0) {
      setMissing(unanswered);
      requestAnimationFrame(() =>
        document.querySelector<HTMLInputElement>(`#${questionId(unanswered[0] ?? '')} input`)?.focus(),
      );
      return;
    }
    goTo(form.step + 1);
  };

  const answers = completeAnswers(form);
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
      goTo(firstUnansweredStep(form));
      return;
    }
    finish();
    const result = await signCall.run({
      id: form.id,
      clientId: client.id,
      answers,
      factors: chosenFactors(form),
      note: form.note,
    });
    if (result.ok) onDone(result.value);
    else reopen();
  }

  async function discard() {
    finish();
    await discardCall.run({ clientId: client.id });
    onDone();
  }

  return (
    <section aria-labelledby="screening-title" className="screening">
      <ScreenHeading id="screening-title">{t('screening.title', { who: clientName(client, t).name })}</ScreenHeading>
      {resumed && (
        <p className="notice" role="status">
          {t('screening.restored', { time: formatTime(resumed.savedAt, i18n.language) })}
        </p>
      )}

      <form onSubmit={step === 'summary' ? sign : next} noValidate className="screening-form">
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
        <ScreeningQuestions
          questions={questions}
          answers={form.answers}
          missing={missing}
          onAnswer={(item, answer) => {
            setMissing((m) => m.filter((x) => x !== item));
            setForm((f) => ({ ...f, answers: { ...f.answers, [item]: answer } }));
          }}
        />
        {step === 'factors' && (
          <RiskFactorsStep factors={form.factors} onChange={(factors) => setForm((f) => ({ ...f, factors }))} />
        )}
        {step === 'summary' && assessed && (
          <ScreeningSummary
            assessed={assessed}
            direct={form.answers['direct'] ?? 'declined'}
            note={form.note}
            onNote={(note) => setForm((f) => ({ ...f, note }))}
          />
        )}
        {signCall.message && (
          <p role="alert" className="kit-error">
            {t('screening.notSigned')} {signCall.message}
          </p>
        )}
        <div className="screening-actions">
          {form.step > 0 && <Button onPress={() => goTo(form.step - 1)}>{t('screening.back')}</Button>}
          <Button type="submit" variant="primary" isDisabled={signCall.busy}>
            {step === 'summary' ? t('screening.sign') : step === 'intro' ? t('screening.begin') : t('screening.next')}
          </Button>
          <Button variant="link" onPress={() => void saveNow().then(() => onDone())}>
            {t('screening.pause')}
          </Button>
          <Button variant="link" onPress={() => setDiscarding(true)}>
            {t('screening.discard')}
          </Button>
        </div>
      </form>
      <Dialog
        isOpen={discarding}
        onOpenChange={setDiscarding}
        role="alertdialog"
        title={t('screening.discardTitle')}
        actions={
          <Button variant="danger" onPress={() => void discard()}>
            {t('screening.discard')}
          </Button>
        }
      >
        <p>{t('screening.discardConfirm')}</p>
      </Dialog>
    </section>
  );
}

/** One step's questions, each a group of large rows to choose from, "Prefers not to answer" always among them. */
import { useTranslation } from 'react-i18next';
import { RadioGroup } from '../../../kit/index.ts';
import { questionId, type Question } from '../screeningForm.ts';

export function ScreeningQuestions({
  questions,
  answers,
  missing,
  onAnswer,
}: {
  questions: readonly Question[];
  answers: Readonly<Record<string, string>>;
  missing: readonly string[];
  onAnswer: (item: string, answer: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <>
      {questions.map(([group, item, options]) => (
        <RadioGroup
          key={item}
          id={questionId(item)}
          className="screening-question"
          label={t(`screening.item.${item}`)}
          options={[
            ...options.map((option) => ({ id: option, label: t(`screening.answer.${group}.${option}`) })),
            { id: 'declined', label: t('screening.declined') },
          ]}
          value={answers[item] ?? null}
          onChange={(answer) => onAnswer(item, answer)}
          error={missing.includes(item) ? t('validation.answerOrDecline') : undefined}
        />
      ))}
    </>
  );
}

/** The laptop PIN, typed twice: it opens the app on this laptop offline and unlocks the person's signing key. */
import { useTranslation } from 'react-i18next';
import { TextField } from '../../kit/index.ts';

interface Pins {
  readonly pin: string;
  readonly pinAgain: string;
}

export function PinFields({
  idPrefix,
  pin,
  pinAgain,
  onChange,
  errors,
}: Pins & {
  idPrefix: string;
  onChange: (pins: Pins) => void;
  errors: Record<string, string>;
}) {
  const { t } = useTranslation();
  const field = (name: keyof Pins, value: string, description?: string) => (
    <TextField
      id={`${idPrefix}-${name}`}
      label={t(`sync.pin.${name}`)}
      description={description}
      type="password"
      inputMode="numeric"
      autoComplete="new-password"
      value={value}
      onChange={(next) => onChange({ pin, pinAgain, [name]: next })}
      error={errors[name]}
    />
  );
  return (
    <>
      {field('pin', pin, t('sync.pin.hint'))}
      {field('pinAgain', pinAgain)}
    </>
  );
}

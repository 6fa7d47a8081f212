/** The laptop PIN, typed twice: it opens the app on this laptop offline and unlocks the person's signing key. */
import { useTranslation } from 'react-i18next';

interface Pins {
  readonly pin: string;
  readonly pinAgain: string;
}

export function PinFields({
  idPrefix,
  pin,
  pinAgain,
  onChange,
  invalid,
}: Pins & {
  idPrefix: string;
  onChange: (pins: Pins) => void;
  invalid: (name: string) => true | undefined;
}) {
  const { t } = useTranslation();
  const input = (name: keyof Pins, value: string) => (
    <div className="row">
      <label htmlFor={`${idPrefix}-${name}`}>{t(`sync.pin.${name}`)}</label>
      <input
        id={`${idPrefix}-${name}`}
        type="password"
        inputMode="numeric"
        autoComplete="new-password"
        value={value}
        onChange={(e) => onChange({ pin, pinAgain, [name]: e.target.value })}
        aria-invalid={invalid(name)}
        aria-describedby={name === 'pin' ? `${idPrefix}-pin-hint` : undefined}
      />
    </div>
  );
  return (
    <>
      {input('pin', pin)}
      <p className="hint" id={`${idPrefix}-pin-hint`}>
        {t('sync.pin.hint')}
      </p>
      {input('pinAgain', pinAgain)}
    </>
  );
}

import { Input, Label, NumberField as AriaNumberField } from 'react-aria-components';
import { FieldHelp, type FieldProps } from './FieldHelp.tsx';

export interface NumberFieldProps extends FieldProps {
  /** undefined: empty. */
  readonly value: number | undefined;
  readonly onChange: (value: number | undefined) => void;
  readonly minValue?: number;
  readonly maxValue?: number;
  readonly step?: number;
  readonly formatOptions?: Intl.NumberFormatOptions;
}

export function NumberField({ label, description, error, className, value, onChange, ...props }: NumberFieldProps) {
  return (
    <AriaNumberField
      {...props}
      value={value ?? Number.NaN}
      onChange={(next) => onChange(Number.isNaN(next) ? undefined : next)}
      isInvalid={!!error}
      validationBehavior="aria"
      className={['kit-field', className].filter(Boolean).join(' ')}
    >
      <Label className="kit-label">{label}</Label>
      <Input className="kit-input kit-input-number" />
      <FieldHelp description={description} error={error} />
    </AriaNumberField>
  );
}

import { Label, Radio, RadioGroup as AriaRadioGroup } from 'react-aria-components';
import { FieldHelp, type FieldProps } from './FieldHelp.tsx';
import { OptionContent, type Option } from './Option.tsx';

export interface RadioGroupProps extends FieldProps {
  readonly options: readonly Option[];
  /** The chosen option's id, or null for none yet. */
  readonly value: string | null;
  readonly onChange: (value: string) => void;
  readonly orientation?: 'vertical' | 'horizontal';
}

/** One of a few choices, each a whole row of at least 44 px to press, with an optional line of explanation. */
export function RadioGroup({
  label,
  description,
  error,
  className,
  options,
  value,
  onChange,
  ...props
}: RadioGroupProps) {
  return (
    <AriaRadioGroup
      {...props}
      value={value}
      onChange={onChange}
      isInvalid={!!error}
      validationBehavior="aria"
      className={['kit-field', 'kit-choice-group', className].filter(Boolean).join(' ')}
    >
      <Label className="kit-label">{label}</Label>
      <FieldHelp description={description} />
      <div className="kit-choices">
        {options.map((option) => (
          <Radio key={option.id} value={option.id} isDisabled={option.isDisabled} className="kit-choice">
            <span aria-hidden="true" className="kit-radio-mark" />
            <span className="kit-choice-text">
              <OptionContent option={option} />
            </span>
          </Radio>
        ))}
      </div>
      <FieldHelp error={error} />
    </AriaRadioGroup>
  );
}

import { Checkbox as AriaCheckbox, CheckboxGroup as AriaCheckboxGroup, Label } from 'react-aria-components';
import { CheckMark } from './Checkbox.tsx';
import { FieldHelp, type FieldProps } from './FieldHelp.tsx';
import { OptionContent, type Option } from './Option.tsx';

export interface CheckboxGroupProps extends FieldProps {
  readonly options: readonly Option[];
  readonly value: readonly string[];
  readonly onChange: (value: string[]) => void;
}

/** Any number of a few choices, each a row of at least 44 px, under one visible label. */
export function CheckboxGroup({
  label,
  description,
  error,
  className,
  options,
  value,
  onChange,
  ...props
}: CheckboxGroupProps) {
  return (
    <AriaCheckboxGroup
      {...props}
      value={[...value]}
      onChange={onChange}
      isInvalid={!!error}
      validationBehavior="aria"
      className={['kit-field', 'kit-choice-group', className].filter(Boolean).join(' ')}
    >
      <Label className="kit-label">{label}</Label>
      <FieldHelp description={description} />
      <div className="kit-choices">
        {options.map((option) => (
          <AriaCheckbox key={option.id} value={option.id} isDisabled={option.isDisabled} className="kit-choice">
            <CheckMark />
            <span className="kit-choice-text">
              <OptionContent option={option} />
            </span>
          </AriaCheckbox>
        ))}
      </div>
      <FieldHelp error={error} />
    </AriaCheckboxGroup>
  );
}

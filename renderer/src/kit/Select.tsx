import {
  Button as AriaButton,
  Label,
  ListBox,
  ListBoxItem,
  Popover,
  Select as AriaSelect,
  SelectValue,
} from 'react-aria-components';
import { FieldHelp, type FieldProps } from './FieldHelp.tsx';
import { OptionContent, optionText, type Option } from './Option.tsx';

export interface SelectProps extends FieldProps {
  readonly options: readonly Option[];
  /** The chosen option's id, or null for none. */
  readonly value: string | null;
  readonly onChange: (value: string | null) => void;
  readonly placeholder?: string;
}

/** A choice from a short list (for a long one, with search, use ComboBox). */
export function Select({
  label,
  description,
  error,
  className,
  options,
  value,
  onChange,
  placeholder,
  ...props
}: SelectProps) {
  return (
    <AriaSelect
      {...props}
      value={value}
      onChange={(key) => onChange(key === null ? null : String(key))}
      placeholder={placeholder}
      isInvalid={!!error}
      validationBehavior="aria"
      className={['kit-field', className].filter(Boolean).join(' ')}
    >
      <Label className="kit-label">{label}</Label>
      <AriaButton className="kit-input kit-select-trigger">
        <SelectValue className="kit-select-value" />
        <span aria-hidden="true" className="kit-chevron">
          ▾
        </span>
      </AriaButton>
      <FieldHelp description={description} error={error} />
      <Popover className="kit-popover">
        <ListBox className="kit-listbox" items={options}>
          {(option) => (
            <ListBoxItem
              id={option.id}
              textValue={optionText(option)}
              isDisabled={option.isDisabled}
              className="kit-listbox-item"
            >
              <OptionContent option={option} slots />
            </ListBoxItem>
          )}
        </ListBox>
      </Popover>
    </AriaSelect>
  );
}

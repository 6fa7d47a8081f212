import { useTranslation } from 'react-i18next';
import {
  Button as AriaButton,
  ComboBox as AriaComboBox,
  Input,
  Label,
  ListBox,
  ListBoxItem,
  Popover,
  useFilter,
} from 'react-aria-components';
import { FieldHelp, type FieldProps } from './FieldHelp.tsx';
import { OptionContent, optionText, type Option } from './Option.tsx';

export interface ComboBoxProps extends FieldProps {
  readonly options: readonly Option[];
  /** The chosen option's id, or null for none. */
  readonly value: string | null;
  readonly onChange: (value: string | null) => void;
}

/**
 * A choice from a long list by typing part of it: "sävar" finds "Sävar", "ostlund" finds "Östlund" (accents and case
 * ignored), matching the name and its description line, so a village or a year of birth finds the person too.
 */
export function ComboBox({ label, description, error, className, options, value, onChange, ...props }: ComboBoxProps) {
  const { t } = useTranslation();
  const { contains } = useFilter({ sensitivity: 'base' });
  return (
    <AriaComboBox
      {...props}
      value={value}
      onChange={(key) => onChange(key === null ? null : String(key))}
      defaultFilter={contains}
      menuTrigger="input"
      isInvalid={!!error}
      validationBehavior="aria"
      className={['kit-field', className].filter(Boolean).join(' ')}
    >
      <Label className="kit-label">{label}</Label>
      <div className="kit-combobox">
        <Input className="kit-input" />
        <AriaButton className="kit-combobox-button" aria-label={t('kit.comboBox.showAll')}>
          <span aria-hidden="true">▾</span>
        </AriaButton>
      </div>
      <FieldHelp description={description} error={error} />
      <Popover className="kit-popover">
        <ListBox
          className="kit-listbox"
          items={options}
          renderEmptyState={() => <p className="kit-empty">{t('kit.comboBox.noMatch')}</p>}
        >
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
    </AriaComboBox>
  );
}

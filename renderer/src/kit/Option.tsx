import { Text } from 'react-aria-components';

/** One choice in a Select, ComboBox, RadioGroup or CheckboxGroup: a label and, to tell alike ones apart, a line more. */
export interface Option {
  readonly id: string;
  readonly label: string;
  /** E.g. "Sävar · född 1936" beside a client's name (see clientLabel in format.ts). */
  readonly description?: string | undefined;
  readonly isDisabled?: boolean | undefined;
}

/** The text a choice is searched and announced by: its label and its description. */
export const optionText = (option: Option) =>
  option.description ? `${option.label}, ${option.description}` : option.label;

/** A choice as drawn; in a list box the two lines are its label and description slots (announced as such). */
export function OptionContent({ option, slots = false }: { option: Option; slots?: boolean }) {
  if (slots) {
    return (
      <>
        <Text slot="label" className="kit-option-label">
          {option.label}
        </Text>
        {option.description && (
          <Text slot="description" className="kit-option-description">
            {option.description}
          </Text>
        )}
      </>
    );
  }
  return (
    <>
      <span className="kit-option-label">{option.label}</span>
      {option.description && <span className="kit-option-description">{option.description}</span>}
    </>
  );
}

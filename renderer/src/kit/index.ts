/** The component kit every screen uses: thin wrappers over react-aria-components, drawn with the design tokens. */
import './kit.css';

export { AsyncContent } from './AsyncContent.tsx';
export { Button, type ButtonProps, type ButtonVariant } from './Button.tsx';
export { Checkbox, type CheckboxProps } from './Checkbox.tsx';
export { CheckboxGroup, type CheckboxGroupProps } from './CheckboxGroup.tsx';
export { ComboBox, type ComboBoxProps } from './ComboBox.tsx';
export { BOM, csvFromColumns, downloadFile, exportCsv, toCsv, type CsvColumn } from './csv.ts';
export { DataTable, type Column, type DataTableProps } from './DataTable.tsx';
export { sortRows, type SortState } from './sortRows.ts';
export { DateField, type DateFieldProps } from './DateField.tsx';
export { Dialog, type DialogProps } from './Dialog.tsx';
export type { FieldProps } from './FieldHelp.tsx';
export { FormErrors, type FormErrorItem } from './FormErrors.tsx';
export { LocaleProvider } from './LocaleProvider.tsx';
export { NumberField, type NumberFieldProps } from './NumberField.tsx';
export type { Option } from './Option.tsx';
export { RadioGroup, type RadioGroupProps } from './RadioGroup.tsx';
export { Section } from './Section.tsx';
export { Select, type SelectProps } from './Select.tsx';
export { StatusTag } from './StatusTag.tsx';
export { TextArea, type TextAreaProps } from './TextArea.tsx';
export { TextField, type TextFieldProps } from './TextField.tsx';
export { TimeField, type TimeFieldProps } from './TimeField.tsx';
export { Toasts, useToast, type ToastMessage } from './Toasts.tsx';
export { fieldErrorsOf, useCall } from './useCall.ts';
export type { Tone } from '../theme/tokens.ts';

import { Label, TextArea as AriaTextArea, TextField as AriaTextField } from 'react-aria-components';
import { FieldHelp, type FieldProps } from './FieldHelp.tsx';

export interface TextAreaProps extends FieldProps {
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly rows?: number;
  readonly maxLength?: number;
}

export function TextArea({ label, description, error, className, rows = 4, ...props }: TextAreaProps) {
  return (
    <AriaTextField
      {...props}
      isInvalid={!!error}
      validationBehavior="aria"
      className={['kit-field', className].filter(Boolean).join(' ')}
    >
      <Label className="kit-label">{label}</Label>
      <AriaTextArea className="kit-input kit-textarea" rows={rows} />
      <FieldHelp description={description} error={error} />
    </AriaTextField>
  );
}

import { Input, Label, TextField as AriaTextField } from 'react-aria-components';
import { FieldHelp, type FieldProps } from './FieldHelp.tsx';

export interface TextFieldProps extends FieldProps {
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly type?: 'text' | 'email' | 'tel' | 'password' | 'search' | 'url';
  readonly autoComplete?: string;
  readonly inputMode?: 'text' | 'numeric' | 'tel' | 'email' | 'search' | 'url' | 'decimal';
  readonly maxLength?: number;
  readonly placeholder?: string;
}

export function TextField({ label, description, error, className, placeholder, ...props }: TextFieldProps) {
  return (
    <AriaTextField
      {...props}
      isInvalid={!!error}
      validationBehavior="aria"
      className={['kit-field', className].filter(Boolean).join(' ')}
    >
      <Label className="kit-label">{label}</Label>
      <Input className="kit-input" placeholder={placeholder} />
      <FieldHelp description={description} error={error} />
    </AriaTextField>
  );
}

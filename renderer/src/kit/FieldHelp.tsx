import { FieldError, Text } from 'react-aria-components';

/** A field's description and error under it; react-aria ties both to the input with aria-describedby. */
export function FieldHelp({ description, error }: { description?: string | undefined; error?: string | undefined }) {
  return (
    <>
      {description && (
        <Text slot="description" className="kit-description">
          {description}
        </Text>
      )}
      {error && <FieldError className="kit-error">{error}</FieldError>}
    </>
  );
}

/** What every kit field takes besides its value: a visible label, help, an error (which marks it invalid). */
export interface FieldProps {
  readonly label: string;
  /** The field's id: FormErrors links to it. */
  readonly id?: string | undefined;
  readonly description?: string | undefined;
  readonly error?: string | undefined;
  readonly isRequired?: boolean | undefined;
  readonly isDisabled?: boolean | undefined;
  readonly className?: string | undefined;
}

import type { CalendarDate } from '@internationalized/date';
import { DateField as AriaDateField, DateInput, DateSegment, Label } from 'react-aria-components';
import { FieldHelp, type FieldProps } from './FieldHelp.tsx';
import { fromCalendarDate, toCalendarDate } from './isoDates.ts';

export interface DateFieldProps extends FieldProps {
  /** YYYY-MM-DD, or '' for none. */
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly minValue?: string;
  readonly maxValue?: string;
}

/** A date in the user's locale (sv-SE: ÅÅÅÅ-MM-DD), typed segment by segment; in and out as YYYY-MM-DD. */
export function DateField({
  label,
  description,
  error,
  className,
  value,
  onChange,
  minValue,
  maxValue,
  ...props
}: DateFieldProps) {
  return (
    <AriaDateField<CalendarDate>
      {...props}
      value={toCalendarDate(value)}
      onChange={(date) => onChange(fromCalendarDate(date))}
      minValue={toCalendarDate(minValue)}
      maxValue={toCalendarDate(maxValue)}
      shouldForceLeadingZeros
      isInvalid={!!error}
      validationBehavior="aria"
      className={['kit-field', className].filter(Boolean).join(' ')}
    >
      <Label className="kit-label">{label}</Label>
      <DateInput className="kit-input kit-date-input">
        {(segment) => <DateSegment segment={segment} className="kit-date-segment" />}
      </DateInput>
      <FieldHelp description={description} error={error} />
    </AriaDateField>
  );
}

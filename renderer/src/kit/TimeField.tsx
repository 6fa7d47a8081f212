import type { Time } from '@internationalized/date';
import { DateInput, DateSegment, Label, TimeField as AriaTimeField } from 'react-aria-components';
import { FieldHelp, type FieldProps } from './FieldHelp.tsx';
import { fromTime, toTime } from './isoDates.ts';

export interface TimeFieldProps extends FieldProps {
  /** HH:mm, or '' for none. */
  readonly value: string;
  readonly onChange: (value: string) => void;
}

/** A time of day, always on the 24-hour clock (as Swedish care plans are written); in and out as HH:mm. */
export function TimeField({ label, description, error, className, value, onChange, ...props }: TimeFieldProps) {
  return (
    <AriaTimeField<Time>
      {...props}
      value={toTime(value)}
      onChange={(time) => onChange(fromTime(time))}
      hourCycle={24}
      // 07:30, as Swedish times are written (not 7:30).
      shouldForceLeadingZeros
      granularity="minute"
      isInvalid={!!error}
      validationBehavior="aria"
      className={['kit-field', className].filter(Boolean).join(' ')}
    >
      <Label className="kit-label">{label}</Label>
      <DateInput className="kit-input kit-date-input">
        {(segment) => <DateSegment segment={segment} className="kit-date-segment" />}
      </DateInput>
      <FieldHelp description={description} error={error} />
    </AriaTimeField>
  );
}

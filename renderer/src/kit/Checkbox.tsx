import type { ReactNode } from 'react';
import { Checkbox as AriaCheckbox } from 'react-aria-components';

export interface CheckboxProps {
  readonly isSelected: boolean;
  readonly onChange: (isSelected: boolean) => void;
  readonly children: ReactNode;
  /** A second line under the label. */
  readonly description?: string | undefined;
  readonly isDisabled?: boolean | undefined;
  readonly id?: string | undefined;
  readonly className?: string | undefined;
}

/** A yes/no as a row of at least 44 px to press, with a mark that shows a tick, not only a colour. */
export function Checkbox({ children, description, className, ...props }: CheckboxProps) {
  return (
    <AriaCheckbox {...props} className={['kit-choice', className].filter(Boolean).join(' ')}>
      <CheckMark />
      <span className="kit-choice-text">
        <span className="kit-option-label">{children}</span>
        {description && <span className="kit-option-description">{description}</span>}
      </span>
    </AriaCheckbox>
  );
}

/** The box; its tick is drawn by CSS when the row is [data-selected]. */
export function CheckMark() {
  return (
    <span aria-hidden="true" className="kit-check-mark">
      <svg viewBox="0 0 18 18" width="18" height="18">
        <polyline points="3.5 9.5 7.5 13.5 14.5 5" fill="none" strokeWidth="3" />
      </svg>
    </span>
  );
}

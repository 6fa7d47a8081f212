import { useId, type ReactNode } from 'react';
import { Button as AriaButton, type ButtonProps as AriaButtonProps } from 'react-aria-components';

export type ButtonVariant = 'primary' | 'secondary' | 'danger' | 'link';

export interface ButtonProps extends Omit<AriaButtonProps, 'className' | 'children' | 'style'> {
  readonly variant?: ButtonVariant;
  /** Why the person may not do this: the button is shown disabled with the reason beside it, never refused later. */
  readonly disabledReason?: string | undefined;
  readonly className?: string | undefined;
  readonly children: ReactNode;
}

export function Button({ variant = 'secondary', disabledReason, className, children, ...props }: ButtonProps) {
  const reasonId = useId();
  const button = (
    <AriaButton
      {...props}
      isDisabled={props.isDisabled === true || !!disabledReason}
      aria-describedby={
        disabledReason ? [props['aria-describedby'], reasonId].filter(Boolean).join(' ') : props['aria-describedby']
      }
      className={['kit-button', `kit-button-${variant}`, className].filter(Boolean).join(' ')}
    >
      {children}
    </AriaButton>
  );
  if (!disabledReason) return button;
  return (
    <span className="kit-button-with-reason">
      {button}
      <span id={reasonId} className="kit-disabled-reason">
        {disabledReason}
      </span>
    </span>
  );
}

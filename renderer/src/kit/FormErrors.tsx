import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

export interface FormErrorItem {
  /** The field's id (the kit fields take one); without it the message is shown without a link. */
  readonly fieldId?: string | undefined;
  readonly label?: string | undefined;
  readonly message: string;
}

/** Moves focus to the field itself: the id is on the field's wrapper, the input is inside it. */
function focusField(fieldId: string) {
  const target = document.getElementById(fieldId);
  const focusable = target?.matches('input, textarea, select, button, [tabindex]')
    ? target
    : target?.querySelector<HTMLElement>('input, textarea, select, button, [role="spinbutton"], [tabindex]');
  focusable?.focus();
  target?.scrollIntoView({ block: 'center' });
}

/**
 * What is wrong with a form, above it: a list with a link to each field (WCAG 3.3.1), announced when it appears.
 * Every field also shows its own error under it.
 */
export function FormErrors({ items, title }: { items: readonly FormErrorItem[]; title?: string }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const count = items.length;
  useEffect(() => {
    if (count > 0) ref.current?.focus();
  }, [count]);
  if (count === 0) return null;
  return (
    <div role="alert" className="kit-form-errors" tabIndex={-1} ref={ref}>
      <p className="kit-form-errors-title">{title ?? t('kit.formErrors.title', { count })}</p>
      <ul>
        {items.map((item, index) => {
          const text = item.label ? `${item.label}: ${item.message}` : item.message;
          return (
            <li key={`${item.fieldId ?? ''}-${index}`}>
              {item.fieldId ? (
                <a
                  href={`#${item.fieldId}`}
                  onClick={(event) => {
                    event.preventDefault();
                    focusField(item.fieldId ?? '');
                  }}
                >
                  {text}
                </a>
              ) : (
                text
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/**
 * Keyboard shortcuts: Alt+1 … Alt+8 open the main screens (a modifier, so screen readers' single-letter keys and
 * text entry are left alone; Ctrl, AltGr and Cmd combinations are not ours), Alt+0 or F1 opens the list of them. Nothing
 * happens while the person is typing in a field.
 */
import { useEffect } from 'react';
import { SHORTCUT_DIGIT, type MenuEntry } from './routes.ts';

/** Whether keys typed now go into text: an input that takes text, a text area, a select or editable content. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) {
    return true;
  }
  if (target instanceof HTMLInputElement) {
    return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file', 'image'].includes(target.type);
  }
  return target.getAttribute('role') === 'textbox' || target.getAttribute('role') === 'combobox';
}

/** The menu entry a key press asks for, if any: Alt and a digit key (by its place, whatever the layout). */
export function entryForKey(event: KeyboardEvent, entries: readonly MenuEntry[]): MenuEntry | undefined {
  if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return undefined;
  const digit = /^(?:Digit|Numpad)([1-9])$/.exec(event.code)?.[1];
  return digit ? entries.find((entry) => SHORTCUT_DIGIT[entry] === Number(digit)) : undefined;
}

/**
 * Alt+0 (beside the screens' Alt+1…8) or F1 lists the shortcuts. Not a single character key: WCAG 2.1.4 asks that such
 * a shortcut can be turned off, and a "?" would also fire for a screen reader user moving by character.
 */
const isHelpKey = (event: KeyboardEvent) =>
  !event.ctrlKey &&
  !event.metaKey &&
  !event.shiftKey &&
  ((event.altKey && /^(?:Digit|Numpad)0$/.test(event.code)) || (!event.altKey && event.key === 'F1'));

export function useShortcuts({
  entries,
  enabled,
  onEntry,
  onHelp,
}: {
  entries: readonly MenuEntry[];
  /** Off while a dialog is open: its keys are its own. */
  enabled: boolean;
  onEntry: (entry: MenuEntry) => void;
  onHelp: () => void;
}): void {
  useEffect(() => {
    if (!enabled) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.repeat || isTyping(event.target)) return;
      const entry = entryForKey(event, entries);
      if (entry) {
        event.preventDefault();
        onEntry(entry);
      } else if (isHelpKey(event)) {
        event.preventDefault();
        onHelp();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [entries, enabled, onEntry, onHelp]);
}

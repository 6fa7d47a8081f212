/**
 * The screening form, saved on the laptop as it goes (settling for a moment after each change), so a closed lid or a
 * flat battery loses nothing. Opening a screening saves nothing; leaving while a save waits saves at once; once
 * signed or discarded nothing more is saved, and no save still waiting may bring the draft back.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { v7 as uuidv7 } from 'uuid';
import { useApi } from '../../../api/hooks.tsx';
import type { ScreeningForm } from '../screeningForm.ts';

export function useScreeningDraft(clientId: string, draft: { form: Record<string, unknown> } | undefined) {
  const api = useApi();
  const fresh = useMemo<ScreeningForm>(() => ({ id: uuidv7(), step: 0, answers: {}, factors: {}, note: '' }), []);
  // A conversation left half-way comes back where it was, with the same id (signing twice cannot make two).
  const [form, setForm] = useState<ScreeningForm>(() => ({
    ...fresh,
    ...(draft?.form as Partial<ScreeningForm> | undefined),
  }));
  const formKey = JSON.stringify(form);
  const changed = useRef(false);
  const pending = useRef<ReturnType<typeof setTimeout>>(undefined);
  const latest = useRef(formKey);
  latest.current = formKey;
  const finished = useRef(false);
  const save = (key: string) =>
    api.call('wellbeing.saveDraft', { clientId, form: JSON.parse(key) as Record<string, unknown> });

  useEffect(() => {
    if (!changed.current) {
      changed.current = true;
      return;
    }
    pending.current = setTimeout(() => {
      pending.current = undefined;
      void save(formKey);
    }, 300);
    return () => clearTimeout(pending.current);
  }, [api, clientId, formKey]);
  useEffect(
    () => () => {
      // Leaving by the menu while a save waits: what was said last is saved now, not dropped with the timer.
      if (pending.current !== undefined && !finished.current) void save(latest.current);
    },
    [],
  );

  return {
    form,
    setForm,
    /** Saves what was said in the last moment before leaving, not left to the timer. */
    saveNow: async () => {
      if (form.step > 0 || Object.keys(form.answers).length > 0) await save(formKey);
    },
    /** Signed or discarded: nothing more is saved. */
    finish: () => {
      finished.current = true;
      clearTimeout(pending.current);
      pending.current = undefined;
    },
    /** Signing failed: the form may be saved again. */
    reopen: () => {
      finished.current = false;
    },
  };
}

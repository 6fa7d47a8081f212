/** The inbox's filters: who, which client, where, when, what kind and how serious. Applied together with "Visa". */
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiIssue, ClientSummary } from '../../../../core/api.ts';
import { INBOX_KINDS, INBOX_STATUSES } from '../../../../core/supervision.ts';
import type { Role } from '../../../../core/users.ts';
import { DEVIATION_KINDS, SEVERITIES } from '../../../../core/visits.ts';
import { useNames } from '../../components/useNames.ts';
import { Button, ComboBox, DateField, FormErrors, Section, Select, type Option } from '../../kit/index.ts';
import type { FilterForm } from './inboxFilter.ts';

/** The choice that sets no filter (a list box item needs an id; the form keeps it as ''). */
const ANY = '*';
const fromChoice = (value: string | null) => (value === null || value === ANY ? '' : value);
const toChoice = (value: string) => value || ANY;

export interface FilterChoices {
  readonly staff: readonly { id: string; name: string; role: Role | undefined }[];
  readonly clients: readonly ClientSummary[];
  readonly villages: readonly string[];
}

export function InboxFilters({
  form,
  onChange,
  onApply,
  onReset,
  issues,
  choices,
}: {
  form: FilterForm;
  onChange: (form: FilterForm) => void;
  onApply: () => void;
  onReset: () => void;
  issues: readonly ApiIssue[];
  choices: FilterChoices | undefined;
}) {
  const { t } = useTranslation();
  const names = useNames();
  const set = <K extends keyof FilterForm>(key: K, value: FilterForm[K]) => onChange({ ...form, [key]: value });
  const any = (label: string): Option => ({ id: ANY, label });
  const issue = (path: string) => {
    const found = issues.find((i) => i.path === path);
    return found ? t(found.message) : undefined;
  };
  const labels: Record<string, string> = { from: t('inbox.from'), to: t('inbox.to') };

  function submit(event: FormEvent) {
    event.preventDefault();
    onApply();
  }

  return (
    <Section title={t('inbox.filters')}>
      <form onSubmit={submit} noValidate className="review-filters">
        <FormErrors
          items={issues.map((i) => ({ fieldId: `filter-${i.path}`, label: labels[i.path], message: t(i.message) }))}
        />
        <Select
          id="filter-status"
          label={t('inbox.status')}
          options={INBOX_STATUSES.map((status) => ({ id: status, label: t(`inbox.statuses.${status}`) }))}
          value={form.status}
          onChange={(value) => set('status', (value ?? 'open') as FilterForm['status'])}
        />
        <Select
          id="filter-kind"
          label={t('inbox.kind')}
          options={[
            any(t('inbox.anyKind')),
            ...INBOX_KINDS.map((kind) => ({ id: kind, label: t(`inbox.kinds.${kind}`) })),
          ]}
          value={toChoice(form.kind)}
          onChange={(value) => set('kind', fromChoice(value) as FilterForm['kind'])}
        />
        <Select
          id="filter-worker"
          label={t('inbox.worker')}
          options={[
            any(t('inbox.anyWorker')),
            ...(choices?.staff ?? []).map((person) => {
              const label = names.person({ displayName: person.name, role: person.role });
              return { id: person.id, label: label.name, description: label.detail || undefined };
            }),
          ]}
          value={toChoice(form.workerId)}
          onChange={(value) => set('workerId', fromChoice(value))}
        />
        <ComboBox
          id="filter-client"
          label={t('inbox.client')}
          options={[
            any(t('inbox.anyClient')),
            ...(choices?.clients ?? []).map((client) => {
              const label = names.client(client);
              return { id: client.id, label: label.name, description: label.detail || undefined };
            }),
          ]}
          value={toChoice(form.clientId)}
          onChange={(value) => set('clientId', fromChoice(value))}
        />
        <Select
          id="filter-village"
          label={t('inbox.village')}
          options={[
            any(t('inbox.anyVillage')),
            ...(choices?.villages ?? []).map((village) => ({ id: village, label: village })),
          ]}
          value={toChoice(form.village)}
          onChange={(value) => set('village', fromChoice(value))}
        />
        <DateField
          id="filter-from"
          label={t('inbox.from')}
          value={form.from}
          onChange={(value) => set('from', value)}
          error={issue('from')}
        />
        <DateField
          id="filter-to"
          label={t('inbox.to')}
          value={form.to}
          onChange={(value) => set('to', value)}
          error={issue('to')}
        />
        <Select
          id="filter-deviation"
          label={t('inbox.deviationKind')}
          options={[
            any(t('inbox.anyDeviationKind')),
            ...DEVIATION_KINDS.map((kind) => ({ id: kind, label: t(`deviation.${kind}`) })),
          ]}
          value={toChoice(form.deviationKind)}
          onChange={(value) => set('deviationKind', fromChoice(value) as FilterForm['deviationKind'])}
        />
        <Select
          id="filter-severity"
          label={t('inbox.severity')}
          options={[
            any(t('inbox.anySeverity')),
            ...SEVERITIES.map((severity) => ({ id: severity, label: t(`severity.${severity}`) })),
          ]}
          value={toChoice(form.severity)}
          onChange={(value) => set('severity', fromChoice(value) as FilterForm['severity'])}
        />
        <div className="actions">
          <Button type="submit" variant="primary">
            {t('inbox.apply')}
          </Button>
          <Button onPress={onReset}>{t('inbox.reset')}</Button>
        </div>
      </form>
    </Section>
  );
}

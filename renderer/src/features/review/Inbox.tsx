/**
 * The supervisor's inbox: what the team logged (visits, deviations, corrections) and sync conflicts, filtered and
 * newest first, with the team's lock date and an export of the filtered list for a spreadsheet.
 */
import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { v7 as uuidv7 } from 'uuid';
import type { ApiError, ApiIssue, CallInput } from '../../../../core/api.ts';
import { localDate } from '../../../../core/schedule.ts';
import {
  INBOX_KINDS,
  INBOX_STATUSES,
  inboxFilterSchema,
  type InboxItem,
  type InboxKind,
} from '../../../../core/supervision.ts';
import { messageKey } from '../../../../core/validation.ts';
import { DEVIATION_KINDS, SEVERITIES, type DeviationKind } from '../../../../core/visits.ts';
import { useApi, useWatch } from '../../api/hooks.tsx';
import { ErrorMessage, errorText } from '../../components/ErrorMessage.tsx';
import { ScreenHeading } from '../../components/ScreenHeading.tsx';
import { formatDate, formatTime } from '../../format.ts';
import { downloadFile, toCsv } from './csv.ts';
import { formatDay, highestSeverity } from './values.ts';

interface FilterForm {
  workerId: string;
  clientId: string;
  village: string;
  from: string;
  to: string;
  kind: InboxKind | '';
  deviationKind: DeviationKind | '';
  severity: (typeof SEVERITIES)[number] | '';
  status: (typeof INBOX_STATUSES)[number];
}

const NO_FILTER: FilterForm = {
  workerId: '',
  clientId: '',
  village: '',
  from: '',
  to: '',
  kind: '',
  deviationKind: '',
  severity: '',
  status: 'open',
};

/** The filter last shown: kept while the supervisor opens a review and comes back. */
let remembered: FilterForm = NO_FILTER;

type InboxInput = CallInput<'reviews.inbox'>;

/** The call's input: only the filters that are set. */
function inputOf(form: FilterForm): InboxInput {
  const input: Record<string, string> = {};
  for (const [key, value] of Object.entries(form)) if (value) input[key] = value;
  return input as InboxInput;
}

/** Checks a filter with the same rules the backend uses (e.g. the end not before the start). */
function issuesOf(form: FilterForm): ApiIssue[] {
  const parsed = inboxFilterSchema.safeParse(inputOf(form), { error: messageKey });
  return parsed.success
    ? []
    : parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}

const clientNameOf = (item: InboxItem & { kind: 'visit' }) =>
  item.client ? `${item.client.givenName} ${item.client.familyName}` : item.visit.clientId;

/** The inbox as spreadsheet rows, in the user's language. */
function csvOf(t: TFunction, language: string, items: readonly InboxItem[]): { headings: string[]; rows: string[][] } {
  const headings = [
    'type',
    'date',
    'start',
    'end',
    'client',
    'village',
    'worker',
    'service',
    'status',
    'deviations',
    'corrections',
    'locked',
    'lastDecision',
    'decidedBy',
    'decidedAt',
    'comment',
    'id',
  ].map((column) => t(`inbox.csv.${column}`));
  const day = (iso: string) => localDate(new Date(iso));
  const time = (iso: string) => formatTime(iso, language);
  const rows = items.map((item) => {
    const last = item.last
      ? [
          t(`review.decision.${item.last.decision}`),
          item.last.reviewerName,
          `${day(item.last.createdAt)} ${time(item.last.createdAt)}`,
          item.last.comment,
        ]
      : ['', '', '', ''];
    if (item.kind === 'conflict') {
      const { conflict } = item;
      return [
        t('inbox.csv.conflict'),
        day(conflict.resolvedAt),
        time(conflict.resolvedAt),
        '',
        t('inbox.conflictRow', { what: t(`conflict.collection.${conflict.collectionName}`) }),
        '',
        item.userName,
        '',
        t(`conflict.status.${item.status}`),
        '',
        '',
        '',
        ...last,
        conflict.id,
      ];
    }
    const { visit } = item;
    return [
      t('inbox.csv.visit'),
      day(visit.startedAt),
      time(visit.startedAt),
      time(visit.endedAt),
      clientNameOf(item),
      visit.location.village,
      item.workerName,
      t(`service.${visit.serviceType}`),
      t(`review.status.${item.status}`),
      visit.deviations
        .map((d) => `${t(`deviation.${d.kind}`)} (${t(`severity.${d.severity}`)}): ${d.description}`)
        .join('; '),
      String(item.amendmentCount),
      item.locked ? t('review.yes') : t('review.no'),
      ...last,
      visit.id,
    ];
  });
  return { headings, rows };
}

function LockDate({ lockedBefore }: { lockedBefore: string | undefined }) {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const [date, setDate] = useState('');
  const [error, setError] = useState<ApiError>();
  const [saved, setSaved] = useState('');
  const [busy, setBusy] = useState(false);
  const issue = error?.issues?.find((i) => i.path === 'lockedBefore');

  async function save(lock: string | null) {
    setBusy(true);
    setError(undefined);
    setSaved('');
    const answer = await api.call('reviews.setLock', { id: uuidv7(), lockedBefore: lock });
    setBusy(false);
    if (answer.ok) {
      setDate('');
      setSaved(lock ? t('inbox.lockSaved', { date: formatDay(lock, i18n.language) }) : t('inbox.lockCleared'));
    } else setError(answer.error);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    void save(date);
  }

  return (
    <section aria-labelledby="lock-title" className="review-lock">
      <h2 id="lock-title">{t('inbox.lock')}</h2>
      <p>
        {lockedBefore ? t('inbox.lockedBefore', { date: formatDay(lockedBefore, i18n.language) }) : t('inbox.noLock')}
      </p>
      <details>
        <summary>{t('inbox.changeLock')}</summary>
        <form onSubmit={submit} noValidate className="form review-lock-form">
          <div className="field">
            <label htmlFor="lock-date">{t('inbox.lockDate')}</label>
            <input
              id="lock-date"
              type="date"
              value={date}
              max={localDate()}
              onChange={(event) => setDate(event.target.value)}
              aria-invalid={issue ? true : undefined}
              aria-describedby={issue ? 'lock-date-error' : undefined}
            />
          </div>
          <button type="submit" disabled={busy}>
            {t('inbox.setLock')}
          </button>
          {lockedBefore && (
            <button type="button" disabled={busy} onClick={() => void save(null)}>
              {t('inbox.clearLock')}
            </button>
          )}
          {issue && (
            <span className="error" id="lock-date-error">
              {t(issue.message)}
            </span>
          )}
        </form>
      </details>
      {error && !issue && <ErrorMessage error={error} />}
      <p role="status" className="saved">
        {saved}
      </p>
    </section>
  );
}

export function Inbox({
  onOpenVisit,
  onOpenConflict,
}: {
  onOpenVisit: (id: string) => void;
  onOpenConflict: (id: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const api = useApi();
  const [form, setForm] = useState<FilterForm>(remembered);
  const [applied, setApplied] = useState<FilterForm>(remembered);
  const [formIssues, setFormIssues] = useState<ApiIssue[]>([]);
  const [exporting, setExporting] = useState(false);
  const [exported, setExported] = useState('');
  const [exportError, setExportError] = useState<ApiError>();
  const formRef = useRef<HTMLFormElement>(null);
  const inbox = useWatch('reviews.inbox', inputOf(applied));

  const set = <K extends keyof FilterForm>(key: K, value: FilterForm[K]) => setForm((f) => ({ ...f, [key]: value }));

  function apply(next: FilterForm) {
    const issues = issuesOf(next);
    setFormIssues(issues);
    if (issues.length > 0) return;
    remembered = next;
    setApplied(next);
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    apply(form);
    // Focus the first field the rules refused, once it is marked.
    setTimeout(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
  }

  function reset() {
    setForm(NO_FILTER);
    apply(NO_FILTER);
  }

  async function exportCsv() {
    setExporting(true);
    setExported('');
    setExportError(undefined);
    const answer = await api.call('reviews.inbox', { ...inputOf(applied), limit: 50_000 });
    setExporting(false);
    if (!answer.ok) {
      setExportError(answer.error);
      return;
    }
    const { headings, rows } = csvOf(t, language, answer.value.items);
    const file = t('inbox.fileName', { date: localDate() });
    downloadFile(file, 'text/csv;charset=utf-8', toCsv(headings, rows));
    setExported(t('inbox.exported', { count: rows.length, file }));
  }

  const issue = (path: string) => formIssues.find((i) => i.path === path);
  const invalid = (path: string, id: string) =>
    issue(path) ? { 'aria-invalid': true as const, 'aria-describedby': `${id}-error` } : {};
  const message = (path: string, id: string) =>
    issue(path) ? (
      <span className="error" id={`${id}-error`}>
        {t(issue(path)?.message ?? '')}
      </span>
    ) : null;

  const value = inbox?.ok ? inbox.value : undefined;

  return (
    <section aria-labelledby="inbox-title" className="review inbox">
      <ScreenHeading id="inbox-title">{t('inbox.title')}</ScreenHeading>

      <LockDate lockedBefore={value?.lockedBefore} />

      <section aria-labelledby="filter-title">
        <h2 id="filter-title">{t('inbox.filters')}</h2>
        <form onSubmit={submit} noValidate className="review-filters" ref={formRef}>
          <div className="field">
            <label htmlFor="filter-status">{t('inbox.status')}</label>
            <select
              id="filter-status"
              value={form.status}
              onChange={(e) => set('status', e.target.value as FilterForm['status'])}
            >
              {INBOX_STATUSES.map((status) => (
                <option key={status} value={status}>
                  {t(`inbox.statuses.${status}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="filter-kind">{t('inbox.kind')}</label>
            <select id="filter-kind" value={form.kind} onChange={(e) => set('kind', e.target.value as InboxKind)}>
              <option value="">{t('inbox.anyKind')}</option>
              {INBOX_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {t(`inbox.kinds.${kind}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="filter-worker">{t('inbox.worker')}</label>
            <select id="filter-worker" value={form.workerId} onChange={(e) => set('workerId', e.target.value)}>
              <option value="">{t('inbox.anyWorker')}</option>
              {value?.staff.map((person) => (
                <option key={person.id} value={person.id}>
                  {person.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="filter-client">{t('inbox.client')}</label>
            <select id="filter-client" value={form.clientId} onChange={(e) => set('clientId', e.target.value)}>
              <option value="">{t('inbox.anyClient')}</option>
              {value?.clients.map((client) => (
                <option key={client.id} value={client.id}>
                  {client.familyName}, {client.givenName}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="filter-village">{t('inbox.village')}</label>
            <select id="filter-village" value={form.village} onChange={(e) => set('village', e.target.value)}>
              <option value="">{t('inbox.anyVillage')}</option>
              {value?.villages.map((village) => (
                <option key={village} value={village}>
                  {village}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="filter-from">{t('inbox.from')}</label>
            <input
              id="filter-from"
              type="date"
              value={form.from}
              onChange={(e) => set('from', e.target.value)}
              {...invalid('from', 'filter-from')}
            />
            {message('from', 'filter-from')}
          </div>
          <div className="field">
            <label htmlFor="filter-to">{t('inbox.to')}</label>
            <input
              id="filter-to"
              type="date"
              value={form.to}
              onChange={(e) => set('to', e.target.value)}
              {...invalid('to', 'filter-to')}
            />
            {message('to', 'filter-to')}
          </div>
          <div className="field">
            <label htmlFor="filter-deviation">{t('inbox.deviationKind')}</label>
            <select
              id="filter-deviation"
              value={form.deviationKind}
              onChange={(e) => set('deviationKind', e.target.value as DeviationKind)}
            >
              <option value="">{t('inbox.anyDeviationKind')}</option>
              {DEVIATION_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {t(`deviation.${kind}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="filter-severity">{t('inbox.severity')}</label>
            <select
              id="filter-severity"
              value={form.severity}
              onChange={(e) => set('severity', e.target.value as FilterForm['severity'])}
            >
              <option value="">{t('inbox.anySeverity')}</option>
              {SEVERITIES.map((severity) => (
                <option key={severity} value={severity}>
                  {t(`severity.${severity}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="actions">
            <button type="submit">{t('inbox.apply')}</button>
            <button type="button" onClick={reset}>
              {t('inbox.reset')}
            </button>
          </div>
        </form>
      </section>

      <section aria-labelledby="items-title">
        <div className="review-list-head">
          <h2 id="items-title">{t('inbox.items')}</h2>
          <button type="button" onClick={() => void exportCsv()} disabled={exporting || !value}>
            {exporting ? t('inbox.exporting') : t('inbox.export')}
          </button>
        </div>
        <p role="status" className="saved">
          {exported}
        </p>
        <ErrorMessage error={exportError} />
        {inbox && !inbox.ok && (
          <p role="alert" className="error">
            {errorText(t, inbox.error)}
          </p>
        )}
        {value && (
          <p role="status" className="subtle">
            {value.total > value.items.length
              ? t('inbox.showing', { shown: value.items.length, total: value.total })
              : t('inbox.count', { count: value.total })}
          </p>
        )}
        {value && value.items.length === 0 && <p>{t('inbox.empty')}</p>}
        {value && value.items.length > 0 && (
          <table className="review-table inbox-table">
            <thead>
              <tr>
                <th scope="col">{t('inbox.col.when')}</th>
                <th scope="col">{t('inbox.col.client')}</th>
                <th scope="col">{t('inbox.col.village')}</th>
                <th scope="col">{t('inbox.col.worker')}</th>
                <th scope="col">{t('inbox.col.service')}</th>
                <th scope="col">{t('inbox.col.status')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('inbox.col.open')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {value.items.map((item) => (
                <InboxRow
                  key={`${item.kind}-${item.id}`}
                  item={item}
                  onOpen={() => (item.kind === 'visit' ? onOpenVisit(item.id) : onOpenConflict(item.id))}
                />
              ))}
            </tbody>
          </table>
        )}
      </section>
    </section>
  );
}

function InboxRow({ item, onOpen }: { item: InboxItem; onOpen: () => void }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  if (item.kind === 'conflict') {
    const what = t('inbox.conflictRow', { what: t(`conflict.collection.${item.conflict.collectionName}`) });
    const when = `${formatDate(item.conflict.resolvedAt, language)} ${formatTime(item.conflict.resolvedAt, language)}`;
    return (
      <tr className="inbox-conflict">
        <td>
          {formatDate(item.conflict.resolvedAt, language)}
          <br />
          {formatTime(item.conflict.resolvedAt, language)}
        </td>
        <td>{what}</td>
        <td>—</td>
        <td>{item.userName}</td>
        <td>—</td>
        <td>
          <span className={`badge review-badge status-${item.status}`}>{t(`conflict.status.${item.status}`)}</span>
        </td>
        <td>
          <button type="button" className="link" onClick={onOpen}>
            {t('inbox.open')}
            <span className="visually-hidden"> {t('inbox.openContext', { what, when })}</span>
          </button>
        </td>
      </tr>
    );
  }
  const { visit } = item;
  const severity = highestSeverity(visit.deviations);
  const client = clientNameOf(item);
  const start = formatTime(visit.startedAt, language);
  return (
    <tr>
      <td>
        {formatDate(visit.startedAt, language)}
        <br />
        {t('inbox.timeRange', { start, end: formatTime(visit.endedAt, language) })}
      </td>
      <td>{client}</td>
      <td>{visit.location.village}</td>
      <td>{item.workerName}</td>
      <td>{t(`service.${visit.serviceType}`)}</td>
      <td>
        <span className={`badge review-badge status-${item.status}`}>{t(`review.status.${item.status}`)}</span>
        <span className="tags">
          {severity && (
            <span className={`tag severity-${severity}`}>
              {t('inbox.tag.deviation', { severity: t(`severity.${severity}`).toLocaleLowerCase(language) })}
            </span>
          )}
          {item.amendmentCount > 0 && <span className="tag">{t('inbox.tag.corrected')}</span>}
          {item.newAmendmentCount > 0 && item.status === 'amended' && item.last && (
            <span className="tag">{t('inbox.tag.newCorrections', { count: item.newAmendmentCount })}</span>
          )}
          {item.locked && <span className="tag locked">{t('inbox.tag.locked')}</span>}
        </span>
      </td>
      <td>
        <button type="button" className="link" onClick={onOpen}>
          {t('inbox.open')}
          <span className="visually-hidden">
            {' '}
            {t('inbox.openContext', { what: client, when: `${formatDate(visit.startedAt, language)} ${start}` })}
          </span>
        </button>
      </td>
    </tr>
  );
}

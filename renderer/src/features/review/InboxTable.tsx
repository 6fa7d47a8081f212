/** The inbox's items as a table: when, whom, where, who, what and where its review stands; the CSV from its columns. */
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { localDate } from '../../../../core/schedule.ts';
import type { InboxItem } from '../../../../core/supervision.ts';
import { useNames } from '../../components/useNames.ts';
import { formatDate, formatTime } from '../../format.ts';
import { Button, DataTable, StatusTag, type Column, type CsvColumn, type Tone } from '../../kit/index.ts';
import { highestSeverity } from './values.ts';

const STATUS_TONE: Record<InboxItem['status'], Tone> = {
  new: 'info',
  approved: 'ok',
  returned: 'warn',
  amended: 'warn',
  accepted: 'ok',
  restored: 'ok',
};
const SEVERITY_TONE = { low: 'neutral', medium: 'warn', high: 'danger' } as const;

const instantOf = (item: InboxItem) => (item.kind === 'visit' ? item.visit.startedAt : item.conflict.resolvedAt);

export function useInboxColumns(onOpen: (item: InboxItem) => void) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const names = useNames();
  const time = (iso: string) => formatTime(iso, language);
  const what = (item: InboxItem) =>
    item.kind === 'visit'
      ? item.client
        ? names.client(item.client)
        : { name: item.visit.clientId, detail: '', text: item.visit.clientId }
      : {
          name: t('inbox.conflictRow', { what: t(`conflict.collection.${item.conflict.collectionName}`) }),
          detail: '',
          text: '',
        };
  const status = (item: InboxItem) =>
    item.kind === 'visit' ? t(`review.status.${item.status}`) : t(`conflict.status.${item.status}`);

  const columns: Column<InboxItem>[] = [
    {
      id: 'when',
      header: t('inbox.col.when'),
      sort: (a, b) => instantOf(a).localeCompare(instantOf(b)),
      cell: (item) => (
        <>
          {formatDate(instantOf(item), language)}
          <br />
          {item.kind === 'visit'
            ? t('inbox.timeRange', { start: time(item.visit.startedAt), end: time(item.visit.endedAt) })
            : time(item.conflict.resolvedAt)}
        </>
      ),
      csv: (item) => localDate(new Date(instantOf(item))),
    },
    {
      id: 'client',
      header: t('inbox.col.client'),
      cell: (item) => {
        const label = what(item);
        return (
          <>
            {label.name}
            {label.detail && <span className="kit-option-description">{label.detail}</span>}
          </>
        );
      },
      csv: (item) => what(item).name,
    },
    {
      id: 'village',
      header: t('inbox.col.village'),
      cell: (item) => (item.kind === 'visit' ? item.visit.location.village : '—'),
      csv: (item) => (item.kind === 'visit' ? item.visit.location.village : ''),
    },
    {
      id: 'worker',
      header: t('inbox.col.worker'),
      cell: (item) => (item.kind === 'visit' ? item.workerName : item.userName),
      csv: (item) => (item.kind === 'visit' ? item.workerName : item.userName),
    },
    {
      id: 'service',
      header: t('inbox.col.service'),
      cell: (item) => (item.kind === 'visit' ? t(`service.${item.visit.serviceType}`) : '—'),
      csv: (item) => (item.kind === 'visit' ? t(`service.${item.visit.serviceType}`) : ''),
    },
    {
      id: 'status',
      header: t('inbox.col.status'),
      cell: (item) => <InboxStatus item={item} />,
      csv: status,
    },
    {
      id: 'open',
      header: t('inbox.col.open'),
      cell: (item) => (
        <Button variant="link" onPress={() => onOpen(item)}>
          {t('inbox.open')}
          <span className="visually-hidden">
            {' '}
            {t('inbox.openContext', {
              what: item.kind === 'visit' ? what(item).text : what(item).name,
              when: `${formatDate(instantOf(item), language)} ${time(instantOf(item))}`,
            })}
          </span>
        </Button>
      ),
    },
  ];
  return columns;
}

/** The columns only the spreadsheet needs, after those the table shows. */
export function inboxCsvColumns(t: TFunction, language: string): CsvColumn<InboxItem>[] {
  const time = (iso: string) => formatTime(iso, language);
  const visitOnly =
    (value: (item: InboxItem & { kind: 'visit' }) => string) =>
    (item: InboxItem): string =>
      item.kind === 'visit' ? value(item) : '';
  return [
    { header: t('inbox.csv.type'), csv: (item) => t(`inbox.csv.${item.kind}`) },
    { header: t('inbox.csv.start'), csv: (item) => time(instantOf(item)) },
    { header: t('inbox.csv.end'), csv: visitOnly((item) => time(item.visit.endedAt)) },
    {
      header: t('inbox.csv.deviations'),
      csv: visitOnly((item) =>
        item.visit.deviations
          .map((d) => `${t(`deviation.${d.kind}`)} (${t(`severity.${d.severity}`)}): ${d.description}`)
          .join('; '),
      ),
    },
    { header: t('inbox.csv.corrections'), csv: visitOnly((item) => String(item.amendmentCount)) },
    { header: t('inbox.csv.locked'), csv: visitOnly((item) => (item.locked ? t('review.yes') : t('review.no'))) },
    {
      header: t('inbox.csv.lastDecision'),
      csv: (item) => (item.last ? t(`review.decision.${item.last.decision}`) : ''),
    },
    { header: t('inbox.csv.decidedBy'), csv: (item) => item.last?.reviewerName ?? '' },
    {
      header: t('inbox.csv.decidedAt'),
      csv: (item) => (item.last ? `${localDate(new Date(item.last.createdAt))} ${time(item.last.createdAt)}` : ''),
    },
    { header: t('inbox.csv.comment'), csv: (item) => item.last?.comment ?? '' },
    { header: t('inbox.csv.id'), csv: (item) => item.id },
  ];
}

function InboxStatus({ item }: { item: InboxItem }) {
  const { t, i18n } = useTranslation();
  if (item.kind === 'conflict') {
    return <StatusTag tone={STATUS_TONE[item.status]}>{t(`conflict.status.${item.status}`)}</StatusTag>;
  }
  const severity = highestSeverity(item.visit.deviations);
  return (
    <span className="tags">
      <StatusTag tone={STATUS_TONE[item.status]}>{t(`review.status.${item.status}`)}</StatusTag>
      {severity && (
        <StatusTag tone={SEVERITY_TONE[severity]}>
          {t('inbox.tag.deviation', { severity: t(`severity.${severity}`).toLocaleLowerCase(i18n.language) })}
        </StatusTag>
      )}
      {item.amendmentCount > 0 && <StatusTag tone="info">{t('inbox.tag.corrected')}</StatusTag>}
      {item.newAmendmentCount > 0 && item.status === 'amended' && item.last && (
        <StatusTag tone="warn">{t('inbox.tag.newCorrections', { count: item.newAmendmentCount })}</StatusTag>
      )}
      {item.locked && <StatusTag tone="neutral">{t('inbox.tag.locked')}</StatusTag>}
    </span>
  );
}

export function InboxTable({ items, columns }: { items: readonly InboxItem[]; columns: readonly Column<InboxItem>[] }) {
  const { t } = useTranslation();
  return (
    <DataTable
      caption={t('inbox.items')}
      columns={columns}
      rows={items}
      rowKey={(item) => `${item.kind}-${item.id}`}
      emptyText={t('inbox.empty')}
    />
  );
}

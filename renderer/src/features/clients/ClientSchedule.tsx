/** A client's weekly schedule, the plan each day's visits are made from. */
import { useTranslation } from 'react-i18next';
import type { ClientRecord } from '../../../../core/clients.ts';
import { DataTable, Section, type Column } from '../../kit/index.ts';
import type { NameLabel } from '../../format.ts';
import { scheduleDays } from './scheduleDays.ts';

type Slot = ClientRecord['schedule'][number];

export function ClientSchedule({
  schedule,
  staff,
}: {
  schedule: ClientRecord['schedule'];
  staff: (userId: string) => NameLabel;
}) {
  const { t, i18n } = useTranslation();
  const days = (slot: Slot) => scheduleDays(slot.weekdays, t, i18n.language);
  const worker = (slot: Slot) => (slot.workerId ? staff(slot.workerId).text : t('client.anyWorker'));
  const tasks = (slot: Slot) => slot.tasks.map((task) => t(`task.${task}`)).join(', ');
  const columns: Column<Slot>[] = [
    { id: 'days', header: t('client.col.days'), cell: days, csv: days },
    { id: 'time', header: t('client.col.time'), cell: (slot) => slot.time, csv: (slot) => slot.time },
    {
      id: 'length',
      header: t('client.col.length'),
      cell: (slot) => t('client.minutes', { count: slot.durationMinutes }),
      csv: (slot) => slot.durationMinutes,
    },
    {
      id: 'service',
      header: t('client.col.service'),
      cell: (slot) => `${t(`service.${slot.serviceType}`)}: ${tasks(slot)}`,
    },
    { id: 'worker', header: t('client.col.worker'), cell: worker },
  ];
  return (
    <Section title={t('client.schedule')}>
      <DataTable
        caption={t('client.scheduleCaption')}
        columns={columns}
        rows={schedule}
        rowKey={(slot) => `${slot.weekdays.join('')}-${slot.time}-${slot.serviceType}`}
        emptyText={t('client.noSchedule')}
      />
    </Section>
  );
}

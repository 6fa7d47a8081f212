/** Who a client is, where they live, how to get in and whom to call. */
import { useTranslation } from 'react-i18next';
import type { ClientDetails } from '../../../../core/api.ts';

export function ClientFacts({ details: { client, staffLast14Days } }: { details: ClientDetails }) {
  const { t } = useTranslation();
  const fact = (term: string, value: string | undefined) =>
    value ? (
      <>
        <dt>{term}</dt>
        <dd>{value}</dd>
      </>
    ) : null;
  const list = (values: readonly string[]) => (values.length === 0 ? t('client.none') : values.join(', '));
  return (
    <dl className="facts">
      {fact(t('client.personnummer'), client.personnummer)}
      {fact(t('client.address'), `${client.address}, ${client.village}`)}
      {fact(t('client.directions'), client.directions)}
      {fact(t('client.access'), client.accessNotes)}
      {fact(t('client.phone'), client.phone)}
      {fact(
        t('client.nextOfKin'),
        client.nextOfKin.length === 0
          ? t('client.none')
          : client.nextOfKin.map((kin) => `${kin.name} (${kin.relation}), ${kin.phone}`).join('; '),
      )}
      {fact(t('client.language'), t(`languageName.${client.preferredLanguage}`))}
      {fact(
        t('client.alarm'),
        client.safetyAlarm.installed
          ? t('client.alarmInstalled', { tested: client.safetyAlarm.lastTestedOn ?? t('client.never') })
          : t('client.alarmNone'),
      )}
      {fact(t('client.continuity'), t('client.staffCount', { count: staffLast14Days }))}
      {fact(t('client.carePlan'), list(client.carePlanTasks.map((task) => t(`task.${task}`))))}
    </dl>
  );
}

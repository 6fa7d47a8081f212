/**
 * The access log, for supervisors and administrators: who has read a client's record (a client may ask), and a random
 * sample of the team's log to check that every look had a reason in the work (Swedish rules ask for regular checks).
 */
import { useTranslation } from 'react-i18next';
import { ScreenHeading } from '../../components/ScreenHeading.tsx';
import { Sample } from './Sample.tsx';
import { WhoRead } from './WhoRead.tsx';

export function AccessLog() {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="access-title">
      <ScreenHeading id="access-title">{t('access.title')}</ScreenHeading>
      <WhoRead />
      <Sample />
    </section>
  );
}

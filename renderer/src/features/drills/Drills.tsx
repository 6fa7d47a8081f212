/**
 * Drills and incidents: the running ones and the ended ones, and for a supervisor the form that starts one
 * (StartDrill).
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DrillSummary } from '../../../../core/api.ts';
import { useSession, useWatch } from '../../api/hooks.tsx';
import { ScreenHeading } from '../../components/ScreenHeading.tsx';
import { AsyncContent, Button, Section } from '../../kit/index.ts';
import { DrillList } from './components/DrillList.tsx';
import { StartDrill } from './components/StartDrill.tsx';
import './drills.css';

export function Drills({ onOpen }: { onOpen: (drillId: string) => void }) {
  const { t } = useTranslation();
  const session = useSession();
  const list = useWatch('drills.list', {});
  const [starting, setStarting] = useState(false);
  const supervisor = session?.role === 'supervisor';
  return (
    <section aria-labelledby="drills-title" className="drills">
      <ScreenHeading id="drills-title">{t('drills.title')}</ScreenHeading>
      {supervisor &&
        (starting ? (
          <StartDrill
            onStarted={(id) => {
              setStarting(false);
              onOpen(id);
            }}
            onCancel={() => setStarting(false)}
          />
        ) : (
          <p>
            <Button variant="primary" onPress={() => setStarting(true)}>
              {t('drills.start')}
            </Button>
          </p>
        ))}
      <AsyncContent result={list}>
        {(drills: readonly DrillSummary[]) => (
          <>
            <Section title={t('drills.running')}>
              <DrillList
                drills={drills.filter((d) => !d.ended)}
                caption={t('drills.runningCaption')}
                emptyText={t('drills.noneRunning')}
                showMine={!supervisor}
                onOpen={onOpen}
              />
            </Section>
            <Section title={t('drills.ended')}>
              <DrillList
                drills={drills.filter((d) => d.ended)}
                caption={t('drills.endedCaption')}
                emptyText={t('drills.noneEnded')}
                showMine={!supervisor}
                onOpen={onOpen}
              />
            </Section>
          </>
        )}
      </AsyncContent>
    </section>
  );
}

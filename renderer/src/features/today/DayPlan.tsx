import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TodayEntry } from '../../../../core/api.ts';
import { groupDay, type DayGroup } from '../../../../core/schedule.ts';
import { useSession } from '../../api/hooks.tsx';
import { Button, Section } from '../../kit/index.ts';
import { DayCounts } from './DayCounts.tsx';
import { VisitCard } from './VisitCard.tsx';

/** The open parts of the day in the order they are worked through; what is done is folded away below them. */
const OPEN_GROUPS = ['now', 'next', 'missed', 'later'] as const satisfies readonly DayGroup[];

export function DayPlan({
  entries,
  now,
  onLog,
}: {
  entries: readonly TodayEntry[];
  now: Date;
  onLog: (entry: TodayEntry) => void;
}) {
  const { t } = useTranslation();
  const session = useSession();
  const groups = groupDay(entries, now);
  const [showDone, setShowDone] = useState(false);
  const doneId = useId();
  const card = (entry: TodayEntry, group: DayGroup) => (
    <VisitCard key={entry.planned.id} entry={entry} group={group} userId={session?.userId} onLog={onLog} />
  );

  return (
    <>
      <DayCounts groups={groups} />
      {OPEN_GROUPS.map(
        (group) =>
          groups[group].length > 0 && (
            <Section key={group} title={t(`today.group.${group}`)} className={`day-group day-group-${group}`}>
              {group === 'missed' && <p className="day-hint">{t('today.missedHint')}</p>}
              <ol className="day-visits">{groups[group].map((entry) => card(entry, group))}</ol>
            </Section>
          ),
      )}
      {groups.done.length > 0 && (
        <section className="kit-section day-group day-group-done" aria-labelledby={`${doneId}-title`}>
          <h2 id={`${doneId}-title`} className="day-disclosure">
            <Button
              variant="link"
              aria-expanded={showDone}
              aria-controls={doneId}
              onPress={() => setShowDone((shown) => !shown)}
            >
              <span aria-hidden="true" className="day-disclosure-mark">
                {showDone ? '▾' : '▸'}
              </span>{' '}
              {t('today.group.done', { count: groups.done.length })}
            </Button>
          </h2>
          <ol id={doneId} className="day-visits" hidden={!showDone}>
            {groups.done.map((entry) => card(entry, 'done'))}
          </ol>
        </section>
      )}
    </>
  );
}

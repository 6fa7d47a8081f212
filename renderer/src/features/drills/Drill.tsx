/**
 * One drill or incident, marked as an exercise or as real everywhere. A worker sees her clients to account for
 * (MyClients); the supervisor sees the live board (Board) and ends the drill; both read the after-action report
 * (Report), which prints.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DrillView } from '../../../../core/api.ts';
import { useSession, useWatch } from '../../api/hooks.tsx';
import { AsyncContent, Button } from '../../kit/index.ts';
import { Board } from './components/Board.tsx';
import { DrillHeader } from './components/DrillHeader.tsx';
import { MyClients } from './components/MyClients.tsx';
import { Report } from './components/Report.tsx';
import './drills.css';

type Part = 'mine' | 'board' | 'report';

export function Drill({ drillId, onBack }: { drillId: string; onBack: () => void }) {
  const view = useWatch('drills.get', { drillId });
  return <AsyncContent result={view}>{(value) => <DrillScreen view={value} onBack={onBack} />}</AsyncContent>;
}

function DrillScreen({ view, onBack }: { view: DrillView; onBack: () => void }) {
  const { t } = useTranslation();
  const session = useSession();
  const supervisor = session?.role === 'supervisor';
  const [part, setPart] = useState<Part>(supervisor ? 'board' : 'mine');
  const parts: Part[] = supervisor ? ['board', 'mine', 'report'] : ['mine', 'report'];
  return (
    <section aria-labelledby="drill-title" className={`drill drill-${view.state.drill.mode}`}>
      <DrillHeader view={view} titleId="drill-title" onBack={onBack} />
      <div className="no-print drill-parts" role="group" aria-label={t('drills.parts')}>
        {parts.map((p) => (
          <Button
            key={p}
            aria-pressed={part === p}
            variant={part === p ? 'primary' : 'secondary'}
            onPress={() => setPart(p)}
          >
            {t(`drills.part.${p}`)}
          </Button>
        ))}
      </div>
      {part === 'mine' && <MyClients view={view} userId={session?.userId ?? ''} />}
      {part === 'board' && <Board view={view} />}
      {part === 'report' && <Report view={view} />}
    </section>
  );
}

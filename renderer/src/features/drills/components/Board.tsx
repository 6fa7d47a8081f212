import { useTranslation } from 'react-i18next';
import type { DrillView } from '../../../../../core/api.ts';
import { StatusTag } from '../../../kit/index.ts';
import { BoardFigures } from './BoardFigures.tsx';
import { BoardGroups } from './BoardGroups.tsx';
import { BoardClients } from './BoardClients.tsx';
import { EndDrill } from './EndDrill.tsx';

/** The supervisor's live board: the figures, per worker and village, every client; once ended, the final figures. */
export function Board({ view }: { view: DrillView }) {
  const { t } = useTranslation();
  const unassigned = view.state.clients.filter((c) => c.workerId === undefined).length;
  return (
    <>
      <BoardFigures view={view} />
      {unassigned > 0 && (
        <p role="status">
          <StatusTag tone="warn">{t('drills.unassignedWarning', { count: unassigned })}</StatusTag>
        </p>
      )}
      <BoardGroups view={view} />
      <BoardClients view={view} />
      {!view.state.ended && <EndDrill view={view} />}
    </>
  );
}

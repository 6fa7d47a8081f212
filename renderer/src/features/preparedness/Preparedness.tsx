/**
 * The team's preparedness: the priority list for a hazard and villages, and for supervisors coverage per type of
 * crisis with the gaps by item, and the checklist templates to edit.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../api/hooks.tsx';
import { ScreenHeading } from '../../components/ScreenHeading.tsx';
import { Button } from '../../kit/index.ts';
import { CoverageView } from './components/CoverageView.tsx';
import { PriorityList } from './components/PriorityList.tsx';
import { TemplateEditor } from './components/TemplateEditor.tsx';

type Part = 'priority' | 'coverage' | 'templates';

export function Preparedness({ onOpen }: { onOpen: (clientId: string) => void }) {
  const { t } = useTranslation();
  const session = useSession();
  const [part, setPart] = useState<Part>('priority');
  // Coverage and templates are supervisors' work: not offered to others.
  const parts: Part[] = session?.role === 'supervisor' ? ['priority', 'coverage', 'templates'] : ['priority'];
  return (
    <section aria-labelledby="team-preparedness-title" className="preparedness">
      <ScreenHeading id="team-preparedness-title">{t('preparedness.title')}</ScreenHeading>
      {parts.length > 1 && (
        <div className="no-print part-switch" role="group" aria-label={t('preparedness.parts')}>
          {parts.map((p) => (
            <Button
              key={p}
              variant={part === p ? 'primary' : 'secondary'}
              aria-pressed={part === p}
              onPress={() => setPart(p)}
            >
              {t(`preparedness.part.${p}`)}
            </Button>
          ))}
        </div>
      )}
      {part === 'priority' && <PriorityList onOpen={onOpen} />}
      {part === 'coverage' && <CoverageView />}
      {part === 'templates' && <TemplateEditor />}
    </section>
  );
}

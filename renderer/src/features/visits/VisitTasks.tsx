import { useTranslation } from 'react-i18next';
import type { Task } from '../../../../core/visits.ts';
import { CheckboxGroup } from '../../kit/index.ts';

/** The planned tasks, each a large row to tick: done, or left unticked when it was not. */
export function VisitTasks({
  tasks,
  done,
  onChange,
}: {
  tasks: readonly Task[];
  done: Record<string, boolean>;
  onChange: (done: Record<string, boolean>) => void;
}) {
  const { t } = useTranslation();
  return (
    <CheckboxGroup
      id="visit-tasks"
      label={t('visit.tasks')}
      description={t('visit.tasksHint')}
      options={tasks.map((task) => ({ id: task, label: t(`task.${task}`) }))}
      value={tasks.filter((task) => done[task])}
      onChange={(ticked) => onChange(Object.fromEntries(tasks.map((task) => [task, ticked.includes(task)])))}
    />
  );
}

/**
 * For supervisors: a hazard's checklist template, items removed or added and saved as a new version. The version the
 * supervisor started from is sent along: a newer one saved meanwhile is refused, not overwritten.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { v7 as uuidv7 } from 'uuid';
import { HAZARDS, type Hazard, type Template, type TemplateItem } from '../../../../../core/preparedness.ts';
import { useWatch } from '../../../api/hooks.tsx';
import { AsyncContent, Button, Section, Select, TextField, useCall } from '../../../kit/index.ts';
import { itemText } from '../wording.ts';

export function TemplateEditor() {
  const { t } = useTranslation();
  const templates = useWatch('preparedness.templates', {});
  const [hazard, setHazard] = useState<Hazard>('powerOutage');
  // Kept here: saving makes a new version, which starts the item list afresh.
  const [saved, setSaved] = useState(false);
  return (
    <Section title={t('preparedness.templatesTitle')}>
      <p className="subtle">{t('preparedness.templatesExplain')}</p>
      <Select
        label={t('preparedness.hazardLabel')}
        options={HAZARDS.map((h) => ({ id: h, label: t(`preparedness.hazard.${h}`) }))}
        value={hazard}
        onChange={(value) => {
          if (!value) return;
          setHazard(value as Hazard);
          setSaved(false);
        }}
      />
      <AsyncContent result={templates}>
        {(all) => <TemplateItems key={hazard} current={all[hazard]} onSaved={setSaved} />}
      </AsyncContent>
      <p role="status" className={saved ? 'saved' : 'visually-hidden'}>
        {saved ? t('preparedness.templateSaved') : ''}
      </p>
    </Section>
  );
}

function TemplateItems({ current, onSaved }: { current: Template; onSaved: (saved: boolean) => void }) {
  const { t } = useTranslation();
  const { run, busy, message } = useCall('preparedness.saveTemplate');
  const [items, setItems] = useState<readonly TemplateItem[]>();
  const [basedOn, setBasedOn] = useState<number>();
  const [newLabel, setNewLabel] = useState('');
  const [id, setId] = useState(() => uuidv7());
  const editing = items ?? current.items;
  const change = (next: readonly TemplateItem[]) => {
    onSaved(false);
    if (items === undefined) setBasedOn(current.version);
    setItems(next);
  };

  async function save() {
    const result = await run({ id, hazard: current.hazard, basedOn: basedOn ?? current.version, items: [...editing] });
    if (!result.ok) return;
    onSaved(true);
    setItems(undefined);
    setBasedOn(undefined);
    setId(uuidv7());
  }

  return (
    <>
      <p>{t('preparedness.templateVersion', { version: current.version })}</p>
      <ol className="template-items">
        {editing.map((item, index) => (
          <li key={item.id}>
            {itemText(t, item)}{' '}
            <Button
              variant="link"
              aria-label={t('preparedness.removeItemNamed', { item: itemText(t, item) })}
              onPress={() => change(editing.filter((_, i) => i !== index))}
            >
              {t('preparedness.removeItem')}
            </Button>
          </li>
        ))}
      </ol>
      <form
        className="template-add"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          const label = newLabel.trim();
          if (!label) return;
          change([...editing, { id: `custom-${uuidv7().slice(-12)}`, label }]);
          setNewLabel('');
        }}
      >
        <TextField label={t('preparedness.newItem')} maxLength={200} value={newLabel} onChange={setNewLabel} />
        <Button type="submit">{t('preparedness.addItem')}</Button>
      </form>
      <Button
        variant="primary"
        isDisabled={busy}
        disabledReason={items === undefined ? t('preparedness.noTemplateChanges') : undefined}
        onPress={() => void save()}
      >
        {t('preparedness.saveTemplate')}
      </Button>
      {message && (
        <p role="alert" className="kit-error">
          {t('preparedness.templateNotSaved')} {message}
        </p>
      )}
    </>
  );
}

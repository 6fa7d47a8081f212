/**
 * The team's preparedness: the priority list for a hazard and villages — who needs the team first on the day, with
 * address, directions, phone, access, next of kin and what each needs — printable (Save as PDF) and as CSV, because on
 * the day the laptop's battery may be flat; and for supervisors, coverage per hazard with the gaps by item, and the
 * checklist templates to edit.
 */
import { useState } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { v7 as uuidv7 } from 'uuid';
import type { ApiError, PriorityList } from '../../../../core/api.ts';
import { HAZARDS, NEED_ORDER, type Hazard, type TemplateItem } from '../../../../core/preparedness.ts';
import { useApi, useSession, useWatch } from '../../api/hooks.tsx';
import { ErrorMessage, errorText } from '../../components/ErrorMessage.tsx';
import { ScreenHeading } from '../../components/ScreenHeading.tsx';
import { usePrint } from '../../components/usePrint.ts';
import { VillagePicker } from '../../components/VillagePicker.tsx';
import { formatDateTime } from '../../format.ts';
import { downloadFile, toCsv } from '../review/csv.ts';
import { itemText } from './wording.ts';

type Part = 'priority' | 'coverage' | 'templates';

export function Preparedness({ onOpen }: { onOpen: (clientId: string) => void }) {
  const { t } = useTranslation();
  const session = useSession();
  const [part, setPart] = useState<Part>('priority');
  const parts: Part[] = session?.role === 'supervisor' ? ['priority', 'coverage', 'templates'] : ['priority'];
  return (
    <section aria-labelledby="team-preparedness-title" className="preparedness">
      <ScreenHeading id="team-preparedness-title">{t('preparedness.title')}</ScreenHeading>
      {parts.length > 1 && (
        <div className="no-print part-switch" role="group" aria-label={t('preparedness.parts')}>
          {parts.map((p) => (
            <button key={p} type="button" aria-pressed={part === p} onClick={() => setPart(p)}>
              {t(`preparedness.part.${p}`)}
            </button>
          ))}
        </div>
      )}
      {part === 'priority' && <Priority onOpen={onOpen} />}
      {part === 'coverage' && <CoverageView />}
      {part === 'templates' && <Templates />}
    </section>
  );
}

function Priority({ onOpen }: { onOpen: (clientId: string) => void }) {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const [hazard, setHazard] = useState<Hazard>('powerOutage');
  const [villages, setVillages] = useState<string[]>([]);
  const list = useWatch('preparedness.priority', { hazard, villages });
  const { printedAt, print } = usePrint();
  const language = i18n.language;

  return (
    <>
      <form className="no-print priority-choice" onSubmit={(event) => event.preventDefault()}>
        <div className="field">
          <label htmlFor="priority-hazard">{t('preparedness.hazardLabel')}</label>
          <select id="priority-hazard" value={hazard} onChange={(event) => setHazard(event.target.value as Hazard)}>
            {HAZARDS.map((h) => (
              <option key={h} value={h}>
                {t(`preparedness.hazard.${h}`)}
              </option>
            ))}
          </select>
        </div>
        {list?.ok && (
          <VillagePicker
            villages={list.value.villages}
            chosen={villages}
            onChange={setVillages}
            help={t('preparedness.villagesHelp')}
          />
        )}
      </form>
      <p className="subtle no-print">
        {t('preparedness.orderRule')} {NEED_ORDER[hazard].map((need) => t(`preparedness.need.${need}`)).join(' → ')}.
      </p>
      {list && !list.ok && <ErrorMessage error={list.error} />}
      {list?.ok && (
        <>
          <div className="no-print actions">
            <button type="button" onClick={print}>
              {t('preparedness.print')}
            </button>
            <button type="button" onClick={() => exportCsv(t, list.value)}>
              {t('preparedness.csv')}
            </button>
          </div>
          <h2>
            {t('preparedness.listTitle', {
              hazard: t(`preparedness.hazard.${hazard}`),
              villages: villages.length === 0 ? t('preparedness.allVillages') : [...villages].sort().join(', '),
            })}
          </h2>
          <p className="print-only">
            {t('preparedness.printed', { when: formatDateTime(printedAt, language), who: session?.displayName ?? '' })}
          </p>
          <table className="priority">
            <caption className="visually-hidden">{t('preparedness.listCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{t('preparedness.client')}</th>
                <th scope="col">{t('preparedness.needs')}</th>
                <th scope="col">{t('preparedness.contact')}</th>
                <th scope="col" className="print-cell">
                  {t('preparedness.contactedAt')}
                </th>
              </tr>
            </thead>
            <tbody>
              {list.value.rows.map((row, index) => (
                <tr key={row.client.id}>
                  <td className="num">{index + 1}</td>
                  <th scope="row">
                    <button type="button" className="link" onClick={() => onOpen(row.client.id)}>
                      {row.client.givenName} {row.client.familyName}
                    </button>
                    <strong className="print-only">
                      {row.client.givenName} {row.client.familyName}
                    </strong>
                    <div>
                      {row.client.address}, {row.client.village}
                    </div>
                    {row.client.directions && <div className="subtle">{row.client.directions}</div>}
                  </th>
                  <td>
                    {row.needs.length === 0 ? (
                      t('preparedness.noNeeds')
                    ) : (
                      <ul>
                        {row.needs.map((need) => (
                          <li key={need}>
                            {need === 'electricAid'
                              ? row.aids
                                  .map(
                                    (a) =>
                                      `${t(`preparedness.device.${a.device}`)} (${
                                        a.batteryHours === undefined
                                          ? t('preparedness.noBattery')
                                          : t('preparedness.battery', { count: a.batteryHours })
                                      }; ${a.backupRoutine}${a.supplier ? `; ${a.supplier}` : ''})`,
                                  )
                                  .join('; ')
                              : need === 'unmetItems'
                                ? `${t('preparedness.lacks')}: ${row.unmet
                                    .map(
                                      (i) => `${itemText(t, i.item)}${i.current?.note ? ` (${i.current.note})` : ''}`,
                                    )
                                    .join(', ')}`
                                : t(`preparedness.need.${need}`)}
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                  <td>
                    {row.client.phone && (
                      <div>
                        {t('preparedness.phone')}: {row.client.phone}
                      </div>
                    )}
                    {row.client.accessNotes && (
                      <div>
                        {t('preparedness.access')}: {row.client.accessNotes}
                      </div>
                    )}
                    {row.client.nextOfKin.map((kin) => (
                      <div key={kin.name}>
                        {kin.name} ({kin.relation}): {kin.phone}
                      </div>
                    ))}
                  </td>
                  <td className="print-cell" />
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}

function needsText(t: TFunction, row: PriorityList['rows'][number]) {
  return row.needs
    .map((need) =>
      need === 'electricAid'
        ? row.aids
            .map(
              (a) =>
                `${t(`preparedness.device.${a.device}`)} (${
                  a.batteryHours === undefined
                    ? t('preparedness.noBattery')
                    : t('preparedness.battery', { count: a.batteryHours })
                })`,
            )
            .join(', ')
        : need === 'unmetItems'
          ? `${t('preparedness.lacks')}: ${row.unmet
              .map((i) => `${itemText(t, i.item)}${i.current?.note ? ` (${i.current.note})` : ''}`)
              .join(', ')}`
          : t(`preparedness.need.${need}`),
    )
    .join('; ');
}

function exportCsv(t: TFunction, list: PriorityList) {
  const csv = toCsv(
    [
      '#',
      t('preparedness.csvName'),
      t('preparedness.csvAddress'),
      t('preparedness.csvVillage'),
      t('preparedness.csvDirections'),
      t('preparedness.phone'),
      t('preparedness.access'),
      t('preparedness.csvNextOfKin'),
      t('preparedness.needs'),
      t('preparedness.csvBackup'),
    ],
    list.rows.map((row, index) => [
      index + 1,
      `${row.client.givenName} ${row.client.familyName}`,
      row.client.address,
      row.client.village,
      row.client.directions,
      row.client.phone ?? '',
      row.client.accessNotes,
      row.client.nextOfKin.map((k) => `${k.name} (${k.relation}) ${k.phone}`).join('; '),
      needsText(t, row),
      row.aids.map((a) => [a.backupRoutine, a.supplier].filter(Boolean).join(', ')).join('; '),
    ]),
  );
  downloadFile(`prioriteringslista-${list.hazard}-${list.today}.csv`, 'text/csv;charset=utf-8', csv);
}

function CoverageView() {
  const { t } = useTranslation();
  const result = useWatch('preparedness.coverage', {});
  const percent = (part: number, whole: number) => (whole === 0 ? '–' : `${Math.round((100 * part) / whole)} %`);
  if (result && !result.ok) return <ErrorMessage error={result.error} />;
  if (!result) return null;
  return (
    <>
      <h2 id="coverage-title">{t('preparedness.coverageTitle')}</h2>
      <p className="subtle">{t('preparedness.coverageExplain')}</p>
      <table aria-labelledby="coverage-title">
        <thead>
          <tr>
            <th scope="col">{t('preparedness.hazardLabel')}</th>
            <th scope="col" className="num">
              {t('preparedness.currentCount')}
            </th>
            <th scope="col" className="num">
              {t('preparedness.share')}
            </th>
          </tr>
        </thead>
        <tbody>
          {result.value.map((c) => (
            <tr key={c.hazard}>
              <th scope="row">{t(`preparedness.hazard.${c.hazard}`)}</th>
              <td className="num">
                {c.current} / {c.clients}
              </td>
              <td className="num">{percent(c.current, c.clients)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {result.value.map((c) => (
        <details key={c.hazard}>
          <summary>{t('preparedness.gapsFor', { hazard: t(`preparedness.hazard.${c.hazard}`) })}</summary>
          <table>
            <caption>{t('preparedness.gapsCaption', { hazard: t(`preparedness.hazard.${c.hazard}`) })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('preparedness.itemColumn')}</th>
                <th scope="col" className="num">
                  {t('preparedness.answeredNo')}
                </th>
                <th scope="col" className="num">
                  {t('preparedness.unanswered')}
                </th>
              </tr>
            </thead>
            <tbody>
              {[...c.items]
                .sort((a, b) => b.no + b.unanswered - (a.no + a.unanswered))
                .map((i) => (
                  <tr key={i.item.id}>
                    <th scope="row">{itemText(t, i.item)}</th>
                    <td className="num">{i.no}</td>
                    <td className="num">{i.unanswered}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </details>
      ))}
    </>
  );
}

function Templates() {
  const { t } = useTranslation();
  const api = useApi();
  const templates = useWatch('preparedness.templates', {});
  const [hazard, setHazard] = useState<Hazard>('powerOutage');
  const current = templates?.ok ? templates.value[hazard] : undefined;
  const [items, setItemsState] = useState<readonly TemplateItem[]>();
  // The version the supervisor started from: a newer one saved meanwhile is refused, not overwritten.
  const [basedOn, setBasedOn] = useState<number>();
  const setItems = (next: readonly TemplateItem[] | undefined) => {
    if (next === undefined) setBasedOn(undefined);
    else if (items === undefined) setBasedOn(current?.version);
    setItemsState(next);
  };
  const [newLabel, setNewLabel] = useState('');
  const [error, setError] = useState<ApiError>();
  const [saved, setSaved] = useState(false);
  const [id, setId] = useState(() => uuidv7());
  const editing = items ?? current?.items ?? [];

  const choose = (h: Hazard) => {
    setHazard(h);
    setItems(undefined);
    setError(undefined);
    setSaved(false);
  };
  async function save() {
    if (!current) return;
    const result = await api.call('preparedness.saveTemplate', {
      id,
      hazard,
      basedOn: basedOn ?? current.version,
      items: [...editing],
    });
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setError(undefined);
    setSaved(true);
    setItems(undefined);
    setId(uuidv7());
  }
  if (templates && !templates.ok) return <ErrorMessage error={templates.error} />;
  return (
    <>
      <h2>{t('preparedness.templatesTitle')}</h2>
      <p className="subtle">{t('preparedness.templatesExplain')}</p>
      <div className="field">
        <label htmlFor="template-hazard">{t('preparedness.hazardLabel')}</label>
        <select id="template-hazard" value={hazard} onChange={(event) => choose(event.target.value as Hazard)}>
          {HAZARDS.map((h) => (
            <option key={h} value={h}>
              {t(`preparedness.hazard.${h}`)}
            </option>
          ))}
        </select>
      </div>
      {current && <p>{t('preparedness.templateVersion', { version: current.version })}</p>}
      <ol className="template-items">
        {editing.map((item, index) => (
          <li key={item.id}>
            {itemText(t, item)}{' '}
            <button
              type="button"
              className="link"
              aria-label={t('preparedness.removeItemNamed', { item: itemText(t, item) })}
              onClick={() => {
                setSaved(false);
                setItems(editing.filter((_, i) => i !== index));
              }}
            >
              {t('preparedness.removeItem')}
            </button>
          </li>
        ))}
      </ol>
      <form
        className="form"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          const label = newLabel.trim();
          if (!label) return;
          setSaved(false);
          setItems([...editing, { id: `custom-${uuidv7().slice(-12)}`, label }]);
          setNewLabel('');
        }}
      >
        <div className="field">
          <label htmlFor="new-item">{t('preparedness.newItem')}</label>
          <input id="new-item" maxLength={200} value={newLabel} onChange={(event) => setNewLabel(event.target.value)} />
        </div>
        <div className="actions">
          <button type="submit">{t('preparedness.addItem')}</button>
          <button type="button" disabled={items === undefined} onClick={() => void save()}>
            {t('preparedness.saveTemplate')}
          </button>
        </div>
      </form>
      {error && (
        <p role="alert" className="error">
          {t('preparedness.templateNotSaved')} {errorText(t, error)}
        </p>
      )}
      <p role="status" className={saved ? 'saved' : 'visually-hidden'}>
        {saved ? t('preparedness.templateSaved') : ''}
      </p>
    </>
  );
}

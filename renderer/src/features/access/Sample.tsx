/** Part 2 of the access log: a random sample of the team's log, drawn anew each time, to check each look had a reason. */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccessRow } from '../../../../core/api.ts';
import { csvDateTime, formatDateTime } from '../../format.ts';
import { Button, DataTable, exportCsv, NumberField, Section, useCall } from '../../kit/index.ts';
import { useAccessColumns, useAccessCsvExtras } from './accessColumns.tsx';
import { PeriodFields } from './PeriodFields.tsx';
import { usePeriod } from './usePeriod.ts';

const SAMPLE_MAX = 200;
const DEFAULT_SAMPLE = 20;

export function Sample() {
  const { t, i18n } = useTranslation();
  const sample = useCall('access.sample');
  const [size, setSize] = useState<number | undefined>(DEFAULT_SAMPLE);
  const [sizeProblem, setSizeProblem] = useState<string>();
  const period = usePeriod();
  const [drawn, setDrawn] = useState<{ rows: AccessRow[]; at: string; asked: number }>();
  const columns = useAccessColumns({ withClient: true });
  const extras = useAccessCsvExtras();

  const draw = async (event: FormEvent) => {
    event.preventDefault();
    const wanted = size ?? 0;
    const problem = !Number.isInteger(wanted) || wanted < 1 || wanted > SAMPLE_MAX ? 'access.sizeRange' : undefined;
    setSizeProblem(problem);
    if (problem || period.problem) return;
    const result = await sample.run({ size: wanted, ...period.range });
    if (result.ok) setDrawn({ rows: result.value, at: new Date().toISOString(), asked: wanted });
  };
  const when = drawn ? formatDateTime(drawn.at, i18n.language) : '';
  const file = drawn
    ? `hemtrygg-stickprov-${csvDateTime(drawn.at).slice(0, 16).replace(' ', '-').replace(':', '')}.csv`
    : '';

  return (
    <Section title={t('access.sampleTitle')} className="access-part">
      <p>{t('access.sampleExplain')}</p>
      <form className="access-form" onSubmit={(event) => void draw(event)} noValidate>
        <NumberField
          id="access-size"
          label={t('access.size')}
          value={size}
          onChange={setSize}
          minValue={1}
          maxValue={SAMPLE_MAX}
          error={sizeProblem ? t(sizeProblem, { max: SAMPLE_MAX }) : undefined}
        />
        <PeriodFields idPrefix="access-sample" period={period} />
        <div className="form-submit">
          <Button type="submit" variant="primary" isDisabled={sample.busy}>
            {t('access.draw')}
          </Button>
        </div>
      </form>
      {sample.error && (
        <p role="alert" className="error">
          {sample.message}
        </p>
      )}
      <p role="status">
        {sample.busy ? t('access.drawing') : drawn ? t('access.drawn', { count: drawn.rows.length, when }) : ''}
      </p>
      {drawn && drawn.rows.length < drawn.asked && drawn.rows.length > 0 && (
        <p className="subtle">{t('access.fewer', { count: drawn.rows.length })}</p>
      )}
      {drawn && drawn.rows.length > 0 && (
        <>
          <div className="section-head">
            <Button onPress={() => exportCsv(file, [...columns, ...extras], drawn.rows)}>
              {t('access.exportSample')}
            </Button>
          </div>
          <DataTable
            caption={t('access.sampleCaption', { when })}
            columns={columns}
            rows={drawn.rows}
            rowKey={(row) => row.id}
            emptyText=""
          />
        </>
      )}
    </Section>
  );
}

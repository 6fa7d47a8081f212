/** Choosing villages (an area) by checkbox; none chosen means the whole team. */
import { useTranslation } from 'react-i18next';

export function VillagePicker({
  villages,
  chosen,
  onChange,
  help,
}: {
  villages: readonly string[];
  chosen: readonly string[];
  onChange: (chosen: string[]) => void;
  help?: string | undefined;
}) {
  const { t } = useTranslation();
  return (
    <fieldset className="villages">
      <legend>{t('preparedness.villages')}</legend>
      {villages.map((village) => (
        <label key={village} className="check">
          <input
            type="checkbox"
            checked={chosen.includes(village)}
            onChange={() =>
              onChange(chosen.includes(village) ? chosen.filter((x) => x !== village) : [...chosen, village])
            }
          />
          {village}
        </label>
      ))}
      {help && <p className="subtle">{help}</p>}
    </fieldset>
  );
}

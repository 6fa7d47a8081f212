/** An electricity-dependent aid registered or changed (device, battery time, backup routine, supplier), or removed. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { v7 as uuidv7 } from 'uuid';
import { AID_DEVICES, parseBatteryHours, type AidDevice, type AidRecord } from '../../../../../core/preparedness.ts';
import { Button, Dialog, Select, TextArea, TextField, useCall } from '../../../kit/index.ts';

export function AidForm({
  clientId,
  aid,
  onDone,
}: {
  clientId: string;
  aid: AidRecord | undefined;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { run, busy, error, message, fieldErrors } = useCall('preparedness.saveAid');
  const [id] = useState(() => uuidv7());
  const [aidId] = useState(() => aid?.aidId ?? uuidv7());
  const [device, setDevice] = useState<AidDevice | null>(aid?.device ?? null);
  const [battery, setBattery] = useState(aid?.batteryHours === undefined ? '' : String(aid.batteryHours));
  const [backupRoutine, setBackupRoutine] = useState(aid?.backupRoutine ?? '');
  const [supplier, setSupplier] = useState(aid?.supplier ?? '');
  const [batteryWrong, setBatteryWrong] = useState(false);
  const [removing, setRemoving] = useState(false);

  async function save(removed: boolean) {
    const hours = parseBatteryHours(battery);
    setBatteryWrong(hours === null);
    if (hours === null) return;
    const result = await run({
      id,
      clientId,
      aidId,
      device: device as AidDevice,
      ...(hours === undefined ? {} : { batteryHours: hours }),
      backupRoutine,
      supplier,
      removed,
    });
    if (result.ok) onDone();
  }

  return (
    <form
      className="aid-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void save(false);
      }}
    >
      <h3>{aid ? t('preparedness.editAidTitle') : t('preparedness.addAid')}</h3>
      <Select
        label={t('preparedness.deviceLabel')}
        placeholder={t('preparedness.chooseDevice')}
        options={AID_DEVICES.map((d) => ({ id: d, label: t(`preparedness.device.${d}`) }))}
        value={device}
        onChange={(value) => setDevice(value as AidDevice | null)}
        error={fieldErrors['device']}
      />
      <TextField
        label={t('preparedness.batteryLabel')}
        inputMode="decimal"
        value={battery}
        onChange={setBattery}
        error={batteryWrong ? t('validation.hours') : fieldErrors['batteryHours']}
      />
      <TextArea
        label={t('preparedness.backupLabel')}
        rows={2}
        maxLength={1000}
        value={backupRoutine}
        onChange={setBackupRoutine}
        error={fieldErrors['backupRoutine']}
      />
      <TextField
        label={t('preparedness.supplierLabel')}
        maxLength={300}
        value={supplier}
        onChange={setSupplier}
        error={fieldErrors['supplier']}
      />
      {error && !error.issues?.length && (
        <p role="alert" className="kit-error">
          {message}
        </p>
      )}
      <div className="checklist-actions">
        <Button type="submit" variant="primary" isDisabled={busy}>
          {t('preparedness.saveAid')}
        </Button>
        {aid && (
          <Button variant="danger" onPress={() => setRemoving(true)}>
            {t('preparedness.removeAid')}
          </Button>
        )}
        <Button variant="link" onPress={onDone}>
          {t('preparedness.cancel')}
        </Button>
      </div>
      <Dialog
        isOpen={removing}
        onOpenChange={setRemoving}
        role="alertdialog"
        title={t('preparedness.removeAidTitle')}
        actions={
          <Button variant="danger" onPress={() => void save(true)}>
            {t('preparedness.removeAid')}
          </Button>
        }
      >
        <p>{t('preparedness.removeAidConfirm')}</p>
      </Dialog>
    </form>
  );
}

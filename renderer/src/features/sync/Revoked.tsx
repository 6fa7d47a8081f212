/** A laptop whose access was withdrawn: what removing its data will cost, and removing it only once confirmed. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SyncStatus } from '../../../../core/sync.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { Button, Checkbox, useCall } from '../../kit/index.ts';

export function Revoked({ revoked }: { revoked: NonNullable<SyncStatus['revoked']> }) {
  const { t } = useTranslation();
  const wipe = useCall('sync.wipe');
  const [sure, setSure] = useState(false);
  const waiting = revoked.finalPush && revoked.unpushed > 0;
  const reason = waiting ? t('sync.revoked.waitReason') : !sure ? t('sync.revoked.confirmReason') : undefined;
  return (
    <div className="sync-revoked" role="alert">
      <h2>{t('sync.revoked.title')}</h2>
      <p>{revoked.finalPush ? t('sync.revoked.finalPush') : t('sync.revoked.noPush')}</p>
      <p>
        <strong>
          {waiting
            ? t('sync.revoked.sending', { count: revoked.unpushed })
            : revoked.unpushed > 0
              ? t('sync.revoked.lost', { count: revoked.unpushed })
              : t('sync.revoked.nothingLost')}
        </strong>
      </p>
      <Checkbox isSelected={sure} onChange={setSure} isDisabled={waiting}>
        {t('sync.revoked.confirm')}
      </Checkbox>
      <ErrorMessage error={wipe.error} />
      <div>
        <Button variant="danger" disabledReason={reason} isDisabled={wipe.busy} onPress={() => void wipe.run({})}>
          {t('sync.revoked.wipe')}
        </Button>
      </div>
    </div>
  );
}

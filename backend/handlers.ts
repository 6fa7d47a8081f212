/** Every call of the API contract, implemented: TypeScript fails here when a call in core/api.ts has no handler. */
import type { Handlers } from '../core/api.ts';
import type { HemtryggDatabase } from './database.ts';
import { clientHandlers } from './services/clients.ts';
import { draftHandlers } from './services/drafts.ts';
import { todayHandlers } from './services/today.ts';
import { syncHandlers } from './services/sync.ts';
import { visitHandlers } from './services/visits.ts';
import { accessHandlers, accessLog } from './services/access.ts';
import { dashboardHandlers } from './services/dashboard.ts';
import { reviewHandlers } from './services/reviews.ts';
import { staffHandlers } from './services/staff.ts';
import { wellbeingHandlers } from './services/wellbeing.ts';
import { preparednessHandlers } from './services/preparedness.ts';
import { drillHandlers } from './services/drills.ts';
import type { SyncClient } from './sync/client.ts';
import type { Session } from './session.ts';

export interface BackendDeps {
  readonly database: HemtryggDatabase;
  readonly now: () => Date;
  /** The sync client, when the app was started with a central server. */
  readonly sync?: SyncClient;
}

export function createHandlers(deps: BackendDeps): Handlers<Session> {
  const access = { ...deps, deviceId: () => deps.sync?.deviceId };
  const log = accessLog(access);
  return {
    ...clientHandlers({ ...deps, accessLog: log }),
    ...reviewHandlers({ ...deps, accessLog: log }),
    ...wellbeingHandlers({ ...deps, accessLog: log }),
    ...preparednessHandlers({ ...deps, accessLog: log }),
    ...drillHandlers(deps),
    ...accessHandlers(access),
    ...staffHandlers(deps),
    ...dashboardHandlers(deps),
    ...draftHandlers(deps),
    ...todayHandlers(deps),
    ...visitHandlers(deps),
    ...syncHandlers(deps.sync),
  };
}
